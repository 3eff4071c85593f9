package io.wghub.gateway.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.wghub.gateway.DropReason;
import io.wghub.gateway.noise.Transport;
import io.wghub.gateway.peer.Keypair;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.timer.PeerTimers;

import java.nio.ByteBuffer;

/**
 * Fourth inbound stage: opens transport messages in place under the session their receiver
 * index names, with the replay window (whitepaper §5.4.6). An authenticated packet confirms a
 * responder's new session, moves the peer's endpoint to its source (roaming) and feeds the
 * timers; keepalives end here, inner packets go on to the source check.
 */
final class DecryptStage extends ChannelInboundHandlerAdapter {
    private final DataPlane plane;
    private final Lane lane;

    DecryptStage(DataPlane plane, Lane lane) {
        this.plane = plane;
        this.lane = lane;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket datagram = (DatagramPacket) msg;
        ByteBuf content = datagram.content();
        int start = content.readerIndex();
        int length = content.readableBytes();
        long now = System.nanoTime();
        ByteBuffer nio = content.internalNioBuffer(start, length);
        int base = nio.position();
        DropReason drop = Transport.open(plane.peers.indices(), nio, now, lane.received);
        if (drop != null) {
            plane.drops.count(drop);
            datagram.release();
            return;
        }
        content.setIndex(start + nio.position() - base, start + nio.limit() - base);
        Keypair keypair = lane.received.keypair();
        Peer peer = keypair.peer();
        PeerTimers<Peer> timers = peer.timers();
        // First, as Linux does: what the confirmation below sends must go to where the peer is now.
        peer.roamTo(datagram.sender());
        if (peer.keypairs().confirm(keypair)) {
            timers.handshakeComplete(now);
            peer.counters().handshakeCompleted();
            plane.sender.sendStaged(peer, lane, now);
        }
        plane.sender.keepKeyFreshOnReceive(peer, keypair, lane, now);
        timers.anyAuthenticatedPacketReceived(now);
        peer.counters().received(length);
        if (!content.isReadable()) {
            datagram.release(); // a keepalive
            return;
        }
        timers.dataReceived(now);
        ctx.fireChannelRead(lane.inbound.set(datagram, peer));
    }
}
