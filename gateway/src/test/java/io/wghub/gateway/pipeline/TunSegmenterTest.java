package io.wghub.gateway.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.wghub.gateway.DropReason;
import io.wghub.tun.TunQueue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TunSegmenter against hand-built reads: super-packets are cut into segments whose headers,
 * payloads and checksums are what a receiving kernel accepts (checked with a byte-by-byte
 * reference checksum written here), partial checksums are completed, and malformed headers
 * are dropped without reaching the sink.
 */
class TunSegmenterTest {
    private static final int HEADROOM = TunIoHandle.HEADROOM;
    private static final int TAILROOM = TunIoHandle.TAILROOM;
    private final List<ByteBuf> out = new ArrayList<>();
    private final TunSegmenter segmenter = new TunSegmenter(Unpooled.directBuffer(1).alloc(), out::add);

    @Test
    void ipv4SuperPacketBecomesValidSegments() {
        byte[] payload = random(10_000, 1);
        ByteBuf read = read(TunSegmenter.GSO_TCPV4, 1380, 20, ipv4Tcp(payload, 0x18 /* PSH|ACK */, 1000, 0x1234));
        assertNull(segmenter.split(read));
        assertEquals(8, out.size(), "ceil(10000 / 1380) segments");
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < out.size(); i++) {
            byte[] p = bytes(out.get(i));
            int size = Math.min(1380, payload.length - i * 1380);
            assertEquals(40 + size, p.length);
            assertEquals(40 + size, u16(p, 2), "IPv4 total length");
            assertEquals(0x1234 + i, u16(p, 4), "IPv4 id counts up");
            assertEquals(0xffff, referenceSum(p, 0, 20, 0), "IPv4 header checksum");
            assertEquals(1000 + 1380L * i, u32(p, 24), "TCP sequence number");
            int flags = p[33] & 0xff;
            assertEquals(i == out.size() - 1 ? 0x18 : 0x10, flags, "PSH only on the last segment");
            assertEquals(0xffff, referenceSum(p, 20, p.length - 20, pseudoV4(p, p.length - 20)), "TCP checksum");
            assertEquals(HEADROOM, out.get(i).readerIndex(), "headroom for the transport header");
            assertTrue(out.get(i).writableBytes() >= TAILROOM, "tailroom for padding and tag");
            joined.writeBytes(Arrays.copyOfRange(p, 40, p.length));
        }
        assertArrayEquals(payload, joined.toByteArray());
    }

    @Test
    void ipv6SuperPacketBecomesValidSegments() {
        byte[] payload = random(4_001, 2); // odd: the last segment ends on half a 16-bit word
        ByteBuf read = read(TunSegmenter.GSO_TCPV6, 1000, 40, ipv6Tcp(payload, 0x19 /* FIN|PSH|ACK */, 7));
        assertNull(segmenter.split(read));
        assertEquals(5, out.size());
        for (int i = 0; i < out.size(); i++) {
            byte[] p = bytes(out.get(i));
            assertEquals(p.length - 40, u16(p, 4), "IPv6 payload length");
            assertEquals(7 + 1000L * i, u32(p, 44));
            assertEquals(i == out.size() - 1 ? 0x19 : 0x10, p[53] & 0xff, "FIN and PSH only on the last");
            assertEquals(0xffff, referenceSum(p, 40, p.length - 40, pseudoV6(p, p.length - 40)), "TCP checksum");
        }
    }

    @Test
    void forwardedSuperPacketWithoutPartialChecksumIsCut() {
        // GRO'd on another interface and forwarded: checksums verified, so no NEEDS_CSUM and csum_start 0.
        byte[] payload = random(3000, 8);
        ByteBuf read = read(TunSegmenter.GSO_TCPV4, 1448, 0, ipv4Tcp(payload, 0x10, 77, 5));
        read.setByte(read.readerIndex(), 0);
        assertNull(segmenter.split(read));
        assertEquals(3, out.size());
        for (ByteBuf segment : out) {
            byte[] p = bytes(segment);
            assertEquals(0xffff, referenceSum(p, 20, p.length - 20, pseudoV4(p, p.length - 20)), "TCP checksum");
        }
    }

    @Test
    void ipv6ExtensionHeadersAreSkippedToTcp() {
        byte[] plain = ipv6Tcp(random(2500, 9), 0x18, 9);
        // The same packet with an 8-byte destination-options header (next header TCP) after the fixed header.
        byte[] p = new byte[plain.length + 8];
        System.arraycopy(plain, 0, p, 0, 40);
        System.arraycopy(plain, 40, p, 48, plain.length - 40);
        p[6] = 60;
        p[40] = 6;
        put16(p, 4, p.length - 40);
        assertNull(segmenter.split(read(TunSegmenter.GSO_TCPV6, 1200, 48, p)));
        assertEquals(3, out.size());
        for (ByteBuf segment : out) {
            byte[] s = bytes(segment);
            assertEquals(s.length - 40, u16(s, 4), "payload length counts the extension header");
            assertEquals(6, s[40], "extension header kept");
            assertEquals(0xffff, referenceSum(s, 48, s.length - 48, pseudoV6(s, s.length - 48)), "TCP checksum");
        }
    }

    @Test
    void cwrStaysOnTheFirstSegmentOnly() {
        ByteBuf read = read(TunSegmenter.GSO_TCPV4, 100, 20, ipv4Tcp(random(250, 3), 0x90 /* CWR|ACK */, 1, 1));
        assertNull(segmenter.split(read));
        assertEquals(List.of(0x90, 0x10, 0x10), out.stream().map(b -> (int) b.getUnsignedByte(b.readerIndex() + 33)).toList());
    }

    @Test
    void partialChecksumIsCompleted() {
        byte[] packet = ipv4Tcp(random(333, 4), 0x18, 5, 9);
        // What the kernel leaves with CHECKSUM_PARTIAL: the pseudo-header sum, not complemented, in the field.
        int pseudo = fold(pseudoV4(packet, packet.length - 20));
        packet[36] = (byte) (pseudo >>> 8);
        packet[37] = (byte) pseudo;
        ByteBuf read = read(TunSegmenter.GSO_NONE, 0, 20, packet);
        read.setByte(read.readerIndex(), TunSegmenter.FLAG_NEEDS_CSUM);
        read.setShortLE(read.readerIndex() + 8, 16);
        assertNull(segmenter.split(read));
        byte[] p = bytes(out.get(0));
        assertEquals(0xffff, referenceSum(p, 20, p.length - 20, pseudoV4(p, p.length - 20)));
        assertArrayEquals(Arrays.copyOfRange(packet, 0, 36), Arrays.copyOfRange(p, 0, 36), "nothing else changed");
    }

    @Test
    void plainPacketIsCopiedUnchanged() {
        byte[] packet = ipv4Tcp(random(10, 5), 0x10, 1, 1);
        assertNull(segmenter.split(read(TunSegmenter.GSO_NONE, 0, 0, packet)));
        assertArrayEquals(packet, bytes(out.get(0)));
    }

    @Test
    void malformedHeadersAreDroppedBeforeTheSink() {
        byte[] v4 = ipv4Tcp(random(3000, 6), 0x10, 1, 1);
        assertEquals(DropReason.INVALID_INNER_PACKET, segmenter.split(read(3 /* UDP fragmentation offload */, 1000, 20, v4)));
        assertEquals(DropReason.INVALID_INNER_PACKET, segmenter.split(read(TunSegmenter.GSO_TCPV4, 0, 20, v4)), "gso_size 0");
        assertEquals(DropReason.INVALID_INNER_PACKET, segmenter.split(read(TunSegmenter.GSO_TCPV6, 1000, 40, v4)), "v6 type, v4 packet");
        byte[] udp = v4.clone();
        udp[9] = 17;
        assertEquals(DropReason.INVALID_INNER_PACKET, segmenter.split(read(TunSegmenter.GSO_TCPV4, 1000, 20, udp)), "not TCP");
        assertEquals(DropReason.INVALID_INNER_PACKET,
                segmenter.split(read(TunSegmenter.GSO_TCPV4, 1000, 20, Arrays.copyOf(v4, 30))), "TCP header cut off");
        byte[] loop = ipv6Tcp(random(100, 7), 0x10, 1);
        loop[6] = 0; // "hop-by-hop options" that are really the TCP header: what they point on to is not TCP
        assertEquals(DropReason.INVALID_INNER_PACKET, segmenter.split(read(TunSegmenter.GSO_TCPV6, 50, 40, loop)), "bad ext headers");
        ByteBuf badCsum = read(TunSegmenter.GSO_NONE, 0, 20, v4);
        badCsum.setByte(badCsum.readerIndex(), TunSegmenter.FLAG_NEEDS_CSUM);
        badCsum.setShortLE(badCsum.readerIndex() + 8, 5000);
        assertEquals(DropReason.INVALID_INNER_PACKET, segmenter.split(badCsum), "checksum field past the end");
        ByteBuf empty = Unpooled.buffer(10).writeZero(10);
        assertEquals(DropReason.INVALID_INNER_PACKET, segmenter.split(empty), "header only");
        assertTrue(out.isEmpty());
    }

    // ---- building reads

    private static ByteBuf read(int gsoType, int gsoSize, int checksumStart, byte[] packet) {
        ByteBuf read = Unpooled.directBuffer(TunQueue.VNET_HEADER_LENGTH + packet.length);
        read.writeByte(gsoType == TunSegmenter.GSO_NONE ? 0 : TunSegmenter.FLAG_NEEDS_CSUM);
        read.writeByte(gsoType);
        read.writeShortLE(0);
        read.writeShortLE(gsoSize);
        read.writeShortLE(checksumStart);
        read.writeShortLE(16);
        read.writeBytes(packet);
        return read;
    }

    private static byte[] ipv4Tcp(byte[] payload, int flags, long seq, int id) {
        byte[] p = new byte[40 + payload.length];
        p[0] = 0x45;
        put16(p, 2, p.length);
        put16(p, 4, id);
        p[6] = 0x40; // DF
        p[8] = 64;
        p[9] = 6;
        byte[] src = {10, 77, 0, 1}, dst = {10, 77, 0, 2};
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        tcp(p, 20, flags, seq);
        System.arraycopy(payload, 0, p, 40, payload.length);
        return p;
    }

    private static byte[] ipv6Tcp(byte[] payload, int flags, long seq) {
        byte[] p = new byte[60 + payload.length];
        p[0] = 0x60;
        put16(p, 4, 20 + payload.length);
        p[6] = 6;
        p[7] = 64;
        p[8] = (byte) 0xfd;
        p[9] = 0x77;
        p[23] = 1;
        p[24] = (byte) 0xfd;
        p[25] = 0x77;
        p[39] = 2;
        tcp(p, 40, flags, seq);
        System.arraycopy(payload, 0, p, 60, payload.length);
        return p;
    }

    private static void tcp(byte[] p, int at, int flags, long seq) {
        put16(p, at, 40000);
        put16(p, at + 2, 5201);
        put16(p, at + 4, (int) (seq >>> 16));
        put16(p, at + 6, (int) seq);
        p[at + 12] = 0x50;
        p[at + 13] = (byte) flags;
        put16(p, at + 14, 64240);
    }

    // ---- reference checksum, byte by byte

    private static long pseudoV4(byte[] p, int tcpLength) {
        return sum16(p, 12, 8) + 6 + tcpLength;
    }

    private static long pseudoV6(byte[] p, int tcpLength) {
        return sum16(p, 8, 32) + 6 + tcpLength;
    }

    private static int referenceSum(byte[] p, int from, int length, long initial) {
        return fold(initial + sum16(p, from, length));
    }

    private static long sum16(byte[] p, int from, int length) {
        long sum = 0;
        for (int i = 0; i < length; i += 2) {
            int hi = p[from + i] & 0xff;
            int lo = i + 1 < length ? p[from + i + 1] & 0xff : 0;
            sum += hi << 8 | lo;
        }
        return sum;
    }

    private static int fold(long sum) {
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }

    // ---- small helpers

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] copy = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), copy);
        return copy;
    }

    private static void put16(byte[] p, int at, int v) {
        p[at] = (byte) (v >>> 8);
        p[at + 1] = (byte) v;
    }

    private static int u16(byte[] p, int at) {
        return (p[at] & 0xff) << 8 | p[at + 1] & 0xff;
    }

    private static long u32(byte[] p, int at) {
        return (long) u16(p, at) << 16 | u16(p, at + 2);
    }
}
