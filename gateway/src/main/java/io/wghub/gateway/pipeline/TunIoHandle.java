package io.wghub.gateway.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.wghub.gateway.DropReason;
import io.wghub.gateway.noise.Messages;
import io.wghub.tun.InterfaceGoneException;
import io.wghub.tun.PacketTruncatedException;
import io.wghub.tun.TunException;
import io.wghub.tun.TunQueue;

import java.nio.ByteBuffer;

/**
 * One TUN queue on a Netty epoll event loop: when the queue is readable, its packets are read
 * into pooled direct buffers and handed on, and packets for the TUN are written, all on that
 * loop's thread (DESIGN: one thread serves a packet from read to write). On a queue with a
 * virtio_net_hdr, reads go to one scratch buffer and {@link TunSegmenter} cuts TCP
 * super-packets and completes checksums; writes carry an empty header (one ordinary packet).
 */
public final class TunIoHandle implements EpollIoHandle {
    /** Receives each inner packet read from the TUN, and owns (releases) the buffer. */
    public interface PacketSink {
        void packetFromTun(ByteBuf packet);

        /** The packets of one wake-up were all handed on: the moment to flush what they caused. */
        default void batchComplete() {
        }

        /** One read held a TCP super-packet, now handed on as segments. */
        default void superPacketSplit() {
        }

        /** A read that held no packet the data path can send (a malformed offload header), counted by the sink. */
        default void readDropped(DropReason reason) {
        }
    }

    /** Reads per wake-up before giving the loop back to its other handles (level-triggered: the rest comes next turn). */
    static final int MAX_READS_PER_WAKEUP = 64;
    /** Room in front of a packet for the transport header, so sealing happens in place. */
    static final int HEADROOM = Messages.TRANSPORT_HEADER_LENGTH;
    /** Room behind a packet for padding to 16 and the tag. */
    static final int TAILROOM = 15 + 16;
    /** An offloading queue's largest read: the header and a 64 KiB super-packet, plus the byte that shows nothing was cut. */
    private static final int OFFLOAD_READ_CAPACITY = TunQueue.VNET_HEADER_LENGTH + 65535 + 1;

    private final TunQueue queue;
    private final FileDescriptor fd;
    private final ByteBufAllocator allocator;
    private final PacketSink sink;
    private final Runnable onInterfaceGone;
    private final Runnable onOversize;
    /** Only on a queue with a virtio_net_hdr: the segmenter and the one buffer every read lands in. */
    private final TunSegmenter segmenter;
    private final ByteBuf scratch;
    /**
     * The interface MTU as last learnt (see {@link #mtu(int)}): a plain queue's read buffers hold
     * this much; an offloading queue reads everything into its scratch buffer and only notices a
     * larger packet by it.
     */
    private volatile int mtu;
    private IoRegistration registration;

