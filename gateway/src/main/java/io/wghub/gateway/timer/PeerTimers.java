package io.wghub.gateway.timer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;

/**
 * One peer's timer state and the hooks the data path calls for it (whitepaper §6); made by
 * {@link TimerWheel#newPeerTimers} and held by the peer.
 *
 * @param <P> the peer handle passed back to {@link TimerActions}
 */
public final class PeerTimers<P> {
    /*
     * How hooks and the wheel share state. Each timer is one volatile long deadline, UNARMED when
     * off. Hooks only write deadlines: disarming, or moving a deadline later, needs nothing else,
     * because the wheel re-reads the deadlines whenever it looks at the peer and then fires,
     * re-slots or drops. The wheel keeps each peer in at most one slot and publishes in visitBy
     * (volatile, written only by the wheel's thread) when it will look at the peer next. A hook
     * that arms a deadline earlier than that, or arms one while the peer is in no slot, raises the
     * peer's flag (a volatile byte store: no CAS, no lock) and the next advance re-slots the peer.
     *
     * Why no arm is lost: the hook writes the deadline, then reads visitBy; the wheel writes
     * visitBy, then re-reads the deadlines. All four accesses are volatile, so they fall in one
     * total order consistent with each thread's program order (JLS 17.4.4): either the hook's
     * read comes after the wheel's write, and it sees the new visitBy and flags if that is too
     * late, or the wheel's re-read comes after the hook's write and sees the deadline. If both,
     * the peer is looked at once for nothing. The wheel disarms a due deadline with a CAS from the
     * value it read, so a hook that just moved or cleared it wins and the timer does not fire.
     *
     * Hooks may run on several event-loop threads at once for the same peer. Each stores a value
     * that was right at its own time; which store lands last is as arbitrary as the order of the
     * packets themselves. The attempt count and the "another keepalive" note are plain
     * read-then-write, as in the Linux driver: a reset racing an increment may be lost, which only
     * shifts when a handshake round gives up.
     *
     * Times are System.nanoTime()-style longs compared by subtraction, so they may wrap.
     */

