package io.wghub.gateway.pipeline;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.buffer.ByteBufUtil;
import io.wghub.gateway.DropReason;
import io.wghub.gateway.crypto.X25519;
import io.wghub.gateway.noise.CookieMaker;
import io.wghub.gateway.noise.LocalIdentity;
import io.wghub.gateway.noise.Messages;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.timer.TimerConstants;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The load guard of a hub that is always under load (threshold 0), fed initiations from a real
 * initiator: without a cookie it answers with a cookie reply; with the cookie, the source passes
 * five at once and then only as fast as its bucket refills, the rest counted as
 * {@code handshake_rate_limited}.
 */
class LoadGuardUnderLoadTest {
    private static final InetSocketAddress SOURCE = new InetSocketAddress("192.0.2.9", 40000);
    private static final InetSocketAddress HUB = new InetSocketAddress("192.0.2.1", 51820);

    @Test
    void cookieFirstThenTheSourceIsHeldToItsRate() {
        byte[] hubKey = new byte[32];
        byte[] remoteKey = new byte[32];
        X25519.generatePrivateKey(hubKey);
        X25519.generatePrivateKey(remoteKey);
        byte[] hubPublic = new byte[32];
        byte[] remotePublic = new byte[32];
        X25519.publicKey(hubKey, hubPublic);
        X25519.publicKey(remoteKey, remotePublic);
        DataPlane hub = new DataPlane("wgl0", new LocalIdentity(hubKey), TimerConstants.PRODUCTION, 1420, PooledByteBufAllocator.DEFAULT);
        DataPlane remote = new DataPlane("wgl1", new LocalIdentity(remoteKey), TimerConstants.PRODUCTION, 1420, PooledByteBufAllocator.DEFAULT);
        hub.peers().add(remotePublic, null);
        Peer hubAtRemote = remote.peers().add(hubPublic, null);

        int[] admitted = {0};
        Lane lane = new Lane(0, false, (n, cause, off) -> fail("no GSO here"));
        EmbeddedChannel channel = new EmbeddedChannel(new LoadGuardStage(hub, lane), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                admitted[0]++;
            }
        });
        lane.channel(channel);

        deliver(channel, remote.protocol.createInitiation(hubAtRemote, System.nanoTime()));
        lane.flush();
        assertEquals(0, admitted[0]);
        assertEquals(1, hub.drops().get(DropReason.COOKIE_REQUIRED));
        DatagramPacket reply = channel.readOutbound();
        assertEquals(SOURCE, reply.recipient());
        byte[] replyBytes = ByteBufUtil.getBytes(reply.content());
        reply.release();
        assertEquals(Messages.COOKIE_REPLY_LENGTH, replyBytes.length);
        assertNull(CookieMaker.consumeReply(remote.peers().indices(), replyBytes, System.nanoTime()));

        int sent = 12;
        long start = System.nanoTime();
        for (int i = 0; i < sent; i++) {
            deliver(channel, remote.protocol.createInitiation(hubAtRemote, System.nanoTime()));
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        long limited = hub.drops().get(DropReason.HANDSHAKE_RATE_LIMITED);
        assertEquals(sent, admitted[0] + limited, "each initiation with the cookie is admitted or rate-limited");
        assertEquals(1, hub.drops().get(DropReason.COOKIE_REQUIRED), "the cookie was accepted every time");
        // Five at once, then one per 50 ms of the time the loop took (plus one for a refill at the edge).
        assertTrue(admitted[0] >= HandshakeRateLimiter.BURST, "the burst passes: " + admitted[0]);
        assertTrue(admitted[0] <= HandshakeRateLimiter.BURST + elapsedMillis / 50 + 1,
                admitted[0] + " admitted in " + elapsedMillis + " ms");
        channel.finishAndReleaseAll();
    }

    private static void deliver(EmbeddedChannel channel, byte[] initiation) {
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(initiation), HUB, SOURCE));
    }
}
