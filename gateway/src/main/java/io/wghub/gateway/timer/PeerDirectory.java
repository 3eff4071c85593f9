package io.wghub.gateway.timer;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Hands out and takes back peer ids (block and index) and finds the peers whose flags were
 * raised. Guarded by its own monitor: peers are added from the control thread while the wheel
 * drains flags on its own.
 */
final class PeerDirectory<P> {
    @SuppressWarnings("unchecked")
    private PeerBlock<P>[] blocks = (PeerBlock<P>[]) new PeerBlock<?>[0];
    private int[] freeIds = new int[16];
    private int freeCount;
    private int nextFreshId;
    private int size;

    synchronized PeerTimers<P> add(TimerWheel<P> wheel, P peer) {
        // Reuse freed ids first, so a wheel that sees churn keeps its blocks and scans small.
        int id = freeCount > 0 ? freeIds[--freeCount] : nextFreshId++;
        if (id < 0) {
            throw new IllegalStateException("too many peers");
        }
        int blockNumber = id >>> PeerBlock.SHIFT;
        if (blockNumber == blocks.length) {
            blocks = Arrays.copyOf(blocks, blockNumber + 1);
            blocks[blockNumber] = new PeerBlock<>(blockNumber);
        }
        PeerBlock<P> block = blocks[blockNumber];
        int index = id & (PeerBlock.SIZE - 1);
        PeerTimers<P> timers = new PeerTimers<>(wheel, peer, block, index);
        block.peers[index] = timers;
        size++;
        return timers;
    }

    /** Frees {@code timers}' id; a no-op if it was already freed. */
    synchronized void release(PeerTimers<P> timers) {
        PeerBlock<P> block = timers.block();
        if (block.peers[timers.index()] != timers) {
            return;
        }
        block.peers[timers.index()] = null;
        if (freeCount == freeIds.length) {
            freeIds = Arrays.copyOf(freeIds, freeCount * 2);
        }
        freeIds[freeCount++] = (block.number << PeerBlock.SHIFT) | timers.index();
        size--;
    }

    /**
     * Calls {@code visitor} for every peer whose flag was raised, clearing the flags. The visitor
     * may call {@link #release}. An id freed and reused while a stale hook still flags it makes
     * the new holder visited once for nothing, which is harmless.
     */
    synchronized void drainFlags(Consumer<PeerTimers<P>> visitor) {
        for (PeerBlock<P> block : blocks) {
            if (!block.takeSummary()) {
                continue;
            }
            for (int i = 0; i < PeerBlock.SIZE; i++) {
                if (block.takeFlag(i)) {
                    PeerTimers<P> timers = block.peers[i];
                    if (timers != null) {
                        visitor.accept(timers);
                    }
                }
            }
        }
    }

    synchronized int size() {
        return size;
    }
}
