package io.wghub.gateway.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writer-side bookkeeping: the route of each prefix, and each peer's routes in the order they were
 * added (as wg show lists them). Not thread-safe; {@link AllowedIps} calls it under its lock.
 *
 * <p>Each peer's routes form a doubly linked list through the routes themselves, so removing one
 * is O(1) however many the peer has, and a peer costs one small object besides its routes.
 */
final class PeerIndex<P> {
    /** Ends of one peer's list. */
    private static final class Chain<P> {
        Route<P> first;
        Route<P> last;
    }

    private final Map<Prefix, Route<P>> byPrefix = new HashMap<>();
    private final Map<P, Chain<P>> byPeer = new IdentityHashMap<>();

    /** The route of {@code prefix}, or null. */
    Route<P> find(Prefix prefix) {
        return byPrefix.get(prefix);
    }

    /** Records {@code route}, last in its peer's list, replacing any route of the same prefix. */
    void add(Route<P> route) {
        Route<P> old = byPrefix.put(route.prefix, route);
        if (old != null) {
            unlink(old);
        }
        Chain<P> chain = byPeer.computeIfAbsent(route.peer, k -> new Chain<>());
        route.previous = chain.last;
        if (chain.last == null) {
            chain.first = route;
        } else {
            chain.last.next = route;
        }
        chain.last = route;
    }

    /** Forgets {@code route}. */
    void remove(Route<P> route) {
        byPrefix.remove(route.prefix);
        unlink(route);
    }

    /** The prefixes of {@code peer}, oldest first. */
    List<Prefix> prefixesOf(P peer) {
        List<Prefix> out = new ArrayList<>();
        Chain<P> chain = byPeer.get(peer);
        for (Route<P> r = chain == null ? null : chain.first; r != null; r = r.next) {
            out.add(r.prefix);
        }
        return out;
    }

    /** Forgets every route of {@code peer} and returns their prefixes, oldest first. */
    List<Prefix> removePeer(P peer) {
        List<Prefix> removed = prefixesOf(peer);
        for (Prefix p : removed) {
            byPrefix.remove(p);
        }
        byPeer.remove(peer);
        return removed;
    }

    int size() {
        return byPrefix.size();
    }

    private void unlink(Route<P> r) {
        Chain<P> chain = byPeer.get(r.peer);
        if (r.previous == null) {
            chain.first = r.next;
        } else {
            r.previous.next = r.next;
        }
        if (r.next == null) {
            chain.last = r.previous;
        } else {
            r.next.previous = r.previous;
        }
        r.previous = null;
        r.next = null;
        if (chain.first == null) {
            byPeer.remove(r.peer);
        }
    }
}
