package io.wghub.gateway.timer;

import io.wghub.gateway.noise.Protocol;

import java.time.Duration;
import java.util.Objects;

/**
 * The durations WireGuard's per-peer timers run on (whitepaper §6.1).
 *
 * <p>Production always uses {@link #PRODUCTION}. Other values exist only so that tests (unit
 * tests and the data-plane namespace tests) can run the same state machine in milliseconds.
 * <b>Rule:</b> no configuration-file key, command-line option or environment variable may build
 * or select one: the timings are part of the protocol, and a gateway that retried faster or kept
 * keys longer than the whitepaper says would no longer behave like WireGuard toward its peers.
 *
 * @param rekeyTimeout     REKEY_TIMEOUT: wait this long for a handshake response (5 s)
 * @param keepaliveTimeout KEEPALIVE_TIMEOUT: answer received data within this (10 s)
 * @param rekeyAttemptTime REKEY_ATTEMPT_TIME: keep retrying a handshake this long (90 s)
 * @param rejectAfterTime  REJECT_AFTER_TIME: a session's life (180 s); keys go at 3 × this
 * @param maxJitter        the largest random delay added to handshake timers (333 ms)
 */
public record TimerConstants(Duration rekeyTimeout, Duration keepaliveTimeout, Duration rekeyAttemptTime,
                             Duration rejectAfterTime, Duration maxJitter) {
    /**
     * Linux draws the jitter below HZ/3 jiffies, wireguard-go below 334 ms: both at most ~333 ms.
     * It keeps two peers that started together from retrying in lock step.
     */
    private static final Duration MAX_JITTER = Duration.ofMillis(333);

    /** The whitepaper's values, taken from {@link Protocol}. */
    public static final TimerConstants PRODUCTION = new TimerConstants(Protocol.REKEY_TIMEOUT,
            Protocol.KEEPALIVE_TIMEOUT, Protocol.REKEY_ATTEMPT_TIME, Protocol.REJECT_AFTER_TIME, MAX_JITTER);

    public TimerConstants {
        Objects.requireNonNull(rekeyTimeout, "rekeyTimeout");
        Objects.requireNonNull(keepaliveTimeout, "keepaliveTimeout");
        Objects.requireNonNull(rekeyAttemptTime, "rekeyAttemptTime");
        Objects.requireNonNull(rejectAfterTime, "rejectAfterTime");
        Objects.requireNonNull(maxJitter, "maxJitter");
        if (!positive(rekeyTimeout) || !positive(keepaliveTimeout) || !positive(rejectAfterTime)) {
            throw new IllegalArgumentException("timer durations must be positive");
        }
        if (rekeyAttemptTime.compareTo(rekeyTimeout) < 0) {
            throw new IllegalArgumentException("rekeyAttemptTime must be at least rekeyTimeout");
        }
        // Jitter at or past REKEY_TIMEOUT would let a retry overtake the next one.
        if (maxJitter.isNegative() || maxJitter.compareTo(rekeyTimeout) >= 0) {
            throw new IllegalArgumentException("maxJitter must be in [0, rekeyTimeout)");
        }
    }

    /**
     * For tests only (see the class comment): every production duration divided by
     * {@code divisor}, so the retry count (REKEY_ATTEMPT_TIME / REKEY_TIMEOUT) stays 18.
     */
    public static TimerConstants shortenedForTests(int divisor) {
        if (divisor < 1) {
            throw new IllegalArgumentException("divisor must be at least 1");
        }
        TimerConstants p = PRODUCTION;
        return new TimerConstants(p.rekeyTimeout.dividedBy(divisor), p.keepaliveTimeout.dividedBy(divisor),
                p.rekeyAttemptTime.dividedBy(divisor), p.rejectAfterTime.dividedBy(divisor),
                p.maxJitter.dividedBy(divisor));
    }

    /**
     * Retransmissions allowed after the first initiation before giving up: REKEY_ATTEMPT_TIME /
     * REKEY_TIMEOUT (18), Linux's MAX_TIMER_HANDSHAKES. As in Linux and wireguard-go the give-up
     * test is "retries so far &gt; this", so 19 retries go out, 20 initiations in all.
     */
    public int maxRetries() {
        return (int) (rekeyAttemptTime.toNanos() / rekeyTimeout.toNanos());
    }

    /** "Sent data, heard nothing back": KEEPALIVE_TIMEOUT + REKEY_TIMEOUT (15 s), before jitter. */
    public Duration newHandshakeTimeout() {
        return keepaliveTimeout.plus(rekeyTimeout);
    }

    /**
     * REKEY_AFTER_TIME: the initiator of a session starts a new handshake when it sends under a
     * session this old (120 s). Two thirds of REJECT_AFTER_TIME, as in the whitepaper, so a
     * shortened set keeps the proportions.
     */
    public Duration rekeyAfterTime() {
        return rejectAfterTime.multipliedBy(2).dividedBy(3);
    }

    /** Keys are erased this long after the last new session: 3 × REJECT_AFTER_TIME (540 s). */
    public Duration zeroKeyMaterialTimeout() {
        return rejectAfterTime.multipliedBy(3);
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
