package io.wghub.gateway.route;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * WireGuard cryptokey routing: maps IPv4 and IPv6 prefixes to peers and finds the peer owning the
 * longest prefix that matches an address. Peers are compared by identity.
 *
 * <p>Concurrency: lookups take no lock and may run on any number of threads while one writer at a
 * time (serialized by {@link #lock}) changes the table. The writer never modifies a node a reader
 * can reach: it builds the changed path as new immutable nodes and then publishes the new root with
 * one volatile store. A reader's volatile load of the root happens-after everything written before
 * that store, so it walks either the whole old version or the whole new one; it can never see a
 * half-built node, and its answer for an address is the old one or the new one. (The /0 entries
 * live in their own volatile fields; each of those stores is likewise a single switch.)
 */
public final class AllowedIps<P> {
    private final ReentrantLock lock = new ReentrantLock();
    private final PeerIndex<P> index = new PeerIndex<>();
    private volatile TrieNode<P> v4Root;
    private volatile TrieNode<P> v6Root;
    /** Peers of the /0 routes, kept outside the tries. */
    private volatile P v4Default;
    private volatile P v6Default;
    /** Bumped under {@link #lock} by every change; see {@link #version}. */
    private volatile long version;

    /**
     * Routes {@code prefix} to {@code peer}. A prefix owned by another peer moves to this one, to
     * the end of its list, as wg does; inserting a prefix the peer already has changes nothing.
     */
    public void insert(Prefix prefix, P peer) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(peer, "peer");
        lock.lock();
        try {
            Route<P> old = index.find(prefix);
            if (old != null && old.peer == peer) {
                return;
            }
            Route<P> route = new Route<>(prefix, peer);
            if (prefix.length() == 0) {
                setDefault(prefix.isIpv4(), peer);
            } else if (prefix.isIpv4()) {
                v4Root = PrefixTrie.insert(v4Root, route);
            } else {
                v6Root = PrefixTrie.insert(v6Root, route);
            }
            index.add(route);
            version++;
        } finally {
            lock.unlock();
        }
    }

    /** Removes {@code prefix} if {@code peer} owns it; returns whether it did. */
    public boolean remove(Prefix prefix, P peer) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(peer, "peer");
        lock.lock();
        try {
            Route<P> route = index.find(prefix);
            if (route == null || route.peer != peer) {
                return false;
            }
            if (prefix.length() == 0) {
                setDefault(prefix.isIpv4(), null);
            } else if (prefix.isIpv4()) {
                v4Root = PrefixTrie.remove(v4Root, prefix);
            } else {
                v6Root = PrefixTrie.remove(v6Root, prefix);
            }
            index.remove(route);
            version++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes every prefix of {@code peer}. Each family's trie is rebuilt privately and published
     * once, so readers see the peer's trie routes of a family vanish together.
     */
    public void removePeer(P peer) {
        Objects.requireNonNull(peer, "peer");
        lock.lock();
        try {
            TrieNode<P> v4 = v4Root;
            TrieNode<P> v6 = v6Root;
            for (Prefix p : index.removePeer(peer)) {
                if (p.length() == 0) {
                    setDefault(p.isIpv4(), null);
                } else if (p.isIpv4()) {
                    v4 = PrefixTrie.remove(v4, p);
                } else {
                    v6 = PrefixTrie.remove(v6, p);
                }
            }
            v4Root = v4;
            v6Root = v6;
            version++;
        } finally {
            lock.unlock();
        }
    }

    /** The peer for {@code address} (4 or 16 bytes), or null if no prefix matches. */
    public P lookup(byte[] address) {
        Objects.requireNonNull(address, "address");
        return switch (address.length) {
            case 4 -> lookupV4(Bits.int32(address, 0));
            case 16 -> lookupV6(Bits.int64(address, 0), Bits.int64(address, 8));
            default -> throw new IllegalArgumentException(
                    "address must be 4 (IPv4) or 16 (IPv6) bytes, got " + address.length);
        };
    }

    /** The peer for an IPv4 address given as a big-endian int (as read from a header), or null. */
    @SuppressWarnings("unchecked") // the tries only ever hold peers passed to insert
    public P lookupV4(int address) {
        return (P) PrefixTrie.longestMatch(v4Root, (long) address << 32, 0, v4Default);
    }

    /** The peer for an IPv6 address given as two big-endian longs, or null. */
    @SuppressWarnings("unchecked") // the tries only ever hold peers passed to insert
    public P lookupV6(long high, long low) {
        return (P) PrefixTrie.longestMatch(v6Root, high, low, v6Default);
    }

    /**
     * A number that changes whenever any peer's prefixes change (insert, remove, removePeer). Whoever keeps
     * something derived from {@link #prefixesOf} (the metrics' allowed-IPs text) re-derives it when this moves.
     */
    public long version() {
        return version;
    }

    /** The prefixes of {@code peer} in the order they were inserted. */
    public List<Prefix> prefixesOf(P peer) {
        Objects.requireNonNull(peer, "peer");
        lock.lock();
        try {
            return List.copyOf(index.prefixesOf(peer));
        } finally {
            lock.unlock();
        }
    }

    /** Number of prefixes of all peers together. */
    public int size() {
        lock.lock();
        try {
            return index.size();
        } finally {
            lock.unlock();
        }
    }

    private void setDefault(boolean ipv4, P peer) {
        if (ipv4) {
            v4Default = peer;
        } else {
            v6Default = peer;
        }
    }
}
