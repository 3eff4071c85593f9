package io.wghub.gateway.server;

import io.wghub.gateway.DropReason;
import io.wghub.gateway.testing.Cleanup;
import io.wghub.gateway.testing.Ping;
import io.wghub.gateway.testing.Requirements;
import io.wghub.tun.NetNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bulk TCP through the tunnel, wghub's offloads on (over an IPv4 and an IPv6 underlay) and off, against a real wireguard-go peer
 * whose kernel checks every TCP checksum: bytes arrive intact both ways over IPv4 and IPv6
 * inner addresses; with the offloads on, the hub really cut TCP super-packets and sent with UDP GSO.
 */
class TunnelTcpTest {
    private static final Duration CONNECT = Duration.ofSeconds(15);
    private static final int BYTES = 8 << 20;
    private static final int PORT = 5301;

    private HubTopology net;

    @BeforeEach
    void requireTools() {
        Requirements.require(TunnelTcpTest.class, "wireguard-go", "wg", "ip", "ping");
    }

    @AfterEach
    void tearDown() {
        Cleanup.closeAll(net);
    }

    @ParameterizedTest(name = "offloads {0}, IPv6 underlay {1}")
    @CsvSource({"true, false", "true, true", "false, false"})
    void bulkTcpArrivesIntactBothWays(boolean offload, boolean v6Underlay) throws Exception {
        net = HubTopology.withOnePeer("wt", "wtp");
        net.startHub(net.config(true), GatewayOptions.defaults().withOffload(offload));
        net.configurePeer(0, true, null, net.link(0).a().endpoint(v6Underlay, HubTopology.HUB_PORT));
        Ping.awaitReachable(net.peerNs(0), "10.77.0.1", CONNECT, net::diagnostics);

        for (String hub : new String[] {"10.77.0.1", "fd77::1"}) {
            transfer(hub, true);
            transfer(hub, false);
        }
        RunningHub running = net.hub();
        assertEquals(0, running.drops(DropReason.INVALID_INNER_PACKET), net::diagnostics);
        assertEquals(0, running.drops(DropReason.UDP_SEND_FAILED), net::diagnostics);
        String up = running.awaitLine("up: ", Duration.ofSeconds(1));
        assertTrue(up.contains(offload ? "offloads: TSO, checksums, UDP GSO" : "offloads: none"), up);
        long superPackets = running.gateway().plane().tunSuperPackets();
        if (offload) {
            assertTrue(superPackets > 0, "the hub's TCP sent super-packets that wghub cut" + net.diagnostics());
        } else {
            assertEquals(0, superPackets);
        }
    }

    /** {@link #BYTES} random bytes from hub to peer ({@code fromHub}) or back; the receiver's digest must match. */
    private void transfer(String hubAddress, boolean fromHub) throws Exception {
        byte[] data = new byte[BYTES];
        new Random(hubAddress.hashCode() ^ (fromHub ? 1 : 2)).nextBytes(data);
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
        InetAddress hub = InetAddress.getByName(hubAddress);
        try (ServerSocket server = NetNamespace.call(net.hubNs().name(), () -> new ServerSocket(PORT, 1, hub));
             // Connected on the namespace's thread: a Socket makes its descriptor only when first used.
             Socket client = NetNamespace.call(net.peerNs(0).name(), () -> connect(hub))) {
            server.setSoTimeout(30_000);
            CompletableFuture<byte[]> hubSide = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = server.accept()) {
                    return fromHub ? send(accepted, data) : receive(accepted);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] peerSide;
            try {
                peerSide = fromHub ? receive(client) : send(client, data);
            } catch (Exception e) {
                // The hub's side failing first is what resets the connection: report that cause.
                hubSide.handle((ok, failed) -> {
                    if (failed != null) {
                        e.addSuppressed(failed);
                    }
                    return null;
                }).get(60, TimeUnit.SECONDS);
                throw e;
            }
            byte[] received = fromHub ? peerSide : hubSide.get(60, TimeUnit.SECONDS);
            hubSide.get(60, TimeUnit.SECONDS);
            assertArrayEquals(expected, received, () -> (fromHub ? "hub -> peer" : "peer -> hub") + " over " + hubAddress
                    + ": the bytes differ" + net.diagnostics());
        }
    }

    private static Socket connect(InetAddress hub) throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(hub, PORT), 10_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static byte[] send(Socket socket, byte[] data) throws Exception {
        OutputStream out = socket.getOutputStream();
        for (int at = 0; at < data.length; at += 65536) {
            out.write(data, at, Math.min(65536, data.length - at));
        }
        socket.shutdownOutput();
        // Wait for the receiver to close: all bytes were then taken.
        assertEquals(-1, socket.getInputStream().read());
        return null;
    }

    private static byte[] receive(Socket socket) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, n);
            total += n;
        }
        assertEquals(BYTES, total, "bytes received");
        socket.shutdownOutput();
        return digest.digest();
    }
}
