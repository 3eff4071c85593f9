package io.wghub.gateway.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.SegmentedDatagramPacket;

import java.net.InetSocketAddress;

/**
 * Consecutive datagrams of one size to one endpoint (the segments of a TCP super-packet, sealed
 * one by one), gathered so the kernel gets them as one UDP GSO write (UDP_SEGMENT): one trip
 * through the UDP/IP stack for up to {@link #MAX_SEGMENTS} datagrams instead of one each. A
 * run ends at a datagram of another size or endpoint, after a shorter one (only the last
 * segment may be shorter), and at a flush. Used by one lane's loop only.
 */
final class DatagramRun {
    /** The kernel's UDP_MAX_SEGMENTS on every kernel with UDP GSO (4.18+). */
    static final int MAX_SEGMENTS = 64;
    /** A UDP GSO write is one IP packet before the kernel cuts it: its payload stays under 64 KiB with both headers. */
    static final int MAX_BYTES = 65_535 - 40 - 8;

    /** From asm-generic/errno-base.h (Netty reports them negated). */
    private static final int EIO = 5;
    private static final int EINVAL = 22;

    private CompositeByteBuf run;
    private ByteBuf first;
    private InetSocketAddress to;
    private int segmentSize;
    private int count;
    private boolean closed;

    /**
     * Adds {@code message} to the run if it can extend it.
     *
     * @return false when it cannot: {@link #emit} what is gathered, then add again
     */
    boolean tryAdd(Channel channel, ByteBuf message, InetSocketAddress destination) {
        int size = message.readableBytes();
        if (count == 0) {
            first = message;
            to = destination;
            segmentSize = size;
            count = 1;
            closed = false;
            return true;
        }
        if (closed || size > segmentSize || count == MAX_SEGMENTS || (count + 1) * segmentSize > MAX_BYTES
                || !destination.equals(to)) {
            return false;
        }
        if (run == null) {
            run = channel.alloc().compositeDirectBuffer(MAX_SEGMENTS);
            run.addComponent(true, first);
            first = null;
        }
        run.addComponent(true, message);
        count++;
        closed = size < segmentSize;
        return true;
    }

    /** Told, on the channel's loop, that a segmented write failed and its datagrams are lost. */
    interface Failed {
        void failed(int datagrams, Throwable cause);
    }

    /**
     * True when a failed write says the kernel refused the segmentation itself: EINVAL (the
     * segment plus headers exceeds the path MTU, or too many segments) or EIO (no checksum
     * offload on the route). Other errors (unreachable, EPERM from a firewall, a closed socket)
     * would have failed the datagrams one by one too.
     */
    static boolean refusesSegmentation(Throwable cause) {
        return cause instanceof Errors.NativeIoException e
                && (e.expectedErr() == -EINVAL || e.expectedErr() == -EIO);
    }

    /** Writes what was gathered to {@code channel} (one datagram, or one segmented write) and starts over. */
    void emit(Channel channel, Failed failed) {
        if (count == 0) {
            return;
        }
        if (run == null) {
            channel.write(new DatagramPacket(first, to), channel.voidPromise());
        } else {
            int segments = count;
            channel.write(new SegmentedDatagramPacket(run, segmentSize, to))
                    .addListener(f -> {
                        if (!f.isSuccess()) {
                            failed.failed(segments, f.cause());
                        }
                    });
        }
        run = null;
        first = null;
        to = null;
        count = 0;
    }
}
