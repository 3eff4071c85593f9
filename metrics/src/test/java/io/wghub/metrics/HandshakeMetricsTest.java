package io.wghub.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The data-path recorder counts into the right series and does not allocate per call. */
class HandshakeMetricsTest {

    @Test
    void recordsWithoutAllocating() {
        try (WghubMetrics m = new WghubMetrics(new FakeHub(), PeersMode.NONE)) {
            HandshakeMetrics h = m.handshakes();
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long warm = 0;
            for (int i = 0; i < 20_000; i++) { // warm up
                warm += (i & 1) == 1 && i % 3 == 1 ? 1 : 0;
                h.record(HandshakeRole.values()[i & 1], HandshakeResult.values()[i % 3]);
                h.recordDuration(i * 1000L);
            }
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                h.record(HandshakeRole.RESPONDER, HandshakeResult.TIMEOUT);
                h.recordDuration(2_000_000L);
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 100_000, allocated + " bytes for 100,000 calls");
            var s = Exposition.samples(m.scrape(ScrapeFormat.PROMETHEUS_TEXT));
            ScrapeTest.assertValue(100_000 + warm, s.get("wghub_handshakes_total{result=\"timeout\",role=\"responder\"}"));
            assertEquals(120_000.0, s.get("wghub_handshake_duration_seconds_count"));
        }
    }
}
