package io.wghub.gateway.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.wghub.gateway.DropReason;
import io.wghub.tun.TunQueue;

/**
 * Turns what one read from an offloading TUN queue holds (a virtio_net_hdr, then a packet) into
 * ordinary IP packets: a packet whose checksum the kernel left partial is completed, and a TCP
 * super-packet (TSO) is cut into segments of the header's gso_size, each with its own IP
 * length, IPv4 id and header checksum, TCP sequence number, flags and checksum, as the kernel's
 * own software GSO would cut it. Each packet lands in a fresh buffer with the data path's
 * headroom and tailroom, so sealing happens in place.
 */
final class TunSegmenter {
    // struct virtio_net_hdr fields (little-endian on the machines the TUN runs on: x86_64, arm64).
    static final int FLAG_NEEDS_CSUM = 1;
    static final int GSO_NONE = 0;
    static final int GSO_TCPV4 = 1;
    static final int GSO_TCPV6 = 4;
    static final int GSO_ECN = 0x80;

    private static final int TCP = 6;
    private static final int TCP_FIN = 0x01;
    private static final int TCP_PSH = 0x08;
    private static final int TCP_CWR = 0x80;

    private static final int HEADROOM = TunIoHandle.HEADROOM;
    private static final int TAILROOM = TunIoHandle.TAILROOM;

    private final ByteBufAllocator allocator;
    private final TunIoHandle.PacketSink sink;

    TunSegmenter(ByteBufAllocator allocator, TunIoHandle.PacketSink sink) {
        this.allocator = allocator;
        this.sink = sink;
    }

    /**
     * Hands the packets of one read to the sink. {@code read} holds the header at its reader
     * index and the packet after it, up to its writer index; it stays the caller's.
     *
     * @return null when every packet went to the sink, else why the read was dropped
     */
    DropReason split(ByteBuf read) {
        int start = read.readerIndex();
        int ip = start + TunQueue.VNET_HEADER_LENGTH;
        int length = read.writerIndex() - ip;
        if (length <= 0) {
            return DropReason.INVALID_INNER_PACKET;
        }
        int flags = read.getUnsignedByte(start);
        int gsoType = read.getUnsignedByte(start + 1) & ~GSO_ECN;
        int gsoSize = read.getUnsignedShortLE(start + 4);
        if (gsoType == GSO_NONE) {
            int checksumStart = read.getUnsignedShortLE(start + 6);
            int checksumOffset = read.getUnsignedShortLE(start + 8);
            if ((flags & FLAG_NEEDS_CSUM) != 0
                    && (checksumStart + checksumOffset + 2 > length || (checksumOffset & 1) != 0)) {
                return DropReason.INVALID_INNER_PACKET;
            }
            ByteBuf packet = copy(read, ip, length, length);
            if ((flags & FLAG_NEEDS_CSUM) != 0) {
                // The field holds the pseudo-header sum: the sum over the rest completes it.
                int from = HEADROOM + checksumStart;
                int field = from + checksumOffset;
                packet.setShort(field, InetChecksum.finish(InetChecksum.add(packet, from, length - checksumStart, 0)));
            }
            sink.packetFromTun(packet);
            return null;
        }
        if (gsoType != GSO_TCPV4 && gsoType != GSO_TCPV6) {
            return DropReason.INVALID_INNER_PACKET;
        }
        DropReason dropped = segmentTcp(read, ip, length, gsoType == GSO_TCPV4, gsoSize);
        if (dropped == null) {
            sink.superPacketSplit();
        }
        return dropped;
    }

