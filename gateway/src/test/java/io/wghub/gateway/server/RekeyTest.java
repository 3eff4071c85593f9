package io.wghub.gateway.server;

import io.wghub.gateway.noise.Messages;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.testing.Cleanup;
import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Ping;
import io.wghub.gateway.testing.Requirements;
import io.wghub.gateway.testing.WireguardGoPeer;
import io.wghub.gateway.timer.TimerConstants;
import io.wghub.gateway.timer.TimerWheel;
import io.wghub.tun.NetNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** wghub as initiator on 60-fold shortened timers against wireguard-go: rekeys every ~2 s losing no ping, and sends nothing under a session past REJECT_AFTER_TIME. */
class RekeyTest {
    /** REKEY_AFTER_TIME 2 s, REJECT_AFTER_TIME 3 s, REKEY_TIMEOUT 83 ms, KEEPALIVE_TIMEOUT 167 ms, jitter < 5.6 ms. */
    private static final int DIVISOR = 60;
    private static final TimerConstants TIMERS = TimerConstants.shortenedForTests(DIVISOR);
    private static final int PEER_PORT = HubTopology.PEER_PORT;
    private static final Duration INTERVAL = Duration.ofMillis(50);
    /** 400 pings 50 ms apart: the first and the last are 19.95 s apart. */
    private static final int PINGS = 400;
    private static final Duration CONNECT = Duration.ofSeconds(15);

    private HubTopology net;
    private Netns hubNs;
    private Netns peerNs;
    private Netns.Link link;
    private WireguardGoPeer peer;
    private RunningHub hub;
    private Ping.Running background;
    private Observer observer;

    @BeforeEach
    void requireTools() {
        Requirements.require(RekeyTest.class, "wireguard-go", "wg", "ip", "ping");
    }

    @AfterEach
    void tearDown() {
        Cleanup.closeAll(background, observer, net);
    }

    /**
     * Pings for 19.95 s. Each rekey starts with the first ping sent once the session is older than
     * REKEY_AFTER_TIME, so a session is replaced at most REKEY_AFTER_TIME + one ping interval + one
     * REKEY_TIMEOUT (+ jitter: room for one lost initiation) after the previous one was made, and no
     * earlier than REKEY_AFTER_TIME after it: floor(19.95 / 2.139) = 9 handshakes at least, and at
     * most floor(elapsed / 2 s) + 1 (about 11).
     */
    @Test
    void rekeysEveryRekeyAfterTimeWithoutLosingAPing() throws Exception {
        startHubInitiating();
        Peer hubPeer = onlyPeer();
        long before = hubPeer.counters().handshakes();

        long start = System.nanoTime();
        // Foreground ping with a count: it waits for the last reply, so nothing is in flight when it ends.
        Ping.Result result = Ping.run(hubNs, "10.77.0.2", PINGS, INTERVAL, Duration.ofSeconds(2));
        long elapsed = System.nanoTime() - start;
        long handshakes = hubPeer.counters().handshakes() - before;

        long span = INTERVAL.toNanos() * (PINGS - 1);
        long period = TIMERS.rekeyAfterTime().plus(INTERVAL).plus(TIMERS.rekeyTimeout()).plus(TIMERS.maxJitter()).toNanos();
        long atLeast = span / period;
        long atMost = elapsed / TIMERS.rekeyAfterTime().toNanos() + 1;
        System.out.printf("RekeyTest: %d pings in %.2f s, %d received, %d handshakes (bounds %d..%d)%n",
                result.transmitted(), elapsed / 1e9, result.received(), handshakes, atLeast, atMost);

        assertEquals(PINGS, result.transmitted(), () -> "ping did not send all requests:\n" + result.output() + diagnostics());
        assertEquals(result.transmitted(), result.received(), () -> "lost pings across rekeys:\n" + result.output() + diagnostics());
        assertTrue(handshakes >= atLeast, () -> "only " + handshakes + " handshakes in " + elapsed / 1e9 + " s, expected at least "
                + atLeast + diagnostics());
        assertTrue(handshakes <= atMost, () -> handshakes + " handshakes in " + elapsed / 1e9 + " s: more often than every "
                + TIMERS.rekeyAfterTime() + diagnostics());
    }

