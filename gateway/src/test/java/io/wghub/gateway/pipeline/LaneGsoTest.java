package io.wghub.gateway.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.SegmentedDatagramPacket;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * How a lane gathers datagrams into UDP GSO writes (DatagramRun): runs of one size to one
 * endpoint, closed by a shorter one, bounded by the kernel's segment and size limits; a failed
 * write loses (and releases) exactly its datagrams, and only a refusal of the segmentation
 * itself turns GSO off for the lane.
 */
class LaneGsoTest {
    private static final InetSocketAddress A = new InetSocketAddress("192.0.2.1", 51820);
    private static final InetSocketAddress B = new InetSocketAddress("192.0.2.2", 51820);

    private final List<String> failures = new ArrayList<>();
    private final Lane lane = new Lane(1024, true, (n, cause, off) -> failures.add(n + (off ? " off" : " on")));

    @Test
    void equalDatagramsToOneEndpointBecomeOneSegmentedWrite() {
        EmbeddedChannel channel = attach();
        for (int i = 0; i < 3; i++) {
            lane.send(datagram(100), A);
        }
        lane.send(datagram(60), A);  // shorter: the last of its run
        lane.send(datagram(100), A); // a new run
        lane.send(datagram(100), B); // another endpoint, another run
        lane.flush();
        assertSegmented(channel.readOutbound(), 100, 360, A);
        assertSingle(channel.readOutbound(), 100, A);
        assertSingle(channel.readOutbound(), 100, B);
        assertNull(channel.readOutbound());
    }

    @Test
    void runsStopAtTheKernelsSegmentAndSizeLimits() {
        EmbeddedChannel channel = attach();
        for (int i = 0; i < 70; i++) {
            lane.send(datagram(100), A);
        }
        lane.flush();
        assertSegmented(channel.readOutbound(), 100, 64 * 100, A);
        assertSegmented(channel.readOutbound(), 100, 6 * 100, A);
        for (int i = 0; i < 50; i++) {
            lane.send(datagram(1452), A);
        }
        lane.flush();
        assertSegmented(channel.readOutbound(), 1452, 45 * 1452, A); // 46 would pass 64 KiB
        assertSegmented(channel.readOutbound(), 1452, 5 * 1452, A);
    }

    @Test
    void anOrdinarySendFailureLosesItsDatagramsButKeepsGso() {
        attach(new ClosedChannelException());
        List<ByteBuf> sent = sendEqual(3);
        lane.flush();
        assertEquals(List.of("3 on"), failures);
        assertTrue(lane.udpGso());
        sent.forEach(b -> assertEquals(0, b.refCnt(), "released"));
    }

    @Test
    void aRefusedSegmentationTurnsGsoOffAndTheNextDatagramStillGoes() {
        Epoll.ensureAvailability(); // Netty's errno table lives in the native library it loads
        EmbeddedChannel channel = attach(new Errors.NativeIoException("sendmmsg", -22 /* EINVAL */));
        List<ByteBuf> sent = sendEqual(2);
        ByteBuf shorter = datagram(50);
        ByteBuf longer = datagram(200); // cannot join: the run is emitted, fails at once, GSO goes off
        lane.send(shorter, A);
        lane.send(longer, A);
        lane.flush();
        assertEquals(List.of("3 off"), failures);
        assertFalse(lane.udpGso());
        sent.forEach(b -> assertEquals(0, b.refCnt(), "released"));
        assertEquals(0, shorter.refCnt());
        assertEquals(0, longer.refCnt(), "sent alone (and failed like the rest here), not left in a dead run");
        assertThrows(Errors.NativeIoException.class, channel::checkException, "the lone datagram's failure reached the pipeline");
    }

    private List<ByteBuf> sendEqual(int n) {
        List<ByteBuf> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ByteBuf b = datagram(100);
            sent.add(b);
            lane.send(b, A);
        }
        return sent;
    }

    private EmbeddedChannel attach() {
        EmbeddedChannel channel = new EmbeddedChannel();
        lane.channel(channel);
        return channel;
    }

    /** A channel whose every write fails with {@code cause}, as a socket would. */
    private EmbeddedChannel attach(Exception cause) {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ReferenceCountUtil.release(msg);
                promise.setFailure(cause);
            }
        });
        lane.channel(channel);
        return channel;
    }

    private static ByteBuf datagram(int size) {
        return Unpooled.directBuffer(size).writeZero(size);
    }

    private static void assertSegmented(Object message, int segment, int total, InetSocketAddress to) {
        SegmentedDatagramPacket packet = assertInstanceOf(SegmentedDatagramPacket.class, message);
        assertEquals(segment, packet.segmentSize());
        assertEquals(total, packet.content().readableBytes());
        assertEquals(to, packet.recipient());
        packet.release();
    }

    private static void assertSingle(Object message, int size, InetSocketAddress to) {
        DatagramPacket packet = assertInstanceOf(DatagramPacket.class, message);
        assertFalse(packet instanceof SegmentedDatagramPacket);
        assertEquals(size, packet.content().readableBytes());
        assertEquals(to, packet.recipient());
        packet.release();
    }
}
