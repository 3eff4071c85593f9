package io.wghub.gateway.timer;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every action; with {@code dataPlane} set it also does what the gateway will do (send
 * the initiation or keepalive at once, calling the hooks that sending calls).
 */
final class RecordingActions implements TimerActions<TestPeer> {
    final List<Fired> fired = new ArrayList<>();
    /** Every initiation sent through {@link #sendInitiation}: when, and the retransmit deadline it set. */
    final List<long[]> initiations = new ArrayList<>();
    boolean dataPlane;

    @Override
    public void retryHandshake(TestPeer peer, int attempt, long nowNanos) {
        fired.add(new Fired(Fired.Kind.RETRY, peer, nowNanos, attempt));
        if (dataPlane) {
            sendInitiation(peer, nowNanos);
        }
    }

    @Override
    public void handshakeGaveUp(TestPeer peer, int attempts, long nowNanos) {
        fired.add(new Fired(Fired.Kind.GAVE_UP, peer, nowNanos, attempts));
    }

    @Override
    public void initiateHandshake(TestPeer peer, long nowNanos) {
        fired.add(new Fired(Fired.Kind.INITIATE, peer, nowNanos, 0));
        if (dataPlane) {
            peer.timers.handshakeRequested();
            sendInitiation(peer, nowNanos);
        }
    }

    @Override
    public void sendKeepalive(TestPeer peer, long nowNanos) {
        fired.add(new Fired(Fired.Kind.KEEPALIVE, peer, nowNanos, 0));
        if (dataPlane) {
            peer.timers.anyAuthenticatedPacketSent(nowNanos);
        }
    }

    @Override
    public void zeroKeyMaterial(TestPeer peer, long nowNanos) {
        fired.add(new Fired(Fired.Kind.ZERO_KEYS, peer, nowNanos, 0));
    }

    /** What sending an initiation does to the timers (Linux: traversal, sent, initiated). */
    void sendInitiation(TestPeer peer, long nowNanos) {
        peer.timers.anyAuthenticatedPacketSent(nowNanos);
        peer.timers.handshakeInitiated(nowNanos);
        initiations.add(new long[] {nowNanos, peer.timers.deadline(TimerKind.RETRANSMIT_HANDSHAKE)});
    }

    List<Fired> of(Fired.Kind kind) {
        return fired.stream().filter(f -> f.kind() == kind).toList();
    }
}
