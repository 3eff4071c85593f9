package io.wghub.gateway.control;

import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.route.Prefix;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** AddressAllocator: the lowest free host of each Address subnet, and clear errors when there is none. */
class AddressAllocatorTest {
    private static WgConfig config(String addresses, String... allowedIps) throws ConfigException {
        StringBuilder text = new StringBuilder("[Interface]\nPrivateKey = " + TestKeys.PRIV + "\n");
        if (!addresses.isEmpty()) {
            text.append("Address = ").append(addresses).append('\n');
        }
        for (int i = 0; i < allowedIps.length; i++) {
            byte[] key = new byte[32];
            key[0] = (byte) (i + 1);
            key[1] = (byte) ((i + 1) >> 8);
            key[31] = 9;
            text.append("\n[Peer]\n# Name = p").append(i).append("\nPublicKey = ").append(KeyEncoding.toBase64(key))
                    .append("\nAllowedIPs = ").append(allowedIps[i]).append('\n');
        }
        return ConfigParser.parse(text.toString(), "wg0.conf");
    }

    private static List<String> next(String addresses, String... allowedIps) throws ConfigException {
        return AddressAllocator.next(config(addresses, allowedIps), "wg0.conf").stream().map(Prefix::toString).toList();
    }

    @Test
    void theFirstPeerGetsTheFirstHostAfterTheInterface() throws ConfigException {
        assertEquals(List.of("10.100.0.2/32", "fd00:100::2/128"), next("10.100.0.1/24, fd00:100::1/64"));
    }

    @Test
    void usedAddressesAreSkippedAndGapsFilled() throws ConfigException {
        assertEquals(List.of("10.100.0.3/32", "fd00:100::4/128"),
                next("10.100.0.1/24, fd00:100::1/64", "10.100.0.2/32, fd00:100::2/128", "10.100.0.4/32, fd00:100::3/128"));
        // The interface need not hold the first host: .1 is free here, and a peer's network covers .16-.31.
        assertEquals(List.of("10.0.0.1/32"), next("10.0.0.5/24"));
        assertEquals(List.of("10.0.0.32/32"), next("10.0.0.5/24", "10.0.0.1/32, 10.0.0.2/31, 10.0.0.4/32",
                "10.0.0.6/31, 10.0.0.8/29", "10.0.0.16/28"));
    }

    @Test
    void allowedIpsOutsideTheSubnetOrOfTheOtherFamilyDoNotMatter() throws ConfigException {
        assertEquals(List.of("10.100.0.2/32"), next("10.100.0.1/24", "192.168.1.0/24, fd00:100::2/128"));
    }

    @Test
    void ipv6OnlyAndTheNetworkAddressIsNeverGiven() throws ConfigException {
        assertEquals(List.of("fd00::1/128"), next("fd00::100/64"));
        assertEquals(List.of("2001:db8::3/128"), next("2001:db8::ffff/112", "2001:db8::1/128, 2001:db8::2/128"));
    }

    @Test
    void theSameSubnetTwiceGivesOneAddress() throws ConfigException {
        assertEquals(List.of("10.0.0.3/32"), next("10.0.0.1/24, 10.0.0.2/24"));
    }

    @Test
    void aFullSubnetIsAOneLineError() throws ConfigException {
        // /30: .0 network, .3 broadcast, .1 the interface, .2 a peer.
        ConfigException e = assertThrows(ConfigException.class, () -> next("10.0.0.1/30", "10.0.0.2/32"));
        assertEquals("wg0.conf:1: no free address left in 10.0.0.0/30 (Address = 10.0.0.1/30); every host is the"
                + " interface's or inside a peer's AllowedIPs: use a shorter prefix (a larger subnet) or remove"
                + " peers that are gone", e.getMessage());
        // The broadcast address is never given.
        assertEquals(List.of("10.0.0.6/32"), next("10.0.0.1/29", "10.0.0.2/31, 10.0.0.4/31"));
        assertThrows(ConfigException.class, () -> next("10.0.0.1/29", "10.0.0.2/31, 10.0.0.4/31, 10.0.0.6/32"));
        // IPv6 has no broadcast: the last address is a host.
        assertEquals(List.of("fd00::3/128"), next("fd00::1/126", "fd00::2/128"));
        assertThrows(ConfigException.class, () -> next("fd00::1/126", "fd00::2/127"));
    }

    @Test
    void aPeerCoveringTheWholeSubnetIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> next("10.0.0.1/24", "0.0.0.0/0"));
        assertTrue(e.getMessage().contains("(peer \"p0\"'s AllowedIPs 0.0.0.0/0 covers all of it)"), e.getMessage());
    }

    @Test
    void noAddressOrASingleAddressSaysWhatToAdd() {
        ConfigException none = assertThrows(ConfigException.class, () -> next(""));
        assertEquals("wg0.conf:1: [Interface] has no Address, so there is no subnet to give peers addresses from;"
                + " add one, like Address = 10.100.0.1/24, fd00:100::1/64", none.getMessage());
        ConfigException single = assertThrows(ConfigException.class, () -> next("10.0.0.1/32"));
        assertTrue(single.getMessage().endsWith("like Address = 10.0.0.1/24"), single.getMessage());
    }

    @Test
    void aSlash31HasOneHostAfterTheNetworkAddress() throws ConfigException {
        assertEquals(List.of("10.0.0.1/32"), next("10.0.0.0/31"), "the interface holds the network address itself");
    }
}
