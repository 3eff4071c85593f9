package io.wghub.tun;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/** One non-blocking queue (file descriptor) of a multi-queue TUN interface, owned by one event loop. */
public final class TunQueue implements AutoCloseable {

    /** The last buffer's native base address; one immutable pair, so a racy reader never mixes two buffers. */
    private record Resolved(ByteBuffer buffer, long address) {}

    /** sizeof(struct virtio_net_hdr): what precedes every packet on a queue of a device with {@code vnetHeader()}. */
    public static final int VNET_HEADER_LENGTH = 10;

    private final TunDevice device;
    private volatile int fd;
    private Resolved lastBuffer;

    TunQueue(TunDevice device, int fd) {
        this.device = device;
        this.fd = fd;
    }

    /** True when every packet read or written here starts with a {@value #VNET_HEADER_LENGTH}-byte virtio_net_hdr. */
    public boolean vnetHeader() {
        return device.vnetHeader();
    }

    /** The file descriptor, for registering with epoll/poll; -1 once closed. */
    public int fd() {
        return fd;
    }

    /**
     * Reads one IP packet into dst's [position, limit) and advances the position past it.
     * Not thread-safe with respect to dst; call from the queue's owning thread.
     *
     * @return the packet length, or 0 when no packet is waiting (EAGAIN)
     * @throws InterfaceGoneException when the interface was deleted; close the queue
     * @throws PacketTruncatedException when the packet was longer than dst's remaining space (the kernel cut
     *         it; the position moves to the limit; use buffers of at least MTU bytes)
     * @throws TunException on other failures
     */
    public int read(ByteBuffer dst) throws TunException {
        int pos = dst.position();
        int room = dst.limit() - pos;
        int n;
        try {
            n = read(addressOf(dst, "read") + pos, room);
        } catch (PacketTruncatedException e) {
            dst.position(dst.limit()); // the packet was consumed; the buffer holds only its start
            throw e;
        }
        dst.position(pos + n);
        return n;
    }

    /**
     * Reads one IP packet into native memory at address (e.g. a Netty buffer's memoryAddress() + writerIndex),
     * skipping JNA's per-call ByteBuffer handling.
     *
     * @return the packet length, or 0 when no packet is waiting (EAGAIN)
     * @throws InterfaceGoneException when the interface was deleted; close the queue
     * @throws PacketTruncatedException when the packet was longer than capacity
     * @throws TunException on other failures
     */
    public int read(long address, int capacity) throws TunException {
        while (true) {
            long n = LibC.read(fd, address, capacity);
            if (n >= 0) {
                // TUN silently cuts a packet to the space given and discards the rest; only a full buffer can
                // hide that, so then compare with the length the IP header declares.
                if (n == capacity && capacity > 0) {
                    int header = device.vnetHeader() ? VNET_HEADER_LENGTH : 0;
                    int declared = header + declaredLength(new Pointer(address + header), capacity - header);
                    if (declared > capacity) {
                        throw new PacketTruncatedException("read from TUN " + device.name() + " queue fd " + fd
                                + ": a " + declared + "-byte packet did not fit the " + capacity + " bytes left in the "
                                + "buffer and was truncated; read into buffers of at least the interface MTU "
                                + "(65535 covers any packet)");
                    }
                }
                return (int) n;
            }
            int errno = LibC.errno();
            if (errno == Errno.EAGAIN) {
                return 0;
            }
            if (errno != Errno.EINTR) {
                throw failure("read from", errno);
            }
        }
    }

    /**
     * Writes the IP packet in src's [position, limit) to the kernel and advances the position past it.
     *
     * @return the number of bytes written (the whole packet), or 0 if the kernel asked to retry (EAGAIN)
     * @throws InterfaceGoneException when the interface was deleted; close the queue
     * @throws TunException on other failures, e.g. EIO while the interface is down, EINVAL for a packet that
     *         is neither IPv4 nor IPv6
     */
    public int write(ByteBuffer src) throws TunException {
        int pos = src.position();
        int n = write(addressOf(src, "write") + pos, src.limit() - pos);
        src.position(pos + n);
        return n;
    }

    /** Writes the IP packet of length bytes at native address; same results as {@link #write(ByteBuffer)}. */
    public int write(long address, int length) throws TunException {
        while (true) {
            long n = LibC.write(fd, address, length);
            if (n >= 0) {
                return (int) n;
            }
            int errno = LibC.errno();
            if (errno == Errno.EAGAIN) {
                return 0;
            }
            if (errno != Errno.EINTR) {
                throw failure("write to", errno);
            }
        }
    }

    /** Closes the descriptor; the kernel removes the interface when its last queue closes. Idempotent. */
    @Override
    public void close() {
        int old = fd;
        if (old >= 0) {
            fd = -1;
            lastBuffer = null;
            LibC.close(old);
            device.forget(this);
        }
    }

    /** Base address of a direct buffer, remembered for the last one because event loops reuse their buffers. */
    private long addressOf(ByteBuffer buf, String op) {
        Resolved last = lastBuffer;
        if (last != null && last.buffer() == buf) {
            return last.address();
        }
        if (!buf.isDirect()) {
            throw new IllegalArgumentException("TUN " + op + " needs a direct ByteBuffer (ByteBuffer.allocateDirect "
                    + "or a Netty direct buffer's nioBuffer), got a heap buffer");
        }
        long address = Pointer.nativeValue(Native.getDirectBufferPointer(buf));
        lastBuffer = new Resolved(buf, address);
        return address;
    }

    /** The packet length its IPv4 or IPv6 header states, or -1 when too little was read to tell. */
    private static int declaredLength(Pointer p, int n) {
        int version = (p.getByte(0) & 0xf0) >>> 4;
        if (version == 4 && n >= 4) {
            return u16(p, 2); // total length
        }
        if (version == 6 && n >= 6) {
            return 40 + u16(p, 4); // fixed header + payload length
        }
        return -1;
    }

    private static int u16(Pointer p, long offset) {
        return (p.getByte(offset) & 0xff) << 8 | (p.getByte(offset + 1) & 0xff);
    }

    private TunException failure(String op, int errno) {
        String where = op + " TUN " + device.name() + " queue fd " + fd + " failed: " + Errno.describe(errno);
        return switch (errno) {
            // The kernel detaches every queue when the interface is deleted; they answer EBADFD from then on.
            case Errno.EBADFD -> new InterfaceGoneException(where
                    + "; the interface was deleted from outside (e.g. 'ip link del " + device.name()
                    + "'): close this queue and shut down or recreate the interface", errno);
            case Errno.EBADF -> new TunException(where + "; the queue was closed", errno);
            case Errno.EIO -> new TunException(where + "; the interface is down: bring it up (LinkConfig.setUp or "
                    + "'ip link set " + device.name() + " up')", errno);
            case Errno.EINVAL -> new TunException(where + "; the kernel accepts only IPv4 or IPv6 packets here (first"
                    + " nibble 4 or 6) and at most 65535 bytes", errno);
            default -> new TunException(where, errno);
        };
    }
}
