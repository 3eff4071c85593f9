package io.wghub.gateway.timer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.wghub.gateway.timer.Harness.MS;
import static io.wghub.gateway.timer.Harness.SECOND;
import static org.junit.jupiter.api.Assertions.*;

/** Removing a peer (stop) and taking an interface down (disarmAll) leave nothing firing or held. */
class StopTest {
    private static final long START = 0;

    private static void armEverything(TestPeer peer, long now) {
        peer.timers.handshakeInitiated(now);
        peer.timers.sessionDerived(now);
        peer.timers.dataSent(now);
        peer.timers.dataReceived(now);
        peer.timers.dataReceived(now);
        peer.timers.setPersistentKeepalive(1, now);
    }

    @Test
    void aStoppedPeerFiresNothingAndIsReleased() {
        Harness h = new Harness(START, 10 * MS);
        TestPeer peer = h.peer("A");
        armEverything(peer, h.now);
        h.runFor(100 * MS);
        assertEquals(1, h.actions.fired.size(), "the persistent keepalive due at once");
        assertEquals(1, h.wheel.slottedCount());
        peer.timers.stop();
        h.runFor(10 * MS);
        assertEquals(0, h.wheel.slottedCount(), "dropped eagerly at the next tick");
        assertEquals(0, h.wheel.peerCount(), "its id is free");
        // Late hooks from a data-plane thread that still held the peer change nothing.
        armEverything(peer, h.now);
        peer.timers.anyAuthenticatedPacketSent(h.now);
        h.runFor(20 * 60 * SECOND);
        assertEquals(1, h.actions.fired.size(), h.actions.fired::toString);
        assertEquals(0, h.wheel.slottedCount());
        assertEquals(0, h.wheel.peerCount());
    }

    @Test
    void stopBeforeTheWheelEverSawThePeer() {
        Harness h = new Harness(START, 10 * MS);
        TestPeer peer = h.peer("A");
        armEverything(peer, h.now);
        peer.timers.stop();
        h.runFor(20 * 60 * SECOND);
        assertEquals(List.of(), h.actions.fired);
        assertEquals(0, h.wheel.peerCount());
    }

    @Test
    void stoppingHalfThePeersLeavesTheOtherHalfAndFreedIdsAreReused() {
        Harness h = new Harness(START, 10 * MS);
        List<TestPeer> peers = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            TestPeer peer = h.peer("p" + i);
            peer.timers.sessionDerived(h.now);
            peer.timers.dataReceived(h.now);
            peers.add(peer);
        }
        h.runFor(SECOND);
        for (int i = 0; i < peers.size(); i += 2) {
            peers.get(i).timers.stop();
        }
        h.runFor(10 * MS);
        assertEquals(5_000, h.wheel.peerCount());
        List<TestPeer> newcomers = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            TestPeer peer = h.peer("n" + i);
            peer.timers.dataReceived(h.now);
            newcomers.add(peer);
        }
        assertEquals(10_000, h.wheel.peerCount());
        long newcomersArmed = h.now;
        h.runFor(600 * SECOND);
        Map<TestPeer, List<Fired>> byPeer = h.actions.fired.stream().collect(Collectors.groupingBy(Fired::peer));
        for (int i = 0; i < peers.size(); i++) {
            int count = byPeer.getOrDefault(peers.get(i), List.of()).size();
            assertEquals(i % 2 == 0 ? 0 : 2, count, "keepalive and key erasure for survivors only");
        }
        for (TestPeer peer : newcomers) {
            List<Fired> own = byPeer.get(peer);
            assertEquals(1, own.size());
            h.assertFiredOnTime(newcomersArmed + 10 * SECOND, own.get(0).at());
        }
        assertEquals(0, h.wheel.slottedCount());
    }

    @Test
    void disarmAllSilencesThePeerButItCanBeArmedAgain() {
        Harness h = new Harness(START, 10 * MS);
        TestPeer peer = h.peer("A");
        armEverything(peer, h.now);
        peer.timers.disarmAll();
        h.runFor(600 * SECOND);
        assertEquals(List.of(), h.actions.fired);
        assertEquals(0, h.wheel.slottedCount(), "dropped lazily");
        assertEquals(1, h.wheel.peerCount(), "still a peer");
        long at = h.now;
        peer.timers.dataReceived(at);
        h.runFor(20 * SECOND);
        assertEquals(1, h.actions.fired.size(), "one keepalive: the old note was forgotten");
        h.assertFiredOnTime(at + 10 * SECOND, h.actions.fired.get(0).at());
    }
}
