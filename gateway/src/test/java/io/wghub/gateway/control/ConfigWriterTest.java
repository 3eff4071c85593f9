package io.wghub.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.route.Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The canonical text ConfigWriter produces, and that it parses back to the same config. */
class ConfigWriterTest {

    @Test
    void randomConfigsSurviveARoundTrip() throws ConfigException {
        RandomConfigs configs = new RandomConfigs(7);
        int peers = 0;
        for (int i = 0; i < 200; i++) {
            WgConfig c = configs.next();
            String text = ConfigWriter.write(c);
            WgConfig back = ConfigParser.parse(text, "round-trip.conf");
            assertEquals(c, back, text);
            assertEquals(List.of(), back.warnings(), text);
            assertEquals(text, ConfigWriter.write(back), "writing is canonical");
            peers += c.peers().size();
        }
        assertTrue(peers > 1000, "the configs have peers: " + peers);
    }

    @Test
    void writesWgSpellingAndOrder() throws ConfigException {
        String text = ConfigWriter.write(ConfigParser.parse(TestKeys.fill("""
                [interface]
                mtu = 1420
                fwmark = 51820
                listenport = 51820
                address = 10.0.0.1/24
                address = FD00::1/64
                privatekey = {PRIV}
                table = off
                [peer]
                persistentkeepalive = 25
                endpoint = [fd00::9]:51820
                allowedips = 10.0.0.2/32
                allowedips = 10.0.0.5/24
                presharedkey = {PSK}
                publickey = {PUB1}
                #name=alice
                [peer]
                publickey = {PUB2}
                """), "wg0.conf"));
        assertEquals(TestKeys.fill("""
                [Interface]
                PrivateKey = {PRIV}
                Address = 10.0.0.1/24, fd00::1/64
                ListenPort = 51820
                FwMark = 0xca6c
                MTU = 1420

                [Peer]
                # Name = alice
                PublicKey = {PUB1}
                PresharedKey = {PSK}
                AllowedIPs = 10.0.0.2/32, 10.0.0.0/24
                Endpoint = [fd00::9]:51820
                PersistentKeepalive = 25

                [Peer]
                PublicKey = {PUB2}
                """), text);
    }

    @Test
    void minimalConfig() {
        InterfaceConfig iface = new InterfaceConfig(TestKeys.PRIV_BYTES, null, List.of(), null, null, 0);
        assertEquals(TestKeys.fill("[Interface]\nPrivateKey = {PRIV}\n"),
                ConfigWriter.write(new WgConfig(iface, List.of(), List.of())));
    }

    @Test
    void refusesWhatCouldNotBeReadBack() {
        InterfaceConfig iface = new InterfaceConfig(TestKeys.PRIV_BYTES, null, List.of(), null, null, 0);
        byte[] key = KeyEncoding.fromBase64(TestKeys.PUB1, "test");
        PeerConfig a = new PeerConfig(key, null, List.of(Prefix.parse("10.0.0.2/32")), null, null, "a", 0);
        PeerConfig b = new PeerConfig(key, TestKeys.bytes(), List.of(), null, null, "b", 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigWriter.write(new WgConfig(iface, List.of(a, b), List.of())));
        assertEquals("this configuration cannot be written: (written configuration):11: the same PublicKey is"
                + " already given on line 6; each peer may appear once: merge the two [Peer] sections", e.getMessage());
        assertFalse(e.getMessage().contains(TestKeys.PRIV));

        assertThrows(IllegalArgumentException.class, () -> ConfigWriter.write(new WgConfig(iface,
                List.of(new PeerConfig(TestKeys.bytes(), null, List.of(), new Endpoint("a b", 1), null, null, 0)),
                List.of())));
    }

    @Test
    void recordsRefuseValuesTheFormatCannotHold() {
        byte[] k = TestKeys.bytes();
        assertThrows(IllegalArgumentException.class, () -> new InterfaceConfig(new byte[31], null, List.of(), null, null, 0));
        assertThrows(IllegalArgumentException.class, () -> new InterfaceConfig(k, 65536, List.of(), null, null, 0));
        assertThrows(IllegalArgumentException.class, () -> new InterfaceConfig(k, null, List.of(), 575, null, 0));
        assertThrows(IllegalArgumentException.class, () -> new InterfaceConfig(k, null, List.of(), null, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PeerConfig(k, null, List.of(), null, 0, null, 0));
        assertThrows(IllegalArgumentException.class, () -> new PeerConfig(k, null, List.of(), null, null, "", 0));
        assertThrows(IllegalArgumentException.class, () -> new PeerConfig(k, null, List.of(), null, null, " x", 0));
        assertThrows(IllegalArgumentException.class, () -> new PeerConfig(k, null, List.of(), null, null, "a\nb", 0));
        assertThrows(IllegalArgumentException.class, () -> new Endpoint("[fd00::1]", 1));
        assertThrows(IllegalArgumentException.class, () -> new Endpoint("host", 0));
        assertThrows(IllegalArgumentException.class, () -> new InterfaceAddress(new byte[4], 33));
        assertNull(new PeerConfig(k, null, List.of(), null, null, null, 0).presharedKey());
    }
}
