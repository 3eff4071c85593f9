package io.wghub.gateway.timer;

/**
 * What the wheel asks the data plane to do when one of a peer's timers fires (whitepaper §6).
 *
 * <p>Every method runs on the thread calling {@link TimerWheel#advance}, with that call's time,
 * and may call the peer's {@link PeerTimers} hooks (sending a packet normally does). A method
 * may still run for a peer whose {@link PeerTimers#stop} raced with the tick that fired it, so
 * implementations must tolerate a peer that has just been removed. Exceptions are collected and
 * rethrown by {@code advance} after the tick, so one failing peer does not stall the others.
 *
 * @param <P> the peer handle given to {@link TimerWheel#newPeerTimers}
 */
public interface TimerActions<P> {
    /**
     * The handshake timed out and attempts remain: send a new initiation (a retry, so do not call
     * {@link PeerTimers#handshakeRequested}); sending it calls {@link PeerTimers#handshakeInitiated}.
     * Log "Handshake for peer X did not complete after 5 seconds, retrying (try {@code attempt})".
     *
     * @param attempt this initiation's number counting the first one as 1, so 2 for the first retry
     */
    void retryHandshake(P peer, int attempt, long nowNanos);

    /**
     * The last retry timed out too: drop the packets staged for this peer and log "Handshake for
     * peer X did not complete after {@code attempts} attempts, giving up". The wheel has already
     * cancelled the passive keepalive and armed key erasure if it was not armed.
     *
     * @param attempts initiations sent in this round: the first plus every retry (20 in production)
     */
    void handshakeGaveUp(P peer, int attempts, long nowNanos);

    /**
     * We sent data for KEEPALIVE_TIMEOUT + REKEY_TIMEOUT and heard nothing back: start a new
     * handshake (call {@link PeerTimers#handshakeRequested}, then send an initiation).
     */
    void initiateHandshake(P peer, long nowNanos);

    /** Send a keepalive (an empty data packet): the passive one, or the persistent one. */
    void sendKeepalive(P peer, long nowNanos);

    /** No new session for 3 × REJECT_AFTER_TIME: erase every keypair and the handshake state. */
    void zeroKeyMaterial(P peer, long nowNanos);
}
