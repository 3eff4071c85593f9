package io.wghub.gateway.timer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.wghub.gateway.timer.Harness.MS;
import static io.wghub.gateway.timer.Harness.SECOND;
import static org.junit.jupiter.api.Assertions.*;

/** The passive keepalive (with "another keepalive needed") and the persistent keepalive. */
class KeepaliveTest {
    private static final long START = -3 * SECOND;

    @Test
    void receivedDataIsAnsweredAfterTenSecondsOnce() {
        Harness h = new Harness(START, MS);
        h.actions.dataPlane = true;
        TestPeer peer = h.peer("A");
        h.runFor(123 * MS);
        long receivedAt = h.now;
        peer.timers.anyAuthenticatedPacketReceived(receivedAt);
        peer.timers.dataReceived(receivedAt);
        h.runFor(60 * SECOND);
        List<Fired> keepalives = h.actions.of(Fired.Kind.KEEPALIVE);
        assertEquals(1, keepalives.size());
        h.assertFiredOnTime(receivedAt + 10 * SECOND, keepalives.get(0).at());
        assertEquals(1, h.actions.fired.size());
    }

    @Test
    void anyPacketSentCancelsIt() {
        Harness h = new Harness(START, MS);
        TestPeer peer = h.peer("A");
        peer.timers.dataReceived(h.now);
        h.runFor(9 * SECOND);
        peer.timers.anyAuthenticatedPacketSent(h.now);
        h.runFor(60 * SECOND);
        assertEquals(List.of(), h.actions.fired);
        assertEquals(0, h.wheel.slottedCount(), "the wheel dropped the disarmed entry");
    }

    @Test
    void dataWhileItIsPendingAsksForAnotherOneAfterIt() {
        Harness h = new Harness(START, MS);
        h.actions.dataPlane = true;
        TestPeer peer = h.peer("A");
        long first = h.now;
        peer.timers.dataReceived(first);
        h.runFor(4 * SECOND);
        for (int i = 0; i < 1000; i++) {
            peer.timers.dataReceived(h.now); // noted once, however often
        }
        h.runFor(60 * SECOND);
        List<Fired> keepalives = h.actions.of(Fired.Kind.KEEPALIVE);
        assertEquals(2, keepalives.size(), keepalives::toString);
        h.assertFiredOnTime(first + 10 * SECOND, keepalives.get(0).at());
        // Re-armed from the moment the first one fired, after its own send cancelled nothing.
        h.assertFiredOnTime(keepalives.get(0).at() + 10 * SECOND, keepalives.get(1).at());
    }

    @Test
    void theNoteOutlivesACancelledTimerAsInLinux() {
        Harness h = new Harness(START, MS);
        TestPeer peer = h.peer("A");
        peer.timers.dataReceived(h.now);
        peer.timers.dataReceived(h.now);
        peer.timers.anyAuthenticatedPacketSent(h.now);
        h.runFor(5 * SECOND);
        long armedAt = h.now;
        peer.timers.dataReceived(armedAt);
        h.runFor(60 * SECOND);
        List<Fired> keepalives = h.actions.of(Fired.Kind.KEEPALIVE);
        assertEquals(2, keepalives.size());
        h.assertFiredOnTime(armedAt + 10 * SECOND, keepalives.get(0).at());
        h.assertFiredOnTime(keepalives.get(0).at() + 10 * SECOND, keepalives.get(1).at());
    }

    @Test
    void persistentKeepaliveFiresAtOnceWhenTurnedOnThenEveryIntervalOfSilence() {
        Harness h = new Harness(START, MS);
        h.actions.dataPlane = true;
        TestPeer peer = h.peer("A");
        h.runFor(SECOND);
        long onAt = h.now;
        assertTrue(peer.timers.setPersistentKeepalive(25, onAt));
        h.runFor(80 * SECOND);
        List<Fired> keepalives = h.actions.of(Fired.Kind.KEEPALIVE);
        assertEquals(4, keepalives.size(), keepalives::toString);
        h.assertFiredOnTime(onAt, keepalives.get(0).at());
        for (int i = 1; i < 4; i++) {
            h.assertFiredOnTime(keepalives.get(i - 1).at() + 25 * SECOND, keepalives.get(i).at());
        }
    }

