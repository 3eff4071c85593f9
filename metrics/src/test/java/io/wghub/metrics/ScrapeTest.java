package io.wghub.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Series, labels and values of one scrape over a fake hub, in both formats and all peers modes. */
class ScrapeTest {

    static final long NOW = 1_764_156_000L;
    static final FakeHub.Peer ALICE = new FakeHub.Peer("aGVsbG8gd29ybGQgdGhpcyBpcyBhIGtleSEhISE=", "10.0.0.2/32,fd00::2/128",
            "alice", 123_456_789L, 987_654_321L, NOW - 10, 1000, 2000, 7, 2);
    static final FakeHub.Peer BOB = new FakeHub.Peer("Ym9iYm9iYm9iYm9iYm9iYm9iYm9iYm9iYm9iYm9iYm8=", "10.0.0.3/32",
            "", 5, 6, NOW - 3600, 1, 2, 1, 0);
    static final FakeHub.Peer CAROL = new FakeHub.Peer("Y2Fyb2xjYXJvbGNhcm9sY2Fyb2xjYXJvbGNhcm9sYw==", "",
            "carol \"the\" \\admin\\", 0, 0, 0, 0, 0, 0, 0);

    static FakeHub hub() {
        FakeHub hub = new FakeHub().add(ALICE).add(BOB).add(CAROL);
        hub.drops.put("decrypt_failed", 3L);
        hub.drops.put("no_route", 0L);
        hub.drops.put("unallowed_source", 12L);
        hub.cookies = 4;
        hub.underLoad = true;
        return hub;
    }

    static void assertValue(double expected, Double actual) {
        assertValue(expected, actual, "");
    }

    static void assertValue(double expected, Double actual, String message) {
        assertTrue(actual != null, "missing series " + message);
        assertEquals(expected, actual.doubleValue(), message);
    }

    static Map<String, Double> scrape(WghubMetrics m, ScrapeFormat f) {
        return Exposition.samples(m.scrape(f));
    }

    @Test
    void perPeerSeriesCarryExporterNamesLabelsAndExactValues() {
        FakeHub hub = hub();
        try (WghubMetrics m = new WghubMetrics(hub, PeersMode.ALL, () -> NOW)) {
            for (ScrapeFormat f : ScrapeFormat.values()) {
                Map<String, Double> s = scrape(m, f);
                for (FakeHub.Peer p : List.of(ALICE, BOB)) {
                    String l = Exposition.peer("wg0", p);
                    assertValue(p.tx(), s.get("wireguard_sent_bytes_total" + l), f + " sent " + p.name());
                    assertValue(p.rx(), s.get("wireguard_received_bytes_total" + l));
                    assertValue(p.handshakeAt(), s.get("wireguard_latest_handshake_seconds" + l));
                    assertValue(p.txPackets(), s.get("wghub_peer_packets_sent_total" + l));
                    assertValue(p.rxPackets(), s.get("wghub_peer_packets_received_total" + l));
                    assertValue(p.handshakes(), s.get("wghub_peer_handshakes_total" + l));
                    assertValue(p.endpointChanges(), s.get("wghub_peer_endpoint_changes_total" + l));
                }
                String carol = "{allowed_ips=\"\",friendly_name=\"carol \\\"the\\\" \\\\admin\\\\\",interface=\"wg0\",public_key=\""
                        + CAROL.key() + "\"}";
                assertValue(0.0, s.get("wireguard_latest_handshake_seconds" + carol), f + " escaped labels");
                assertEquals(3, s.keySet().stream().filter(k -> k.startsWith("wireguard_sent_bytes_total{")).count());
            }
        }
    }

