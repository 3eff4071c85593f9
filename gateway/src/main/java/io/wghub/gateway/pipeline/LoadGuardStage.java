package io.wghub.gateway.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.wghub.gateway.DropReason;
import io.wghub.gateway.noise.CookieChecker;
import io.wghub.gateway.noise.Messages;

import java.net.InetSocketAddress;

/**
 * Second inbound stage, for handshake-class messages (whitepaper §5.4.4, §5.4.7): initiations and
 * responses must carry a valid mac1; under load they must also carry a mac2 made with the cookie
 * of their source address, and get a cookie reply instead of being processed when they do not;
 * a source with a valid cookie is still held to {@link HandshakeRateLimiter}'s rate.
 * Copies the message out of its datagram for the handshake stage; transport messages pass by.
 */
final class LoadGuardStage extends ChannelInboundHandlerAdapter {
    private final DataPlane plane;
    private final Lane lane;

    LoadGuardStage(DataPlane plane, Lane lane) {
        this.plane = plane;
        this.lane = lane;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket datagram = (DatagramPacket) msg;
        ByteBuf content = datagram.content();
        int type = content.getUnsignedByte(content.readerIndex());
        if (type == Messages.TYPE_TRANSPORT) {
            ctx.fireChannelRead(datagram);
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(content);
        InetSocketAddress sender = datagram.sender();
        datagram.release();
        if (type != Messages.TYPE_COOKIE_REPLY && !admitted(type, bytes, sender)) {
            return;
        }
        ctx.fireChannelRead(lane.handshake.set(type, bytes, sender));
    }

    private boolean admitted(int type, byte[] bytes, InetSocketAddress sender) {
        long now = System.nanoTime();
        boolean underLoad = lane.load.handshakeArrived(now);
        CookieChecker checker = plane.cookieChecker;
        if (checker == null) {
            // No private key yet (wireguard-go mode before `wg setconf`): nothing can be answered.
            plane.drops.count(type == Messages.TYPE_INITIATION ? DropReason.INVALID_INITIATION : DropReason.INVALID_RESPONSE);
            return false;
        }
        if (!checker.validMac1(bytes)) {
            plane.drops.count(DropReason.INVALID_MAC1);
            if (plane.log.permit()) {
                plane.log.warn((type == Messages.TYPE_INITIATION ? "Invalid initiation MAC" : "Invalid response MAC")
                        + " from " + EventLog.endpoint(sender));
            }
            return false;
        }
        if (underLoad) {
            byte[] address = sender.getAddress().getAddress();
            if (!checker.validMac2(bytes, address, sender.getPort(), now)) {
                byte[] reply = checker.createReply(bytes, address, sender.getPort(), now);
                lane.send(Unpooled.wrappedBuffer(reply), sender);
                plane.cookieRepliesSent.increment();
                plane.drops.count(DropReason.COOKIE_REQUIRED);
                return false;
            }
            // The cookie proved the source address; a proven source still gets only its share.
            if (!plane.handshakeLimiter.allow(sender.getAddress(), now)) {
                plane.drops.count(DropReason.HANDSHAKE_RATE_LIMITED);
                return false;
            }
        }
        return true;
    }
}