    @Test
    void persistentKeepaliveIsPushedBackByTrafficBothWays() {
        Harness h = new Harness(START, MS);
        h.actions.dataPlane = true;
        TestPeer peer = h.peer("A");
        peer.timers.setPersistentKeepalive(25, h.now);
        h.runFor(MS);
        assertEquals(1, h.actions.fired.size(), "the one sent when turned on");
        h.actions.fired.clear();
        long last = h.now;
        for (int i = 0; i < 10; i++) { // traffic every 20 s for 200 s: no keepalive needed
            h.runFor(20 * SECOND);
            last = h.now;
            if (i % 2 == 0) {
                peer.timers.anyAuthenticatedPacketReceived(last);
            } else {
                peer.timers.anyAuthenticatedPacketSent(last);
            }
        }
        assertEquals(List.of(), h.actions.fired);
        h.runFor(30 * SECOND);
        assertEquals(1, h.actions.fired.size());
        h.assertFiredOnTime(last + 25 * SECOND, h.actions.fired.get(0).at());
    }

    @Test
    void turningPersistentKeepaliveOffStopsItAndOnAgainFiresAtOnce() {
        Harness h = new Harness(START, MS);
        h.actions.dataPlane = true;
        TestPeer peer = h.peer("A");
        peer.timers.setPersistentKeepalive(25, h.now);
        h.runFor(30 * SECOND);
        assertEquals(2, h.actions.fired.size());
        assertFalse(peer.timers.setPersistentKeepalive(0, h.now));
        assertEquals(0, peer.timers.persistentKeepalive());
        h.runFor(100 * SECOND);
        peer.timers.anyAuthenticatedPacketReceived(h.now); // traffic does not re-arm it while off
        h.runFor(100 * SECOND);
        assertEquals(2, h.actions.fired.size(), "nothing while off");

        long onAt = h.now;
        assertTrue(peer.timers.setPersistentKeepalive(10, onAt));
        h.runFor(MS);
        assertEquals(3, h.actions.fired.size());
        h.assertFiredOnTime(onAt, h.actions.fired.get(2).at());
    }

    @Test
    void changingANonZeroIntervalAppliesFromTheNextPacket() {
        Harness h = new Harness(START, MS);
        h.actions.dataPlane = true;
        TestPeer peer = h.peer("A");
        peer.timers.setPersistentKeepalive(25, h.now);
        h.runFor(MS);
        long sentAt = h.actions.fired.get(0).at();
        assertFalse(peer.timers.setPersistentKeepalive(40, h.now), "no keepalive for a mere change");
        h.runFor(30 * SECOND);
        assertEquals(2, h.actions.fired.size());
        h.assertFiredOnTime(sentAt + 25 * SECOND, h.actions.fired.get(1).at());
        h.runFor(45 * SECOND);
        assertEquals(3, h.actions.fired.size());
        h.assertFiredOnTime(h.actions.fired.get(1).at() + 40 * SECOND, h.actions.fired.get(2).at());
    }

    @Test
    void withoutASendThePersistentKeepaliveIsNotReArmed() {
        Harness h = new Harness(START, MS);
        TestPeer peer = h.peer("A"); // no data plane: the keepalive is never sent
        peer.timers.setPersistentKeepalive(5, h.now);
        h.runFor(60 * SECOND);
        assertEquals(1, h.actions.fired.size());
    }

    @Test
    void intervalOutsideTheUapiRangeIsRejected() {
        Harness h = new Harness(START, MS);
        TestPeer peer = h.peer("A");
        assertThrows(IllegalArgumentException.class, () -> peer.timers.setPersistentKeepalive(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> peer.timers.setPersistentKeepalive(65_536, 0));
        peer.timers.setPersistentKeepalive(65_535, h.now);
        assertEquals(65_535, peer.timers.persistentKeepalive());
    }
}
