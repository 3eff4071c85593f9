package io.wghub.gateway.server;

import io.wghub.gateway.testing.Cleanup;
import io.wghub.gateway.testing.Ping;
import io.wghub.gateway.testing.Requirements;
import io.wghub.gateway.testing.Scrape;
import io.wghub.gateway.testing.WireguardGoPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * After pings both ways through a real wireguard-go peer, the per-peer series on `wghub up`'s /metrics equal
 * what `wg show IF dump` reports for that peer at the same moment, and both equal wireguard-go's own transfer
 * counts crosswise (what the hub sent is what the peer received): one counting rule, whole WireGuard messages
 * with handshakes, as wg counts "transfer".
 */
class PeerCountersOnMetricsTest {
    private static final Duration CONNECT = Duration.ofSeconds(15);
    /** How long to look for a moment when nothing moves (a keepalive may be on the wire during one reading). */
    private static final Duration SETTLE = Duration.ofSeconds(20);

    private MeteredHub hub;

    @BeforeEach
    void requireTools() {
        Requirements.require(PeerCountersOnMetricsTest.class, "wireguard-go", "wg", "ip", "ping", "sysctl");
    }

    @AfterEach
    void tearDown() {
        Cleanup.closeAll(hub);
    }

    @Test
    void byteCountersOnMetricsEqualTheDumpAndWireguardGosCounts() throws Exception {
        hub = MeteredHub.create("wmc", 1);
        hub.start("");
        hub.connect(0, CONNECT);
        WireguardGoPeer peer = hub.peer(0);

        // Traffic both ways, then none: the peer has no persistent keepalive.
        assertAll(Ping.run(hub.peerNs(0), MeteredHub.HUB_IP, 20, Duration.ofMillis(20), Duration.ofSeconds(2)));
        assertAll(Ping.run(hub.hubNs(), MeteredHub.peerIp(0), 20, Duration.ofMillis(20), Duration.ofSeconds(2)));

        long deadline = System.nanoTime() + SETTLE.toNanos();
        String last = "";
        while (System.nanoTime() - deadline < 0) {
            // dump, metrics, dump (and wireguard-go around them): if the two dumps agree, nothing moved in between.
            String[] theirsBefore = peer.peerDump(hub.hubPublicKey());
            String[] before = hub.dumpLine(peer.publicKey());
            Scrape scrape = hub.scrape();
            String[] after = hub.dumpLine(peer.publicKey());
            String[] theirsAfter = peer.peerDump(hub.hubPublicKey());
            last = "hub dump " + Arrays.toString(before) + " then " + Arrays.toString(after) + "; wireguard-go "
                    + Arrays.toString(theirsBefore) + " then " + Arrays.toString(theirsAfter);
            if (Arrays.equals(before, after) && Arrays.equals(theirsBefore, theirsAfter)) {
                assertSameMoment(scrape, peer.publicKey(), before, theirsBefore);
                return;
            }
            Thread.sleep(200); // nothing signals "no packet in flight"; bounded by SETTLE
        }
        fail("the counters never held still for one reading: " + last + hub.diagnostics());
    }

    /** Metrics equal the hub's dump field for field, and the hub's rx/tx are wireguard-go's tx/rx. */
    private void assertSameMoment(Scrape scrape, String key, String[] dump, String[] theirs) {
        long rx = Long.parseLong(dump[5]);
        long tx = Long.parseLong(dump[6]);
        String[] labels = {"public_key", key, "interface", hub.interfaceName(), "allowed_ips", MeteredHub.peerIp(0) + "/32"};
        assertTrue(rx > 0 && tx > 0, () -> "the hub counted the traffic: " + Arrays.toString(dump));
        assertEquals(tx, (long) scrape.value("wireguard_sent_bytes_total", labels),
                () -> "sent bytes on /metrics vs transfer-tx of the dump " + Arrays.toString(dump));
        assertEquals(rx, (long) scrape.value("wireguard_received_bytes_total", labels),
                () -> "received bytes on /metrics vs transfer-rx of the dump " + Arrays.toString(dump));
        assertEquals(Long.parseLong(dump[4]), (long) scrape.value("wireguard_latest_handshake_seconds", labels),
                () -> "latest handshake on /metrics vs the dump " + Arrays.toString(dump));
        assertEquals(tx, Long.parseLong(theirs[5]), () -> "hub sent vs wireguard-go received " + Arrays.toString(theirs));
        assertEquals(rx, Long.parseLong(theirs[6]), () -> "hub received vs wireguard-go sent " + Arrays.toString(theirs));
    }

    private void assertAll(Ping.Result result) {
        assertTrue(result.allReceived(), () -> "lost pings:\n" + result.output() + hub.diagnostics());
    }
}
