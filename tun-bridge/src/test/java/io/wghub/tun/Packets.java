package io.wghub.tun;

import java.nio.ByteBuffer;

/** Builds ICMP echo requests for IPv4 and IPv6 with correct checksums, and checks checksums of replies. */
final class Packets {

    static final int ICMP_ECHO_REQUEST = 8;
    static final int ICMP_ECHO_REPLY = 0;
    static final int ICMPV6_ECHO_REQUEST = 128;
    static final int ICMPV6_ECHO_REPLY = 129;
    static final int PROTO_ICMP = 1;
    static final int PROTO_ICMPV6 = 58;

    private Packets() {}

    /** IPv4 header (20 bytes, no options) + ICMP echo request, in a direct buffer at position 0. */
    static ByteBuffer icmpv4Echo(byte[] src, byte[] dst, int id, int seq, byte[] payload) {
        int icmpLen = 8 + payload.length;
        ByteBuffer p = ByteBuffer.allocateDirect(20 + icmpLen);
        p.put((byte) 0x45).put((byte) 0).putShort((short) (20 + icmpLen)); // version 4, IHL 5; total length
        p.putShort((short) 0x1234).putShort((short) 0x4000); // identification; DF, fragment offset 0
        p.put((byte) 64).put((byte) PROTO_ICMP).putShort((short) 0); // TTL, protocol, checksum (below)
        p.put(src).put(dst);
        p.putShort(10, (short) checksum(p, 0, 20, 0));
        p.put((byte) ICMP_ECHO_REQUEST).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) seq);
        p.put(payload);
        p.putShort(22, (short) checksum(p, 20, icmpLen, 0));
        return p.flip();
    }

    /** IPv6 header (40 bytes) + ICMPv6 echo request, checksum over the pseudo-header, at position 0. */
    static ByteBuffer icmpv6Echo(byte[] src, byte[] dst, int id, int seq, byte[] payload) {
        int icmpLen = 8 + payload.length;
        ByteBuffer p = ByteBuffer.allocateDirect(40 + icmpLen);
        p.putInt(0x60000000).putShort((short) icmpLen).put((byte) PROTO_ICMPV6).put((byte) 64);
        p.put(src).put(dst);
        p.put((byte) ICMPV6_ECHO_REQUEST).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) seq);
        p.put(payload);
        p.putShort(42, (short) checksum(p, 40, icmpLen, pseudoHeaderSum(p, 0, icmpLen)));
        return p.flip();
    }

    /** Sum of the IPv6 pseudo-header of the packet at off: source, destination, upper-layer length, next header. */
    static long pseudoHeaderSum(ByteBuffer p, int off, int upperLength) {
        long sum = 0;
        for (int i = 8; i < 40; i += 2) {
            sum += p.getShort(off + i) & 0xffff;
        }
        return sum + upperLength + PROTO_ICMPV6;
    }

    /** RFC 1071 Internet checksum of p[off, off+len) starting from a partial sum; 0 means "verifies". */
    static int checksum(ByteBuffer p, int off, int len, long initial) {
        long sum = initial;
        int i = 0;
        for (; i + 1 < len; i += 2) {
            sum += p.getShort(off + i) & 0xffff;
        }
        if (i < len) {
            sum += (p.get(off + i) & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
