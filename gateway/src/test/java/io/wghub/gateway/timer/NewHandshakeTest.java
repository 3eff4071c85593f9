package io.wghub.gateway.timer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.wghub.gateway.timer.Harness.MS;
import static io.wghub.gateway.timer.Harness.SECOND;
import static org.junit.jupiter.api.Assertions.*;

/** "We sent data and heard nothing back": a new handshake after 15 s plus jitter. */
class NewHandshakeTest {
    private static final long START = Long.MAX_VALUE - 5 * SECOND; // nanoTime wraps during the test

    @Test
    void sendingWithoutHearingBackStartsAHandshakeAfterFifteenSeconds() {
        Harness h = new Harness(START, MS);
        TestPeer peer = h.peer("A");
        long sentAt = h.now;
        peer.timers.dataSent(sentAt);
        long deadline = peer.timers.deadline(TimerKind.NEW_HANDSHAKE);
        long jitter = deadline - sentAt - 15 * SECOND;
        assertTrue(jitter >= 0 && jitter <= 333 * MS, "jitter " + jitter);
        for (int i = 1; i <= 14_000; i++) {
            peer.timers.dataSent(sentAt + i * MS); // steady sending does not push it back
        }
        assertEquals(deadline, peer.timers.deadline(TimerKind.NEW_HANDSHAKE));
        h.runFor(60 * SECOND);
        List<Fired> fired = h.actions.fired;
        assertEquals(1, fired.size(), fired::toString);
        assertEquals(Fired.Kind.INITIATE, fired.get(0).kind());
        h.assertFiredOnTime(deadline, fired.get(0).at());
    }

    @Test
    void anyAuthenticatedPacketReceivedCancelsIt() {
        Harness h = new Harness(START, MS);
        TestPeer peer = h.peer("A");
        peer.timers.dataSent(h.now);
        h.runFor(14 * SECOND);
        peer.timers.anyAuthenticatedPacketReceived(h.now); // a keepalive from the peer is enough
        h.runFor(60 * SECOND);
        assertEquals(List.of(), h.actions.fired);
    }

    @Test
    void sendingAgainAfterTheCancelArmsItFromThen() {
        Harness h = new Harness(START, MS);
        TestPeer peer = h.peer("A");
        peer.timers.dataSent(h.now);
        h.runFor(10 * SECOND);
        peer.timers.anyAuthenticatedPacketReceived(h.now);
        h.runFor(3 * SECOND);
        long sentAt = h.now;
        peer.timers.dataSent(sentAt);
        long deadline = peer.timers.deadline(TimerKind.NEW_HANDSHAKE);
        h.runFor(60 * SECOND);
        assertEquals(1, h.actions.fired.size());
        h.assertFiredOnTime(deadline, h.actions.fired.get(0).at());
        assertTrue(h.actions.fired.get(0).at() - sentAt >= 15 * SECOND);
    }

    @Test
    void jitterStaysWithinBounds() {
        Harness h = new Harness(START, MS);
        TestPeer peer = h.peer("A");
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 20_000; i++) {
            peer.timers.anyAuthenticatedPacketReceived(h.now);
            peer.timers.dataSent(h.now);
            long jitter = peer.timers.deadline(TimerKind.NEW_HANDSHAKE) - h.now - 15 * SECOND;
            assertTrue(jitter >= 0 && jitter <= 333 * MS, "jitter " + jitter);
            min = Math.min(min, jitter);
            max = Math.max(max, jitter);
        }
        assertTrue(min < 5 * MS && max > 328 * MS, min + ".." + max);
    }

    @Test
    void withTheDataPlaneItLeadsIntoARetransmitRound() {
        Harness h = new Harness(START, MS);
        h.actions.dataPlane = true;
        TestPeer peer = h.peer("A");
        peer.timers.dataSent(h.now);
        h.runFor(24 * SECOND); // initiation at 15-15.34 s, retry 5-5.34 s later, the next not before 25 s
        assertEquals(1, h.actions.of(Fired.Kind.INITIATE).size());
        assertEquals(1, h.actions.of(Fired.Kind.RETRY).size(), "5 s after the new initiation");
    }
}
