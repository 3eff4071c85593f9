package io.wghub.gateway.timer;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static io.wghub.gateway.timer.Harness.MS;
import static io.wghub.gateway.timer.Harness.SECOND;
import static org.junit.jupiter.api.Assertions.*;

/**
 * 100,000 peers with a few timers each through 10 simulated minutes: exact action counts, and the
 * heap the timers take per peer.
 */
class TimerWheelScaleTest {
    private static final int PEERS = 100_000;
    private static final long STEP = 10 * MS;
    private static final long START = 1_000 * SECOND;

    @Test
    void hundredThousandPeersForTenMinutes() {
        Integer[] handles = new Integer[PEERS];
        for (int i = 0; i < PEERS; i++) {
            handles[i] = i; // boxed once, before measuring
        }
        CountingActions actions = new CountingActions(PEERS);
        long heapBefore = usedHeap();

        TimerWheel<Integer> wheel = new TimerWheel<>(TimerConstants.PRODUCTION, actions, new SplittableRandom(7));
        wheel.advance(START);
        for (int i = 0; i < PEERS; i++) {
            PeerTimers<Integer> timers = wheel.newPeerTimers(handles[i]);
            actions.timers[i] = timers;
            // Spread over one second, as real peers are.
            long at = START + (i % 1000) * MS;
            timers.sessionDerived(at);
            switch (i % 8) {
                case 0, 4 -> timers.setPersistentKeepalive(26, at);
                case 1 -> timers.dataReceived(at);
                case 5 -> {
                    timers.dataReceived(at);
                    timers.dataReceived(at); // "another keepalive needed"
                }
                case 2, 6 -> timers.dataSent(at);
                default -> {
                    timers.handshakeRequested();
                    timers.handshakeInitiated(at);
                }
            }
        }
        wheel.advance(START + STEP);
        long heapAfter = usedHeap();
        double perPeer = (heapAfter - heapBefore) / (double) PEERS;
        System.out.printf("timer wheel heap: %.1f bytes per peer (used heap after full GCs, %d peers, "
                + "handles excluded); field count: PeerTimers 112 B + 5 B of id block%n", perPeer, PEERS);
        assertTrue(perPeer < 256, "per-peer heap " + perPeer);

        long started = System.nanoTime();
        for (long now = START + 2 * STEP; now - (START + 600 * SECOND) <= 0; now += STEP) {
            wheel.advance(now);
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("timer wheel: 600 s simulated in %d ms (%d ticks of %d ms)%n",
                elapsedMs, 600 * SECOND / STEP, STEP / MS);

        for (int i = 0; i < PEERS; i++) {
            int group = i % 8;
            assertEquals(1, actions.zeroed[i], "key erasure, peer " + i);
            // Persistent every 26 s from turn-on (t = 0..23 × 26 s, each at most a step late);
            // 1 passive; 2 with the note.
            int keepalives = switch (group) {
                case 0, 4 -> 24;
                case 1 -> 1;
                case 5 -> 2;
                default -> 0;
            };
            assertEquals(keepalives, actions.keepalives[i], "keepalives, peer " + i);
            assertEquals(group == 2 || group == 6 ? 1 : 0, actions.initiated[i], "new handshake, peer " + i);
            assertEquals(group == 3 || group == 7 ? 19 : 0, actions.retries[i], "retries, peer " + i);
            assertEquals(group == 3 || group == 7 ? 1 : 0, actions.gaveUp[i], "give-ups, peer " + i);
        }
        int fired = CountingActions.sum(actions.zeroed) + CountingActions.sum(actions.keepalives)
                + CountingActions.sum(actions.initiated) + CountingActions.sum(actions.retries)
                + CountingActions.sum(actions.gaveUp);
        System.out.printf("timer wheel: %d actions fired%n", fired);
        assertEquals(PEERS / 4, wheel.slottedCount(), "only the persistent keepalives remain armed");
        assertEquals(PEERS, wheel.peerCount());
    }

    /** Used heap after full collections, repeated until it stops shrinking. */
    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = runtime.totalMemory() - runtime.freeMemory();
            if (now >= used) {
                return now;
            }
            used = now;
        }
        return used;
    }
}
