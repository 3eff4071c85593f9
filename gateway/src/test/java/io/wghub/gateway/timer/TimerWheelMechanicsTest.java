package io.wghub.gateway.timer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import static io.wghub.gateway.timer.Harness.MS;
import static io.wghub.gateway.timer.Harness.SECOND;
import static org.junit.jupiter.api.Assertions.*;

/** The wheel itself: never early, exactly when advanced past, long pauses, clock quirks, failures. */
class TimerWheelMechanicsTest {
    @Test
    void aTimerFiresAtTheFirstAdvanceAtOrPastItsDeadlineWhateverTheSteps() {
        SplittableRandom random = new SplittableRandom(3);
        Harness h = new Harness(Long.MAX_VALUE - 200 * SECOND, MS); // nanoTime wraps on the way
        Map<TestPeer, Long> deadlines = new HashMap<>();
        List<Long> advances = new ArrayList<>();
        long end = h.now + 600 * SECOND;
        while (h.now - end < 0) {
            for (int i = random.nextInt(6); i > 0; i--) {
                TestPeer peer = h.peer("p" + deadlines.size());
                peer.timers.dataReceived(h.now - random.nextLong(50 * MS)); // some stamped a bit in the past
                deadlines.put(peer, peer.timers.deadline(TimerKind.SEND_KEEPALIVE));
            }
            // Steps from a microsecond to three seconds: within a tick, across ticks, across turns.
            long step = switch (random.nextInt(3)) {
                case 0 -> 1_000 + random.nextLong(TimerWheel.TICK_NANOS);
                case 1 -> random.nextLong(100 * MS);
                default -> random.nextLong(3 * SECOND);
            };
            h.now += step;
            h.wheel.advance(h.now);
            advances.add(h.now);
        }
        long last = h.now;
        long due = deadlines.values().stream().filter(d -> d - last <= 0).count();
        assertTrue(due > 1_000, "enough timers: " + due);
        assertEquals(due, h.actions.fired.size());
        for (Fired fired : h.actions.fired) {
            long deadline = deadlines.get(fired.peer());
            long expected = advances.stream().filter(t -> t - deadline >= 0).findFirst().orElseThrow();
            assertEquals(expected, fired.at(), () -> fired.peer() + " deadline " + deadline);
        }
    }

    @Test
    void aDeadlineAlreadyPastWhenArmedFiresAtTheNextAdvance() {
        // A hook on another thread may use a clock reading older than the wheel's last tick.
        Harness h = new Harness(0, MS);
        h.runFor(100 * SECOND);
        TestPeer stale = h.peer("stale");
        stale.timers.dataReceived(h.now - 12 * SECOND);
        TestPeer turnedOn = h.peer("turnedOn");
        turnedOn.timers.setPersistentKeepalive(25, h.now - 3 * SECOND);
        long then = h.now;
        h.runFor(MS);
        assertEquals(2, h.actions.fired.size(), h.actions.fired::toString);
        assertTrue(h.actions.fired.stream().allMatch(f -> f.at() == then + MS));
    }

    @Test
    void afterALongPauseEachDueTimerFiresOnceAtTheResumingTick() {
        Harness h = new Harness(0, MS);
        List<TestPeer> peers = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            TestPeer peer = h.peer("p" + i);
            peer.timers.sessionDerived(h.now + i * MS);
            peer.timers.dataReceived(h.now + i * MS);
            peer.timers.dataSent(h.now + i * MS);
            peers.add(peer);
        }
        long resumed = h.now + 3600 * SECOND;
        h.wheel.advance(resumed);
        assertEquals(3 * peers.size(), h.actions.fired.size());
        assertTrue(h.actions.fired.stream().allMatch(f -> f.at() == resumed));
        assertEquals(0, h.wheel.slottedCount());
    }

    @Test
    void aClockThatStepsBackCountsAsStandingStill() {
        Harness h = new Harness(10 * SECOND, MS);
        TestPeer peer = h.peer("A");
        peer.timers.dataReceived(h.now);
        h.wheel.advance(h.now + 9 * SECOND);
        h.wheel.advance(h.now - 100 * SECOND);
        assertEquals(List.of(), h.actions.fired);
        h.wheel.advance(h.now + 10 * SECOND);
        assertEquals(1, h.actions.fired.size());
    }

    @Test
    void advanceFromAnActionIsRefused() {
        List<Throwable> seen = new ArrayList<>();
        AtomicReference<TimerWheel<String>> wheel = new AtomicReference<>();
        wheel.set(new TimerWheel<>(TimerConstants.PRODUCTION, new NoOpActions<>() {
            @Override
            public void sendKeepalive(String peer, long nowNanos) {
                try {
                    wheel.get().advance(nowNanos);
                } catch (IllegalStateException e) {
                    seen.add(e);
                }
            }
        }, new SplittableRandom(1)));
        wheel.get().advance(0);
        wheel.get().newPeerTimers("A").dataReceived(0);
        wheel.get().advance(11 * SECOND);
        assertEquals(1, seen.size());
    }

    @Test
    void throwingActionsAreReportedAfterTheTickAndOthersStillFire() {
        List<String> fired = new ArrayList<>();
        TimerWheel<String> wheel = new TimerWheel<>(TimerConstants.PRODUCTION, new NoOpActions<>() {
            @Override
            public void sendKeepalive(String peer, long nowNanos) {
                fired.add(peer);
                if (peer.startsWith("bad")) {
                    throw new IllegalStateException(peer);
                }
            }
        }, new SplittableRandom(1));
        wheel.advance(0);
        PeerTimers<String> bad1 = wheel.newPeerTimers("bad1");
        PeerTimers<String> bad2 = wheel.newPeerTimers("bad2");
        PeerTimers<String> good = wheel.newPeerTimers("good");
        for (PeerTimers<String> timers : List.of(bad1, bad2, good)) {
            timers.dataReceived(0);
            timers.dataReceived(0); // another keepalive needed: re-armed even though the action threw
        }
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> wheel.advance(10 * SECOND));
        assertEquals(1, thrown.getSuppressed().length);
        assertEquals(3, fired.size());
        assertThrows(IllegalStateException.class, () -> wheel.advance(20 * SECOND));
        assertEquals(6, fired.size(), "the wheel carried on: " + fired);
        wheel.advance(40 * SECOND);
        assertEquals(6, fired.size());
        assertEquals(0, wheel.slottedCount());
    }

    @Test
    void aPeerIsHeldInOneSlotWhateverItsArmedTimers() {
        Harness h = new Harness(0, MS);
        TestPeer peer = h.peer("A");
        peer.timers.sessionDerived(h.now);
        peer.timers.handshakeInitiated(h.now);
        peer.timers.dataSent(h.now);
        peer.timers.dataReceived(h.now);
        peer.timers.setPersistentKeepalive(7, h.now);
        for (int i = 0; i < 1000; i++) {
            peer.timers.anyAuthenticatedPacketReceived(h.now);
            peer.timers.dataSent(h.now);
            h.runFor(MS);
            assertEquals(1, h.wheel.slottedCount());
        }
    }
}
