package io.wghub.gateway.pipeline;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.wghub.gateway.DropReason;
import io.wghub.tun.TunException;

import java.io.IOException;

/** Last inbound stage: writes the checked inner packet to this lane's TUN queue, on this loop's thread. */
final class TunWriteStage extends ChannelInboundHandlerAdapter {
    private final DataPlane plane;
    private final Lane lane;

    TunWriteStage(DataPlane plane, Lane lane) {
        this.plane = plane;
        this.lane = lane;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        InboundPacket packet = (InboundPacket) msg;
        try {
            if (!lane.tun().write(packet.datagram.content())) {
                plane.drops.count(DropReason.TUN_WRITE_FAILED);
            }
        } catch (TunException e) {
            plane.drops.count(DropReason.TUN_WRITE_FAILED);
            if (plane.log.permit()) {
                plane.log.warn("Writing to the TUN failed: " + e.getMessage());
            }
        } finally {
            packet.datagram.release();
            packet.set(null, null);
        }
    }

    /**
     * Failed datagram writes (sent with the void promise) arrive here as I/O errors and are
     * counted; anything else is a bug, logged with its stack trace. Nothing reaches Netty's tail.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            plane.drops.count(DropReason.UDP_SEND_FAILED);
            if (plane.log.permit()) {
                plane.log.warn("Sending a datagram failed: " + cause.getMessage());
            }
        } else {
            plane.log.internalError("Unexpected error on the data path", cause);
        }
    }
}
