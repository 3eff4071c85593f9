package io.wghub.gateway.timer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.wghub.gateway.timer.Harness.MS;
import static io.wghub.gateway.timer.Harness.SECOND;
import static org.junit.jupiter.api.Assertions.*;

/** Handshake retransmission: 19 retries about 5 s apart, give-up at the 20th expiry, key erasure. */
class RetransmitHandshakeTest {
    private static final long START = 7_000_000_000_000L;
    private static final long JITTER = 333 * MS;

    @Test
    void retriesNineteenTimesThenGivesUpThenErasesKeysAfter540Seconds() {
        Harness h = new Harness(START, MS);
        h.actions.dataPlane = true;
        TestPeer peer = h.peer("A");
        peer.timers.handshakeRequested();
        h.actions.sendInitiation(peer, h.now);

        h.runFor(120 * SECOND);
        List<Fired> retries = h.actions.of(Fired.Kind.RETRY);
        assertEquals(19, retries.size(), "retries after the first initiation");
        List<long[]> initiations = h.actions.initiations;
        assertEquals(20, initiations.size(), "initiations in all");
        for (int i = 0; i < initiations.size(); i++) {
            long jitter = initiations.get(i)[1] - initiations.get(i)[0] - 5 * SECOND;
            assertTrue(jitter >= 0 && jitter <= JITTER, "jitter " + jitter);
        }
        for (int i = 0; i < retries.size(); i++) {
            assertEquals(i + 2, retries.get(i).attempt(), "try number");
            h.assertFiredOnTime(initiations.get(i)[1], retries.get(i).at());
        }
        List<Fired> gaveUp = h.actions.of(Fired.Kind.GAVE_UP);
        assertEquals(1, gaveUp.size());
        assertEquals(20, gaveUp.get(0).attempt(), "\"did not complete after 20 attempts\"");
        long giveUpAt = gaveUp.get(0).at();
        h.assertFiredOnTime(initiations.get(19)[1], giveUpAt);
        long elapsed = giveUpAt - START;
        assertTrue(elapsed >= 100 * SECOND && elapsed <= 100 * SECOND + 20 * (JITTER + MS), "gave up after " + elapsed);

        h.step = 10 * MS;
        h.runTo(giveUpAt + 700 * SECOND);
        List<Fired> zero = h.actions.of(Fired.Kind.ZERO_KEYS);
        assertEquals(1, zero.size());
        h.assertFiredOnTime(giveUpAt + 540 * SECOND, zero.get(0).at());
        assertEquals(19 + 1 + 1, h.actions.fired.size(), "nothing else fired: " + h.actions.fired);
        assertEquals(0, h.wheel.slottedCount(), "nothing left armed");
    }

    @Test
    void aCompletedHandshakeStopsRetriesAndResetsTheCount() {
        Harness h = new Harness(START, MS);
        h.actions.dataPlane = true;
        TestPeer peer = h.peer("A");
        peer.timers.handshakeRequested();
        h.actions.sendInitiation(peer, h.now);
        h.runUntil(() -> h.actions.of(Fired.Kind.RETRY).size() >= 7, 200 * SECOND);
        assertEquals(7, peer.timers.handshakeAttempts());
        h.runFor(SECOND);
        long completedAt = h.now;
        peer.timers.sessionDerived(completedAt);
        peer.timers.handshakeComplete(completedAt);
        assertEquals(0, peer.timers.handshakeAttempts());
        assertEquals(Harness.WALL, peer.timers.lastHandshakeTime());
        assertEquals(completedAt, peer.timers.lastHandshakeNanos());

        h.step = 10 * MS;
        h.runFor(600 * SECOND);
        assertEquals(7, h.actions.of(Fired.Kind.RETRY).size(), "no retry after the handshake completed");
        assertEquals(0, h.actions.of(Fired.Kind.GAVE_UP).size());
        List<Fired> zero = h.actions.of(Fired.Kind.ZERO_KEYS);
        assertEquals(1, zero.size());
        h.assertFiredOnTime(completedAt + 540 * SECOND, zero.get(0).at());

        // A new round starts from zero: the full 19 retries again.
        h.actions.fired.clear();
        h.step = MS;
        peer.timers.handshakeRequested();
        h.actions.sendInitiation(peer, h.now);
        h.runFor(120 * SECOND);
        assertEquals(19, h.actions.of(Fired.Kind.RETRY).size());
        assertEquals(1, h.actions.of(Fired.Kind.GAVE_UP).size());
    }

