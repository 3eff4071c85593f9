package io.wghub.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bounded heap keeps exactly the N largest weights, whatever the arrival order. */
class TopPeersTest {

    @Test
    void keepsTheLargest() {
        Random r = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(40);
            int count = r.nextInt(300);
            TopPeers top = new TopPeers(n);
            List<Long> weights = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                top.reset();
                weights.clear();
                for (int i = 0; i < count; i++) {
                    long rx = r.nextInt(50);
                    long tx = r.nextInt(50);
                    weights.add(rx + tx);
                    top.peer("k" + i, "", "", rx, tx, 0, 0, 0, 0, 0);
                }
                List<Long> got = new ArrayList<>();
                top.forEach((k, a, nm, rx, tx, h, rp, tp, hc, ec) -> got.add(rx + tx));
                got.sort(null);
                weights.sort((a, b) -> Long.compare(b, a));
                List<Long> want = new ArrayList<>(weights.subList(0, Math.min(n, count)));
                want.sort(null);
                assertEquals(want, got, "n=" + n + " count=" + count);
                assertEquals(Math.min(n, count), top.size());
            }
        }
    }

    @Test
    void overflowingTrafficCountsAsLargest() {
        TopPeers top = new TopPeers(1);
        top.peer("small", "", "", 1, 1, 0, 0, 0, 0, 0);
        top.peer("huge", "", "", Long.MAX_VALUE, Long.MAX_VALUE, 0, 0, 0, 0, 0);
        List<String> got = new ArrayList<>();
        top.forEach((k, a, nm, rx, tx, h, rp, tp, hc, ec) -> got.add(k));
        assertEquals(List.of("huge"), got);
    }
}
