package io.wghub.gateway.control.uapi;

import io.wghub.gateway.route.Prefix;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** UapiCodec: get=1 replies byte for byte as wireguard-go writes them, and set=1 bodies with wireguard-go's meaning. */
class UapiCodecTest {
    private static final byte[] PRIV = Keys.key(1);
    private static final byte[] PUB1 = Keys.key(2);
    private static final byte[] PUB2 = Keys.key(3);
    private static final byte[] PSK = Keys.key(4);
    private static final String ZERO_HEX = "0".repeat(64);

    private static InetSocketAddress endpoint(String host, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    private static String get(DeviceSnapshot snapshot) {
        return new String(UapiCodec.formatGet(snapshot), StandardCharsets.US_ASCII);
    }

    @Test
    void formatsGetInWireguardGoOrder() throws Exception {
        PeerSnapshot first = new PeerSnapshot(PUB1, PSK, endpoint("192.0.2.1", 51820),
                1_700_000_000_123_456_789L, 1000, 2000, 25,
                List.of(Prefix.parse("10.0.0.2/32"), Prefix.parse("fd00::2/128")));
        PeerSnapshot second = new PeerSnapshot(PUB2, null, endpoint("2001:db8::1", 7), 0, 0, 0, 0, List.of());
        String expected = "private_key=" + Keys.hex(PRIV) + "\n"
                + "listen_port=51820\n"
                + "fwmark=7\n"
                + "public_key=" + Keys.hex(PUB1) + "\n"
                + "preshared_key=" + Keys.hex(PSK) + "\n"
                + "protocol_version=1\n"
                + "endpoint=192.0.2.1:51820\n"
                + "last_handshake_time_sec=1700000000\n"
                + "last_handshake_time_nsec=123456789\n"
                + "tx_bytes=2000\n"
                + "rx_bytes=1000\n"
                + "persistent_keepalive_interval=25\n"
                + "allowed_ip=10.0.0.2/32\n"
                + "allowed_ip=fd00::2/128\n"
                + "public_key=" + Keys.hex(PUB2) + "\n"
                + "preshared_key=" + ZERO_HEX + "\n"
                + "protocol_version=1\n"
                + "endpoint=[2001:db8::1]:7\n"
                + "last_handshake_time_sec=0\n"
                + "last_handshake_time_nsec=0\n"
                + "tx_bytes=0\n"
                + "rx_bytes=0\n"
                + "persistent_keepalive_interval=0\n"
                + "errno=0\n"
                + "\n";
        assertEquals(expected, get(new DeviceSnapshot(PRIV, 51820, 7, List.of(first, second))));
    }

    @Test
    void leavesOutUnsetInterfaceFieldsAndUnknownEndpoints() {
        PeerSnapshot peer = new PeerSnapshot(PUB1, null, null, 0, 0, 0, 0, List.of());
        String reply = get(new DeviceSnapshot(new byte[32], 0, 0, List.of(peer)));
        assertEquals("public_key=" + Keys.hex(PUB1) + "\npreshared_key=" + ZERO_HEX + "\nprotocol_version=1\n"
                + "last_handshake_time_sec=0\nlast_handshake_time_nsec=0\ntx_bytes=0\nrx_bytes=0\n"
                + "persistent_keepalive_interval=0\nerrno=0\n\n", reply);
        assertEquals("errno=0\n\n", get(new DeviceSnapshot(null, 0, 0, List.of())));
    }

    @Test
    void printsUnsignedCountersMappedEndpointsAndNoZone() throws Exception {
        byte[] mapped = InetAddress.getByName("::ffff:1.2.3.4").getAddress();
        assertEquals(4, mapped.length, "InetAddress unmaps; the codec must not");
        byte[] sixteen = new byte[16];
        sixteen[10] = (byte) 0xff;
        sixteen[11] = (byte) 0xff;
        System.arraycopy(mapped, 0, sixteen, 12, 4);
        InetSocketAddress v4in6 = new InetSocketAddress(Inet6Address.getByAddress(null, sixteen, -1), 5000);
        PeerSnapshot peer = new PeerSnapshot(PUB1, null, v4in6, 0, -1, Long.MIN_VALUE, 65535,
                List.of(Prefix.parse("::ffff:0:0/96")));
        String reply = get(new DeviceSnapshot(null, 65535, -1, List.of(peer)));
        assertTrue(reply.contains("\nfwmark=4294967295\n"), reply);
        assertTrue(reply.contains("\nendpoint=[::ffff:1.2.3.4]:5000\n"), reply);
        assertTrue(reply.contains("\ntx_bytes=9223372036854775808\nrx_bytes=18446744073709551615\n"), reply);
        assertTrue(reply.contains("\nallowed_ip=::ffff:0.0.0.0/96\n"), reply);

        InetSocketAddress scoped = new InetSocketAddress(
                Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 1), 5);
        String zoneless = get(new DeviceSnapshot(null, 0, 0,
                List.of(new PeerSnapshot(PUB1, null, scoped, 0, 0, 0, 0, List.of()))));
        assertTrue(zoneless.contains("\nendpoint=[fe80::1]:5\n"), zoneless);
    }

