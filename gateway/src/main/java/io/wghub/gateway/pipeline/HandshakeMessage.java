package io.wghub.gateway.pipeline;

import java.net.InetSocketAddress;

/**
 * A handshake-class message (initiation, response, cookie reply) copied out of its datagram,
 * passed from the load guard to the handshake stage; one reusable instance per lane.
 */
final class HandshakeMessage {
    int type;
    byte[] bytes;
    InetSocketAddress sender;

    HandshakeMessage set(int type, byte[] bytes, InetSocketAddress sender) {
        this.type = type;
        this.bytes = bytes;
        this.sender = sender;
        return this;
    }
}
