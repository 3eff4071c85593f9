package io.wghub.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exposition as real parsers read it: Prometheus text through {@code promtool check metrics}, OpenMetrics through
 * a real Prometheus scraping the endpoint (it asks for OpenMetrics first). Both are Debian's prometheus package; each
 * test is skipped, saying so, where its tool is missing.
 */
class RealParsersTest {

    /** Label values that need every escape, and counters that wrapped or exceed a double's integers. */
    static final List<FakeHub.Peer> TRICKY = List.of(
            new FakeHub.Peer("bGluZXNsaW5lc2xpbmVzbGluZXNsaW5lc2xpbmVzbGk=", "10.0.0.5/32", "line1\nline2 \u00fcn\u00ef \u2603 \ud83d\ude00",
                    -1, Long.MAX_VALUE, ScrapeTest.NOW - 1, Long.MIN_VALUE, 9_007_199_254_740_993L, 3, 1),
            new FakeHub.Peer("YmFja3NsYXNoYmFja3NsYXNoYmFja3NsYXNoYmFja3M=", "10.0.0.6/32,fd00::6/128", "ends in a backslash \\",
                    1, 2, 0, 3, 4, 0, 0),
            new FakeHub.Peer("dGFic3RhYnN0YWJzdGFic3RhYnN0YWJzdGFic3RhYnM=", "", "tab\tcr\rbraces{},=\"", 5, 6, 7, 8, 9, 10, 11));

    @TempDir
    Path work;

    static FakeHub trickyHub() {
        FakeHub hub = ScrapeTest.hub();
        TRICKY.forEach(hub::add);
        return hub;
    }

    @Test
    void promtoolParsesPrometheusTextInEveryPeersMode() throws Exception {
        assumeTool("promtool", "promtoolParsesPrometheusTextInEveryPeersMode");
        for (PeersMode mode : List.of(PeersMode.ALL, PeersMode.top(2), PeersMode.NONE)) {
            String text;
            try (WghubMetrics m = new WghubMetrics(trickyHub(), mode, () -> ScrapeTest.NOW)) {
                text = m.scrape(ScrapeFormat.PROMETHEUS_TEXT);
            }
            Path in = work.resolve("scrape-" + mode.kind() + ".txt");
            Files.writeString(in, text);
            Process p = new ProcessBuilder("promtool", "check", "metrics").redirectInput(in.toFile())
                    .redirectErrorStream(true).start();
            String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool hangs");
            // 0: clean; 3: lint findings only. Any other code is a parse error (promtool says which line).
            int rc = p.exitValue();
            assertTrue(rc == 0 || rc == 3, mode + ": promtool exit " + rc + ": " + report);
            for (String line : report.split("\n")) {
                // Micrometer's own names draw lint findings (process_cpu_time_ns_total, system_cpu_count); ours must not.
                assertTrue(!line.startsWith("wireguard_") && !line.startsWith("wghub_"), mode + ": " + line);
            }
        }
    }

    @Test
    void prometheusScrapesOpenMetricsAndDecodesEveryLabel() throws Exception {
        assumeTool("prometheus", "prometheusScrapesOpenMetricsAndDecodesEveryLabel");
        FakeHub hub = trickyHub();
        try (WghubMetrics m = new WghubMetrics(hub, PeersMode.ALL, () -> ScrapeTest.NOW);
             MetricsServer server = MetricsServer.start(MetricsConfig.plain("127.0.0.1:0"), m);
             PrometheusServer prometheus = new PrometheusServer("127.0.0.1:" + server.localAddress().getPort(), null, work)) {
            prometheus.awaitScrapes(2, Duration.ofSeconds(60));
            String targets = prometheus.get("/api/v1/targets").toString();
            assertTrue(targets.contains("\"health\":\"up\"") && targets.contains("\"lastError\":\"\""), targets);
            // Only the OpenMetrics parser keeps a UNIT: proof that Prometheus negotiated OpenMetrics.
            String meta = prometheus.get("/api/v1/targets/metadata?metric=wireguard_sent_bytes").toString();
            assertTrue(meta.contains("\"unit\":\"bytes\""), meta);

            assertEquals(hub.peers.size(), prometheus.value("count(wireguard_sent_bytes_total)"));
            for (FakeHub.Peer p : hub.peers) {
                String sel = "{public_key=\"" + p.key() + "\",friendly_name=" + promql(p.name())
                        + ",allowed_ips=" + promql(p.allowedIps()) + ",interface=\"wg0\"}";
                assertEquals(DropCollector.unsigned(p.tx()), prometheus.value("wireguard_sent_bytes_total" + sel), p.name());
                assertEquals(DropCollector.unsigned(p.rx()), prometheus.value("wireguard_received_bytes_total" + sel), p.name());
                assertEquals(p.handshakeAt(), prometheus.value("wireguard_latest_handshake_seconds" + sel), p.name());
                assertEquals(DropCollector.unsigned(p.rxPackets()), prometheus.value("wghub_peer_packets_received_total" + sel));
                assertEquals(DropCollector.unsigned(p.txPackets()), prometheus.value("wghub_peer_packets_sent_total" + sel));
            }
            assertEquals(hub.peers.size(), prometheus.value("sum(wghub_peers)"));
        }
    }

    private static void assumeTool(String tool, String test) {
        boolean present = onPath(tool);
        if (!present) {
            System.out.println("SKIPPED RealParsersTest." + test + ": needs " + tool
                    + " (Debian's prometheus package; .ci/run installs it)");
        }
        assumeTrue(present, "needs " + tool);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** A PromQL string literal: the same three escapes as the exposition's label values. */
    private static String promql(String s) {
        StringBuilder b = new StringBuilder("\"");
        ExpositionText.escape(s, true, b);
        return b.append('"').toString();
    }
}
