package io.wghub.gateway.pipeline;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/** Builds one lane's inbound pipeline, which reads top to bottom like the protocol. */
final class LaneInitializer extends ChannelInitializer<Channel> {
    private final DataPlane plane;
    private final Lane lane;

    LaneInitializer(DataPlane plane, Lane lane) {
        this.plane = plane;
        this.lane = lane;
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.pipeline().addLast(
                new ClassifyStage(plane, lane),
                new LoadGuardStage(plane, lane),
                new HandshakeStage(plane, lane),
                new DecryptStage(plane, lane),
                new SourceCheckStage(plane),
                new TunWriteStage(plane, lane));
    }
}
