package io.wghub.gateway.route;

import java.util.Arrays;

/**
 * Immutable node of the stride-8 trie, for one byte of the address: the peer of the longest route
 * stored here for each of the 256 byte values, and the children one level down.
 *
 * <p>Three layouts, picked by size when a node is built, so that hot, crowded nodes are fast and
 * the many small ones are small:
 * <ul>
 * <li>{@link DenseNode}: plain 256-slot tables; one index per table per lookup step. Used from
 * {@link #DENSE_ENTRIES} entries on (e.g. a /24 full of /32 peers) and for the root.
 * <li>{@link SparseNode}: bitmaps plus arrays holding only the entries present.
 * <li>{@link LeafNode}: a single route and no children, such as a lone /32 or /128: one small
 * object, no arrays.
 * </ul>
 * Nodes never change after construction (all fields final, arrays never written once the node
 * exists); the writer builds new ones ({@link PrefixTrie}), which is what lets lookups run
 * without locks.
 */
abstract sealed class TrieNode<P> permits DenseNode, SparseNode, LeafNode {
    /**
     * From this many entries (runs of equal peers plus children) a node uses the dense layout;
     * a dense node's ~2 KB then stays within ~32 bytes per entry however the table is shaped.
     */
    static final int DENSE_ENTRIES = 64;

    /** Index (0..15) of the address byte this node dispatches on. */
    final int depth;
    /** Where byte {@code depth} lies: in the low word or the high one, and at which shift. */
    final boolean inLow;
    final int shift;
    /**
     * Address bits every match below this node has, and their mask: the first {@code depth} bytes
     * for dense and sparse nodes (levels holding nothing are skipped by path compression, so a
     * lookup checks them here), the whole route prefix for a leaf.
     */
    final long keyHigh;
    final long keyLow;
    final long maskHigh;
    final long maskLow;

    TrieNode(int depth, long high, long low, int maskBits) {
        this.depth = depth;
        this.inLow = depth >= 8;
        this.shift = 56 - 8 * (depth & 7);
        this.maskHigh = Bits.maskHigh(maskBits);
        this.maskLow = Bits.maskLow(maskBits);
        this.keyHigh = high & maskHigh;
        this.keyLow = low & maskLow;
    }

    /** The child for byte value {@code b}, or null. */
    abstract TrieNode<P> child(int b);

    abstract int childCount();

    /** The routes stored in this node (lengths 8*depth+1 .. 8*depth+8), shortest first. */
    abstract Route<P>[] routes();

    /**
     * The node holding {@code routes} and the children in {@code fullChildren} (256 entries, which
     * the node may keep, or null for none), in the layout that suits its size.
     */
    static <P> TrieNode<P> build(int depth, long high, long low, TrieNode<P>[] fullChildren,
            Route<P>[] routes) {
        return build(depth, high, low, fullChildren, routes, false);
    }

    private static <P> TrieNode<P> build(int depth, long high, long low,
            TrieNode<P>[] fullChildren, Route<P>[] routes, boolean forceDense) {
        int childCount = 0;
        for (int b = 0; fullChildren != null && b < 256; b++) {
            childCount += fullChildren[b] == null ? 0 : 1;
        }
        if (!forceDense && childCount == 0 && routes.length == 1) {
            return new LeafNode<>(depth, routes[0]);
        }
        Object[] slots = paint(depth, routes);
        int runCount = 1;
        for (int b = 1; slots != null && b < 256; b++) {
            runCount += slots[b] == slots[b - 1] ? 0 : 1;
        }
        if (forceDense || childCount + runCount >= DENSE_ENTRIES) {
            return new DenseNode<>(depth, high, low, childCount == 0 ? null : fullChildren, slots,
                    routes);
        }
        return new SparseNode<>(depth, high, low, fullChildren, childCount, slots, runCount, routes);
    }

    /** A node at {@code depth} on the path of the route's prefix, holding only that route. */
    static <P> TrieNode<P> leaf(int depth, Route<P> route) {
        return new LeafNode<>(depth, route);
    }

