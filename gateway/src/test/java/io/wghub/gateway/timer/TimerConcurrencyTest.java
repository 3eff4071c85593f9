package io.wghub.gateway.timer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static io.wghub.gateway.timer.Harness.SECOND;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Smoke test: two threads call hooks on the same peers while a third advances the wheel (its
 * actions call hooks too). Bounded work; afterwards the timers must still behave exactly.
 */
class TimerConcurrencyTest {
    private static final int PEERS = 64;
    private static final int CALLS_PER_THREAD = 300_000;
    private static final long STEP = 10_000_000L;

    private volatile long clock = 77 * SECOND;

    @Test
    void hooksOnTwoThreadsWhileAThirdAdvances() throws Exception {
        CountingActions actions = new CountingActions(PEERS);
        // java.util.Random: safe to share between the hook threads.
        TimerWheel<Integer> wheel = new TimerWheel<>(TimerConstants.PRODUCTION, actions, new Random(5));
        List<PeerTimers<Integer>> peers = new ArrayList<>();
        for (int i = 0; i < PEERS; i++) {
            PeerTimers<Integer> timers = wheel.newPeerTimers(i);
            actions.timers[i] = timers;
            peers.add(timers);
        }
        wheel.advance(clock);

        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch hammersDone = new CountDownLatch(2);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            long seed = t;
            threads.add(Thread.ofPlatform().name("hooks-" + t).start(() -> {
                try {
                    go.await();
                    hammer(peers, new SplittableRandom(seed));
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    hammersDone.countDown();
                }
            }));
        }
        threads.add(Thread.ofPlatform().name("wheel").start(() -> {
            try {
                go.await();
                // Bounded: at most 200,000 ticks, even if the hook threads were starved.
                for (int i = 0; i < 200_000 && hammersDone.getCount() > 0; i++) {
                    clock += STEP;
                    wheel.advance(clock);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }));
        go.countDown();
        for (Thread thread : threads) {
            thread.join(60_000);
            assertFalse(thread.isAlive(), thread.getName() + " finished");
        }
        assertNull(failure.get(), () -> "failed: " + failure.get());
        int firedDuring = CountingActions.sum(actions.keepalives) + CountingActions.sum(actions.retries)
                + CountingActions.sum(actions.initiated) + CountingActions.sum(actions.zeroed);
        System.out.printf("concurrency smoke: %d actions fired while hammering%n", firedDuring);

        // Quiet now (the test thread owns the wheel, after join's happens-before): disarm all.
        long now = clock;
        for (PeerTimers<Integer> timers : peers) {
            timers.setPersistentKeepalive(0, now);
            timers.disarmAll();
        }
        CountingActions quiet = snapshot(actions);
        for (int i = 0; i < 2_000; i++) { // over a full turn of the ring: every entry is dropped
            now += STEP;
            wheel.advance(now);
        }
        assertArrayEquals(quiet.keepalives, actions.keepalives, "nothing fires once disarmed");
        assertArrayEquals(quiet.retries, actions.retries);
        assertEquals(0, wheel.slottedCount());

        // Fresh timers behave exactly.
        long armedAt = now;
        for (PeerTimers<Integer> timers : peers) {
            timers.dataReceived(armedAt);
        }
        while (now - (armedAt + 11 * SECOND) < 0) {
            now += STEP;
            wheel.advance(now);
        }
        // After the keepalives: a retry round's sends would cancel peer 0's.
        peers.get(0).handshakeRequested();
        peers.get(0).handshakeInitiated(now);
        while (now - (armedAt + 141 * SECOND) < 0) {
            now += STEP;
            wheel.advance(now);
        }
        for (int i = 0; i < PEERS; i++) {
            assertEquals(quiet.keepalives[i] + 1, actions.keepalives[i], "one keepalive, peer " + i);
        }
        assertEquals(quiet.retries[0] + 19, actions.retries[0]);
        assertEquals(quiet.gaveUp[0] + 1, actions.gaveUp[0]);
        assertEquals(PEERS, wheel.peerCount());
    }

    private void hammer(List<PeerTimers<Integer>> peers, SplittableRandom random) {
        for (int i = 0; i < CALLS_PER_THREAD; i++) {
            PeerTimers<Integer> timers = peers.get(random.nextInt(PEERS));
            long now = clock;
            switch (random.nextInt(10)) {
                case 0, 1 -> timers.dataSent(now);
                case 2, 3 -> timers.dataReceived(now);
                case 4 -> timers.anyAuthenticatedPacketSent(now);
                case 5 -> timers.anyAuthenticatedPacketReceived(now);
                case 6 -> timers.handshakeInitiated(now);
                case 7 -> {
                    if (random.nextInt(100) == 0) {
                        timers.handshakeComplete(now);
                    } else {
                        timers.handshakeRequested();
                    }
                }
                case 8 -> timers.sessionDerived(now);
                default -> timers.setPersistentKeepalive(random.nextInt(4), now);
            }
        }
    }

    private static CountingActions snapshot(CountingActions actions) {
        CountingActions copy = new CountingActions(PEERS);
        System.arraycopy(actions.keepalives, 0, copy.keepalives, 0, PEERS);
        System.arraycopy(actions.retries, 0, copy.retries, 0, PEERS);
        System.arraycopy(actions.gaveUp, 0, copy.gaveUp, 0, PEERS);
        return copy;
    }
}
