package io.wghub.gateway.control.uapi;

import io.wghub.gateway.route.Prefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** UapiServer on a socket in a temporary directory, driven by a raw client, with a fake device. */
@Timeout(60)
class UapiServerTest {
    @TempDir
    Path dir;
    private final RecordingDevice device = new RecordingDevice();
    private final List<UapiServer> servers = new ArrayList<>();

    private UapiServer start(String name) throws IOException {
        UapiServer server = UapiServer.start(dir, name, device);
        servers.add(server);
        return server;
    }

    @AfterEach
    void stop() {
        servers.forEach(UapiServer::close);
    }

    private static DeviceSnapshot sample() throws Exception {
        return new DeviceSnapshot(Keys.key(1), 51820, 0, List.of(new PeerSnapshot(Keys.key(2), null,
                new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 4000), 0, 10, 20, 0,
                List.of(Prefix.parse("10.0.0.2/32")))));
    }

    @Test
    void createsTheSocketRootOnlyInANewDirectory() throws Exception {
        Path sub = dir.resolve("run").resolve("wireguard");
        UapiServer server = UapiServer.start(sub, "wgperm", device);
        servers.add(server);
        assertEquals(sub.resolve("wgperm.sock"), server.socketPath());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(sub)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(server.socketPath(), LinkOption.NOFOLLOW_LINKS)));
        assertTrue(Files.readAttributes(server.socketPath(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .isOther(), "a socket");
        try (var listing = Files.list(sub)) {
            assertEquals(List.of(server.socketPath()), listing.toList(), "no temporary files left behind");
        }
        server.close();
        assertFalse(Files.exists(server.socketPath(), LinkOption.NOFOLLOW_LINKS), "close() deletes the socket");
    }

    @Test
    void answersGetAndSetInSequenceOnOneConnection() throws Exception {
        device.snapshot(sample());
        UapiServer server = start("wgseq");
        try (UapiClient client = new UapiClient(server.socketPath())) {
            String expected = new String(UapiCodec.formatGet(sample()), StandardCharsets.US_ASCII);
            assertEquals(expected, client.send("get=1\n\n").reply());
            assertEquals("errno=0\n\n", client.send("set=1\nlisten_port=7\n\n").reply());
            // Two requests in one write are both answered, in order.
            client.send("set=1\nfwmark=3\n\nget=1\n\n");
            assertEquals("errno=0\n\n", client.reply());
            assertEquals(expected, client.reply());
        }
        assertEquals(2, device.applied().size());
        assertEquals(7, device.applied().get(0).listenPort());
        assertEquals(3, device.applied().get(1).fwmark());
    }

    @Test
    void reportsTheDevicesErrnoAndKeepsServing() throws Exception {
        UapiServer server = start("wgrefuse");
        device.refuseWith(new UapiException(UapiException.EADDRINUSE, "port 7 is taken"));
        try (UapiClient client = new UapiClient(server.socketPath())) {
            assertEquals("errno=-98\n\n", client.send("set=1\nlisten_port=7\n\n").reply());
            device.refuseWith(null);
            assertEquals("errno=0\n\n", client.send("set=1\nlisten_port=8\n\n").reply());
        }
        device.breakWith(new IllegalStateException("bug"));
        try (UapiClient client = new UapiClient(server.socketPath())) {
            assertEquals("errno=-5\n\n", client.send("set=1\nlisten_port=9\n\n").reply());
            assertEquals("errno=-5\n\n", client.send("get=1\n\n").reply());
        }
        device.breakWith(null);
        try (UapiClient client = new UapiClient(server.socketPath())) {
            assertEquals("errno=0\n\n", client.send("get=1\n\n").reply());
        }
        assertEquals(1, device.applied().size());
    }

    @Test
    void closesOnWhatWireguardGoClosesOn() throws Exception {
        UapiServer server = start("wgclose");
        try (UapiClient client = new UapiClient(server.socketPath())) {
            assertEquals(UapiClient.EOF, client.send("bogus=1\n\n").reply(), "unknown operation: no reply");
        }
        try (UapiClient client = new UapiClient(server.socketPath())) {
            assertEquals(UapiClient.EOF, client.send("set=1\r\n\n").reply());
        }
        try (UapiClient client = new UapiClient(server.socketPath())) {
            assertEquals("errno=-22\n\n", client.send("get=1\nx").reply(), "get=1 must end with a blank line");
            assertTrue(client.closedByServer());
        }
        try (UapiClient client = new UapiClient(server.socketPath())) {
            client.send("set=1\nfwmark=" + "1".repeat(UapiCodec.MAX_LINE_BYTES) + "\n\n");
            assertEquals("errno=-22\n\n", client.reply(), "over-long line");
            assertTrue(client.closedByServer());
        }
        try (UapiClient client = new UapiClient(server.socketPath())) {
            // Ends without the blank line: nothing is applied (wireguard-go would apply it).
            client.send("set=1\nlisten_port=5\n").shutdownOutput();
            assertEquals("errno=-71\n\n", client.reply());
            assertTrue(client.closedByServer());
        }
        try (UapiClient client = new UapiClient(server.socketPath())) {
            assertEquals("errno=0\n\n", client.send("get=1\n\n").reply(), "still serving");
        }
        assertEquals(List.of(), device.applied());
    }

    @Test
    void refusesAnOverlargeRequest() throws Exception {
        UapiServer server = start("wgbig");
        String line = "protocol_version=1\n";
        StringBuilder chunk = new StringBuilder();
        while (chunk.length() < 1 << 20) {
            chunk.append(line);
        }
        try (UapiClient client = new UapiClient(server.socketPath())) {
            client.send("set=1\npublic_key=" + Keys.hex(Keys.key(3)) + "\n");
            try {
                for (long sent = 0; sent <= UapiCodec.MAX_REQUEST_BYTES; sent += chunk.length()) {
                    client.send(chunk.toString());
                }
            } catch (IOException brokenPipe) {
                // The server stopped reading at the limit, answered and hung up.
            }
            assertEquals("errno=-12\n\n", client.reply());
            assertTrue(client.closedByServer());
        }
        assertEquals(List.of(), device.applied());
    }

    @Test
    void refusesWhenAnotherProcessServesAndReplacesAStaleSocket() throws Exception {
        UapiServer first = start("wgtwice");
        IOException e = assertThrows(IOException.class, () -> start("wgtwice"));
        assertTrue(e.getMessage().contains("interface wgtwice is already served by another process"), e.getMessage());
        try (UapiClient client = new UapiClient(first.socketPath())) {
            assertEquals("errno=0\n\n", client.send("get=1\n\n").reply(), "the first is untouched");
        }

        // A socket file nobody listens on any more (its process died).
        Path stale = dir.resolve("wgstale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale));
        }
        assertTrue(Files.exists(stale, LinkOption.NOFOLLOW_LINKS));
        UapiServer replaced = start("wgstale");
        try (UapiClient client = new UapiClient(replaced.socketPath())) {
            assertEquals("errno=0\n\n", client.send("get=1\n\n").reply());
        }

        Files.writeString(dir.resolve("wgfile.sock"), "not a socket");
        IOException notSocket = assertThrows(IOException.class, () -> start("wgfile"));
        assertTrue(notSocket.getMessage().contains("is not a socket"), notSocket.getMessage());
        assertTrue(Files.isRegularFile(dir.resolve("wgfile.sock")), "left alone");
    }

    @Test
    void rejectsBadInterfaceNames() {
        assertThrows(IllegalArgumentException.class, () -> start("a/b"));
        assertThrows(IllegalArgumentException.class, () -> start(""));
        assertThrows(IllegalArgumentException.class, () -> start("sixteen-chars-xx"));
    }

    @Test
    void closeEndsIdleClientsAndStopsAccepting() throws Exception {
        UapiServer server = start("wgidle");
        UapiClient silent = new UapiClient(server.socketPath());
        UapiClient halfway = new UapiClient(server.socketPath());
        halfway.send("set=1\nlisten_port=5\n");
        Thread.sleep(100);
        long started = System.nanoTime();
        server.close();
        assertTrue(System.nanoTime() - started < 1_500_000_000L, "close() must not wait for idle clients");
        assertTrue(silent.closedByServer());
        assertTrue(halfway.closedByServer());
        silent.close();
        halfway.close();
        assertFalse(Files.exists(server.socketPath(), LinkOption.NOFOLLOW_LINKS));
        assertThrows(IOException.class, () -> new UapiClient(server.socketPath()));
        assertEquals(List.of(), device.applied());
        server.close();
    }

    @Test
    void closeLeavesASocketFileItNoLongerOwns() throws Exception {
        UapiServer server = start("wgowner");
        Files.delete(server.socketPath());
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(server.socketPath()));
            server.close();
            assertTrue(Files.exists(server.socketPath(), LinkOption.NOFOLLOW_LINKS), "another's socket is kept");
        }
    }

    @Test
    void appliesOneRequestAtATimeAcrossClients() throws Exception {
        UapiServer server = start("wgconc");
        device.slowApply(20);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int port = 1000 + i;
                Callable<String> task = () -> {
                    try (UapiClient client = new UapiClient(server.socketPath())) {
                        String set = client.send("set=1\nlisten_port=" + port + "\n\n").reply();
                        return set + client.send("get=1\n\n").reply();
                    }
                };
                replies.add(pool.submit(task));
            }
            for (Future<String> reply : replies) {
                assertEquals("errno=0\n\nerrno=0\n\n", reply.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(16, device.applied().size());
        assertEquals(1, device.maxConcurrentApplies());
    }

    @Test
    void toleratesClientsThatConnectAndLeave() throws Exception {
        UapiServer server = start("wgprobe");
        for (int i = 0; i < 20; i++) {
            new UapiClient(server.socketPath()).close(); // as wg's interface probe does
        }
        try (UapiClient client = new UapiClient(server.socketPath())) {
            assertEquals("errno=0\n\n", client.send("get=1\n\n").reply());
        }
    }
}