    /**
     * This node in the dense layout. The root is kept dense whatever its size: it is on every
     * lookup's path, and one node's 2 KB does not matter.
     */
    TrieNode<P> asDense() {
        return this instanceof DenseNode ? this
                : build(depth, keyHigh, keyLow, fullChildren(), routes(), true);
    }

    /**
     * This node in the layout its size calls for: a former root placed below a new node should
     * not stay dense (2 KB) if it holds only a few entries.
     */
    TrieNode<P> settled() {
        return this instanceof DenseNode ? build(depth, keyHigh, keyLow, fullChildren(), routes())
                : this;
    }

    /** Some child (the only one, when {@link #childCount()} is 1), or null. */
    TrieNode<P> anyChild() {
        for (int b = 0; b < 256; b++) {
            TrieNode<P> c = child(b);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    /** This node with the child for byte {@code b} replaced ({@code child} null removes it). */
    TrieNode<P> withChild(int b, TrieNode<P> child) {
        TrieNode<P>[] full = fullChildren();
        if (full == null) {
            full = nodeArray(256);
        }
        full[b] = child;
        return build(depth, keyHigh, keyLow, full, routes());
    }

    /** This node with {@code route} added, replacing a route for the same prefix if present. */
    TrieNode<P> withRoute(Route<P> route) {
        Route<P>[] routes = routes();
        Route<P>[] updated;
        int same = indexOf(routes, route.prefix);
        if (same >= 0) {
            updated = routes.clone();
            updated[same] = route;
        } else {
            // Keep shortest first so painting lets longer prefixes win.
            int at = 0;
            while (at < routes.length && routes[at].prefix.length() <= route.prefix.length()) {
                at++;
            }
            updated = routeArray(routes.length + 1);
            System.arraycopy(routes, 0, updated, 0, at);
            updated[at] = route;
            System.arraycopy(routes, at, updated, at + 1, routes.length - at);
        }
        return build(depth, keyHigh, keyLow, fullChildren(), updated);
    }

    /** This node without the route for {@code prefix}; the same node if it had none. */
    TrieNode<P> withoutRoute(Prefix prefix) {
        Route<P>[] routes = routes();
        int at = indexOf(routes, prefix);
        if (at < 0) {
            return this;
        }
        Route<P>[] updated = routeArray(routes.length - 1);
        System.arraycopy(routes, 0, updated, 0, at);
        System.arraycopy(routes, at + 1, updated, at, routes.length - at - 1);
        return build(depth, keyHigh, keyLow, fullChildren(), updated);
    }

    /** A fresh 256-entry copy of the child table, or null if there are no children. */
    private TrieNode<P>[] fullChildren() {
        if (childCount() == 0) {
            return null;
        }
        TrieNode<P>[] full = nodeArray(256);
        for (int b = 0; b < 256; b++) {
            full[b] = child(b);
        }
        return full;
    }

    private static int indexOf(Route<?>[] routes, Prefix prefix) {
        for (int i = 0; i < routes.length; i++) {
            if (routes[i].prefix.equals(prefix)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The peer per byte value, or null if there are no routes: a /L route at this depth covers
     * 2^(8*(depth+1)-L) byte values; routes come shortest first, so longer ones overwrite.
     */
    private static <P> Object[] paint(int depth, Route<P>[] routes) {
        if (routes.length == 0) {
            return null;
        }
        Object[] slots = new Object[256];
        for (Route<P> r : routes) {
            Prefix p = r.prefix;
            int first = Bits.byteAt(p.high(), p.low(), depth);
            Arrays.fill(slots, first, first + (1 << (8 * (depth + 1) - p.length())), r.peer);
        }
        return slots;
    }

    @SuppressWarnings("unchecked")
    static <P> Route<P>[] routeArray(int n) {
        return (Route<P>[]) new Route<?>[n];
    }

    @SuppressWarnings("unchecked")
    static <P> TrieNode<P>[] nodeArray(int n) {
        return (TrieNode<P>[]) new TrieNode<?>[n];
    }
}
