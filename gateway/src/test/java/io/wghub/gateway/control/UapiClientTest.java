package io.wghub.gateway.control;

import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.route.Prefix;
import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Requirements;
import io.wghub.gateway.testing.WireguardGoPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** UapiClient's requests and reply parsing, against a scripted socket and a real wireguard-go. */
class UapiClientTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    @BeforeEach
    void useTempDir() {
        System.setProperty(UapiClient.DIR_PROPERTY, dir.toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty(UapiClient.DIR_PROPERTY);
    }

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void setAndRemoveSendTheCrossPlatformRequests() throws Exception {
        try (FakeUapiServer server = FakeUapiServer.ok(dir, "wg7", "errno=0\n\n")) {
            UapiClient client = new UapiClient("wg7");
            assertTrue(client.isRunning());
            client.setPeer(key(1), key(2), List.of(Prefix.parse("10.100.0.2/32"), Prefix.parse("fd00:100::2/128")));
            client.removePeer(key(1));
            assertEquals(List.of("set=1\npublic_key=" + HEX.formatHex(key(1)) + "\npreshared_key=" + HEX.formatHex(key(2))
                    + "\nreplace_allowed_ips=true\nallowed_ip=10.100.0.2/32\nallowed_ip=fd00:100::2/128\n",
                    "set=1\npublic_key=" + HEX.formatHex(key(1)) + "\nremove=true\n"), server.requests());
        }
    }

    @Test
    void getParsesPeersAndIgnoresTheDeviceLines() throws Exception {
        String reply = "private_key=" + HEX.formatHex(key(9)) + "\nlisten_port=51820\n"
                + "public_key=" + HEX.formatHex(key(1)) + "\npreshared_key=" + HEX.formatHex(key(2))
                + "\nprotocol_version=1\nendpoint=[fd00::9]:4444\nlast_handshake_time_sec=1700000000\n"
                + "last_handshake_time_nsec=5\ntx_bytes=1290\nrx_bytes=18446744073709551615\n"
                + "persistent_keepalive_interval=0\nallowed_ip=10.100.0.2/32\nallowed_ip=fd00:100::2/128\n"
                + "public_key=" + HEX.formatHex(key(3)) + "\nlast_handshake_time_sec=0\ntx_bytes=0\nrx_bytes=0\n"
                + "errno=0\n\n";
        try (FakeUapiServer server = FakeUapiServer.ok(dir, "wg7", reply)) {
            List<UapiClient.PeerStatus> peers = new UapiClient("wg7").peers();
            assertEquals(2, peers.size());
            UapiClient.PeerStatus a = peers.get(0);
            assertArrayEquals(key(1), a.publicKey());
            assertEquals("[fd00::9]:4444", a.endpoint());
            assertEquals(1700000000L, a.lastHandshakeSeconds());
            assertEquals(-1L, a.rxBytes(), "unsigned 64-bit");
            assertEquals(1290, a.txBytes());
            assertEquals(List.of(Prefix.parse("10.100.0.2/32"), Prefix.parse("fd00:100::2/128")), a.allowedIps());
            assertNull(peers.get(1).endpoint());
            assertEquals(List.of("get=1\n"), server.requests());
        }
    }

    @Test
    void aNonZeroErrnoIsAnErrorNamingIt() throws Exception {
        try (FakeUapiServer server = new FakeUapiServer(dir, "wg7", r -> "errno=-22\n\n")) {
            IOException e = assertThrows(IOException.class, () -> new UapiClient("wg7").removePeer(key(1)));
            assertFalse(e instanceof UapiClient.NotRunningException);
            assertEquals("wg7 refused the request: errno=-22 (EINVAL); its log says why", e.getMessage());
        }
    }

    @Test
    void noSocketOrAStaleOneMeansNotRunning() throws Exception {
        UapiClient client = new UapiClient("wg8");
        assertFalse(client.isRunning());
        assertThrows(UapiClient.NotRunningException.class, () -> client.removePeer(key(1)));
        // A socket file nobody listens on, as a crashed process leaves it.
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(dir.resolve("wg8.sock")));
        }
        assertTrue(client.isRunning());
        UapiClient.NotRunningException e = assertThrows(UapiClient.NotRunningException.class, client::peers);
        assertTrue(e.getMessage().contains("nothing listens on"), e.getMessage());
    }

    @Test
    void againstARealWireguardGo() throws Exception {
        Requirements.require(UapiClientTest.class, "wireguard-go", "wg");
        System.clearProperty(UapiClient.DIR_PROPERTY);
        try (Netns netns = Netns.create("wgpa"); WireguardGoPeer wg = WireguardGoPeer.start(netns)) {
            String name = wg.ifname();
            UapiClient client = new UapiClient(name);
            byte[] pub = new byte[32];
            byte[] psk = new byte[32];
            new SecureRandom().nextBytes(pub);
            new SecureRandom().nextBytes(psk);
            client.setPeer(pub, psk, List.of(Prefix.parse("10.100.0.2/32"), Prefix.parse("fd00:100::2/128")));
            String shown = netns.check("wg", "show", name, "allowed-ips");
            assertEquals(KeyEncoding.toBase64(pub) + "\t10.100.0.2/32 fd00:100::2/128\n", shown);
            assertEquals(KeyEncoding.toBase64(pub) + "\t" + KeyEncoding.toBase64(psk) + "\n",
                    netns.check("wg", "show", name, "preshared-keys"));
            // Setting again replaces the allowed IPs rather than adding to them.
            client.setPeer(pub, psk, List.of(Prefix.parse("10.100.0.3/32")));
            List<UapiClient.PeerStatus> peers = client.peers();
            assertEquals(1, peers.size());
            assertArrayEquals(pub, peers.get(0).publicKey());
            assertEquals(List.of(Prefix.parse("10.100.0.3/32")), peers.get(0).allowedIps());
            assertEquals(0, peers.get(0).lastHandshakeSeconds());
            assertNull(peers.get(0).endpoint());
            client.removePeer(pub);
            assertEquals(List.of(), client.peers());
            client.removePeer(pub);
        }
    }
}
