package io.wghub.gateway.pipeline;

import io.wghub.gateway.DropReason;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.timer.TimerActions;
import io.wghub.metrics.HandshakeResult;
import io.wghub.metrics.HandshakeRole;


/**
 * What the timer wheel's firings do (whitepaper §6, Linux's timers.c): retry or give up a
 * handshake, start one after unanswered data, send keepalives, erase old keys. Runs on the lane
 * that ticks the wheel; the caller flushes that lane after each tick.
 */
final class PeerTimerActions implements TimerActions<Peer> {
    private final DataPlane plane;
    /** The lane whose loop ticks the wheel; set before the first tick, read on that loop only. */
    private Lane lane;

    PeerTimerActions(DataPlane plane) {
        this.plane = plane;
    }

    void lane(Lane lane) {
        this.lane = lane;
    }

    @Override
    public void retryHandshake(Peer peer, int attempt, long nowNanos) {
        if (plane.log.permit()) {
            plane.log.info("Handshake for " + EventLog.peerName(peer) + " did not complete after "
                    + seconds(plane.rekeyTimeoutNanos) + " seconds, retrying (try " + attempt + ")");
        }
        plane.sender.sendInitiation(peer, lane, nowNanos, true);
    }

    @Override
    public void handshakeGaveUp(Peer peer, int attempts, long nowNanos) {
        if (plane.log.permit()) {
            plane.log.info("Handshake for " + EventLog.peerName(peer) + " did not complete after "
                    + attempts + " attempts, giving up");
        }
        plane.sender.dropStaged(peer, DropReason.HANDSHAKE_TIMEOUT);
        plane.handshake(HandshakeRole.INITIATOR, HandshakeResult.TIMEOUT);
    }

    @Override
    public void initiateHandshake(Peer peer, long nowNanos) {
        plane.sender.sendInitiation(peer, lane, nowNanos, false);
    }

    @Override
    public void sendKeepalive(Peer peer, long nowNanos) {
        plane.sender.sendKeepalive(peer, lane, nowNanos);
    }

    /** "5", or "0.2" with the shortened test timers. */
    private static String seconds(long nanos) {
        return nanos % 1_000_000_000L == 0 ? Long.toString(nanos / 1_000_000_000L)
                : Double.toString(nanos / 1e9);
    }

    @Override
    public void zeroKeyMaterial(Peer peer, long nowNanos) {
        plane.protocol.zeroKeyMaterial(peer);
    }
}
