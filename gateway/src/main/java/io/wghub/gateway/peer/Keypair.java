package io.wghub.gateway.peer;

import io.wghub.gateway.crypto.TransportKey;
import io.wghub.gateway.noise.Protocol;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One session's keys (whitepaper §5.4.5): a sending and a receiving transport key, the send
 * counter, the receive replay window, both indices and the birth time that limits its life.
 */
public final class Keypair implements IndexTable.Entry {
    private final Peer peer;
    private final TransportKey sending;
    private final TransportKey receiving;
    private final AtomicLong sendCounter = new AtomicLong();
    private final ReplayWindow replayWindow = new ReplayWindow();
    private final int localIndex;
    private final int remoteIndex;
    private final long createdNanos;
    private final boolean initiator;
    private final long rejectAfterNanos;

    /** @param rejectAfterNanos REJECT_AFTER_TIME (shorter only in tests, see TimerConstants) */
    public Keypair(Peer peer, byte[] sendKey, byte[] receiveKey, int localIndex, int remoteIndex,
                   long createdNanos, boolean initiator, long rejectAfterNanos) {
        this.peer = peer;
        this.sending = new TransportKey(sendKey);
        this.receiving = new TransportKey(receiveKey);
        this.localIndex = localIndex;
        this.remoteIndex = remoteIndex;
        this.createdNanos = createdNanos;
        this.initiator = initiator;
        this.rejectAfterNanos = rejectAfterNanos;
    }

    /**
     * Reserves the next send counter.
     *
     * @return the counter, or -1 once REJECT_AFTER_MESSAGES is reached (nothing more may be
     *         sent); -1 is 2^64 - 1 unsigned, past that limit, so it is never a valid counter
     */
    public long nextSendCounter() {
        long counter = sendCounter.getAndIncrement();
        // Unsigned: the limit is above 2^63.
        return Long.compareUnsigned(counter, Protocol.REJECT_AFTER_MESSAGES) < 0 ? counter : -1;
    }

    /** Past REJECT_AFTER_TIME: neither sends nor receives anything more. */
    public boolean expired(long nowNanos) {
        return nowNanos - createdNanos >= rejectAfterNanos;
    }

    /** How long this session has existed at {@code nowNanos}. */
    public long ageNanos(long nowNanos) {
        return nowNanos - createdNanos;
    }

    /** Send counters used so far (the next one to be reserved). */
    public long sendCounter() {
        return sendCounter.get();
    }

    public TransportKey sending() {
        return sending;
    }

    public TransportKey receiving() {
        return receiving;
    }

    public ReplayWindow replayWindow() {
        return replayWindow;
    }

    @Override
    public int localIndex() {
        return localIndex;
    }

    public int remoteIndex() {
        return remoteIndex;
    }

    @Override
    public Peer peer() {
        return peer;
    }

    public boolean initiator() {
        return initiator;
    }

    /** Zeroes both keys; afterwards nothing seals or opens under this keypair. */
    public void destroy() {
        sending.destroy();
        receiving.destroy();
    }

    public boolean destroyed() {
        return sending.isDestroyed();
    }
}
