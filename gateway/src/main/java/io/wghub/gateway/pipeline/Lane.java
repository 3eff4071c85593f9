package io.wghub.gateway.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.wghub.gateway.noise.Transport;

import java.net.InetSocketAddress;

/**
 * What one event loop owns on the data path: its UDP socket, its TUN queue, its load signal and
 * the reusable holders its stages pass along. Everything here is touched by that loop's thread
 * only, so a packet is read, processed and written without a hand-off. Datagrams wait for the
 * flush, where runs of equal ones to one endpoint go out as one UDP GSO write.
 */
final class Lane {
    private Channel channel;
    private TunIoHandle tun;
    final LoadMonitor load;
    final Transport.Received received = new Transport.Received();
    final HandshakeMessage handshake = new HandshakeMessage();
    final InboundPacket inbound = new InboundPacket();
    private boolean flushPending;
    /** Gathers datagrams into UDP GSO writes; null when they go one by one (no GSO, or the kernel refused it once). */
    private DatagramRun run;
    private final DatagramRun.Failed failures;

    /**
     * Told when a segmented write failed: its datagrams are lost. {@code gsoOff} is true when the
     * kernel refused the segmentation itself (EINVAL, EIO: e.g. a path MTU below the segment
     * size); this lane then sends one by one from then on.
     */
    interface SendFailures {
        void segmentedWriteFailed(int datagrams, Throwable cause, boolean gsoOff);
    }

    Lane(int handshakesPerSecondBeforeLoad, boolean udpGso, SendFailures failures) {
        this.load = new LoadMonitor(handshakesPerSecondBeforeLoad);
        this.run = udpGso ? new DatagramRun() : null;
        this.failures = (datagrams, cause) -> {
            boolean off = DatagramRun.refusesSegmentation(cause);
            if (off) {
                run = null;
            }
            failures.segmentedWriteFailed(datagrams, cause, off);
        };
    }

    /** Whether datagrams to the same endpoint are gathered into UDP GSO writes. */
    boolean udpGso() {
        return run != null;
    }

    Channel channel() {
        return channel;
    }

    /** Switches sockets (on this lane's loop); what is gathered for the old one goes out on it first. */
    void channel(Channel channel) {
        if (this.channel != null) {
            flush();
        }
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
        flushPending = true;
        DatagramRun run = this.run;
        if (run != null && !run.tryAdd(channel, message, to)) {
            run.emit(channel, failures);
            // A write that failed at once may have turned GSO off: then this one goes alone.
            run = this.run;
            if (run != null) {
                run.tryAdd(channel, message, to);
            }
        }
        if (run == null) {
            channel.write(new DatagramPacket(message, to), channel.voidPromise());
        }
    }

    /** Sends what {@link #send} queued: once per read batch, so sendmmsg carries many datagrams. */
    void flush() {
        if (flushPending) {
            flushPending = false;
            if (run != null) {
                run.emit(channel, failures);
            }
            channel.flush();
        }
    }
}