    /**
     * A deadline holding this is not armed; {@link #visitBy} holding it means "in no slot". Zero,
     * so the fields' default values already mean "off", even to a thread that saw this object
     * published without a happens-before edge.
     */
    static final long UNARMED = 0;
    /** Largest persistent-keepalive interval: the UAPI and wg(8) take a 16-bit number of seconds. */
    public static final int MAX_PERSISTENT_KEEPALIVE_SECONDS = 65_535;
    /**
     * A packet does not rewrite the persistent-keepalive deadline if that moves it by less than
     * this: at a million packets a second the line holding the deadline would otherwise bounce
     * between the event loops sending and receiving for this peer. The keepalive may then go out
     * up to 1 ms early, which the protocol cannot notice.
     */
    private static final long REARM_SLACK_NANOS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private static final VarHandle RETRANSMIT_HANDSHAKE_AT;
    private static final VarHandle NEW_HANDSHAKE_AT;
    private static final VarHandle SEND_KEEPALIVE_AT;
    private static final VarHandle PERSISTENT_KEEPALIVE_AT;
    private static final VarHandle ZERO_KEY_MATERIAL_AT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RETRANSMIT_HANDSHAKE_AT = lookup.findVarHandle(PeerTimers.class, "retransmitHandshakeAt", long.class);
            NEW_HANDSHAKE_AT = lookup.findVarHandle(PeerTimers.class, "newHandshakeAt", long.class);
            SEND_KEEPALIVE_AT = lookup.findVarHandle(PeerTimers.class, "sendKeepaliveAt", long.class);
            PERSISTENT_KEEPALIVE_AT = lookup.findVarHandle(PeerTimers.class, "persistentKeepaliveAt", long.class);
            ZERO_KEY_MATERIAL_AT = lookup.findVarHandle(PeerTimers.class, "zeroKeyMaterialAt", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TimerWheel<P> wheel;
    private final P peer;
    private final PeerBlock<P> block;
    private final int index;

    private volatile long retransmitHandshakeAt;
    private volatile long newHandshakeAt;
    private volatile long sendKeepaliveAt;
    private volatile long persistentKeepaliveAt;
    private volatile long zeroKeyMaterialAt;
    private volatile int persistentKeepaliveSeconds;
    /** Retries sent since the last fresh request or completed handshake (Linux: timer_handshake_attempts). */
    private volatile int handshakeAttempts;
    private volatile boolean anotherKeepaliveNeeded;
    private volatile boolean stopped;
    private volatile long lastHandshakeNanos;
    /** Wall-clock time of the last completed handshake in nanoseconds since the epoch; 0: never. */
    private volatile long lastHandshakeEpochNanos;

    /** When the wheel will look at this peer next, or UNARMED; written only by the wheel's thread. */
    volatile long visitBy;
    /** Neighbours in the wheel's slot list; touched only by the wheel's thread. */
    PeerTimers<P> previous;
    PeerTimers<P> next;

    PeerTimers(TimerWheel<P> wheel, P peer, PeerBlock<P> block, int index) {
        this.wheel = wheel;
        this.peer = peer;
        this.block = block;
        this.index = index;
    }

    /** The handle given to {@link TimerWheel#newPeerTimers}. */
    public P peer() {
        return peer;
    }

    // ---- Hooks: handshake code ----

    /**
     * A handshake is wanted for a reason other than the retransmit timer (packets staged without a
     * session, rekey, {@link TimerActions#initiateHandshake}): the attempt count starts again.
     * Call it even when the initiation is then rate-limited; Linux resets the count there too.
     */
    public void handshakeRequested() {
        if (handshakeAttempts != 0) {
            handshakeAttempts = 0;
        }
    }

    /** We sent an initiation: retransmit after REKEY_TIMEOUT + jitter unless a response completes it. */
    public void handshakeInitiated(long nowNanos) {
        long deadline = deadline(nowNanos, wheel.rekeyTimeoutNanos + wheel.jitter());
        retransmitHandshakeAt = deadline;
        armed(deadline);
    }

    /**
     * A handshake finished: as initiator when its response was consumed, as responder when the
     * first packet arrived under the new session ({@code Keypairs.confirm} returned true).
     * Stops the retransmissions, resets the attempt count, records the time for {@code wg show},
     * and arms key erasure 3 × REJECT_AFTER_TIME from now. (Linux arms erasure only when the
     * session is derived; arming it here too delays it by at most the responder's wait for the
     * first packet, and keeps it right if a caller forgets {@link #sessionDerived}.)
     */
    public void handshakeComplete(long nowNanos) {
        if (retransmitHandshakeAt != UNARMED) {
            retransmitHandshakeAt = UNARMED;
        }
        handshakeAttempts = 0;
        lastHandshakeNanos = nowNanos;
        lastHandshakeEpochNanos = wheel.wallClockEpochNanos();
        armZeroKeyMaterial(nowNanos);
    }

    /**
     * A session was derived ({@code beginSession} returned a keypair, either role): erase keys
     * 3 × REJECT_AFTER_TIME from now unless another session comes first.
     */
    public void sessionDerived(long nowNanos) {
        armZeroKeyMaterial(nowNanos);
    }

    // ---- Hooks: send path ----

    /**
     * A data packet (not a keepalive) went out: if we hear nothing back within KEEPALIVE_TIMEOUT +
     * REKEY_TIMEOUT + jitter, start a new handshake. An armed timer is left alone, so steady
     * traffic costs one volatile read here.
     */
    public void dataSent(long nowNanos) {
        if (newHandshakeAt == UNARMED) {
            long deadline = deadline(nowNanos, wheel.newHandshakeNanos + wheel.jitter());
            newHandshakeAt = deadline;
            armed(deadline);
        }
    }

    /**
     * Any authenticated packet went out (data, keepalive, initiation or response): it answers the
     * peer, so no passive keepalive is needed; it also restarts the persistent keepalive.
     * Linux's {@code any_authenticated_packet_sent} and {@code _traversal}, which every call
     * site there makes together.
     */
    public void anyAuthenticatedPacketSent(long nowNanos) {
        if (sendKeepaliveAt != UNARMED) {
            sendKeepaliveAt = UNARMED;
        }
        anyAuthenticatedPacketTraversal(nowNanos);
    }

    // ---- Hooks: receive path ----

    /**
     * A data packet (not a keepalive) authenticated; Linux calls this before the inner source
     * address is checked against the peer's allowed IPs. Answer within KEEPALIVE_TIMEOUT. If that keepalive is already pending, note that another one is needed
     * after it, so data arriving just before it fires is answered too.
     */
    public void dataReceived(long nowNanos) {
        if (sendKeepaliveAt == UNARMED) {
            long deadline = deadline(nowNanos, wheel.keepaliveTimeoutNanos);
            sendKeepaliveAt = deadline;
            armed(deadline);
        } else if (!anotherKeepaliveNeeded) {
            anotherKeepaliveNeeded = true;
        }
    }

    /**
     * Any authenticated packet arrived (data, keepalive, initiation or response): the peer is
     * alive, so the "heard nothing back" timer stops; it also restarts the persistent keepalive.
     * Linux's {@code any_authenticated_packet_received} and {@code _traversal}.
     */
    public void anyAuthenticatedPacketReceived(long nowNanos) {
        if (newHandshakeAt != UNARMED) {
            newHandshakeAt = UNARMED;
        }
        anyAuthenticatedPacketTraversal(nowNanos);
    }

    /** Restarts the persistent keepalive, if configured; part of the two hooks above. */
    void anyAuthenticatedPacketTraversal(long nowNanos) {
        int seconds = persistentKeepaliveSeconds;
        if (seconds == 0) {
            return;
        }
        long deadline = deadline(nowNanos, seconds * SECOND);
        long current = persistentKeepaliveAt;
        if (current != UNARMED && deadline - current >= 0 && deadline - current < REARM_SLACK_NANOS) {
            return;
        }
        persistentKeepaliveAt = deadline;
        armed(deadline);
    }

    // ---- Hooks: control plane ----

    /**
     * Sets the persistent-keepalive interval (0 turns it off). Turned on from off, a keepalive is
     * due at once, as wireguard-go and Linux send one when it is switched on; the wheel asks for it
     * at its next tick. A change between two non-zero intervals applies from the next packet, as
     * there.
     *
     * @return true when this turned persistent keepalive on
     */
    public boolean setPersistentKeepalive(int seconds, long nowNanos) {
        if (seconds < 0 || seconds > MAX_PERSISTENT_KEEPALIVE_SECONDS) {
            throw new IllegalArgumentException("persistent keepalive must be 0 to " + MAX_PERSISTENT_KEEPALIVE_SECONDS + " seconds: " + seconds);
        }
        int old = persistentKeepaliveSeconds;
        persistentKeepaliveSeconds = seconds;
        if (seconds == 0) {
            persistentKeepaliveAt = UNARMED;
            return false;
        }
        if (old != 0) {
            return false;
        }
        long deadline = deadline(nowNanos, 0);
        persistentKeepaliveAt = deadline;
        armed(deadline);
        return true;
    }

    /** The persistent-keepalive interval in seconds; 0 when off. */
    public int persistentKeepalive() {
        return persistentKeepaliveSeconds;
    }

    /**
     * Disarms every timer and forgets the attempt count and the keepalive note, e.g. when the
     * interface goes down; hooks may arm timers again later. The wheel drops the peer's slot
     * entry lazily, at the latest when it would have fired.
     */
    public void disarmAll() {
        retransmitHandshakeAt = UNARMED;
        newHandshakeAt = UNARMED;
        sendKeepaliveAt = UNARMED;
        persistentKeepaliveAt = UNARMED;
        zeroKeyMaterialAt = UNARMED;
        anotherKeepaliveNeeded = false;
        handshakeAttempts = 0;
    }

    /**
     * The peer is removed: nothing fires for it any more, hooks called later have no effect, and
     * the wheel lets go of it at its next tick. An action already running on the wheel's thread
     * is not waited for.
     */
    public void stop() {
        stopped = true;
        disarmAll();
        // Always flag, even if nothing was armed, so the wheel frees the peer's slot entry and id.
        block.markDirty(index);
    }

    // ---- For wg show ----

    /** Wall-clock time of the last completed handshake, or null if none completed. */
    public Instant lastHandshakeTime() {
        long epochNanos = lastHandshakeEpochNanos;
        return epochNanos == 0 ? null : Instant.ofEpochSecond(0, epochNanos);
    }

    /** {@link #lastHandshakeTime} in whole seconds since the epoch, 0 if none completed; no object (metrics scrapes). */
    public long lastHandshakeEpochSeconds() {
        return Math.floorDiv(lastHandshakeEpochNanos, 1_000_000_000L);
    }

    /** {@code nanoTime} of the last completed handshake; meaningless while {@link #lastHandshakeTime} is null. */
    public long lastHandshakeNanos() {
        return lastHandshakeNanos;
    }

    /** Retries sent in the current handshake round. */
    public int handshakeAttempts() {
        return handshakeAttempts;
    }

    // ---- For the wheel (its thread only) ----

    boolean stopped() {
        return stopped;
    }

    PeerBlock<P> block() {
        return block;
    }

    int index() {
        return index;
    }

    void setHandshakeAttempts(int attempts) {
        handshakeAttempts = attempts;
    }

    /** Clears the "another keepalive needed" note and says whether it was set. */
    boolean takeAnotherKeepaliveNeeded() {
        if (!anotherKeepaliveNeeded) {
            return false;
        }
        anotherKeepaliveNeeded = false;
        return true;
    }

    /** The deadline of {@code kind}, or {@link #UNARMED}. */
    long deadline(TimerKind kind) {
        return switch (kind) {
            case RETRANSMIT_HANDSHAKE -> retransmitHandshakeAt;
            case NEW_HANDSHAKE -> newHandshakeAt;
            case SEND_KEEPALIVE -> sendKeepaliveAt;
            case PERSISTENT_KEEPALIVE -> persistentKeepaliveAt;
            case ZERO_KEY_MATERIAL -> zeroKeyMaterialAt;
        };
    }

    /**
     * Disarms {@code kind} if it is due at {@code now}; true when this call did so and the timer
     * must fire. The CAS loses to a hook that moved or cleared the deadline since it was read.
     */
    boolean claimDue(TimerKind kind, long nowNanos) {
        long deadline = deadline(kind);
        if (deadline == UNARMED || deadline - nowNanos > 0) {
            return false;
        }
        return handle(kind).compareAndSet(this, deadline, UNARMED);
    }

    /** Arms {@code kind} from the wheel's thread unless a deadline is already set. */
    void armIfUnarmed(TimerKind kind, long deadline) {
        handle(kind).compareAndSet(this, UNARMED, deadline == UNARMED ? deadline + 1 : deadline);
    }

    /** Arms {@code kind} from the wheel's thread; the wheel re-slots the peer afterwards itself. */
    void arm(TimerKind kind, long deadline) {
        handle(kind).setVolatile(this, deadline == UNARMED ? deadline + 1 : deadline);
    }

    void disarm(TimerKind kind) {
        handle(kind).setVolatile(this, UNARMED);
    }

    /** Earliest armed deadline, or {@link #UNARMED}. */
    long earliestDeadline() {
        long earliest = UNARMED;
        earliest = earlier(earliest, retransmitHandshakeAt);
        earliest = earlier(earliest, newHandshakeAt);
        earliest = earlier(earliest, sendKeepaliveAt);
        earliest = earlier(earliest, persistentKeepaliveAt);
        return earlier(earliest, zeroKeyMaterialAt);
    }

    private static long earlier(long a, long b) {
        if (a == UNARMED) {
            return b;
        }
        return b != UNARMED && b - a < 0 ? b : a;
    }

    private static VarHandle handle(TimerKind kind) {
        return switch (kind) {
            case RETRANSMIT_HANDSHAKE -> RETRANSMIT_HANDSHAKE_AT;
            case NEW_HANDSHAKE -> NEW_HANDSHAKE_AT;
            case SEND_KEEPALIVE -> SEND_KEEPALIVE_AT;
            case PERSISTENT_KEEPALIVE -> PERSISTENT_KEEPALIVE_AT;
            case ZERO_KEY_MATERIAL -> ZERO_KEY_MATERIAL_AT;
        };
    }

    private void armZeroKeyMaterial(long nowNanos) {
        long deadline = deadline(nowNanos, wheel.zeroKeyMaterialNanos);
        zeroKeyMaterialAt = deadline;
        armed(deadline);
    }

    /**
     * Called after a hook stored {@code deadline}: tells the wheel if it would look too late.
     * The volatile read of {@code visitBy} comes after the volatile store of the deadline; that
     * order is what the class comment's argument rests on.
     */
    private void armed(long deadline) {
        long visit = visitBy;
        if ((visit == UNARMED || deadline - visit < 0) && !stopped) {
            block.markDirty(index);
        }
    }

    /** {@code now + delay}, stepped off the UNARMED value it could in theory land on. */
    private static long deadline(long nowNanos, long delayNanos) {
        long deadline = nowNanos + delayNanos;
        return deadline == UNARMED ? deadline + 1 : deadline;
    }
}
