package io.wghub.gateway.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.wghub.gateway.DropReason;
import io.wghub.gateway.noise.Messages;

/**
 * First inbound stage: drops datagrams that are not a well-framed WireGuard message (type,
 * reserved bytes, length) and flushes the lane's socket once the read batch is done, so the
 * replies and forwards of a whole recvmmsg batch leave in one sendmmsg.
 */
final class ClassifyStage extends ChannelInboundHandlerAdapter {
    private final DataPlane plane;
    private final Lane lane;

    ClassifyStage(DataPlane plane, Lane lane) {
        this.plane = plane;
        this.lane = lane;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket datagram = (DatagramPacket) msg;
        ByteBuf content = datagram.content();
        int length = content.readableBytes();
        DropReason drop;
        if (length < 4) {
            drop = DropReason.TRUNCATED;
        } else {
            int start = content.readerIndex();
            int reserved = content.getByte(start + 1) | content.getByte(start + 2) | content.getByte(start + 3);
            drop = Messages.check(content.getUnsignedByte(start), reserved, length);
        }
        if (drop != null) {
            plane.drops.count(drop);
            datagram.release();
            return;
        }
        ctx.fireChannelRead(datagram);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lane.flush();
        ctx.fireChannelReadComplete();
    }
}
