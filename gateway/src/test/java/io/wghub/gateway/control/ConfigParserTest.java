package io.wghub.gateway.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.route.Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Valid files: what each key becomes, the relaxed syntax wg allows, and the warnings. */
class ConfigParserTest {

    private static WgConfig parse(String template) throws ConfigException {
        return ConfigParser.parse(TestKeys.fill(template), "wg0.conf");
    }

    private static List<Prefix> prefixes(String... texts) {
        return java.util.Arrays.stream(texts).map(Prefix::parse).toList();
    }

    @Test
    void readsARealisticServerConfigWithThreePeers() throws ConfigException {
        WgConfig c = parse("""
                # wghub concentrator for the office network
                [Interface]
                Address = 10.8.0.1/24, fd42:42:42::1/64
                ListenPort = 51820
                PrivateKey = {PRIV}
                MTU = 1420
                FwMark = 0xca6c

                [Peer]
                # Name = alice-laptop
                PublicKey = {PUB1}
                PresharedKey = {PSK}
                AllowedIPs = 10.8.0.2/32, fd42:42:42::2/128

                [Peer]
                # Name = branch office router
                PublicKey = {PUB2}
                AllowedIPs = 10.8.0.3/32
                AllowedIPs = 192.168.50.0/24   # the branch LAN
                Endpoint = branch.example.com:51820
                PersistentKeepalive = 25

                [Peer]
                PublicKey = {PUB3}
                AllowedIPs = 10.8.0.4/32, fd42:42:42::4/128
                Endpoint = [2001:db8::7]:41194
                """);

        InterfaceConfig i = c.iface();
        assertArrayEquals(TestKeys.PRIV_BYTES, i.privateKey());
        assertEquals(51820, i.listenPort());
        assertEquals("[10.8.0.1/24, fd42:42:42::1/64]", i.addresses().toString());
        assertEquals(1420, i.mtu());
        assertEquals(0xca6c, i.fwMark());
        assertEquals(2, i.line());

        assertEquals(3, c.peers().size());
        PeerConfig alice = c.peers().get(0);
        assertEquals(TestKeys.PUB1, KeyEncoding.toBase64(alice.publicKey()));
        assertEquals(TestKeys.PSK, KeyEncoding.toBase64(alice.presharedKey()));
        assertEquals(prefixes("10.8.0.2/32", "fd42:42:42::2/128"), alice.allowedIps());
        assertNull(alice.endpoint());
        assertNull(alice.persistentKeepalive());
        assertEquals("alice-laptop", alice.name());
        assertEquals(9, alice.line());

        PeerConfig branch = c.peers().get(1);
        assertEquals(TestKeys.PUB2, KeyEncoding.toBase64(branch.publicKey()));
        assertNull(branch.presharedKey());
        assertEquals(prefixes("10.8.0.3/32", "192.168.50.0/24"), branch.allowedIps());
        assertEquals(new Endpoint("branch.example.com", 51820), branch.endpoint());
        assertEquals(25, branch.persistentKeepalive());
        assertEquals("branch office router", branch.name());
        assertEquals(15, branch.line());

        PeerConfig third = c.peers().get(2);
        assertEquals(new Endpoint("2001:db8::7", 41194), third.endpoint());
        assertNull(third.name());
        assertEquals(23, third.line());

        assertEquals(List.of(), c.warnings());
    }

    @Test
    void sectionsAndKeysAreCaseInsensitive() throws ConfigException {
        WgConfig c = parse("""
                [INTERFACE]
                privatekey = {PRIV}
                LISTENPORT = 1
                address = 10.0.0.1/24
                mtu = 1400
                fwmark = OFF
                [peer]
                # NAME=bob
                PUBLICKEY = {PUB1}
                presharedKEY = {PSK}
                allowedips = 10.0.0.2/32
                eNdPoInT = 192.0.2.1:51820
                persistentkeepalive = Off
                """);
        assertEquals(1, c.iface().listenPort());
        assertEquals(1400, c.iface().mtu());
        assertNull(c.iface().fwMark());
        PeerConfig p = c.peers().get(0);
        assertEquals("bob", p.name());
        assertEquals(new Endpoint("192.0.2.1", 51820), p.endpoint());
        assertNull(p.persistentKeepalive());
        assertEquals(TestKeys.PSK, KeyEncoding.toBase64(p.presharedKey()));
    }

