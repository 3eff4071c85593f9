package io.wghub.gateway.server;

import io.wghub.gateway.DropReason;
import io.wghub.gateway.testing.Cleanup;
import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Ping;
import io.wghub.gateway.testing.Processes;
import io.wghub.gateway.testing.Requirements;
import io.wghub.gateway.testing.WireguardGoPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cryptokey routing's two rules against a real wireguard-go peer: unallowed inner sources and unrouted destinations are dropped and counted. */
class SourceCheckTest {
    private static final Duration CONNECT = Duration.ofSeconds(15);
    private static final Duration COUNTED = Duration.ofSeconds(5);
    private static final Pattern COUNTS = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");
    private static final int COUNT = 3;

    private HubTopology net;
    private Netns hubNs;
    private Netns peerNs;
    private WireguardGoPeer peer;
    private RunningHub hub;

    @BeforeEach
    void requireTools() {
        Requirements.require(SourceCheckTest.class, "wireguard-go", "wg", "ip", "ping", "sysctl");
    }

    @AfterEach
    void tearDown() {
        Cleanup.closeAll(net);
    }

    @Test
    void packetsFromAnUnallowedSourceAreDroppedCountedAndLogged() throws Exception {
        connect();
        peer.address("10.77.0.99/32").address("fd77::99/128");
        String endpoint = "(" + net.link(0).b().endpoint(false, 51821) + ")";

        long before = drops(DropReason.UNALLOWED_SOURCE);
        PingCounts v4 = ping(peerNs, "10.77.0.99", "10.77.0.1");
        assertEquals(0, v4.received(), () -> "replies to an unallowed source:\n" + v4.output() + diagnostics());
        String line = hub.awaitLine("Packet has unallowed src IP (10.77.0.99) from peer", COUNTED);
        assertTrue(line.contains(endpoint), () -> "log line names the endpoint " + endpoint + ": " + line);
        assertEquals(before + v4.transmitted(), awaitDrops(DropReason.UNALLOWED_SOURCE, before + v4.transmitted()),
                () -> "one unallowed_source drop per echo request sent\n" + diagnostics());

        before = drops(DropReason.UNALLOWED_SOURCE);
        PingCounts v6 = ping(peerNs, "fd77::99", "fd77::1");
        assertEquals(0, v6.received(), () -> "replies to an unallowed source:\n" + v6.output() + diagnostics());
        String line6 = hub.awaitLine("Packet has unallowed src IP (fd77:", COUNTED);
        assertTrue(Pattern.compile("\\(fd77(::|:0:0:0:0:0:0:)99\\) from peer\\(").matcher(line6).find(),
                () -> "log line names source fd77::99: " + line6);
        assertEquals(before + v6.transmitted(), awaitDrops(DropReason.UNALLOWED_SOURCE, before + v6.transmitted()),
                () -> "one unallowed_source drop per echo request sent\n" + diagnostics());

        // The peer's allowed addresses still get through, and are not counted. (Explicit sources: for fd77::1
        // Linux would otherwise prefer fd77::99/128, whose longest-prefix match is not capped at /64.)
        before = drops(DropReason.UNALLOWED_SOURCE);
        assertAllReplied(ping(peerNs, "10.77.0.2", "10.77.0.1"));
        assertAllReplied(ping(peerNs, "fd77::2", "fd77::1"));
        assertEquals(before, drops(DropReason.UNALLOWED_SOURCE), () -> "allowed sources counted as unallowed\n" + diagnostics());
    }

    @Test
    void packetsToAnAddressNoPeerOwnsAreDroppedAndCounted() throws Exception {
        connect();

        // 10.77.0.50 is inside the interface's /24 (a connected route into the TUN) but in no peer's AllowedIPs.
        long before = drops(DropReason.NO_ROUTE);
        Ping.Result v4 = Ping.run(hubNs, "10.77.0.50", COUNT, Duration.ofMillis(100), Duration.ofSeconds(1));
        assertEquals(COUNT, v4.transmitted(), v4::output);
        assertEquals(0, v4.received(), v4::output);
        assertEquals(before + v4.transmitted(), awaitDrops(DropReason.NO_ROUTE, before + v4.transmitted()),
                () -> "one no_route drop per echo request sent\n" + diagnostics());

        before = drops(DropReason.NO_ROUTE);
        Ping.Result v6 = Ping.run(hubNs, "fd77::50", COUNT, Duration.ofMillis(100), Duration.ofSeconds(1));
        assertEquals(COUNT, v6.transmitted(), v6::output);
        assertEquals(0, v6.received(), v6::output);
        assertEquals(before + v6.transmitted(), awaitDrops(DropReason.NO_ROUTE, before + v6.transmitted()),
                () -> "one no_route drop per echo request sent\n" + diagnostics());

        // The peer's own address is still routed.
        before = drops(DropReason.NO_ROUTE);
        assertAllReceived(Ping.run(hubNs, "10.77.0.2", COUNT));
        assertEquals(before, drops(DropReason.NO_ROUTE), this::diagnostics);
    }

    /** Hub 10.77.0.1/24 + fd77::1/64 with one wireguard-go peer allowed 10.77.0.2/32 + fd77::2/128, handshake done. */
    private void connect() throws Exception {
        net = HubTopology.create("wh");
        hubNs = net.hubNs();
        // The hub's TUN gets an IPv6 link-local address, so the kernel would send router solicitations (to
        // ff02::2, at start and then 4 s, 8 s, ... apart) into it, each a no_route drop: keep the count exact.
        hubNs.check("sysctl", "-q", "-w", "net.ipv6.conf.default.router_solicitations=0");
        peer = net.addPeer("wp");
        peerNs = net.peerNs(0);
        net.connectDualStack(CONNECT, this::diagnostics);
        hub = net.hub();
    }

    private record PingCounts(int transmitted, int received, String output) {
    }

    /** {@code ping -I SOURCE -c COUNT} in {@code netns}; fails unless it sent COUNT echo requests. */
    private static PingCounts ping(Netns netns, String source, String target) {
        Processes.Result result = Processes.run(netns.exec("ping", "-n", "-I", source, "-c", Integer.toString(COUNT),
                "-i", "0.1", "-W", "1", target));
        String output = result.stdout() + result.stderr();
        Matcher matcher = COUNTS.matcher(output);
        assertTrue(matcher.find(), () -> "no ping statistics:\n" + output);
        PingCounts counts = new PingCounts(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), output);
        assertEquals(COUNT, counts.transmitted(), output);
        return counts;
    }

    private long drops(DropReason reason) {
        return hub.drops(reason);
    }

    /**
     * The count of {@code reason} once it reached {@code expected}, or when {@link #COUNTED} passed: the
     * datagrams were sent already, the hub's loops count them asynchronously.
     */
    private long awaitDrops(DropReason reason, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + COUNTED.toNanos();
        long count = drops(reason);
        while (count < expected && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
            count = drops(reason);
        }
        return count;
    }

    private void assertAllReplied(PingCounts counts) {
        assertEquals(counts.transmitted(), counts.received(), () -> "lost pings:\n" + counts.output() + "\n" + diagnostics());
    }

    private void assertAllReceived(Ping.Result result) {
        assertTrue(result.allReceived(), () -> "lost pings:\n" + result.output() + "\n" + diagnostics());
    }

    private String diagnostics() {
        return net.diagnostics();
    }
}
