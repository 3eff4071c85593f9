package io.wghub.gateway.pipeline;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.wghub.gateway.DropReason;
import io.wghub.gateway.noise.Consumed;
import io.wghub.gateway.noise.CookieMaker;
import io.wghub.gateway.noise.Messages;
import io.wghub.gateway.peer.Keypair;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.timer.PeerTimers;
import io.wghub.metrics.HandshakeMetrics;
import io.wghub.metrics.HandshakeResult;
import io.wghub.metrics.HandshakeRole;

/**
 * Third inbound stage: handshake messages that passed the load guard (whitepaper §5.4.2 to
 * §5.4.4). Answers initiations as responder, completes our initiations on their response, takes
 * cookies from cookie replies, and drives the peer's timers and endpoint from each. Transport
 * messages pass by.
 */
final class HandshakeStage extends ChannelInboundHandlerAdapter {
    private final DataPlane plane;
    private final Lane lane;

    HandshakeStage(DataPlane plane, Lane lane) {
        this.plane = plane;
        this.lane = lane;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HandshakeMessage message)) {
            ctx.fireChannelRead(msg);
            return;
        }
        long now = System.nanoTime();
        switch (message.type) {
            case Messages.TYPE_INITIATION -> {
                initiation(message, now);
                recordDuration(now);
            }
            case Messages.TYPE_RESPONSE -> {
                response(message, now);
                recordDuration(now);
            }
            default -> cookieReply(message, now);
        }
        message.set(0, null, null);
    }

    /** The handshake-duration histogram: time to process one initiation or response, valid or not (both cost the DH). */
    private void recordDuration(long startNanos) {
        HandshakeMetrics metrics = plane.handshakeMetrics;
        if (metrics != null) {
            metrics.recordDuration(System.nanoTime() - startNanos);
        }
    }

    private void initiation(HandshakeMessage message, long now) {
        Consumed consumed = plane.protocol.consumeInitiation(message.bytes, now);
        if (!consumed.ok()) {
            plane.drops.count(consumed.drop());
            plane.handshake(HandshakeRole.RESPONDER, HandshakeResult.INVALID);
            if (consumed.drop() == DropReason.INVALID_INITIATION && plane.log.permit()) {
                plane.log.warn("Invalid handshake initiation from " + EventLog.endpoint(message.sender));
            }
            return;
        }
        Peer peer = consumed.peer();
        PeerTimers<Peer> timers = peer.timers();
        peer.roamTo(message.sender);
        peer.counters().received(message.bytes.length);
        timers.anyAuthenticatedPacketReceived(now);
        byte[] response = plane.protocol.createResponse(peer, now);
        if (response == null || plane.protocol.beginSession(peer, now) == null) {
            return;
        }
        timers.sessionDerived(now);
        plane.sender.sendResponse(peer, response, message.sender, lane, now);
        plane.handshake(HandshakeRole.RESPONDER, HandshakeResult.OK);
    }

    private void response(HandshakeMessage message, long now) {
        Consumed consumed = plane.protocol.consumeResponse(message.bytes, now);
        if (!consumed.ok()) {
            plane.drops.count(consumed.drop());
            plane.handshake(HandshakeRole.INITIATOR, HandshakeResult.INVALID);
            if (plane.log.permit()) {
                plane.log.warn("Invalid handshake response from " + EventLog.endpoint(message.sender));
            }
            return;
        }
        Peer peer = consumed.peer();
        Keypair keypair = plane.protocol.beginSession(peer, now);
        if (keypair == null) {
            return;
        }
        PeerTimers<Peer> timers = peer.timers();
        peer.roamTo(message.sender);
        peer.counters().received(message.bytes.length);
        peer.counters().handshakeCompleted();
        peer.sentLastMinuteHandshake(false);
        plane.handshake(HandshakeRole.INITIATOR, HandshakeResult.OK);
        timers.sessionDerived(now);
        timers.handshakeComplete(now);
        timers.anyAuthenticatedPacketReceived(now);
        // Confirms the session to the responder at once, carrying staged packets if there are any.
        plane.sender.sendKeepalive(peer, lane, now);
    }

    private void cookieReply(HandshakeMessage message, long now) {
        DropReason drop = CookieMaker.consumeReply(plane.peers.indices(), message.bytes, now);
        if (drop != null) {
            plane.drops.count(drop);
            if (plane.log.permit()) {
                plane.log.warn("Invalid cookie message from " + EventLog.endpoint(message.sender));
            }
        }
    }
}
