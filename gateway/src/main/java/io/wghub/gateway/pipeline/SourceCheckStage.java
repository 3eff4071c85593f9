package io.wghub.gateway.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.wghub.gateway.DropReason;

/**
 * Fifth inbound stage, cryptokey routing's receive rule (whitepaper §2.1): a decrypted packet
 * must be IPv4 or IPv6 and its source address must be in the allowed IPs of the peer it came
 * from, else it is dropped, counted and logged with wg(4)'s words.
 */
final class SourceCheckStage extends ChannelInboundHandlerAdapter {
    private final DataPlane plane;

    SourceCheckStage(DataPlane plane) {
        this.plane = plane;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        InboundPacket packet = (InboundPacket) msg;
        ByteBuf content = packet.datagram.content();
        if (!InnerPacket.trim(content)) {
            plane.drops.count(DropReason.INVALID_INNER_PACKET);
            if (plane.log.permit()) {
                plane.log.warn("Packet neither IPv4 nor IPv6 from " + EventLog.peerName(packet.peer));
            }
            release(packet);
            return;
        }
        if (InnerPacket.bySource(plane.allowedIps, content) != packet.peer) {
            plane.drops.count(DropReason.UNALLOWED_SOURCE);
            if (plane.log.permit()) {
                plane.log.warn("Packet has unallowed src IP (" + InnerPacket.sourceText(content) + ") from "
                        + EventLog.peerName(packet.peer) + " (" + EventLog.endpoint(packet.datagram.sender()) + ")");
            }
            release(packet);
            return;
        }
        ctx.fireChannelRead(packet);
    }

    private static void release(InboundPacket packet) {
        packet.datagram.release();
        packet.set(null, null);
    }
}