    @Test
    void commentsBlankLinesAndWhiteSpaceAreSkipped() throws ConfigException {
        String text = "\uFEFF# leading comment\r\n"
                + "\r\n"
                + "  [ Interface ]   # the interface\r\n"
                + "\tPrivateKey\t=\t{PRIV}   # secret, never shown\r\n"
                + "   \t  \r\n"
                + "ListenPort=51820#no spaces\r\n"
                + "#[Peer]\r\n"
                + "# PublicKey = {PUB2}\r\n"
                + "[Peer]#comment\r\n"
                + "PublicKey = {PUB1}\r\n"
                + "  #   Name   =   spaced name  \r\n"
                + "AllowedIPs = 10.0.0.2/32 ,fd00::2/128 , 10.9.0.0/16";
        WgConfig c = parse(text);
        assertEquals(51820, c.iface().listenPort());
        assertEquals(3, c.iface().line());
        assertEquals(1, c.peers().size());
        PeerConfig p = c.peers().get(0);
        assertEquals(9, p.line());
        assertEquals("spaced name", p.name());
        assertEquals(prefixes("10.0.0.2/32", "fd00::2/128", "10.9.0.0/16"), p.allowedIps());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void listsAccumulateOverLines() throws ConfigException {
        WgConfig c = parse("""
                [Interface]
                PrivateKey = {PRIV}
                Address = 10.0.0.1/24
                Address = fd00::1/64, 10.1.0.1/16
                [Peer]
                PublicKey = {PUB1}
                AllowedIPs = 10.0.0.2/32
                Endpoint = 192.0.2.1:1
                AllowedIPs = 10.0.0.3/32, 10.0.0.4/32
                AllowedIPs = fd00::2/128
                """);
        assertEquals("[10.0.0.1/24, fd00::1/64, 10.1.0.1/16]", c.iface().addresses().toString());
        assertEquals(prefixes("10.0.0.2/32", "10.0.0.3/32", "10.0.0.4/32", "fd00::2/128"),
                c.peers().get(0).allowedIps());
    }

    @Test
    void interfaceAddressKeepsItsHostPart() throws ConfigException {
        WgConfig c = parse("[Interface]\nPrivateKey = {PRIV}\nAddress = 10.0.0.5/24, 10.0.0.9, FD00:0::1:2/64\n");
        List<InterfaceAddress> a = c.iface().addresses();
        assertArrayEquals(new byte[] {10, 0, 0, 5}, a.get(0).address());
        assertEquals(24, a.get(0).prefixLength());
        assertEquals(Prefix.parse("10.0.0.0/24"), a.get(0).network());
        assertEquals("10.0.0.9/32", a.get(1).toString());
        assertEquals("fd00::1:2/64", a.get(2).toString());
        assertEquals(Prefix.parse("fd00::/64"), a.get(2).network());
        assertFalse(a.get(2).isIpv4());
    }

    @Test
    void numbersOffAndHex() throws ConfigException {
        WgConfig c = parse("[Interface]\nPrivateKey = {PRIV}\nListenPort = 0\nFwMark = 0xFFFFFFFF\nMTU = 576\n"
                + "[Peer]\nPublicKey = {PUB1}\nPersistentKeepalive = 0\n"
                + "[Peer]\nPublicKey = {PUB2}\nPersistentKeepalive = 65535\n");
        assertEquals(0, c.iface().listenPort());
        assertEquals(-1, c.iface().fwMark(), "the mark is unsigned, kept in an int");
        assertEquals(576, c.iface().mtu());
        assertNull(c.peers().get(0).persistentKeepalive(), "0 means off, as in wg");
        assertEquals(65535, c.peers().get(1).persistentKeepalive());

        assertNull(parse("[Interface]\nPrivateKey = {PRIV}\nFwMark = 0\n").iface().fwMark());
        assertEquals(4294967295L, Integer.toUnsignedLong(
                parse("[Interface]\nPrivateKey = {PRIV}\nFwMark = 4294967295\n").iface().fwMark()));
        assertEquals(51820, parse("[Interface]\nPrivateKey = {PRIV}\nMTU = 65455\nListenPort = 051820\n")
                .iface().listenPort());
    }

    @Test
    void endpointsOfEveryForm() throws ConfigException {
        String[][] cases = {
            {"vpn.example.com:51820", "vpn.example.com", "51820"},
            {"192.0.2.1:1", "192.0.2.1", "1"},
            {"[fd00::1]:65535", "fd00::1", "65535"},
            {"[fe80::1%eth0]:51820", "fe80::1%eth0", "51820"},
            {"my_host-1:0051820", "my_host-1", "51820"},
        };
        for (String[] e : cases) {
            WgConfig c = parse("[Interface]\nPrivateKey = {PRIV}\n[Peer]\nPublicKey = {PUB1}\nEndpoint = " + e[0] + "\n");
            Endpoint endpoint = c.peers().get(0).endpoint();
            assertEquals(new Endpoint(e[1], Integer.parseInt(e[2])), endpoint, e[0]);
        }
        assertEquals("[fd00::1]:51820", new Endpoint("fd00::1", 51820).toString());
        assertEquals("vpn.example.com:51820", new Endpoint("vpn.example.com", 51820).toString());
    }

    @Test
    void wgQuickSettingsWghubDoesNotApplyWarnOncePerKey() throws ConfigException {
        WgConfig c = parse("""
                [Interface]
                PrivateKey = {PRIV}
                DNS = 1.1.1.1
                dns = 9.9.9.9, example.com
                Table = off
                PreUp = echo up
                PostUp = iptables -A FORWARD -i %i -j ACCEPT
                PostUp = iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE
                PreDown = true
                PostDown = iptables -D FORWARD -i %i -j ACCEPT
                SaveConfig = true
                PostUp = echo 3
                """);
        assertEquals(List.of(
                "wg0.conf:3: DNS (also on line 4) is a wg-quick setting that wghub does not apply;"
                        + " set DNS on the clients instead",
                "wg0.conf:5: Table is a wg-quick setting that wghub does not apply; wghub adds no routes of its own;"
                        + " route the peers' networks to this interface in the host's network configuration",
                "wg0.conf:6: PreUp is a wg-quick setting that wghub does not apply; wghub runs no hook commands;"
                        + " use ExecStartPre= in a systemd unit instead",
                "wg0.conf:7: PostUp (also on lines 8, 12) is a wg-quick setting that wghub does not apply;"
                        + " wghub runs no hook commands; use ExecStartPost= in a systemd unit instead",
                "wg0.conf:9: PreDown is a wg-quick setting that wghub does not apply; wghub runs no hook commands;"
                        + " use ExecStop= in a systemd unit instead",
                "wg0.conf:10: PostDown is a wg-quick setting that wghub does not apply; wghub runs no hook"
                        + " commands; use ExecStopPost= in a systemd unit instead",
                "wg0.conf:11: SaveConfig is a wg-quick setting that wghub does not apply; wghub never writes its"
                        + " running state back to this file; edit the file (or use 'wghub peer add') to change peers"),
                c.warnings());
    }

    @Test
    void hostBitsInAllowedIpsAndStrayNamesWarn() throws ConfigException {
        WgConfig c = parse("""
                [Interface]
                # Name = the server
                PrivateKey = {PRIV}
                [Peer]
                PublicKey = {PUB1}
                AllowedIPs = 10.0.0.5/24, fd00::1/64, 10.1.0.0/16
                """);
        assertEquals(prefixes("10.0.0.0/24", "fd00::/64", "10.1.0.0/16"), c.peers().get(0).allowedIps());
        assertEquals(List.of(
                "wg0.conf:2: a '# Name =' comment names a peer only inside its [Peer] section, so this one names"
                        + " nothing; move it below the [Peer] line it belongs to",
                "wg0.conf:6: AllowedIPs \"10.0.0.5/24\" has host bits set and means 10.0.0.0/24; write"
                        + " 10.0.0.0/24, or a /32 if you meant the one address",
                "wg0.conf:6: AllowedIPs \"fd00::1/64\" has host bits set and means fd00::/64; write fd00::/64,"
                        + " or a /128 if you meant the one address"),
                c.warnings());
    }

    @Test
    void aPeerNeedNotRouteAnything() throws ConfigException {
        WgConfig c = parse("[Peer]\nPublicKey = {PUB1}\n[Interface]\nPrivateKey = {PRIV}\n");
        assertEquals(List.of(), c.peers().get(0).allowedIps());
        assertEquals(3, c.iface().line(), "[Interface] may follow the peers, as wg allows");
    }

    @Test
    void recordsHideSecretsAndCompareByValue() throws ConfigException {
        String text = "[Interface]\nPrivateKey = {PRIV}\n[Peer]\nPublicKey = {PUB1}\nPresharedKey = {PSK}\n";
        WgConfig a = parse(text);
        WgConfig b = parse("\n\n# moved down\n" + text);
        assertEquals(a, b, "line numbers are not part of the value");
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a.iface().line(), b.iface().line());

        String shown = a.toString();
        assertFalse(shown.contains(TestKeys.PRIV), shown);
        assertFalse(shown.contains(TestKeys.PSK), shown);
        assertTrue(shown.contains(TestKeys.PUB1), "public keys are fine to show");

        byte[] key = a.iface().privateKey();
        key[0] ^= 1;
        assertArrayEquals(TestKeys.PRIV_BYTES, a.iface().privateKey(), "accessors hand out copies");
    }
}
