package io.wghub.gateway.pipeline;

import io.netty.channel.socket.DatagramPacket;
import io.wghub.gateway.peer.Peer;

/**
 * A decrypted inner packet (the datagram's content, framed to the plaintext) and the peer it
 * authenticated as, passed from decryption to the source check and the TUN; one reusable
 * instance per lane. The stage that ends its way releases the datagram.
 */
final class InboundPacket {
    DatagramPacket datagram;
    Peer peer;

    InboundPacket set(DatagramPacket datagram, Peer peer) {
        this.datagram = datagram;
        this.peer = peer;
        return this;
    }
}
