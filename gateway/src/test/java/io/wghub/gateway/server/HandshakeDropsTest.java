package io.wghub.gateway.server;

import io.wghub.gateway.DropReason;
import io.wghub.gateway.crypto.X25519;
import io.wghub.gateway.noise.HandshakeProtocol;
import io.wghub.gateway.noise.LocalIdentity;
import io.wghub.gateway.noise.Messages;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.peer.PeerTable;
import io.wghub.gateway.testing.Cleanup;
import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Ping;
import io.wghub.gateway.testing.Requirements;
import io.wghub.tun.NetNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad handshake and malformed datagrams sent to a running hub are dropped, counted once each and logged, and the hub keeps serving its peer. */
class HandshakeDropsTest {
    private static final Duration CONNECT = Duration.ofSeconds(15);
    private static final Duration COUNTED = Duration.ofSeconds(5);
    private static final int PORT = HubTopology.HUB_PORT;
    /** The reasons a received datagram can be dropped for (the rest are about packets from the TUN or sending). */
    private static final EnumSet<DropReason> INBOUND = EnumSet.range(DropReason.TRUNCATED, DropReason.UNALLOWED_SOURCE);

    private HubTopology net;
    private DatagramSocket socket;

    @BeforeEach
    void requireTools() {
        Requirements.require(HandshakeDropsTest.class, "wireguard-go", "wg", "ip", "ping");
    }

    @AfterEach
    void tearDown() {
        Cleanup.closeAll(socket, net);
    }

    @Test
    void badDatagramsAreDroppedCountedAndTheHubKeepsServing() throws Exception {
        net = HubTopology.withOnePeer("wh", "wp");
        net.connectDualStack(CONNECT, this::diagnostics);
        RunningHub hub = net.hub();
        Netns peerNs = net.peerNs(0);
        Netns.Link link = net.link(0);

        // A socket of the peer's namespace, beside (not inside) its wireguard-go: raw datagrams over the veth.
        socket = NetNamespace.call(peerNs.name(), DatagramSocket::new);
        InetSocketAddress hubAddress = new InetSocketAddress(link.a().v4(), PORT);

        // (a) A well-formed initiation from a key the hub does not know: mac1 is right, the static key is nobody's.
        Map<DropReason, Long> before = snapshot();
        send(hubAddress, strangerInitiation(hub.gateway().publicKey()));
        String line = hub.awaitLine("Invalid handshake initiation from ", COUNTED);
        assertTrue(line.contains(socketEndpoint()), () -> "log line names the sender " + socketEndpoint() + ": " + line);
        assertOnlyIncreased(before, DropReason.INVALID_INITIATION);

        // (b) The same kind of initiation with one bit of mac1 flipped.
        before = snapshot();
        byte[] badMac = strangerInitiation(hub.gateway().publicKey());
        badMac[Messages.INITIATION_MAC1 + 5] ^= 0x01;
        send(hubAddress, badMac);
        String macLine = hub.awaitLine("Invalid initiation MAC from ", COUNTED);
        assertTrue(macLine.contains(socketEndpoint()), () -> "log line names the sender " + socketEndpoint() + ": " + macLine);
        assertOnlyIncreased(before, DropReason.INVALID_MAC1);

        // (d) Malformed datagrams, one per drop reason of the classifier and the decrypt stage.
        before = snapshot();
        send(hubAddress, new byte[] {Messages.TYPE_INITIATION, 0, 0});
        assertOnlyIncreased(before, DropReason.TRUNCATED);

        before = snapshot();
        byte[] unknownType = new byte[Messages.TRANSPORT_MIN_LENGTH];
        unknownType[0] = 9;
        send(hubAddress, unknownType);
        assertOnlyIncreased(before, DropReason.UNKNOWN_TYPE);

        before = snapshot();
        byte[] transport = new byte[Messages.TRANSPORT_MIN_LENGTH + 16];
        ThreadLocalRandom.current().nextBytes(transport);
        transport[0] = Messages.TYPE_TRANSPORT;
        transport[1] = 0;
        transport[2] = 0;
        transport[3] = 0;
        send(hubAddress, transport);
        assertOnlyIncreased(before, DropReason.UNKNOWN_RECEIVER);

        // (c) The hub still serves its peer.
        Ping.Result result = Ping.run(peerNs, "10.77.0.1", 5);
        assertTrue(result.allReceived(), () -> "lost pings after the bad datagrams:\n" + result.output() + diagnostics());
        Ping.Result result6 = Ping.run(peerNs, "fd77::1", 5);
        assertTrue(result6.allReceived(), () -> "lost pings after the bad datagrams:\n" + result6.output() + diagnostics());
    }

    /** An initiation to {@code hubPublicKey}, made with our own protocol by a fresh identity the hub has never heard of. */
    private static byte[] strangerInitiation(byte[] hubPublicKey) {
        byte[] privateKey = new byte[32];
        X25519.generatePrivateKey(privateKey);
        PeerTable table = new PeerTable();
        Peer hubAsPeer = table.add(hubPublicKey, null);
        byte[] initiation = new HandshakeProtocol(new LocalIdentity(privateKey), table).createInitiation(hubAsPeer, System.nanoTime());
        assertNotNull(initiation, "createInitiation");
        assertEquals(Messages.INITIATION_LENGTH, initiation.length);
        return initiation;
    }

    private void send(InetSocketAddress to, byte[] datagram) throws Exception {
        socket.send(new DatagramPacket(datagram, datagram.length, to));
    }

    /** The test socket's address as the hub sees and logs it. */
    private String socketEndpoint() {
        return net.link(0).b().host(false) + ":" + socket.getLocalPort();
    }

    private Map<DropReason, Long> snapshot() {
        Map<DropReason, Long> counts = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            counts.put(reason, drops(reason));
        }
        return counts;
    }

    /**
     * Waits (bounded by {@link #COUNTED}) until {@code reason} rose from {@code before}, then asserts that it
     * rose by exactly one and that no other {@link #INBOUND} drop counter moved.
     */
    private void assertOnlyIncreased(Map<DropReason, Long> before, DropReason reason) throws InterruptedException {
        long expected = before.get(reason) + 1;
        long deadline = System.nanoTime() + COUNTED.toNanos();
        // The datagram is already sent; the hub's event loop counts it asynchronously.
        while (drops(reason) < expected && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        assertEquals(expected, drops(reason), () -> reason.label() + " after one datagram\n" + diagnostics());
        for (DropReason other : INBOUND) {
            if (other != reason) {
                assertEquals(before.get(other), drops(other), () -> other.label() + " moved, expected only "
                        + reason.label() + "\n" + diagnostics());
            }
        }
    }

    private long drops(DropReason reason) {
        return net.hub().drops(reason);
    }

    private String diagnostics() {
        return net.diagnostics();
    }
}