    /**
     * Right after a handshake the peer goes away and a plain UDP socket takes its port. The hub keeps
     * pinging: transport messages arrive until the session is REJECT_AFTER_TIME old (plus one timer
     * tick and a margin for the wire), none after; initiations keep coming. (The first comes about
     * KEEPALIVE_TIMEOUT + REKEY_TIMEOUT = 250 ms after the peer falls silent: data sent, nothing heard.)
     */
    @Test
    void sendsNothingUnderTheOldSessionAfterRejectAfterTime() throws Exception {
        startHubInitiating();
        Peer hubPeer = onlyPeer();
        background = Ping.start(hubNs, "10.77.0.2", INTERVAL);

        // Stop the peer just after a rekey, so the observer sees nearly the session's whole life.
        long seen = hubPeer.counters().handshakes();
        awaitTrue(() -> hubPeer.counters().handshakes() > seen, TIMERS.rejectAfterTime().multipliedBy(2), "rekey");
        peer.close();
        long handshakesAtClose = hubPeer.counters().handshakes();
        long lastHandshake = hubPeer.timers().lastHandshakeNanos();
        InetSocketAddress peerUnderlay = new InetSocketAddress(link.b().v4(), PEER_PORT);
        observer = NetNamespace.call(peerNs.name(), () -> new Observer(new DatagramSocket(peerUnderlay)));
        long observingFrom = System.nanoTime();

        long reject = TIMERS.rejectAfterTime().toNanos();
        long cutoff = lastHandshake + reject + TimerWheel.TICK_NANOS + Duration.ofMillis(20).toNanos();
        // The duration under test: keep sending well past the session's end.
        long until = lastHandshake + reject + Duration.ofMillis(1500).toNanos();
        for (long left; (left = until - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
        }
        Ping.Result pings = background.stop();
        List<Observer.Arrival> arrivals = observer.stop();

        assertEquals(handshakesAtClose, hubPeer.counters().handshakes(), "a handshake completed with no peer");
        assertEquals(lastHandshake, hubPeer.timers().lastHandshakeNanos(), "the last handshake time moved");
        List<Observer.Arrival> transport = arrivals.stream().filter(a -> a.type() == Messages.TYPE_TRANSPORT).toList();
        List<Observer.Arrival> initiations = arrivals.stream().filter(a -> a.type() == Messages.TYPE_INITIATION).toList();
        String summary = "session made " + ms(observingFrom - lastHandshake, 0) + " ms before observing; arrivals (ms after the handshake): "
                + describe(arrivals, lastHandshake) + "\npings: " + pings.transmitted() + " sent, " + pings.received() + " answered";
        System.out.println("RekeyTest: observing from " + ms(observingFrom, lastHandshake) + " ms after the last handshake: "
                + transport.size() + " transport, " + initiations.size() + " initiations; last transport at "
                + (transport.isEmpty() ? "-" : ms(transport.getLast().nanos(), lastHandshake)) + " ms, first initiation at "
                + (initiations.isEmpty() ? "-" : ms(initiations.getFirst().nanos(), lastHandshake)) + " ms, cutoff "
                + ms(cutoff, lastHandshake) + " ms; " + (initiations.stream().filter(a -> a.nanos() - cutoff > 0).count())
                + " initiations after the cutoff");

        assertTrue(!transport.isEmpty() && transport.getLast().nanos() - lastHandshake > TIMERS.rekeyAfterTime().toNanos(),
                () -> "expected the session to carry pings while the rekey was pending: " + summary + diagnostics());
        for (Observer.Arrival a : transport) {
            assertTrue(a.nanos() - cutoff <= 0, () -> "transport message " + ms(a.nanos(), lastHandshake)
                    + " ms after the handshake (REJECT_AFTER_TIME is " + TIMERS.rejectAfterTime().toMillis() + " ms): " + summary
                    + diagnostics());
        }
        long initiationsAfterCutoff = initiations.stream().filter(a -> a.nanos() - cutoff > 0).count();
        assertTrue(initiationsAfterCutoff >= 2, () -> "expected the hub to keep initiating after the session expired: "
                + summary + diagnostics());
        assertTrue(arrivals.stream().allMatch(a -> a.type() == Messages.TYPE_TRANSPORT || a.type() == Messages.TYPE_INITIATION),
                () -> "unexpected message types: " + summary);
    }

    private void startHubInitiating() throws Exception {
        net = HubTopology.withOnePeer("wrh", "wrp");
        hubNs = net.hubNs();
        peerNs = net.peerNs(0);
        link = net.link(0);
        peer = net.peer(0);
        String config = net.config(false) + "Endpoint = " + link.b().endpoint(false, PEER_PORT) + "\n";
        hub = net.startHub(config, new GatewayOptions(2, TIMERS, GatewayOptions.DEFAULT_HANDSHAKES_PER_SECOND, true));
        // No endpoint for the hub: the peer only answers.
        net.configurePeer(0, false, null, null);
        Ping.awaitReachable(hubNs, "10.77.0.2", CONNECT, this::diagnostics);
    }

    private Peer onlyPeer() {
        return hub.gateway().plane().peers().peers().iterator().next();
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no " + what + " within " + timeout);
            }
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }

    private static String ms(long nanos, long origin) {
        return String.format(Locale.ROOT, "%.1f", (nanos - origin) / 1e6);
    }

    private static String describe(List<Observer.Arrival> arrivals, long origin) {
        StringBuilder out = new StringBuilder();
        for (Observer.Arrival a : arrivals) {
            out.append(a.type()).append('@').append(ms(a.nanos(), origin)).append(' ');
        }
        return out.toString();
    }

    private String diagnostics() {
        return net.diagnostics();
    }

    /** Records the type and arrival time (System.nanoTime) of every datagram on a UDP socket. */
    private static final class Observer implements AutoCloseable {
        record Arrival(long nanos, int type, int length) {
        }

        private final DatagramSocket socket;
        private final List<Arrival> arrivals = new ArrayList<>();
        private final Thread reader;
        private volatile boolean stopping;

        Observer(DatagramSocket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(50);
            reader = Thread.ofPlatform().name("rekey-observer").daemon().start(this::read);
        }

        private void read() {
            byte[] buffer = new byte[2048];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            while (!stopping) {
                try {
                    packet.setLength(buffer.length);
                    socket.receive(packet);
                    long now = System.nanoTime();
                    int type = packet.getLength() >= 4 ? buffer[0] & 0xff : -1;
                    synchronized (arrivals) {
                        arrivals.add(new Arrival(now, type, packet.getLength()));
                    }
                } catch (SocketTimeoutException e) {
                    // re-check the stop flag
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        /** Stops reading and returns what arrived, in order. */
        List<Arrival> stop() throws InterruptedException {
            stopping = true;
            reader.join(Duration.ofSeconds(5));
            synchronized (arrivals) {
                return List.copyOf(arrivals);
            }
        }

        @Override
        public void close() {
            stopping = true;
            socket.close();
        }
    }
}