    @Test
    void hubSeriesDropsStatesCookiesLoadAndHandshakes() {
        FakeHub hub = hub();
        try (WghubMetrics m = new WghubMetrics(hub, PeersMode.ALL, () -> NOW)) {
            m.handshakes().record(HandshakeRole.INITIATOR, HandshakeResult.OK);
            m.handshakes().record(HandshakeRole.INITIATOR, HandshakeResult.OK);
            m.handshakes().record(HandshakeRole.RESPONDER, HandshakeResult.INVALID);
            m.handshakes().recordDuration(3_000_000L);
            m.handshakes().recordDuration(40_000_000L);
            Map<String, Double> s = scrape(m, ScrapeFormat.PROMETHEUS_TEXT);
            assertValue(3.0, s.get("wghub_packets_dropped_total{reason=\"decrypt_failed\"}"));
            assertValue(0.0, s.get("wghub_packets_dropped_total{reason=\"no_route\"}"));
            assertValue(12.0, s.get("wghub_packets_dropped_total{reason=\"unallowed_source\"}"));
            assertValue(1.0, s.get("wghub_peers{state=\"active\"}"));
            assertValue(1.0, s.get("wghub_peers{state=\"stale\"}"));
            assertValue(1.0, s.get("wghub_peers{state=\"never\"}"));
            assertValue(4.0, s.get("wghub_cookie_replies_sent_total"));
            assertValue(1.0, s.get("wghub_under_load"));
            assertValue(2.0, s.get("wghub_handshakes_total{result=\"ok\",role=\"initiator\"}"));
            assertValue(1.0, s.get("wghub_handshakes_total{result=\"invalid\",role=\"responder\"}"));
            assertValue(0.0, s.get("wghub_handshakes_total{result=\"timeout\",role=\"initiator\"}"));
            assertValue(2.0, s.get("wghub_handshake_duration_seconds_count"));
            assertEquals(0.043, s.get("wghub_handshake_duration_seconds_sum").doubleValue(), 1e-9);
            assertValue(1.0, s.get("wghub_handshake_duration_seconds_bucket{le=\"0.005\"}"));
            assertValue(2.0, s.get("wghub_handshake_duration_seconds_bucket{le=\"0.05\"}"));
            assertValue(2.0, s.get("wghub_handshake_duration_seconds_bucket{le=\"+Inf\"}"));
            for (String jvm : List.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_usage",
                    "process_uptime_seconds", "jvm_classes_loaded_classes", "system_cpu_count")) {
                assertTrue(s.keySet().stream().anyMatch(k -> k.startsWith(jvm)), jvm);
            }

            hub.underLoad = false;
            hub.cookies = 9;
            hub.superPackets = 42;
            hub.drops.put("decrypt_failed", 5L);
            s = scrape(m, ScrapeFormat.PROMETHEUS_TEXT);
            assertValue(0.0, s.get("wghub_under_load"));
            assertValue(9.0, s.get("wghub_cookie_replies_sent_total"));
            assertValue(42.0, s.get("wghub_tun_super_packets_total"));
            assertValue(5.0, s.get("wghub_packets_dropped_total{reason=\"decrypt_failed\"}"));
        }
    }

    @Test
    void openMetricsAndTextDiffer() {
        try (WghubMetrics m = new WghubMetrics(hub(), PeersMode.ALL, () -> NOW)) {
            String om = m.scrape(ScrapeFormat.OPENMETRICS);
            String text = m.scrape(ScrapeFormat.PROMETHEUS_TEXT);
            assertTrue(om.endsWith("# EOF\n"));
            assertTrue(om.contains("# TYPE wireguard_sent_bytes counter\n"));
            assertTrue(om.contains("# UNIT wireguard_sent_bytes bytes\n"));
            assertFalse(text.contains("# EOF"));
            assertTrue(text.contains("# TYPE wireguard_sent_bytes_total counter\n"));
        }
    }

    @Test
    void everyFamilyOnceAndContiguousWithIntegersForPeerSeries() {
        FakeHub hub = RealParsersTest.trickyHub();
        try (WghubMetrics m = new WghubMetrics(hub, PeersMode.ALL, () -> NOW)) {
            for (ScrapeFormat f : ScrapeFormat.values()) {
                String text = m.scrape(f);
                Set<String> done = new TreeSet<>();
                String current = null;
                for (String line : text.split("\n")) {
                    if (line.startsWith("# TYPE ")) {
                        String family = line.split(" ")[2];
                        assertTrue(done.add(family), f + ": family " + family + " appears twice");
                        current = family;
                    } else if (!line.startsWith("#")) {
                        String name = line.substring(0, line.contains("{") ? line.indexOf('{') : line.indexOf(' '));
                        assertTrue(name.startsWith(current), f + ": " + name + " outside its family " + current);
                        if (name.startsWith("wireguard_") || name.startsWith("wghub_peer")) {
                            String value = line.substring(line.lastIndexOf(' ') + 1);
                            assertTrue(value.matches("-?[0-9]+"), f + ": not an integer: " + line);
                        }
                    }
                }
                assertEquals(f == ScrapeFormat.OPENMETRICS, text.endsWith("\n# EOF\n"), f.toString());
                assertEquals(f == ScrapeFormat.OPENMETRICS ? 1 : 0, text.split("# EOF", -1).length - 1, f.toString());
                assertTrue(done.contains(f == ScrapeFormat.OPENMETRICS ? "wireguard_sent_bytes" : "wireguard_sent_bytes_total"));
                assertTrue(done.contains("jvm_memory_used_bytes") && done.contains("wghub_peers"), done.toString());
            }
        }
    }

    @Test
    void noneKeepsHubSeriesAndStatesOnly() {
        try (WghubMetrics m = new WghubMetrics(hub(), PeersMode.NONE, () -> NOW)) {
            String text = m.scrape(ScrapeFormat.PROMETHEUS_TEXT);
            assertFalse(text.contains("wireguard_"), text);
            assertFalse(text.contains("wghub_peer_"));
            Map<String, Double> s = Exposition.samples(text);
            assertValue(1.0, s.get("wghub_peers{state=\"active\"}"));
            assertValue(3.0, s.get("wghub_packets_dropped_total{reason=\"decrypt_failed\"}"));
        }
    }

    @Test
    void topNKeepsTheBusiestPeers() {
        FakeHub hub = new FakeHub();
        List<FakeHub.Peer> all = new ArrayList<>();
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < 500; i++) {
            long rx = r.nextInt(1_000_000);
            long tx = r.nextInt(1_000_000);
            FakeHub.Peer p = new FakeHub.Peer("key" + i, "10.1." + (i / 250) + "." + (i % 250) + "/32", "p" + i,
                    rx, tx, i % 3 == 0 ? 0 : NOW - i, i, i, i, i);
            all.add(p);
            hub.add(p);
        }
        try (WghubMetrics m = new WghubMetrics(hub, PeersMode.top(25), () -> NOW)) {
            for (int round = 0; round < 3; round++) {
                Map<String, Double> s = scrape(m, ScrapeFormat.PROMETHEUS_TEXT);
                Set<String> got = new TreeSet<>();
                s.keySet().stream().filter(k -> k.startsWith("wireguard_received_bytes_total{"))
                        .forEach(k -> got.add(k.substring(k.indexOf("public_key=\"") + 12, k.length() - 2)));
                Set<String> want = new TreeSet<>();
                all.stream().sorted(Comparator.comparingLong((FakeHub.Peer p) -> p.rx() + p.tx()).reversed())
                        .limit(25).forEach(p -> want.add(p.key()));
                assertEquals(want, got, "round " + round);
                for (FakeHub.Peer p : all) {
                    if (want.contains(p.key())) {
                        assertValue(p.rx(), s.get("wireguard_received_bytes_total" + Exposition.peer("wg0", p)));
                    }
                }
                assertValue(500.0, s.get("wghub_peers{state=\"active\"}") + s.get("wghub_peers{state=\"stale\"}")
                        + s.get("wghub_peers{state=\"never\"}"));
                // traffic moves: the next scrape must follow it
                FakeHub.Peer quiet = hub.peers.get(round);
                FakeHub.Peer loud = new FakeHub.Peer(quiet.key(), quiet.allowedIps(), quiet.name(), 10_000_000L + round,
                        0, NOW, 0, 0, 0, 0);
                hub.peers.set(round, loud);
                all.set(round, loud);
            }
        }
    }

    @Test
    void labelChangesAndRemovedPeersShowUpInTheNextScrape() {
        FakeHub hub = hub();
        try (WghubMetrics m = new WghubMetrics(hub, PeersMode.ALL, () -> NOW)) {
            scrape(m, ScrapeFormat.PROMETHEUS_TEXT);
            FakeHub.Peer renamed = new FakeHub.Peer(ALICE.key(), "10.0.0.9/32", "alice2", 1, 2, NOW, 3, 4, 5, 6);
            hub.peers.set(0, renamed);
            hub.peers.remove(BOB);
            hub.iface = "wg1";
            Map<String, Double> s = scrape(m, ScrapeFormat.PROMETHEUS_TEXT);
            assertValue(2.0, s.get("wireguard_sent_bytes_total" + Exposition.peer("wg1", renamed)));
            assertEquals(2, s.keySet().stream().filter(k -> k.startsWith("wireguard_sent_bytes_total{")).count());
            assertTrue(s.keySet().stream().noneMatch(k -> k.contains(BOB.key())));
        }
    }

    @Test
    void negativeCountersDoNotFailTheScrape() {
        FakeHub hub = new FakeHub().add(new FakeHub.Peer("k", "", "", -1, 5, 0, -2, 0, 0, 0));
        hub.drops.put("no_route", -3L);
        try (WghubMetrics m = new WghubMetrics(hub, PeersMode.ALL, () -> NOW)) {
            Map<String, Double> s = scrape(m, ScrapeFormat.PROMETHEUS_TEXT);
            String l = "{allowed_ips=\"\",friendly_name=\"\",interface=\"wg0\",public_key=\"k\"}";
            assertValue(0x1p64, s.get("wireguard_received_bytes_total" + l));
            assertValue(5, s.get("wireguard_sent_bytes_total" + l));
            assertValue(0x1p64, s.get("wghub_packets_dropped_total{reason=\"no_route\"}"));
        }
        assertEquals(0x1p64 - 2048, DropCollector.unsigned(-2048));
        assertEquals(Long.MAX_VALUE, DropCollector.unsigned(Long.MAX_VALUE));
        assertEquals(0x1p63, DropCollector.unsigned(Long.MIN_VALUE));
    }

    @Test
    void negotiation() {
        assertEquals(ScrapeFormat.PROMETHEUS_TEXT, ScrapeFormat.negotiate(null));
        assertEquals(ScrapeFormat.PROMETHEUS_TEXT, ScrapeFormat.negotiate("text/plain;version=0.0.4;q=1,*/*;q=0.1"));
        assertEquals(ScrapeFormat.OPENMETRICS, ScrapeFormat.negotiate(
                "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
    }
}
