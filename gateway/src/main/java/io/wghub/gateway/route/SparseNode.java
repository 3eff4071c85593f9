package io.wghub.gateway.route;

/**
 * Trie node storing its two 256-entry tables compactly (the Lulea/Poptrie idea): a 256-bit bitmap
 * marks byte values with a child, another marks where a run of equal peers starts, and the arrays
 * hold only those entries, indexed by counting the set bits below the byte (rank). It costs about
 * what it holds. The bitmaps are fields rather than an array so that a lookup step reads this
 * object and then one array element: one dependent cache miss fewer.
 */
final class SparseNode<P> extends TrieNode<P> {
    private static final TrieNode<?>[] NO_CHILDREN = {};
    private static final Object[] NO_RUNS = {null};

    /** Bitmap of byte values with a child (bit b%64 of word b/64). */
    final long child0;
    final long child1;
    final long child2;
    final long child3;
    /** Bitmap of byte values where a run of equal peers starts (bit 0 always set). */
    final long run0;
    final long run1;
    final long run2;
    final long run3;
    /** Set bits in the words before word w of each bitmap, as four 16-bit fields. */
    final long childRank;
    final long runRank;
    /** One entry per child bit, in byte order. */
    final TrieNode<P>[] children;
    /** One entry per run-start bit: the peer of the longest route here covering it, or null. */
    final Object[] peers;
    private final Route<P>[] routes;

    /**
     * Packs {@code fullChildren} (256 entries or null, {@code childCount} of them set) and
     * {@code slots} (256 peers or null, forming {@code runCount} runs).
     */
    @SuppressWarnings("unchecked")
    SparseNode(int depth, long high, long low, TrieNode<P>[] fullChildren, int childCount,
            Object[] slots, int runCount, Route<P>[] routes) {
        super(depth, high, low, 8 * depth);
        long[] childBits = new long[4];
        TrieNode<P>[] packed = (TrieNode<P>[]) NO_CHILDREN;
        if (childCount > 0) {
            packed = nodeArray(childCount);
            for (int b = 0, i = 0; b < 256; b++) {
                if (fullChildren[b] != null) {
                    childBits[b >>> 6] |= 1L << b;
                    packed[i++] = fullChildren[b];
                }
            }
        }
        long[] runBits = {1L, 0, 0, 0};
        Object[] runs = NO_RUNS;
        if (slots != null) {
            runs = new Object[runCount];
            runs[0] = slots[0];
            for (int b = 1, i = 1; b < 256; b++) {
                if (slots[b] != slots[b - 1]) {
                    runBits[b >>> 6] |= 1L << b;
                    runs[i++] = slots[b];
                }
            }
        }
        this.child0 = childBits[0];
        this.child1 = childBits[1];
        this.child2 = childBits[2];
        this.child3 = childBits[3];
        this.childRank = rankBases(childBits);
        this.children = packed;
        this.run0 = runBits[0];
        this.run1 = runBits[1];
        this.run2 = runBits[2];
        this.run3 = runBits[3];
        this.runRank = rankBases(runBits);
        this.peers = runs;
        this.routes = routes;
    }

    /** The peer of the longest route here covering byte value {@code b}, or null. */
    Object peer(int b) {
        int w = b >>> 6;
        // Shift counts are mod 64: "-1L >>> ~b" keeps the bit of b in its word and all below it.
        long starts = select(w, run0, run1, run2, run3) & (-1L >>> ~b);
        return peers[rank(runRank, w) + Long.bitCount(starts) - 1];
    }

    @Override
    TrieNode<P> child(int b) {
        int w = b >>> 6;
        long word = select(w, child0, child1, child2, child3);
        long bit = 1L << b;
        if ((word & bit) == 0) {
            return null;
        }
        return children[rank(childRank, w) + Long.bitCount(word & (bit - 1))];
    }

    @Override
    int childCount() {
        return children.length;
    }

    @Override
    Route<P>[] routes() {
        return routes;
    }

    /**
     * Word {@code w} (0..3) of a bitmap held in four fields, without branches: a byte value is as
     * good as random, so a switch here would mispredict on most lookups.
     */
    private static long select(int w, long word0, long word1, long word2, long word3) {
        return (word0 & ((long) (w - 1) >> 63))
                | (word1 & ((long) ((w ^ 1) - 1) >> 63))
                | (word2 & ((long) ((w ^ 2) - 1) >> 63))
                | (word3 & ((long) ((w ^ 3) - 1) >> 63));
    }

    /** Base rank of word {@code w} (0..3) from a packed {@link #childRank} or {@link #runRank}. */
    private static int rank(long packed, int w) {
        return (int) (packed >>> (w << 4)) & 0xffff;
    }

    private static long rankBases(long[] bits) {
        long packed = 0;
        int sum = 0;
        for (int w = 0; w < 4; w++) {
            packed |= (long) sum << (w << 4);
            sum += Long.bitCount(bits[w]);
        }
        return packed;
    }
}
