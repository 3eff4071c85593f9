package io.wghub.gateway.route;

/**
 * Longest-prefix match and copy-on-write updates on a path-compressed stride-8 trie of
 * {@link TrieNode}s holding the prefixes (length 1 and up) of one address family.
 *
 * <p>A prefix of length L lives in the node for address byte (L-1)/8 on its path. Updates return a
 * new root and never touch a published node, so the caller publishes a whole new version with one
 * store. Invariant kept by every update: a node holds routes or has at least two children;
 * a node that would hold neither is replaced by its only child (or dropped).
 */
final class PrefixTrie {
    private PrefixTrie() {
    }

    /**
     * The peer of the longest route matching the address (high, low) below {@code node}, or
     * {@code best} if none. One node per address byte that carries routes or branches: at most 4
     * for IPv4, 16 for IPv6, each a type check plus two array loads (dense) or two bit counts and
     * two array loads (sparse); a leaf ends the walk with one comparison.
     */
    static Object longestMatch(TrieNode<?> node, long high, long low, Object best) {
        TrieNode<?> n = node;
        int next = 0;
        while (n != null) {
            if (n instanceof LeafNode<?> leaf) {
                boolean match = (((high ^ leaf.keyHigh) & leaf.maskHigh)
                        | ((low ^ leaf.keyLow) & leaf.maskLow)) == 0;
                return match ? leaf.peer : best;
            }
            // Bytes before `next` matched on the way down; only a node further down, reached by
            // path compression, has skipped bytes to check.
            if (n.depth != next
                    && (((high ^ n.keyHigh) & n.maskHigh) | ((low ^ n.keyLow) & n.maskLow)) != 0) {
                break;
            }
            next = n.depth + 1;
            int b = (int) ((n.inLow ? low : high) >>> n.shift) & 0xff;
            Object peer;
            if (n instanceof DenseNode<?> dense) {
                peer = dense.peers[b];
                n = dense.children[b];
            } else {
                SparseNode<?> sparse = (SparseNode<?>) n;
                peer = sparse.peer(b);
                n = sparse.child(b);
            }
            if (peer != null) {
                best = peer;
            }
        }
        return best;
    }

    /** The trie with {@code route} added (replacing the route of the same prefix, if any). */
    static <P> TrieNode<P> insert(TrieNode<P> root, Route<P> route) {
        return insertBelow(root, route).asDense();
    }

    /** The trie without the route for {@code prefix}; the same root if it had none. */
    static <P> TrieNode<P> remove(TrieNode<P> root, Prefix prefix) {
        TrieNode<P> updated = removeBelow(root, prefix);
        return updated == null ? null : updated.asDense();
    }

    private static <P> TrieNode<P> insertBelow(TrieNode<P> node, Route<P> route) {
        Prefix p = route.prefix;
        int target = depthOf(p);
        if (node == null) {
            return TrieNode.leaf(target, route);
        }
        int depth = node.depth;
        int common = Math.min(Bits.commonBytes(node.keyHigh, node.keyLow, p.high(), p.low()),
                Math.min(depth, target));
        if (common == depth) {
            if (depth == target) {
                return node.withRoute(route);
            }
            int b = Bits.byteAt(p.high(), p.low(), depth);
            return node.withChild(b, insertBelow(node.child(b), route));
        }
        if (common == target) {
            // The new prefix sits on the skipped path above node: it gets its own node, node below.
            return TrieNode.leaf(target, route)
                    .withChild(Bits.byteAt(node.keyHigh, node.keyLow, target), node.settled());
        }
        // The paths part at byte `common`: a branch node there takes both.
        TrieNode<P>[] children = TrieNode.nodeArray(256);
        children[Bits.byteAt(node.keyHigh, node.keyLow, common)] = node.settled();
        children[Bits.byteAt(p.high(), p.low(), common)] = TrieNode.leaf(target, route);
        return TrieNode.build(common, p.high(), p.low(), children, TrieNode.routeArray(0));
    }

    private static <P> TrieNode<P> removeBelow(TrieNode<P> node, Prefix prefix) {
        if (node == null) {
            return null;
        }
        int target = depthOf(prefix);
        int depth = node.depth;
        if (depth > target || Bits.commonBytes(node.keyHigh, node.keyLow, prefix.high(),
                prefix.low()) < depth) {
            return node;
        }
        TrieNode<P> changed;
        if (depth == target) {
            changed = node.withoutRoute(prefix);
        } else {
            int b = Bits.byteAt(prefix.high(), prefix.low(), depth);
            TrieNode<P> child = node.child(b);
            TrieNode<P> newChild = removeBelow(child, prefix);
            changed = newChild == child ? node : node.withChild(b, newChild);
        }
        if (changed == node || changed.routes().length > 0) {
            return changed;
        }
        int childCount = changed.childCount();
        return childCount > 1 ? changed : childCount == 1 ? changed.anyChild() : null;
    }

    /** The address byte whose node holds a prefix of this length (1 and up). */
    private static int depthOf(Prefix p) {
        return (p.length() - 1) >>> 3;
    }

}
