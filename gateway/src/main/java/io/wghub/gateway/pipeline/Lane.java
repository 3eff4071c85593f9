package io.wghub.gateway.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.wghub.gateway.noise.Transport;

import java.net.InetSocketAddress;

/**
 * What one event loop owns on the data path: its UDP socket, its TUN queue, its load signal and
 * the reusable holders its stages pass along. Everything here is touched by that loop's thread
 * only, so a packet is read, processed and written without a hand-off.
 */
final class Lane {
    private Channel channel;
    private TunIoHandle tun;
    final LoadMonitor load;
    final Transport.Received received = new Transport.Received();
    final HandshakeMessage handshake = new HandshakeMessage();
    final InboundPacket inbound = new InboundPacket();
    private boolean flushPending;

    Lane(int handshakesPerSecondBeforeLoad) {
        this.load = new LoadMonitor(handshakesPerSecondBeforeLoad);
    }

    Channel channel() {
        return channel;
    }

    void channel(Channel channel) {
        this.channel = channel;
    }

    TunIoHandle tun() {
        return tun;
    }

    void tun(TunIoHandle tun) {
        this.tun = tun;
    }

    /** Queues a datagram on this loop's socket (ownership passes); sent at the next {@link #flush}. */
    void send(ByteBuf message, InetSocketAddress to) {
        channel.write(new DatagramPacket(message, to), channel.voidPromise());
        flushPending = true;
    }

    /** Sends what {@link #send} queued: once per read batch, so sendmmsg carries many datagrams. */
    void flush() {
        if (flushPending) {
            flushPending = false;
            channel.flush();
        }
    }
}
