package io.wghub.gateway.peer;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.wghub.gateway.timer.PeerTimers;

/** The peers of one interface, by static public key, and the receiver indices they use. */
public final class PeerTable {
    /** A public key as a map key: equality by content. */
    private record KeyId(byte[] key) {
        @Override
        public boolean equals(Object other) {
            return other instanceof KeyId id && Arrays.equals(key, id.key);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(key);
        }
    }

    private final ConcurrentHashMap<KeyId, Peer> byKey = new ConcurrentHashMap<>();
    private final IndexTable indices = new IndexTable();
    private final Function<Peer, PeerTimers<Peer>> timers;

    /** A table whose peers have no timers: for protocol-only tests and benchmarks. */
    public PeerTable() {
        this(null);
    }

    /** @param timers makes each new peer's timers (normally {@code TimerWheel::newPeerTimers}) */
    public PeerTable(Function<Peer, PeerTimers<Peer>> timers) {
        this.timers = timers;
    }

    public IndexTable indices() {
        return indices;
    }

    /** Adds a peer, or returns the one that already has this public key. */
    public Peer add(byte[] publicKey, byte[] presharedKey) {
        return byKey.computeIfAbsent(new KeyId(publicKey.clone()),
                id -> new Peer(id.key(), presharedKey, indices, timers));
    }

    public Peer byPublicKey(byte[] publicKey) {
        return byKey.get(new KeyId(publicKey));
    }

    /** Removes a peer and zeroes its sessions and handshake. */
    public void remove(Peer peer) {
        if (byKey.remove(new KeyId(peer.publicKey()), peer)) {
            peer.handshake().clear(indices);
            peer.keypairs().clear();
            peer.staged().close();
            if (peer.timers() != null) {
                peer.timers().stop();
            }
        }
    }

    public Collection<Peer> peers() {
        return Collections.unmodifiableCollection(byKey.values());
    }
}
