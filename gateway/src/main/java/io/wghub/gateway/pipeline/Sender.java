package io.wghub.gateway.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.wghub.gateway.DropReason;
import io.wghub.gateway.crypto.Aead;
import io.wghub.gateway.noise.Messages;
import io.wghub.gateway.noise.Protocol;
import io.wghub.gateway.noise.Transport;
import io.wghub.gateway.peer.Keypair;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.timer.PeerTimers;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The send side of the data path (Linux's send.c): seals inner packets under the peer's current
 * session, stages them while there is none and starts the handshake on demand, keeps keys fresh
 * (REKEY_AFTER_TIME / _MESSAGES), and sends initiations, responses and keepalives. Runs on the
 * calling lane's loop and writes to that lane's socket (every lane's socket has the same port).
 */
final class Sender {
    /** Buffers made here for keepalives and staged copies keep the TUN handle's layout. */
    private static final int HEADROOM = TunIoHandle.HEADROOM;
    private static final int TAILROOM = TunIoHandle.TAILROOM;

    private final DataPlane plane;

    Sender(DataPlane plane) {
        this.plane = plane;
    }

    /**
     * Sends an inner packet to {@code peer} (ownership of {@code packet} passes): at once when a
     * session is usable and nothing is waiting before it, else staged behind a handshake. The
     * packet must have {@link TunIoHandle#HEADROOM} bytes before its reader index and
     * {@link TunIoHandle#TAILROOM} after its writer index.
     */
    void send(Peer peer, ByteBuf packet, Lane lane, long nowNanos) {
        if (peer.staged().isEmpty()) {
            Keypair keypair = peer.keypairs().current();
            if (keypair != null && trySeal(peer, keypair, packet, lane, nowNanos)) {
                keepKeyFresh(peer, keypair, lane, nowNanos);
                return;
            }
        }
        stage(peer, packet);
        sendStaged(peer, lane, nowNanos);
    }

    /**
     * Sends what is staged for {@code peer} if its current session is usable, else asks for a
     * handshake (Linux's wg_packet_send_staged_packets).
     */
    void sendStaged(Peer peer, Lane lane, long nowNanos) {
        Keypair keypair = peer.keypairs().current();
        if (keypair == null || keypair.expired(nowNanos) || keypair.destroyed()) {
            sendInitiation(peer, lane, nowNanos, false);
            return;
        }
        for (ByteBuf packet; (packet = peer.staged().poll()) != null; ) {
            if (!trySeal(peer, keypair, packet, lane, nowNanos)) {
                peer.staged().pushBack(packet);
                sendInitiation(peer, lane, nowNanos, false);
                return;
            }
        }
        keepKeyFresh(peer, keypair, lane, nowNanos);
    }

    /** An empty data packet (whitepaper §6.5), or what is staged if anything is. */
    void sendKeepalive(Peer peer, Lane lane, long nowNanos) {
        if (!peer.staged().isEmpty()) {
            sendStaged(peer, lane, nowNanos);
            return;
        }
        ByteBuf empty = plane.allocator.directBuffer(HEADROOM + TAILROOM);
        empty.setIndex(HEADROOM, HEADROOM);
        send(peer, empty, lane, nowNanos);
    }

    /**
     * Sends a handshake initiation unless one went out less than REKEY_TIMEOUT ago (Linux and
     * wireguard-go limit them the same way).
     *
     * @param retry true when the retransmit timer asks: the attempt count then keeps counting
     */
    void sendInitiation(Peer peer, Lane lane, long nowNanos, boolean retry) {
        PeerTimers<Peer> timers = peer.timers();
        if (!retry) {
            timers.handshakeRequested();
        }
        InetSocketAddress endpoint = peer.endpoint();
        if (endpoint == null) {
            // Nowhere to send it: what waits for it can never go (wireguard-go drops it the same way).
            dropStaged(peer, DropReason.NO_ENDPOINT);
            return;
        }
        if (!peer.tryClaimInitiation(nowNanos, plane.rekeyTimeoutNanos)) {
            return;
        }
        byte[] initiation = plane.protocol.createInitiation(peer, nowNanos);
        if (initiation == null) {
            return;
        }
        writeHandshake(peer, initiation, endpoint, lane);
        timers.anyAuthenticatedPacketSent(nowNanos);
        timers.handshakeInitiated(nowNanos);
    }

    /** Sends a handshake response (or any handshake-class message) to {@code to}. */
    void sendResponse(Peer peer, byte[] response, InetSocketAddress to, Lane lane, long nowNanos) {
        peer.handshakeResponseSent(nowNanos);
        writeHandshake(peer, response, to, lane);
        peer.timers().anyAuthenticatedPacketSent(nowNanos);
    }

    /** Releases every staged packet of {@code peer}, counting each under {@code reason}. */
    void dropStaged(Peer peer, DropReason reason) {
        for (int n = peer.staged().clear(); n > 0; n--) {
            plane.drops.count(reason);
        }
    }

    private void writeHandshake(Peer peer, byte[] message, InetSocketAddress to, Lane lane) {
        peer.counters().sent(message.length);
        lane.send(Unpooled.wrappedBuffer(message), to);
    }

    private void stage(Peer peer, ByteBuf packet) {
        if (peer.staged().add(packet)) {
            plane.drops.count(DropReason.STAGED_QUEUE_FULL);
        }
    }

    /**
     * Seals {@code packet} in place under {@code keypair} and queues it to the peer's endpoint.
     *
     * @return true when the packet was consumed (sent, or dropped for want of an endpoint);
     *         false when the session may not send any more and the packet is still the caller's
     */
    private boolean trySeal(Peer peer, Keypair keypair, ByteBuf packet, Lane lane, long nowNanos) {
        InetSocketAddress endpoint = peer.endpoint();
        if (endpoint == null) {
            packet.release();
            plane.drops.count(DropReason.NO_ENDPOINT);
            return true;
        }
        int plaintext = packet.readableBytes();
        int header = packet.readerIndex() - Messages.TRANSPORT_HEADER_LENGTH;
        // The nio view below spans the pooled chunk, so its capacity cannot catch an overrun: check here.
        if (header < 0 || packet.readerIndex() + Transport.paddedLength(plaintext, plane.mtu) + Aead.TAG_LENGTH
                > packet.capacity()) {
            packet.release();
            plane.drops.count(DropReason.INVALID_INNER_PACKET);
            return true;
        }
        ByteBuffer nio = packet.internalNioBuffer(0, packet.capacity());
        int base = nio.position();
        nio.position(base + header);
        if (Transport.seal(keypair, nio, plaintext, plane.mtu, nowNanos) != null) {
            return false;
        }
        packet.setIndex(header, nio.limit() - base);
        int length = packet.readableBytes();
        lane.send(packet, endpoint);
        peer.counters().sent(length);
        PeerTimers<Peer> timers = peer.timers();
        timers.anyAuthenticatedPacketSent(nowNanos);
        if (plaintext > 0) {
            timers.dataSent(nowNanos);
        }
        return true;
    }

    /**
     * Whitepaper §6.2: the initiator of a session starts the next handshake once it is
     * REKEY_AFTER_TIME old; either side does after REKEY_AFTER_MESSAGES.
     */
    private void keepKeyFresh(Peer peer, Keypair keypair, Lane lane, long nowNanos) {
        if (Long.compareUnsigned(keypair.sendCounter(), Protocol.REKEY_AFTER_MESSAGES) > 0
                || keypair.initiator() && keypair.ageNanos(nowNanos) > plane.rekeyAfterNanos) {
            sendInitiation(peer, lane, nowNanos, false);
        }
    }

    /**
     * Whitepaper §6.2, receive side: an initiator still receiving under a session close to
     * REJECT_AFTER_TIME (less than KEEPALIVE_TIMEOUT + REKEY_TIMEOUT left) starts a handshake
     * once, so the session cannot expire while the peer has nothing to send.
     */
    void keepKeyFreshOnReceive(Peer peer, Keypair keypair, Lane lane, long nowNanos) {
        if (keypair.initiator() && !peer.sentLastMinuteHandshake()
                && keypair == peer.keypairs().current()
                && keypair.ageNanos(nowNanos) > plane.lastMinuteRekeyNanos) {
            peer.sentLastMinuteHandshake(true);
            sendInitiation(peer, lane, nowNanos, false);
        }
    }
}
