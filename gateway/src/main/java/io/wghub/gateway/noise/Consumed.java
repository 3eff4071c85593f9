package io.wghub.gateway.noise;

import io.wghub.gateway.DropReason;
import io.wghub.gateway.peer.Peer;

/** Outcome of consuming a handshake message: the peer it came from, or why it was dropped. */
public record Consumed(Peer peer, DropReason drop) {
    static Consumed of(Peer peer) {
        return new Consumed(peer, null);
    }

    static Consumed dropped(DropReason reason) {
        return new Consumed(null, reason);
    }

    public boolean ok() {
        return drop == null;
    }
}