    @Test
    void aFreshRequestDuringRetriesRestartsTheCountAsLinuxDoes() {
        Harness h = new Harness(START, MS);
        h.actions.dataPlane = true;
        TestPeer peer = h.peer("A");
        peer.timers.handshakeRequested();
        h.actions.sendInitiation(peer, h.now);
        h.runUntil(() -> h.actions.of(Fired.Kind.RETRY).size() >= 10, 200 * SECOND);
        // E.g. a packet staged for the peer: rate-limited, so no initiation, but the count restarts.
        peer.timers.handshakeRequested();
        h.runFor(200 * SECOND);
        List<Fired> retries = h.actions.of(Fired.Kind.RETRY);
        assertEquals(10 + 19, retries.size());
        assertEquals(11, retries.get(9).attempt());
        assertEquals(2, retries.get(10).attempt(), "counting restarted");
        assertEquals(20, retries.get(28).attempt());
        assertEquals(1, h.actions.of(Fired.Kind.GAVE_UP).size());
    }

    @Test
    void givingUpCancelsThePassiveKeepaliveAndKeepsAnEarlierKeyErasure() {
        Harness h = new Harness(START, MS);
        h.actions.dataPlane = true;
        TestPeer peer = h.peer("A");
        long sessionAt = h.now;
        peer.timers.sessionDerived(sessionAt);
        peer.timers.handshakeRequested();
        h.actions.sendInitiation(peer, h.now);
        h.runUntil(() -> h.actions.of(Fired.Kind.RETRY).size() >= 19, 200 * SECOND);
        h.runFor(MS);
        peer.timers.dataReceived(h.now);
        long keepaliveDue = h.now + 10 * SECOND;
        h.runTo(keepaliveDue + SECOND);
        assertEquals(1, h.actions.of(Fired.Kind.GAVE_UP).size());
        assertTrue(h.actions.of(Fired.Kind.GAVE_UP).get(0).at() - keepaliveDue < 0, "gave up first");
        assertEquals(0, h.actions.of(Fired.Kind.KEEPALIVE).size(), "keepalive cancelled by the give-up");

        h.step = 10 * MS;
        h.runTo(sessionAt + 700 * SECOND);
        List<Fired> zero = h.actions.of(Fired.Kind.ZERO_KEYS);
        assertEquals(1, zero.size());
        h.assertFiredOnTime(sessionAt + 540 * SECOND, zero.get(0).at());
    }

    @Test
    void jitterStaysWithinZeroTo333Milliseconds() {
        Harness h = new Harness(START, MS);
        TestPeer peer = h.peer("A");
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 20_000; i++) {
            long now = h.now + i;
            peer.timers.handshakeInitiated(now);
            long jitter = peer.timers.deadline(TimerKind.RETRANSMIT_HANDSHAKE) - now - 5 * SECOND;
            assertTrue(jitter >= 0 && jitter <= JITTER, "jitter " + jitter);
            min = Math.min(min, jitter);
            max = Math.max(max, jitter);
        }
        assertTrue(min < 5 * MS && max > 328 * MS, "jitter spans the range: " + min + ".." + max);
    }

    @Test
    void retriesAreTheSameOnShortenedTimers() {
        Harness h = new Harness(TimerConstants.shortenedForTests(100), START, MS / 10);
        h.actions.dataPlane = true;
        TestPeer peer = h.peer("A");
        peer.timers.handshakeRequested();
        h.actions.sendInitiation(peer, h.now);
        h.runFor(2 * SECOND);
        assertEquals(19, h.actions.of(Fired.Kind.RETRY).size());
        long giveUpAt = h.actions.of(Fired.Kind.GAVE_UP).get(0).at();
        assertTrue(giveUpAt - START >= SECOND && giveUpAt - START < SECOND + 20 * (4 * MS), "50 ms apart");
        h.runTo(giveUpAt + 6 * SECOND);
        h.assertFiredOnTime(giveUpAt + 5400 * MS, h.actions.of(Fired.Kind.ZERO_KEYS).get(0).at());
    }

    @Test
    void theSeededGeneratorMakesRunsRepeatable() {
        long[] first = retryTimes();
        assertArrayEquals(first, retryTimes());
    }

    private static long[] retryTimes() {
        Harness h = new Harness(START, MS);
        h.actions.dataPlane = true;
        TestPeer peer = h.peer("A");
        h.actions.sendInitiation(peer, h.now);
        h.runFor(30 * SECOND);
        return h.actions.fired.stream().mapToLong(Fired::at).toArray();
    }
}
