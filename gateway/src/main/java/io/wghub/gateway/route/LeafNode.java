package io.wghub.gateway.route;

/**
 * Trie node with one route and no children, such as a lone /32 or /128 peer address: the prefix
 * to compare and the peer, in one small object without arrays. Most nodes of a scattered table are
 * leaves, so this layout decides both its memory and the cache misses at the end of a lookup.
 */
final class LeafNode<P> extends TrieNode<P> {
    /** Peer of {@link #route}, read by lookups without going through the route. */
    final P peer;
    private final Route<P> route;

    /** {@code route}'s prefix must be one a node at {@code depth} holds. */
    LeafNode(int depth, Route<P> route) {
        super(depth, route.prefix.high(), route.prefix.low(), route.prefix.length());
        this.peer = route.peer;
        this.route = route;
    }

    @Override
    TrieNode<P> child(int b) {
        return null;
    }

    @Override
    int childCount() {
        return 0;
    }

    @Override
    Route<P>[] routes() {
        Route<P>[] routes = routeArray(1);
        routes[0] = route;
        return routes;
    }
}
