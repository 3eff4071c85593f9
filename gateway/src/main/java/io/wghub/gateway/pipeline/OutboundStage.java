package io.wghub.gateway.pipeline;

import io.netty.buffer.ByteBuf;
import io.wghub.gateway.DropReason;
import io.wghub.gateway.peer.Peer;

/**
 * The outbound path from one lane's TUN queue (cryptokey routing's send rule, whitepaper §2.1):
 * the destination address picks the peer by longest-prefix match in the allowed IPs; no match
 * is a counted drop. The packet then goes to the sender on this same loop; the socket is
 * flushed once per TUN read batch.
 */
final class OutboundStage implements TunIoHandle.PacketSink {
    private final DataPlane plane;
    private final Lane lane;

    OutboundStage(DataPlane plane, Lane lane) {
        this.plane = plane;
        this.lane = lane;
    }

    @Override
    public void packetFromTun(ByteBuf packet) {
        Peer peer = InnerPacket.byDestination(plane.allowedIps, packet);
        if (peer == null) {
            plane.drops.count(DropReason.NO_ROUTE);
            packet.release();
            return;
        }
        plane.sender.send(peer, packet, lane, System.nanoTime());
    }

    @Override
    public void superPacketSplit() {
        plane.tunSuperPackets.increment();
    }

    @Override
    public void readDropped(DropReason reason) {
        plane.drops.count(reason);
    }

    @Override
    public void batchComplete() {
        lane.flush();
    }
}
