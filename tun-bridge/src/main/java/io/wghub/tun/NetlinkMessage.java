package io.wghub.tun;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds one netlink request: nlmsghdr, the family's fixed header, then 4-byte-aligned attributes. */
final class NetlinkMessage {

    // linux/netlink.h
    static final int HEADER_SIZE = 16; // u32 len, u16 type, u16 flags, u32 seq, u32 pid
    static final int NLM_F_REQUEST = 0x01;
    static final int NLM_F_ACK = 0x04;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;
    static final int NLMSG_ERROR = 2;
    static final int NLM_F_CAPPED = 0x100;
    static final int NLM_F_ACK_TLVS = 0x200;

    private final ByteBuffer buf;

    NetlinkMessage(int type, int flags) {
        buf = ByteBuffer.allocateDirect(512).order(ByteOrder.nativeOrder());
        buf.putInt(0); // length, set by finish()
        buf.putShort((short) type);
        buf.putShort((short) flags);
        buf.putInt(0); // sequence, set by finish()
        buf.putInt(0); // port id 0: the kernel fills in ours
    }

    NetlinkMessage u8(int v) {
        buf.put((byte) v);
        return this;
    }

    NetlinkMessage u16(int v) {
        buf.putShort((short) v);
        return this;
    }

    NetlinkMessage u32(int v) {
        buf.putInt(v);
        return this;
    }

    /** Appends an rtattr: u16 length (header included, padding excluded), u16 type, value, pad to 4. */
    NetlinkMessage attr(int type, byte[] value) {
        buf.putShort((short) (4 + value.length));
        buf.putShort((short) type);
        buf.put(value);
        pad();
        return this;
    }

    NetlinkMessage attrU32(int type, int value) {
        buf.putShort((short) 8);
        buf.putShort((short) type);
        buf.putInt(value);
        return this;
    }

    /** Sets length and sequence number; returns the message as [0, length) of a direct native-order buffer. */
    ByteBuffer finish(int seq) {
        pad();
        buf.putInt(0, buf.position());
        buf.putInt(8, seq);
        return buf.duplicate().order(ByteOrder.nativeOrder()).flip();
    }

    static int align(int n) {
        return (n + 3) & ~3;
    }

    private void pad() {
        while ((buf.position() & 3) != 0) {
            buf.put((byte) 0);
        }
    }
}
