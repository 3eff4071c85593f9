package io.wghub.gateway.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.util.NetUtil;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.route.AllowedIps;


/**
 * The little of an inner IPv4 or IPv6 packet the data path reads: version, total length and the
 * source or destination address, looked up in the allowed-IPs trie without allocating.
 */
final class InnerPacket {
    private static final int IPV4_HEADER = 20;
    private static final int IPV6_HEADER = 40;

    private InnerPacket() {
    }

    /**
     * Checks a decrypted packet (the buffer's readable bytes, padding included) and trims the
     * padding off by its IP length field.
     *
     * @return false when it is neither a well-formed IPv4 nor IPv6 packet
     */
    static boolean trim(ByteBuf packet) {
        int start = packet.readerIndex();
        int available = packet.readableBytes();
        if (available < 1) {
            return false;
        }
        int length;
        switch (packet.getUnsignedByte(start) >>> 4) {
            case 4 -> {
                if (available < IPV4_HEADER) {
                    return false;
                }
                length = packet.getUnsignedShort(start + 2);
                if (length < IPV4_HEADER) {
                    return false;
                }
            }
            case 6 -> {
                if (available < IPV6_HEADER) {
                    return false;
                }
                length = IPV6_HEADER + packet.getUnsignedShort(start + 4);
            }
            default -> {
                return false;
            }
        }
        if (length > available) {
            return false;
        }
        packet.writerIndex(start + length);
        return true;
    }

    /** The peer whose allowed IPs hold the packet's source address; the packet passed {@link #trim}. */
    static Peer bySource(AllowedIps<Peer> table, ByteBuf packet) {
        int start = packet.readerIndex();
        if (packet.getUnsignedByte(start) >>> 4 == 4) {
            return table.lookupV4(packet.getInt(start + 12));
        }
        return table.lookupV6(packet.getLong(start + 8), packet.getLong(start + 16));
    }

    /**
     * The peer whose allowed IPs hold the destination of a packet read from the TUN, or null when
     * none does or the packet is not IPv4/IPv6 (the kernel only hands a TUN IP packets).
     */
    static Peer byDestination(AllowedIps<Peer> table, ByteBuf packet) {
        int start = packet.readerIndex();
        int available = packet.readableBytes();
        if (available >= IPV4_HEADER && packet.getUnsignedByte(start) >>> 4 == 4) {
            return table.lookupV4(packet.getInt(start + 16));
        }
        if (available >= IPV6_HEADER && packet.getUnsignedByte(start) >>> 4 == 6) {
            return table.lookupV6(packet.getLong(start + 24), packet.getLong(start + 32));
        }
        return null;
    }

    /** The source address as text, for log lines only. */
    static String sourceText(ByteBuf packet) {
        int start = packet.readerIndex();
        boolean v4 = packet.getUnsignedByte(start) >>> 4 == 4;
        byte[] address = new byte[v4 ? 4 : 16];
        packet.getBytes(start + (v4 ? 12 : 8), address);
        return NetUtil.bytesToIpAddress(address); // RFC 5952, as wg prints it
    }
}
