package io.wghub.gateway.timer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A fixed block of peer ids: who holds each id, and the per-peer "look at me" flags that hooks
 * raise for the wheel without a CAS or a lock.
 */
final class PeerBlock<P> {
    static final int SHIFT = 12;
    static final int SIZE = 1 << SHIFT;

    private static final VarHandle FLAGS = MethodHandles.arrayElementVarHandle(byte[].class);

    final int number;
    /** Guarded by the {@link PeerDirectory}'s monitor. */
    final PeerTimers<P>[] peers;
    /** One byte per id rather than one bit: raising a flag is then a plain store, not an atomic OR. */
    private final byte[] flags = new byte[SIZE];
    /** Some flag in this block may be raised; lets the wheel skip quiet blocks. */
    private volatile boolean anyFlag;

    @SuppressWarnings("unchecked")
    PeerBlock(int number) {
        this.number = number;
        this.peers = (PeerTimers<P>[]) new PeerTimers<?>[SIZE];
    }

    /**
     * Any thread. Flag first, summary second; {@link #takeFlag} runs in the opposite order. If our
     * read of the summary sees it still set, the wheel's clearing store comes later in the
     * synchronization order than our flag store, so its scan sees the flag.
     */
    void markDirty(int index) {
        FLAGS.setVolatile(flags, index, (byte) 1);
        if (!anyFlag) {
            anyFlag = true;
        }
    }

    /** Wheel thread: clears the summary; true if the block needs scanning. */
    boolean takeSummary() {
        if (!anyFlag) {
            return false;
        }
        anyFlag = false;
        return true;
    }

    /**
     * Wheel thread: clears one flag; true if it was raised. A flag raised between our read and our
     * store is lost, but harmlessly: the hook raised it after storing its deadline, and the wheel
     * reads the deadlines only after this store.
     */
    boolean takeFlag(int index) {
        if ((byte) FLAGS.getVolatile(flags, index) == 0) {
            return false;
        }
        FLAGS.setVolatile(flags, index, (byte) 0);
        return true;
    }
}
