package io.wghub.gateway.peer;

import io.wghub.gateway.noise.Protocol;

/**
 * Sliding window of received transport counters (RFC 6479 ring of 64-bit blocks): accepts
 * each counter once, out of order within {@link #WINDOW} of the newest, never older ones.
 */
public final class ReplayWindow {
    private static final int BLOCK_BITS_LOG = 6;
    private static final int BLOCK_BITS = 1 << BLOCK_BITS_LOG;
    /** 128 blocks: the 8,192-bit ring of Linux and wireguard-go (window 8,128), 1 KiB per session. */
    private static final int RING_BLOCKS = 128;
    /**
     * Counters this far behind the newest are still accepted. One block of the ring is kept
     * as slack for the block being advanced into, as RFC 6479 requires.
     */
    public static final int WINDOW = (RING_BLOCKS - 1) * BLOCK_BITS;

    private final long[] ring = new long[RING_BLOCKS];
    /**
     * One more than the greatest counter accepted so far; 0 before the first. Volatile so the
     * lock-free {@link #mayAccept} reads a whole value; only {@link #accept} writes it.
     */
    private volatile long next;

    /**
     * Records {@code counter} if it was not seen and is not older than the window. Call only
     * after the packet authenticated: an unauthenticated counter must not move the window.
     *
     * @return true when the counter is new and now recorded
     */
    public synchronized boolean accept(long counter) {
        if (Long.compareUnsigned(counter, Protocol.REJECT_AFTER_MESSAGES) >= 0) {
            return false;
        }
        // counter + 1 cannot overflow: counter < 2^64 - 2^13 - 1.
        long candidate = counter + 1;
        if (Long.compareUnsigned(candidate + WINDOW, next) < 0) {
            return false;
        }
        long block = candidate >>> BLOCK_BITS_LOG;
        if (Long.compareUnsigned(candidate, next) > 0) {
            long currentBlock = next >>> BLOCK_BITS_LOG;
            long advance = Math.min(block - currentBlock, RING_BLOCKS);
            for (long i = 1; i <= advance; i++) {
                ring[(int) ((currentBlock + i) & (RING_BLOCKS - 1))] = 0;
            }
            next = candidate;
        }
        int slot = (int) (block & (RING_BLOCKS - 1));
        long bit = 1L << (candidate & (BLOCK_BITS - 1));
        if ((ring[slot] & bit) != 0) {
            return false;
        }
        ring[slot] |= bit;
        return true;
    }

    /**
     * Cheap pre-check before decrypting: false when {@code counter} is certainly a replay or
     * too old. Takes no lock and records nothing: a racing {@link #accept} can make it answer
     * from slightly old state, which only costs a wasted decryption, because {@link #accept}
     * decides again after authentication.
     */
    public boolean mayAccept(long counter) {
        if (Long.compareUnsigned(counter, Protocol.REJECT_AFTER_MESSAGES) >= 0) {
            return false;
        }
        long candidate = counter + 1;
        long newest = next;
        if (Long.compareUnsigned(candidate + WINDOW, newest) < 0) {
            return false;
        }
        if (Long.compareUnsigned(candidate, newest) > 0) {
            return true;
        }
        int slot = (int) ((candidate >>> BLOCK_BITS_LOG) & (RING_BLOCKS - 1));
        return (ring[slot] & (1L << (candidate & (BLOCK_BITS - 1)))) == 0;
    }
}
