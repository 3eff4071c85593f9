package io.wghub.tun;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** An rtnetlink socket in the calling thread's network namespace: send requests, read acks and notifications. */
final class NetlinkSocket implements AutoCloseable {

    /** Result of a request: 0 or the errno the kernel answered, plus its extended-ack text if any. */
    record Ack(int errno, String kernelMessage) {}

    /** Receives each well-formed message of a datagram: its type, flags, sequence, and offset in the buffer. */
    interface MessageVisitor {
        void visit(ByteBuffer buf, int offset, int length, int type, int flags, int seq) throws TunException;
    }

    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_ROUTE = 0;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int SOL_NETLINK = 270;
    private static final int NETLINK_CAP_ACK = 10;
    private static final int NETLINK_EXT_ACK = 11;
    private static final int NLMSGERR_ATTR_MSG = 1;
    private static final int SOCKADDR_NL_SIZE = 12; // u16 family, u16 pad, u32 port id, u32 groups
    private static final int ACK_TIMEOUT_SECONDS = 5;

    private final String purpose;
    private final ByteBuffer rx = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.nativeOrder());
    private volatile int fd;
    private int seq = (int) (System.nanoTime() & 0x3fffffff);

    private NetlinkSocket(String purpose, int fd) {
        this.purpose = purpose;
        this.fd = fd;
    }

    /**
     * Opens and binds an rtnetlink socket subscribed to the given multicast group bitmask (0 for none).
     * Blocking sockets wait at most 5 s for an answer, so a lost ack cannot hang the caller.
     */
    static NetlinkSocket open(String purpose, int groups, boolean nonBlocking) throws TunException {
        int fd = LibC.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | (nonBlocking ? SOCK_NONBLOCK : 0), NETLINK_ROUTE);
        if (fd < 0) {
            int errno = LibC.errno();
            throw new TunException("cannot open an rtnetlink socket for " + purpose + ": " + Errno.describe(errno)
                    + (errno == Errno.EMFILE || errno == Errno.ENFILE ? "; raise the open-file limit (ulimit -n)" : ""),
                    errno);
        }
        NetlinkSocket socket = new NetlinkSocket(purpose, fd);
        try {
            // Best effort: short acks without the echoed request, and the kernel's reason text on errors.
            socket.setIntOption(SOL_NETLINK, NETLINK_CAP_ACK, 1);
            socket.setIntOption(SOL_NETLINK, NETLINK_EXT_ACK, 1);
            if (!nonBlocking) {
                ByteBuffer tv = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
                tv.putLong(0, ACK_TIMEOUT_SECONDS).putLong(8, 0);
                LibC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16);
            }
            ByteBuffer addr = ByteBuffer.allocateDirect(SOCKADDR_NL_SIZE).order(ByteOrder.nativeOrder());
            addr.putShort(0, (short) AF_NETLINK).putInt(4, 0).putInt(8, groups);
            if (LibC.bind(fd, addr, SOCKADDR_NL_SIZE) != 0) {
                int errno = LibC.errno();
                throw new TunException("cannot bind the rtnetlink socket for " + purpose + ": "
                        + Errno.describe(errno), errno);
            }
            return socket;
        } catch (TunException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    int fd() {
        return fd;
    }

    int nextSeq() {
        return ++seq;
    }

    /** Sends the request and waits for the kernel's NLMSG_ERROR answer to it (errno 0 means success). */
    synchronized Ack request(NetlinkMessage message, String action) throws TunException {
        int mySeq = nextSeq();
        send(message.finish(mySeq), action);
        Ack[] ack = new Ack[1];
        while (ack[0] == null) {
            int n = receive(action);
            if (n == 0) {
                throw new TunException(action + ": no answer from the kernel within " + ACK_TIMEOUT_SECONDS
                        + " s on the rtnetlink socket for " + purpose + "; retry, and check the system load");
            }
            forEach(rx, n, (buf, off, len, type, flags, s) -> {
                if (type == NetlinkMessage.NLMSG_ERROR && s == mySeq) {
                    ack[0] = parseAck(buf, off, len, flags);
                }
            });
        }
        return ack[0];
    }

    void send(ByteBuffer message, String action) throws TunException {
        long n = LibC.send(fd, message, message.remaining(), 0);
        if (n != message.remaining()) {
            int errno = n < 0 ? LibC.errno() : Errno.EMSGSIZE;
            throw new TunException(action + ": sending the rtnetlink request failed: " + Errno.describe(errno), errno);
        }
    }

    /**
     * Reads one datagram into the receive buffer; returns its length, or 0 on EAGAIN / timeout.
     * Throws with errno ENOBUFS when the kernel dropped notifications because we read too slowly.
     */
    int receive(String action) throws TunException {
        while (true) {
            long n = LibC.recv(fd, rx, rx.capacity(), 0);
            if (n >= 0) {
                return (int) n;
            }
            int errno = LibC.errno();
            if (errno == Errno.EAGAIN) {
                return 0;
            }
            if (errno != Errno.EINTR) {
                throw new TunException(action + ": reading the rtnetlink socket for " + purpose + " failed: "
                        + Errno.describe(errno), errno);
            }
        }
    }

    ByteBuffer receiveBuffer() {
        return rx;
    }

    /** Walks the netlink messages in buf[0, length), skipping nothing valid and stopping at a malformed one. */
    static void forEach(ByteBuffer buf, int length, MessageVisitor visitor) throws TunException {
        int off = 0;
        while (off + NetlinkMessage.HEADER_SIZE <= length) {
            int len = buf.getInt(off);
            if (len < NetlinkMessage.HEADER_SIZE || off + len > length) {
                return;
            }
            int type = buf.getShort(off + 4) & 0xffff;
            int flags = buf.getShort(off + 6) & 0xffff;
            int s = buf.getInt(off + 8);
            visitor.visit(buf, off, len, type, flags, s);
            off += NetlinkMessage.align(len);
        }
    }

    /** Decodes struct nlmsgerr (int error, then the request's header) and the NLMSGERR_ATTR_MSG text. */
    static Ack parseAck(ByteBuffer buf, int off, int len, int flags) {
        int errno = len >= NetlinkMessage.HEADER_SIZE + 4 ? -buf.getInt(off + NetlinkMessage.HEADER_SIZE) : Errno.EIO;
        String text = null;
        int tlv = off + NetlinkMessage.HEADER_SIZE + 4 + NetlinkMessage.HEADER_SIZE;
        if ((flags & NetlinkMessage.NLM_F_ACK_TLVS) != 0 && tlv <= off + len) {
            if ((flags & NetlinkMessage.NLM_F_CAPPED) == 0) {
                int requestLen = buf.getInt(off + NetlinkMessage.HEADER_SIZE + 4);
                tlv += NetlinkMessage.align(requestLen - NetlinkMessage.HEADER_SIZE);
            }
            int end = off + len;
            while (tlv + 4 <= end) {
                int alen = buf.getShort(tlv) & 0xffff;
                int atype = buf.getShort(tlv + 2) & 0x3fff;
                if (alen < 4 || tlv + alen > end) {
                    break;
                }
                if (atype == NLMSGERR_ATTR_MSG) {
                    int n = 0;
                    while (n < alen - 4 && buf.get(tlv + 4 + n) != 0) {
                        n++;
                    }
                    byte[] bytes = new byte[n];
                    buf.get(tlv + 4, bytes);
                    text = new String(bytes, StandardCharsets.UTF_8);
                }
                tlv += NetlinkMessage.align(alen);
            }
        }
        return new Ack(errno, text);
    }

    @Override
    public void close() {
        int old = fd;
        if (old >= 0) {
            fd = -1;
            LibC.close(old);
        }
    }

    private void setIntOption(int level, int name, int value) {
        ByteBuffer v = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        v.putInt(0, value);
        LibC.setsockopt(fd, level, name, v, 4);
    }
}
