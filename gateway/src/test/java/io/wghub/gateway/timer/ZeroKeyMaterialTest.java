package io.wghub.gateway.timer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.wghub.gateway.timer.Harness.MS;
import static io.wghub.gateway.timer.Harness.SECOND;
import static org.junit.jupiter.api.Assertions.*;

/** Key erasure 3 × REJECT_AFTER_TIME after the last session, and what a completed handshake records. */
class ZeroKeyMaterialTest {
    private static final long START = 42 * SECOND;

    @Test
    void keysGo540SecondsAfterTheLastSession() {
        Harness h = new Harness(START, 10 * MS);
        TestPeer peer = h.peer("A");
        peer.timers.sessionDerived(h.now);
        h.runFor(100 * SECOND);
        long second = h.now;
        peer.timers.sessionDerived(second); // a newer session pushes erasure back
        h.runFor(1000 * SECOND);
        List<Fired> fired = h.actions.fired;
        assertEquals(1, fired.size());
        assertEquals(Fired.Kind.ZERO_KEYS, fired.get(0).kind());
        h.assertFiredOnTime(second + 540 * SECOND, fired.get(0).at());
    }

    @Test
    void aCompletedHandshakeRecordsItsTimeStopsRetransmitAndArmsErasure() {
        Harness h = new Harness(START, 10 * MS);
        TestPeer peer = h.peer("A");
        assertNull(peer.timers.lastHandshakeTime());
        peer.timers.handshakeInitiated(h.now);
        h.runFor(2 * SECOND);
        long completedAt = h.now;
        peer.timers.handshakeComplete(completedAt);
        assertEquals(Harness.WALL, peer.timers.lastHandshakeTime());
        assertEquals(completedAt, peer.timers.lastHandshakeNanos());
        assertEquals(PeerTimers.UNARMED, peer.timers.deadline(TimerKind.RETRANSMIT_HANDSHAKE));
        h.runFor(600 * SECOND);
        assertEquals(1, h.actions.fired.size(), h.actions.fired::toString);
        h.assertFiredOnTime(completedAt + 540 * SECOND, h.actions.fired.get(0).at());
    }

    @Test
    void anEarlierTimerArmedWhileTheWheelWaitsOn540SecondsStillFiresOnTime() {
        // The peer sits in the slot of its 540 s deadline; a 10 s timer must pull it forward.
        Harness h = new Harness(START, MS);
        TestPeer peer = h.peer("A");
        peer.timers.sessionDerived(h.now);
        h.runFor(3 * SECOND);
        long receivedAt = h.now;
        peer.timers.dataReceived(receivedAt);
        h.runFor(20 * SECOND);
        assertEquals(1, h.actions.fired.size());
        assertEquals(Fired.Kind.KEEPALIVE, h.actions.fired.get(0).kind());
        h.assertFiredOnTime(receivedAt + 10 * SECOND, h.actions.fired.get(0).at());
    }
}