    @Test
    void parsesWhatWgSetSends() throws Exception {
        // The request `wg set IF private-key K listen-port 5 peer P preshared-key S endpoint ...
        // persistent-keepalive 25 allowed-ips 10.0.0.2/32,fd00::1/128` makes, as captured from wg.
        SetRequest r = UapiCodec.parseSet("private_key=" + Keys.hex(PRIV) + "\n"
                + "listen_port=5\n"
                + "public_key=" + Keys.hex(PUB1) + "\n"
                + "preshared_key=" + Keys.hex(PSK) + "\n"
                + "endpoint=127.0.0.1:5000\n"
                + "persistent_keepalive_interval=25\n"
                + "replace_allowed_ips=true\n"
                + "allowed_ip=10.0.0.2/32\n"
                + "allowed_ip=fd00::1/128\n"
                + "\n");
        assertEquals("private_key=" + Keys.hex(PRIV) + "\nlisten_port=5\nfwmark=null\nreplace_peers=false\n"
                + "peer " + Keys.hex(PUB1) + " remove=false update_only=false psk=" + Keys.hex(PSK)
                + " endpoint=v4:127.0.0.1:5000 keepalive=25 replace_allowed_ips=true"
                + " allowed_ips=10.0.0.2/32,fd00::1/128\n", Describe.request(r));
    }

    @Test
    void parsesSetconfStyleRequests() throws Exception {
        SetRequest r = UapiCodec.parseSet("private_key=" + ZERO_HEX + "\nlisten_port=0\nfwmark=0\n"
                + "replace_peers=true\n"
                + "public_key=" + Keys.hex(PUB1) + "\nremove=true\n"
                + "public_key=" + Keys.hex(PUB2).toUpperCase() + "\nupdate_only=true\nprotocol_version=1\n"
                + "preshared_key=" + ZERO_HEX + "\nendpoint=[2001:db8::1]:51820\n\n");
        assertArrayEquals(new byte[32], r.privateKey());
        assertEquals(0, r.listenPort());
        assertEquals(0, r.fwmark());
        assertTrue(r.replacePeers());
        assertEquals(2, r.peers().size());
        assertTrue(r.peers().get(0).remove());
        PeerChange second = r.peers().get(1);
        assertArrayEquals(PUB2, second.publicKey());
        assertTrue(second.updateOnly());
        assertArrayEquals(new byte[32], second.presharedKey());
        assertEquals("v6:[2001:db8::1]:51820", Describe.endpoint(second.endpoint()));
        assertNull(second.persistentKeepalive());
        assertFalse(second.replaceAllowedIps());
    }

    @Test
    void emptyRequestChangesNothing() throws Exception {
        assertEquals("private_key=null\nlisten_port=null\nfwmark=null\nreplace_peers=false\n",
                Describe.request(UapiCodec.parseSet("\n")));
    }

