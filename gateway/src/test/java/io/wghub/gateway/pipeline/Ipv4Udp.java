package io.wghub.gateway.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.NetUtil;

import java.nio.charset.StandardCharsets;

/** Builds and reads minimal IPv4/UDP packets for TUN tests; built ones leave the data path's headroom in front. */
final class Ipv4Udp {
    private Ipv4Udp() {
    }

    static ByteBuf build(ByteBufAllocator allocator, String source, int sourcePort, String destination,
                         int destinationPort, byte[] payload) {
        int length = 20 + 8 + payload.length;
        int at = TunIoHandle.HEADROOM;
        ByteBuf packet = allocator.directBuffer(at + length);
        packet.setIndex(at, at);
        packet.writeByte(0x45).writeByte(0).writeShort(length).writeShort(0).writeShort(0x4000)
                .writeByte(64).writeByte(17).writeShort(0)
                .writeBytes(NetUtil.createByteArrayFromIpAddressString(source))
                .writeBytes(NetUtil.createByteArrayFromIpAddressString(destination));
        packet.setShort(at + 10, checksum(packet, at, 20));
        // A zero UDP checksum means "none" over IPv4.
        packet.writeShort(sourcePort).writeShort(destinationPort).writeShort(8 + payload.length).writeShort(0)
                .writeBytes(payload);
        return packet;
    }

    static boolean isUdpTo(ByteBuf packet, String destination, int port) {
        int at = packet.readerIndex();
        if (packet.readableBytes() < 28 || (packet.getByte(at) >> 4) != 4 || packet.getByte(at + 9) != 17) {
            return false;
        }
        byte[] address = new byte[4];
        packet.getBytes(at + 16, address);
        int headerLength = (packet.getByte(at) & 0x0f) * 4;
        return NetUtil.bytesToIpAddress(address).equals(destination)
                && packet.getUnsignedShort(at + headerLength + 2) == port;
    }

    static String payload(ByteBuf packet) {
        int at = packet.readerIndex();
        int headerLength = (packet.getByte(at) & 0x0f) * 4;
        int udpLength = packet.getUnsignedShort(at + headerLength + 4);
        return packet.toString(at + headerLength + 8, udpLength - 8, StandardCharsets.US_ASCII);
    }

    private static int checksum(ByteBuf buffer, int from, int length) {
        long sum = 0;
        for (int i = from; i < from + length; i += 2) {
            sum += buffer.getUnsignedShort(i);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
