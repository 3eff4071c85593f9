package io.wghub.gateway.timer;

import java.time.Instant;
import java.time.InstantSource;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A wheel on a manual clock: tests move time by hand in fixed steps; nothing sleeps. */
final class Harness {
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000 * MS;
    static final Instant WALL = Instant.parse("2025-01-02T03:04:05.123456789Z");

    final RecordingActions actions = new RecordingActions();
    final TimerWheel<TestPeer> wheel;
    /** Step of {@link #runTo}: a timer fires at most this late. */
    long step;
    long now;

    Harness(long start, long step) {
        this(TimerConstants.PRODUCTION, start, step);
    }

    Harness(TimerConstants constants, long start, long step) {
        this.wheel = new TimerWheel<>(constants, actions, new SplittableRandom(42), InstantSource.fixed(WALL));
        this.step = step;
        this.now = start;
        wheel.advance(start);
    }

    TestPeer peer(String name) {
        TestPeer peer = new TestPeer(name);
        peer.timers = wheel.newPeerTimers(peer);
        return peer;
    }

    /** Advances in steps of {@link #step} until {@code target} (overflow-safe). */
    void runTo(long target) {
        while (now - target < 0) {
            now = target - now > step ? now + step : target;
            wheel.advance(now);
        }
    }

    void runFor(long nanos) {
        runTo(now + nanos);
    }

    /** Steps until {@code condition} holds, failing after {@code limit} of simulated time. */
    void runUntil(BooleanSupplier condition, long limit) {
        long end = now + limit;
        while (!condition.getAsBoolean()) {
            assertTrue(now - end < 0, "condition not met in time");
            now += step;
            wheel.advance(now);
        }
    }

    /** Fired no earlier than {@code deadline} and at most one step after it. */
    void assertFiredOnTime(long deadline, long at) {
        assertTrue(at - deadline >= 0, () -> "fired " + (deadline - at) + " ns early");
        assertTrue(at - deadline <= step, () -> "fired " + (at - deadline) + " ns late, step " + step);
    }
}
