package io.wghub.gateway.timer;

/**
 * The wheel's slots: for each tick modulo the slot count, a doubly linked list threaded through
 * the peers themselves, so slotting a peer allocates nothing. Used by the wheel's thread only.
 */
final class SlotRing<P> {
    private final PeerTimers<P>[] heads;
    private int linked;

    @SuppressWarnings("unchecked")
    SlotRing(int slots) {
        heads = (PeerTimers<P>[]) new PeerTimers<?>[slots];
    }

    PeerTimers<P> head(int slot) {
        return heads[slot];
    }

    /**
     * Inserts at the head: a peer re-slotted into the list being walked lands behind the walker,
     * so one walk never visits it twice.
     */
    void link(PeerTimers<P> timers, int slot) {
        PeerTimers<P> first = heads[slot];
        timers.previous = null;
        timers.next = first;
        if (first != null) {
            first.previous = timers;
        }
        heads[slot] = timers;
        linked++;
    }

    void unlink(PeerTimers<P> timers, int slot) {
        PeerTimers<P> before = timers.previous;
        PeerTimers<P> after = timers.next;
        if (before != null) {
            before.next = after;
        } else {
            heads[slot] = after;
        }
        if (after != null) {
            after.previous = before;
        }
        timers.previous = null;
        timers.next = null;
        linked--;
    }

    /** Peers currently in some slot. */
    int linked() {
        return linked;
    }
}
