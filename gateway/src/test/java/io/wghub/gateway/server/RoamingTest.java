package io.wghub.gateway.server;

import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.testing.Cleanup;
import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Ping;
import io.wghub.gateway.testing.Processes;
import io.wghub.gateway.testing.Requirements;
import io.wghub.gateway.testing.WireguardGoPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** wghub as responder follows a wireguard-go peer whose underlay address changes mid-ping (roaming), losing at most the packets in flight. */
class RoamingTest {
    private static final int HUB_PORT = HubTopology.HUB_PORT;
    private static final int PEER_PORT = HubTopology.PEER_PORT;
    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final Duration CONNECT = Duration.ofSeconds(15);
    private static final Duration ROAM = Duration.ofSeconds(10);
    /** Replies to count before and after the move, so the ping runs through it on both sides. */
    private static final int REPLIES_AROUND_MOVE = 20;

    private HubTopology net;
    private Ping.Running background;

    @BeforeEach
    void requireTools() {
        Requirements.require(RoamingTest.class, "wireguard-go", "wg", "ip", "ping", "sysctl");
    }

    @AfterEach
    void tearDown() {
        Cleanup.closeAll(background, net);
    }

    /**
     * IPv6 underlay: the old address is simply deleted; wireguard-go's sticky source then fails with
     * EINVAL, which it answers by clearing the source and resending, so the kernel picks ::3 at once.
     * IPv4 underlay: a stale IPv4 source fails with ENETUNREACH instead, which wireguard-go (bind_linux.go
     * send4: "if err == unix.EINVAL") does not retry; it would only clear the source ~15 s later from its
     * new-handshake timer. So .3 is made the route's preferred source and the peer's endpoint is set again
     * (the UAPI makes a fresh endpoint, forgetting the sticky source) before .2 is deleted.
     */
    @ParameterizedTest(name = "ipv6 underlay {0}")
    @ValueSource(booleans = {false, true})
    void followsThePeerToItsNewAddress(boolean ipv6Underlay) throws Exception {
        net = HubTopology.withOnePeer("wmh", "wmp");
        Netns peerNs = net.peerNs(0);
        Netns.Link link = net.link(0);
        WireguardGoPeer peer = net.peer(0);
        String hubPublicKey = net.hubPublicKey();
        // No Endpoint: the hub learns (and re-learns) it from the peer's packets.
        RunningHub hub = net.startHub(net.config(false), GatewayOptions.defaults());
        String hubEndpoint = link.a().endpoint(ipv6Underlay, HUB_PORT);
        net.configurePeer(0, false, null, hubEndpoint);
        Ping.awaitReachable(peerNs, "10.77.0.1", CONNECT, this::diagnostics);

        Peer hubPeer = hub.gateway().plane().peers().peers().iterator().next();
        String ifname = link.b().ifname();
        String oldHost = link.b().host(ipv6Underlay);
        String newHost = ipv6Underlay ? "fd00:200:" + link.index() + "::3" : "10.200." + link.index() + ".3";
        String prefix = ipv6Underlay ? "/64" : "/24";
        InetSocketAddress oldEndpoint = new InetSocketAddress(link.b().address(ipv6Underlay), PEER_PORT);
        InetSocketAddress newEndpoint = new InetSocketAddress(InetAddress.getByName(newHost), PEER_PORT);
        assertEquals(oldEndpoint, hubPeer.endpoint(), this::diagnostics);
        long changesBefore = hubPeer.counters().endpointChanges();

        background = Ping.start(peerNs, "10.77.0.1", INTERVAL);
        awaitTrue(() -> replies(background) >= REPLIES_AROUND_MOVE, Duration.ofSeconds(10),
                () -> "replies before the move:\n" + background.output() + diagnostics());

        long moved = System.nanoTime();
        if (ipv6Underlay) {
            peerNs.ip("address", "add", newHost + prefix, "dev", ifname, "nodad");
            peerNs.ip("address", "del", oldHost + prefix, "dev", ifname);
        } else {
            String subnet = "10.200." + link.index() + ".0/24";
            // Deleting the primary address of a subnet deletes its secondaries too unless they are promoted.
            peerNs.check("sysctl", "-q", "-w", "net.ipv4.conf." + ifname + ".promote_secondaries=1");
            peerNs.ip("address", "add", newHost + prefix, "dev", ifname);
            peerNs.ip("route", "change", subnet, "dev", ifname, "proto", "kernel", "scope", "link", "src", newHost);
            peer.wg("set", peer.ifname(), "peer", hubPublicKey, "endpoint", hubEndpoint);
            peerNs.ip("address", "del", oldHost + prefix, "dev", ifname);
        }

        awaitTrue(() -> newEndpoint.equals(hubPeer.endpoint()), ROAM,
                () -> "endpoint change to " + newEndpoint + " (hub has " + hubPeer.endpoint() + ")" + diagnostics());
        long followedNanos = System.nanoTime() - moved;
        int repliesAtMove = replies(background);
        awaitTrue(() -> replies(background) >= repliesAtMove + REPLIES_AROUND_MOVE, Duration.ofSeconds(10),
                () -> "replies after the move:\n" + background.output() + diagnostics());
        Ping.Result result = background.stop();
        long changes = hubPeer.counters().endpointChanges() - changesBefore;
        System.out.printf("RoamingTest (ipv6 underlay %s): endpoint followed %.1f ms after the move began; %d endpoint change(s);"
                        + " ping %d sent, %d received%n",
                ipv6Underlay, followedNanos / 1e6, changes, result.transmitted(), result.received());

        assertEquals(newEndpoint, hubPeer.endpoint(), this::diagnostics);
        assertEquals(1, changes, () -> "endpoint changes: " + changes + diagnostics());
        // At most the request or reply on the wire when the address went, plus the request in flight at SIGINT.
        assertTrue(result.transmitted() >= 2 * REPLIES_AROUND_MOVE && result.lost() <= 2,
                () -> "lost " + result.lost() + " of " + result.transmitted() + ":\n" + result.output() + diagnostics());
    }

    private static int replies(Ping.Running ping) {
        int n = 0;
        for (String line : ping.output().split("\n")) {
            if (line.contains(" bytes from ")) {
                n++;
            }
        }
        return n;
    }

    /** Polls {@code condition} (there is no event to wait on) until it holds; fails after {@code timeout}. */
    private static void awaitTrue(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no " + what.get() + " within " + timeout);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    private String diagnostics() {
        return "\npeer addresses:\n" + Processes.run("ip", "-n", net.peerNs(0).name(), "address").stdout() + net.diagnostics();
    }
}
