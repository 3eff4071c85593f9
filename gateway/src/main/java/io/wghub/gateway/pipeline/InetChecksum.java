package io.wghub.gateway.pipeline;

import io.netty.buffer.ByteBuf;

/**
 * The Internet checksum (RFC 1071): 16-bit ones' complement sums over buffer ranges and the
 * TCP/UDP pseudo-headers of IPv4 and IPv6, for the checksums the TUN's offloads leave to us.
 */
final class InetChecksum {
    private InetChecksum() {
    }

    /**
     * Adds {@code length} bytes from {@code index}, read as big-endian 16-bit words (an odd last
     * byte is padded with zero), to {@code sum}. The result is not folded.
     */
    static long add(ByteBuf buffer, int index, int length, long sum) {
        int end = index + length;
        // 32-bit halves of 64-bit reads: at most 2^33 per step, so a long holds any IP packet's sum.
        for (; index + 8 <= end; index += 8) {
            long word = buffer.getLong(index);
            sum += (word >>> 32) + (word & 0xffffffffL);
        }
        if (index + 4 <= end) {
            sum += buffer.getUnsignedInt(index);
            index += 4;
        }
        if (index + 2 <= end) {
            sum += buffer.getUnsignedShort(index);
            index += 2;
        }
        if (index < end) {
            sum += buffer.getUnsignedByte(index) << 8;
        }
        return sum;
    }

    /** The sum folded to 16 bits and complemented; 0 becomes 0xffff (the same value in ones' complement, and UDP's "no checksum" is 0). */
    static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        int checksum = (int) ~sum & 0xffff;
        return checksum == 0 ? 0xffff : checksum;
    }

    /**
     * The pseudo-header sum of an IPv4 or IPv6 packet starting at {@code ip} (RFC 793 / RFC 8200
     * §8.1) for an upper-layer segment of {@code length} bytes with protocol {@code protocol}.
     */
    static long pseudoHeader(ByteBuf buffer, int ip, int protocol, int length) {
        if (buffer.getUnsignedByte(ip) >>> 4 == 4) {
            return add(buffer, ip + 12, 8, protocol + length);
        }
        return add(buffer, ip + 8, 32, protocol + (long) length);
    }
}
