package io.wghub.gateway.route;

/**
 * One allowed-IPs entry: a prefix and the peer it routes to. Trie nodes keep their routes so a
 * change can repaint the node's tables; {@link PeerIndex} also chains each peer's routes in
 * insertion order through {@link #previous} and {@link #next}. Those links are writer-only state
 * touched under the table's lock; lookups never read a route, only the tables painted from it.
 */
final class Route<P> {
    final Prefix prefix;
    final P peer;
    Route<P> previous;
    Route<P> next;

    Route(Prefix prefix, P peer) {
        this.prefix = prefix;
        this.peer = peer;
    }
}
