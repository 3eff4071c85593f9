package io.wghub.gateway.timer;

import static io.wghub.gateway.timer.TimerKind.*;

/**
 * What each of a peer's timers does when it comes due (whitepaper §6; the Linux driver's
 * {@code expired_*} functions). Runs on the wheel's thread, one peer at a time.
 */
final class Expiries<P> {
    private final TimerActions<P> actions;
    private final int maxRetries;
    private final long keepaliveTimeoutNanos;
    private final long zeroKeyMaterialNanos;
    private RuntimeException failure;

    Expiries(TimerConstants constants, TimerActions<P> actions) {
        this.actions = actions;
        this.maxRetries = constants.maxRetries();
        this.keepaliveTimeoutNanos = constants.keepaliveTimeout().toNanos();
        this.zeroKeyMaterialNanos = constants.zeroKeyMaterialTimeout().toNanos();
    }

    /** Fires every timer of {@code timers} that is due at {@code now}. */
    void fireDue(PeerTimers<P> timers, long nowNanos) {
        retransmitHandshake(timers, nowNanos);
        newHandshake(timers, nowNanos);
        sendKeepalive(timers, nowNanos);
        persistentKeepalive(timers, nowNanos);
        zeroKeyMaterial(timers, nowNanos);
    }

    /** The first exception an action threw since the last call (later ones suppressed), or null. */
    RuntimeException takeFailure() {
        RuntimeException taken = failure;
        failure = null;
        return taken;
    }

    /**
     * Attempt semantics, as in Linux and wireguard-go: the count is of retries since the round
     * began, and a round gives up when the timer fires with more than maxRetries (18) behind it.
     * So 19 retries go out, 20 initiations in all, and the give-up comes at the 20th expiry,
     * about 20 × REKEY_TIMEOUT (100 s plus jitter) after the first initiation.
     */
    private void retransmitHandshake(PeerTimers<P> timers, long nowNanos) {
        if (timers.stopped() || !timers.claimDue(RETRANSMIT_HANDSHAKE, nowNanos)) {
            return;
        }
        int retries = timers.handshakeAttempts();
        if (retries > maxRetries) {
            // Nothing will answer a keepalive now; keys go 3 × REJECT_AFTER_TIME from here unless
            // an earlier session already set that clock going.
            timers.disarm(SEND_KEEPALIVE);
            timers.armIfUnarmed(ZERO_KEY_MATERIAL, nowNanos + zeroKeyMaterialNanos);
            try {
                actions.handshakeGaveUp(timers.peer(), maxRetries + 2, nowNanos);
            } catch (RuntimeException e) {
                failed(e);
            }
        } else {
            timers.setHandshakeAttempts(retries + 1);
            try {
                actions.retryHandshake(timers.peer(), retries + 2, nowNanos);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    private void newHandshake(PeerTimers<P> timers, long nowNanos) {
        if (timers.stopped() || !timers.claimDue(NEW_HANDSHAKE, nowNanos)) {
            return;
        }
        try {
            actions.initiateHandshake(timers.peer(), nowNanos);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void sendKeepalive(PeerTimers<P> timers, long nowNanos) {
        if (timers.stopped() || !timers.claimDue(SEND_KEEPALIVE, nowNanos)) {
            return;
        }
        try {
            actions.sendKeepalive(timers.peer(), nowNanos);
        } catch (RuntimeException e) {
            failed(e);
        }
        // Re-armed after the action: sending the keepalive calls anyAuthenticatedPacketSent,
        // which would cancel a timer armed before it. (If the data plane sends it later, from
        // another thread, that send cancels this one, as happens in Linux and wireguard-go.)
        if (timers.takeAnotherKeepaliveNeeded() && !timers.stopped()) {
            timers.arm(SEND_KEEPALIVE, nowNanos + keepaliveTimeoutNanos);
        }
    }

    private void persistentKeepalive(PeerTimers<P> timers, long nowNanos) {
        if (timers.stopped() || !timers.claimDue(PERSISTENT_KEEPALIVE, nowNanos)) {
            return;
        }
        // A packet may have re-armed it just as the interval was switched off.
        if (timers.persistentKeepalive() == 0) {
            return;
        }
        try {
            actions.sendKeepalive(timers.peer(), nowNanos);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void zeroKeyMaterial(PeerTimers<P> timers, long nowNanos) {
        if (timers.stopped() || !timers.claimDue(ZERO_KEY_MATERIAL, nowNanos)) {
            return;
        }
        try {
            actions.zeroKeyMaterial(timers.peer(), nowNanos);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void failed(RuntimeException e) {
        if (failure == null) {
            failure = e;
        } else if (failure != e) {
            failure.addSuppressed(e);
        }
    }
}
