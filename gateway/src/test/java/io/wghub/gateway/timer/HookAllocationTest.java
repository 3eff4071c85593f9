package io.wghub.gateway.timer;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The per-packet hooks allocate nothing, measured with the JVM's per-thread allocation counter
 * (not a timing test). Arming, disarming, jitter draws and flag raising are all exercised.
 */
class HookAllocationTest {
    private static final int CALLS = 1_000_000;
    /** Room for the counter's own bookkeeping; a single allocation per call would be megabytes. */
    private static final long ALLOWANCE = 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void perPacketHooksAllocateNothing() {
        TimerWheel<String> wheel = new TimerWheel<>(TimerConstants.PRODUCTION, new NoOpActions<>(), new SplittableRandom(1));
        PeerTimers<String> timers = wheel.newPeerTimers("peer");
        long now = 5_000_000_000L;
        wheel.advance(now);
        timers.sessionDerived(now);
        timers.setPersistentKeepalive(25, now);
        timers.dataSent(now);
        timers.dataReceived(now);
        wheel.advance(now + 1);

        packets(timers, now, CALLS); // warm-up, so the measured run is compiled code
        assertTrue(THREADS.isThreadAllocatedMemoryEnabled());
        long before = THREADS.getCurrentThreadAllocatedBytes();
        now = packets(timers, now, CALLS);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        System.out.printf("hooks: %d bytes allocated over %d packets%n", allocated, CALLS);
        assertTrue(allocated < ALLOWANCE, allocated + " bytes allocated by " + CALLS + " packets");
        assertNotEquals(PeerTimers.UNARMED, timers.deadline(TimerKind.PERSISTENT_KEEPALIVE));
    }

    @Test
    void steadyTicksAllocateNothingEither() {
        TimerWheel<String> wheel = new TimerWheel<>(TimerConstants.PRODUCTION, new NoOpActions<>(), new SplittableRandom(1));
        PeerTimers<?>[] peers = new PeerTimers<?>[1000];
        long now = 0;
        wheel.advance(now);
        for (int i = 0; i < peers.length; i++) {
            peers[i] = wheel.newPeerTimers("p" + i);
            peers[i].setPersistentKeepalive(1 + i % 5, now);
            peers[i].dataReceived(now);
        }
        now = ticks(wheel, peers, now, 20_000);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        ticks(wheel, peers, now, 20_000);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        System.out.printf("advance: %d bytes allocated over 20000 ticks%n", allocated);
        assertTrue(allocated < ALLOWANCE, allocated + " bytes allocated by 20000 ticks");
    }

    /** Both directions of traffic, with the keepalive and new-handshake timers going on and off. */
    private static long packets(PeerTimers<String> timers, long now, int calls) {
        for (int i = 0; i < calls; i++) {
            now += 1_000;
            timers.dataSent(now);
            timers.dataReceived(now);
            if ((i & 1) == 0) {
                timers.anyAuthenticatedPacketSent(now);
            } else {
                timers.anyAuthenticatedPacketReceived(now);
            }
        }
        return now;
    }

    private static long ticks(TimerWheel<String> wheel, PeerTimers<?>[] peers, long now, int ticks) {
        for (int i = 0; i < ticks; i++) {
            now += TimerWheel.TICK_NANOS;
            PeerTimers<?> peer = peers[i % peers.length];
            peer.dataReceived(now);
            peer.anyAuthenticatedPacketSent(now);
            wheel.advance(now);
        }
        return now;
    }
}