    @Test
    void followsWireguardGoOnValueDetails() throws Exception {
        String peer = "public_key=" + Keys.hex(PUB1) + "\n";
        // Leading zeros in numbers are fine (Go's ParseUint); the largest fwmark is 2^32-1.
        SetRequest r = UapiCodec.parseSet("listen_port=051820\nfwmark=4294967295\n" + peer
                + "persistent_keepalive_interval=007\nendpoint=1.2.3.4:05\n\n");
        assertEquals(51820, r.listenPort());
        assertEquals("4294967295", Integer.toUnsignedString(r.fwmark()));
        assertEquals(7, r.peers().get(0).persistentKeepalive());
        assertEquals(5, r.peers().get(0).endpoint().getPort());

        // Host bits are masked, as wireguard-go reports 10.0.0.1/24 back as 10.0.0.0/24.
        assertEquals(List.of("10.0.0.0/24", "fd00::/64", "10.0.0.0/8", "::ffff:10.0.0.0/104"),
                UapiCodec.parseSet(peer + "allowed_ip=10.0.0.1/24\nallowed_ip=fd00::5/64\n"
                        + "allowed_ip=10.0.0.0/08\nallowed_ip=::ffff:10.0.0.0/104\n\n")
                        .peers().get(0).allowedIps().stream().map(Prefix::toString).collect(Collectors.toList()));

        // replace_allowed_ips drops the prefixes listed above it too.
        PeerChange replaced = UapiCodec.parseSet(peer + "allowed_ip=10.9.0.0/16\nreplace_allowed_ips=true\n"
                + "allowed_ip=10.1.0.0/16\n\n").peers().get(0);
        assertTrue(replaced.replaceAllowedIps());
        assertEquals(List.of(Prefix.parse("10.1.0.0/16")), replaced.allowedIps());

        // IPv4-mapped endpoints stay IPv6, as wireguard-go reports them back.
        InetSocketAddress mapped = UapiCodec.parseSet(peer + "endpoint=[::ffff:1.2.3.4]:5000\n\n")
                .peers().get(0).endpoint();
        assertInstanceOf(Inet6Address.class, mapped.getAddress());
        assertEquals("[::ffff:1.2.3.4]:5000", EndpointLiteral.format(mapped));
        assertInstanceOf(Inet4Address.class,
                UapiCodec.parseSet(peer + "endpoint=1.2.3.4:0\n\n").peers().get(0).endpoint().getAddress());

        // A numeric zone becomes the scope id.
        Inet6Address scoped = (Inet6Address) UapiCodec.parseSet(peer + "endpoint=[fe80::1%1]:5\n\n")
                .peers().get(0).endpoint().getAddress();
        assertEquals(1, scoped.getScopeId());
        // And "lo" names the loopback interface, which every Linux system has.
        assertTrue(((Inet6Address) UapiCodec.parseSet(peer + "endpoint=[fe80::1%lo]:5\n\n")
                .peers().get(0).endpoint().getAddress()).getScopeId() > 0);
    }

    @Test
    void keepsPeersAndRepeatsInOrder() throws Exception {
        SetRequest r = UapiCodec.parseSet("listen_port=1\nlisten_port=2\nreplace_peers=true\nreplace_peers=true\n"
                + "public_key=" + Keys.hex(PUB1) + "\nallowed_ip=10.0.0.1/32\n"
                + "public_key=" + Keys.hex(PUB2) + "\npersistent_keepalive_interval=1\npersistent_keepalive_interval=0\n"
                + "public_key=" + Keys.hex(PUB1) + "\nallowed_ip=10.0.0.2/32\n\n");
        assertEquals(2, r.listenPort());
        assertEquals(List.of(Keys.hex(PUB1), Keys.hex(PUB2), Keys.hex(PUB1)),
                r.peers().stream().map(p -> Keys.hex(p.publicKey())).toList());
        assertEquals(0, r.peers().get(1).persistentKeepalive());
        assertEquals(List.of(Prefix.parse("10.0.0.2/32")), r.peers().get(2).allowedIps());
    }

    @Test
    void getReplyParsesBackIntoTheSameConfiguration() throws Exception {
        DeviceSnapshot snapshot = new DeviceSnapshot(PRIV, 40000, 3, List.of(
                new PeerSnapshot(PUB1, PSK, endpoint("198.51.100.9", 1234), 5_000_000_000L, 9, 8, 15,
                        List.of(Prefix.parse("0.0.0.0/0"), Prefix.parse("::/0"))),
                new PeerSnapshot(PUB2, null, null, 0, 0, 0, 0, List.of(Prefix.parse("192.168.7.0/24")))));
        // Keep the keys a set=1 accepts; drop the statistics and the status line.
        String body = get(snapshot).lines()
                .filter(line -> !line.isEmpty() && !line.startsWith("last_handshake") && !line.startsWith("tx_")
                        && !line.startsWith("rx_") && !line.startsWith("errno="))
                .map(line -> line + "\n").collect(Collectors.joining()) + "\n";
        SetRequest r = UapiCodec.parseSet(body);
        assertArrayEquals(PRIV, r.privateKey());
        assertEquals(40000, r.listenPort());
        assertEquals(3, r.fwmark());
        assertEquals(2, r.peers().size());
        for (int i = 0; i < 2; i++) {
            PeerSnapshot expected = snapshot.peers().get(i);
            PeerChange actual = r.peers().get(i);
            assertArrayEquals(expected.publicKey(), actual.publicKey());
            assertArrayEquals(expected.presharedKey() == null ? new byte[32] : expected.presharedKey(),
                    actual.presharedKey());
            assertEquals(expected.endpoint(), actual.endpoint());
            assertEquals(expected.persistentKeepalive(), actual.persistentKeepalive());
            assertEquals(expected.allowedIps(), actual.allowedIps());
        }
    }

