package io.wghub.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** 10,000 peers: over HTTP every peer's counters on /metrics equal the source's; a scrape allocates little. */
class LargeHubTest {

    static FakeHub tenThousand() {
        FakeHub hub = new FakeHub();
        Random r = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            // up to 2^53: the largest counter a Prometheus double still carries exactly
            hub.add(new FakeHub.Peer("peer" + i + "key", "10.8." + (i >> 8) + "." + (i & 255) + "/32", i % 2 == 0 ? "n" + i : "",
                    r.nextLong(1L << 53), r.nextLong(1L << 53), ScrapeTest.NOW - r.nextInt(400), r.nextInt(1 << 30), r.nextInt(1 << 30), i, 0));
        }
        return hub;
    }

    @Test
    void tenThousandPeers() throws Exception {
        FakeHub hub = tenThousand();
        try (WghubMetrics m = new WghubMetrics(hub, PeersMode.ALL, () -> ScrapeTest.NOW);
             MetricsServer server = MetricsServer.start(MetricsConfig.plain("127.0.0.1:0"), m);
             HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.localAddress().getPort() + "/metrics"))
                    .timeout(Duration.ofSeconds(30)).build();
            long best = Long.MAX_VALUE;
            HttpResponse<String> resp = null;
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                resp = client.send(req, HttpResponse.BodyHandlers.ofString());
                best = Math.min(best, System.nanoTime() - t);
                assertEquals(200, resp.statusCode());
            }
            System.out.printf("10,000 peers: %d bytes, best HTTP scrape %.1f ms%n", resp.body().length(), best / 1e6);
            Map<String, Double> s = Exposition.samples(resp.body());
            for (FakeHub.Peer p : hub.peers) {
                String l = Exposition.peer("wg0", p);
                assertEquals(p.rx(), s.get("wireguard_received_bytes_total" + l).longValue(), p.key());
                assertEquals(p.tx(), s.get("wireguard_sent_bytes_total" + l).longValue(), p.key());
                assertEquals(p.handshakeAt(), s.get("wireguard_latest_handshake_seconds" + l).longValue(), p.key());
            }
            assertTrue(best < 5_000_000_000L, "a 10,000-peer scrape took " + best / 1e6 + " ms");
        }
    }

    /**
     * Not a benchmark (ScrapeBenchmark is): a guard that the per-peer series stay streamed. The registry's own
     * series cost ~0.3 MB a scrape; building the 70,000 per-peer samples as snapshot objects cost ~10 MB.
     */
    @Test
    void aScrapeOfTenThousandPeersAllocatesLittle() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "the JVM cannot count allocated bytes per thread");
        threads.setThreadAllocatedMemoryEnabled(true);
        OutputStream discard = OutputStream.nullOutputStream();
        try (WghubMetrics m = new WghubMetrics(tenThousand(), PeersMode.ALL, () -> ScrapeTest.NOW)) {
            long least = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                m.scrape(discard, ScrapeFormat.OPENMETRICS);
                least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
            }
            System.out.printf("10,000 peers: %,d bytes allocated by the least costly of 5 scrapes%n", least);
            assertTrue(least < 2_000_000, least + " bytes allocated by one scrape");
        }
    }
}