    private TunIoHandle(TunQueue queue, int mtu, ByteBufAllocator allocator, PacketSink sink, Runnable onInterfaceGone,
                        Runnable onOversize) {
        this.queue = queue;
        // Netty's descriptor wrapper closes nothing unless asked: the TunQueue keeps ownership.
        this.fd = new FileDescriptor(queue.fd());
        this.mtu = mtu;
        this.allocator = allocator;
        this.sink = sink;
        this.onInterfaceGone = onInterfaceGone;
        this.onOversize = onOversize;
        if (queue.vnetHeader()) {
            this.segmenter = new TunSegmenter(allocator, sink);
            // A JDK-owned direct buffer: the GC frees it, so a late read can never touch freed memory.
            this.scratch = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(OFFLOAD_READ_CAPACITY));
        } else {
            this.segmenter = null;
            this.scratch = null;
        }
    }

    /**
     * Registers {@code queue} on {@code loop} and starts reading once registered.
     *
     * @param onInterfaceGone run on the loop when the interface was deleted from outside
     * @param onOversize      run on the loop when a packet did not fit the MTU-sized buffer: the
     *                        interface's MTU was raised, and {@link #mtu(int)} should follow it
     */
    public static Future<TunIoHandle> register(IoEventLoop loop, TunQueue queue, int mtu, ByteBufAllocator allocator,
                                               PacketSink sink, Runnable onInterfaceGone, Runnable onOversize) {
        TunIoHandle handle = new TunIoHandle(queue, mtu, allocator, sink, onInterfaceGone, onOversize);
        Promise<TunIoHandle> ready = loop.newPromise();
        loop.register(handle).addListener(registered -> {
            if (!registered.isSuccess()) {
                ready.setFailure(registered.cause());
                return;
            }
            handle.registration = (IoRegistration) registered.getNow();
            handle.registration.submit(EpollIoOps.EPOLLIN);
            ready.setSuccess(handle);
        });
        return ready;
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        EpollIoOps ops = ((EpollIoEvent) event).ops();
        // EPOLLERR is how a deleted interface shows up; the read below then reports it.
        if (ops.contains(EpollIoOps.EPOLLIN) || ops.contains(EpollIoOps.EPOLLERR)) {
            readAvailable();
            sink.batchComplete();
        }
    }

    /** Sizes later reads for packets of up to {@code mtu} bytes. */
    public void mtu(int mtu) {
        this.mtu = mtu;
    }

    private void readAvailable() {
        if (segmenter != null) {
            readOffloaded();
            return;
        }
        int mtu = this.mtu;
        for (int i = 0; i < MAX_READS_PER_WAKEUP; i++) {
            ByteBuf buffer = allocator.directBuffer(HEADROOM + mtu + TAILROOM);
            buffer.setIndex(HEADROOM, HEADROOM);
            int read;
            try {
                // One byte more than the MTU: an MTU-sized packet then never fills the space, which
                // is what makes TunQueue check the IP header for truncation (extra work per packet).
                read = queue.read(buffer.memoryAddress() + HEADROOM, mtu + 1);
            } catch (InterfaceGoneException e) {
                buffer.release();
                interfaceGone();
                return;
            } catch (PacketTruncatedException e) {
                // The interface's MTU grew (e.g. `ip link set mtu`); this packet is lost, later ones fit.
                buffer.release();
                onOversize.run();
                return;
            } catch (TunException e) {
                // A single failed read must not stop the loop.
                buffer.release();
                continue;
            }
            if (read == 0) {
                buffer.release();
                return;
            }
            if (read > mtu) {
                // It fit only in the one spare byte: the MTU grew, by exactly one. Learn it like any growth.
                buffer.release();
                onOversize.run();
                return;
            }
            buffer.writerIndex(HEADROOM + read);
            sink.packetFromTun(buffer);
        }
    }

    private void readOffloaded() {
        for (int i = 0; i < MAX_READS_PER_WAKEUP; i++) {
            int read;
            try {
                read = queue.read(scratch.memoryAddress(), OFFLOAD_READ_CAPACITY);
            } catch (InterfaceGoneException e) {
                interfaceGone();
                return;
            } catch (TunException e) {
                // A single failed read must not stop the loop (nothing a TUN hands out can be cut here).
                continue;
            }
            if (read == 0) {
                return;
            }
            scratch.setIndex(0, read);
            if (read - TunQueue.VNET_HEADER_LENGTH > mtu && scratch.getByte(1) == TunSegmenter.GSO_NONE) {
                // Larger than the MTU and not a super-packet: the MTU grew. The packet fits, so it still goes.
                onOversize.run();
            }
            DropReason dropped = segmenter.split(scratch);
            if (dropped != null) {
                sink.readDropped(dropped);
            }
        }
    }

    /**
     * Writes one inner packet (the buffer's readable bytes) to the TUN. Call on this handle's loop. On an
     * offloading queue the packet needs {@link TunQueue#VNET_HEADER_LENGTH} bytes in front of it for the header.
     *
     * @return false when the packet was not taken: the interface is gone, or its queue is full;
     *         other failures are thrown
     */
    public boolean write(ByteBuf packet) throws TunException {
        if (segmenter != null && packet.readerIndex() < TunQueue.VNET_HEADER_LENGTH) {
            throw new IllegalArgumentException("a packet for an offloading TUN needs " + TunQueue.VNET_HEADER_LENGTH
                    + " bytes before its reader index for the virtio_net_hdr (the data path leaves the transport header's "
                    + HEADROOM + "), got " + packet.readerIndex());
        }
        try {
            // 0: the kernel asked to retry (queue full); the packet is not taken, and counts as a failed write.
            if (segmenter == null) {
                return queue.write(packet.memoryAddress() + packet.readerIndex(), packet.readableBytes()) > 0;
            }
            int header = packet.readerIndex() - TunQueue.VNET_HEADER_LENGTH;
            packet.setZero(header, TunQueue.VNET_HEADER_LENGTH);
            return queue.write(packet.memoryAddress() + header, packet.readableBytes() + TunQueue.VNET_HEADER_LENGTH) > 0;
        } catch (InterfaceGoneException e) {
            interfaceGone();
            return false;
        }
    }

    private void interfaceGone() {
        if (registration != null) {
            registration.cancel();
        }
        onInterfaceGone.run();
    }

    /** Stops reading; the queue itself is closed by its owner. */
    @Override
    public void close() {
        if (registration != null) {
            registration.cancel();
        }
    }
}