    private DropReason segmentTcp(ByteBuf read, int ip, int length, boolean v4, int mss) {
        int version = read.getUnsignedByte(ip) >>> 4;
        // From the IP header, not csum_start: a forwarded super-packet (GRO'd on another
        // interface, checksums already verified) comes without NEEDS_CSUM and csum_start 0.
        int tcpOffset = version != (v4 ? 4 : 6) ? -1 : v4 ? ipv4TcpOffset(read, ip, length) : ipv6TcpOffset(read, ip, length);
        if (tcpOffset < 0 || mss == 0 || tcpOffset + 20 > length) {
            return DropReason.INVALID_INNER_PACKET;
        }
        int tcp = ip + tcpOffset;
        int headers = tcpOffset + (read.getUnsignedByte(tcp + 12) >>> 4) * 4;
        if (headers < tcpOffset + 20 || headers > length) {
            return DropReason.INVALID_INNER_PACKET;
        }
        int payload = length - headers;
        long sequence = read.getUnsignedInt(tcp + 4);
        int tcpFlags = read.getUnsignedByte(tcp + 13);
        int id = v4 ? read.getUnsignedShort(ip + 4) : 0;
        for (int offset = 0, n = 0; offset < payload || n == 0; offset += mss, n++) {
            int size = Math.min(mss, payload - offset);
            boolean last = offset + size >= payload;
            ByteBuf segment = copy(read, ip, headers, headers + size);
            segment.setBytes(HEADROOM + headers, read, ip + headers + offset, size);
            segment.writerIndex(HEADROOM + headers + size);
            int segIp = HEADROOM;
            int segTcp = segIp + tcpOffset;
            if (v4) {
                segment.setShort(segIp + 2, headers + size);
                segment.setShort(segIp + 4, id + n);
                segment.setShort(segIp + 10, 0);
                segment.setShort(segIp + 10, InetChecksum.finish(InetChecksum.add(segment, segIp, tcpOffset, 0)));
            } else {
                segment.setShort(segIp + 4, headers + size - 40);
            }
            segment.setInt(segTcp + 4, (int) (sequence + offset));
            int f = tcpFlags;
            if (!last) {
                f &= ~(TCP_FIN | TCP_PSH);
            }
            if (n > 0) {
                f &= ~TCP_CWR;
            }
            segment.setByte(segTcp + 13, f);
            int tcpLength = headers - tcpOffset + size;
            segment.setShort(segTcp + 16, 0);
            long sum = InetChecksum.pseudoHeader(segment, segIp, TCP, tcpLength);
            segment.setShort(segTcp + 16, InetChecksum.finish(InetChecksum.add(segment, segTcp, tcpLength, sum)));
            sink.packetFromTun(segment);
        }
        return null;
    }

    /** Where TCP starts in an IPv4 packet, or -1 when it does not carry TCP. */
    private static int ipv4TcpOffset(ByteBuf read, int ip, int length) {
        int headerLength = (read.getUnsignedByte(ip) & 0x0f) * 4;
        return length >= 20 && headerLength >= 20 && read.getUnsignedByte(ip + 9) == TCP ? headerLength : -1;
    }

    /** Where TCP starts in an IPv6 packet, past hop-by-hop, routing and destination options; -1 when not TCP. */
    private static int ipv6TcpOffset(ByteBuf read, int ip, int length) {
        if (length < 40) {
            return -1;
        }
        int next = read.getUnsignedByte(ip + 6);
        int offset = 40;
        for (int headers = 0; next == 0 || next == 43 || next == 60; headers++) {
            if (headers == 8 || offset + 8 > length) {
                return -1;
            }
            next = read.getUnsignedByte(ip + offset);
            offset += (read.getUnsignedByte(ip + offset + 1) + 1) * 8;
        }
        return next == TCP ? offset : -1;
    }

    /** A fresh buffer with the first {@code copied} bytes at {@code from}, room for {@code length} bytes, headroom and tailroom. */
    private ByteBuf copy(ByteBuf read, int from, int copied, int length) {
        ByteBuf packet = allocator.directBuffer(HEADROOM + length + TAILROOM);
        packet.setBytes(HEADROOM, read, from, copied);
        packet.setIndex(HEADROOM, HEADROOM + copied);
        return packet;
    }
}