    @Test
    void boundsLinesAndRequests() {
        String longLine = "fwmark=" + "1".repeat(UapiCodec.MAX_LINE_BYTES) + "\n\n";
        assertEquals(UapiException.EINVAL, assertThrows(UapiException.class, () -> UapiCodec.parseSet(longLine)).errno());
        // Exactly the limit is fine (leading zeros).
        String atLimit = "fwmark=" + "0".repeat(UapiCodec.MAX_LINE_BYTES - 8) + "1\n\n";
        assertEquals(UapiCodec.MAX_LINE_BYTES, atLimit.indexOf('\n'));
        assertEquals(1, assertDoesNotThrowParse(atLimit).fwmark());

        String line = "protocol_version=1\n";
        StringBuilder huge = new StringBuilder("public_key=" + Keys.hex(PUB1) + "\n");
        while (huge.length() <= UapiCodec.MAX_REQUEST_BYTES) {
            huge.append(line);
        }
        huge.append('\n');
        assertEquals(UapiException.ENOMEM,
                assertThrows(UapiException.class, () -> UapiCodec.parseSet(huge.toString())).errno());
    }

    private static SetRequest assertDoesNotThrowParse(String body) {
        try {
            return UapiCodec.parseSet(body);
        } catch (UapiException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void framesTheRequest() {
        assertEquals(UapiException.EPROTO, assertThrows(UapiException.class,
                () -> UapiCodec.parseSet("listen_port=1\n")).errno(), "no blank line");
        assertEquals(UapiException.EPROTO, assertThrows(UapiException.class,
                () -> UapiCodec.parseSet("listen_port=1")).errno(), "cut mid-line");
        assertEquals(UapiException.EINVAL, assertThrows(UapiException.class,
                () -> UapiCodec.parseSet("listen_port=1\n\nget=1\n\n")).errno(), "data after the blank line");
    }

    @Test
    void errorsNameTheLineButNeverAKey() {
        String privateHex = Keys.hex(PRIV);
        String bad = privateHex.substring(0, 62) + "zz";
        UapiException e = assertThrows(UapiException.class, () -> UapiCodec.parseSet(
                "listen_port=1\nprivate_key=" + bad + "\n\n"));
        assertEquals(UapiException.EINVAL, e.errno());
        assertTrue(e.getMessage().startsWith("line 2: private_key"), e.getMessage());
        assertFalse(e.getMessage().contains(privateHex.substring(0, 16)), e.getMessage());

        UapiException psk = assertThrows(UapiException.class, () -> UapiCodec.parseSet(
                "public_key=" + Keys.hex(PUB1) + "\npreshared_key=" + Keys.hex(PSK) + "00\n\n"));
        assertFalse(psk.getMessage().contains(Keys.hex(PSK).substring(0, 16)), psk.getMessage());

        UapiException noEquals = assertThrows(UapiException.class, () -> UapiCodec.parseSet(privateHex + "\n\n"));
        assertEquals(UapiException.EPROTO, noEquals.errno());
        assertFalse(noEquals.getMessage().contains(privateHex.substring(0, 16)), noEquals.getMessage());
        assertFalse(noEquals.getMessage().contains("\n"));
    }

    @Test
    void statusLinesAreNegatedErrnos() {
        assertEquals("errno=0\n\n", new String(UapiCodec.status(0), StandardCharsets.US_ASCII));
        assertEquals("errno=-22\n\n", new String(UapiCodec.status(UapiException.EINVAL), StandardCharsets.US_ASCII));
        assertEquals("errno=-98\n\n", new String(UapiCodec.status(-98), StandardCharsets.US_ASCII));
    }
}
