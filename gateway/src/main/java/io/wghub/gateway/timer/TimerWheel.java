package io.wghub.gateway.timer;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import static io.wghub.gateway.timer.PeerTimers.UNARMED;

/**
 * The one timer wheel that runs WireGuard's per-peer timers (whitepaper §6) for all peers of an
 * interface; its owner calls {@link #advance} about every {@link #TICK_NANOS}.
 *
 * <p>Threads: {@code advance} runs on one thread at a time (normally always the same event loop;
 * handing it to another thread needs a happens-before edge, which executors provide).
 * {@link #newPeerTimers} and the {@link PeerTimers} hooks may be called from any thread.
 *
 * @param <P> the peer handle passed back to {@link TimerActions}
 */
public final class TimerWheel<P> {
    /*
     * Why not Netty's HashedWheelTimer, or a scheduled task per timer: it allocates a Timeout per
     * schedule, and a cancelled one stays queued until its bucket comes round, while the passive
     * and persistent keepalives are re-armed or cancelled by nearly every packet. Here a peer's
     * PeerTimers holds one deadline per timer, the per-packet hooks only write those, and the
     * wheel holds each peer at most once, threaded through the peer itself (no node objects):
     * when its slot comes due the wheel reads the real deadlines and fires the due ones, re-slots
     * the peer if they moved later, or drops it if all were disarmed. PeerTimers explains the
     * memory model.
     *
     * Ticking: slots are 2^24 ns (about 16.8 ms) wide and there are 1,024 of them (about 17 s,
     * so the 5, 10 and 15 s timers fit in one turn). A peer slotted further out stays in its slot
     * and is skipped until its turn. The owner calls advance on a fixed period rather than
     * sleeping until the next deadline: hooks on other threads arm timers without waking the
     * owner, which a "next deadline" scheme would need on every arm. A tick costs a walk of one
     * slot plus a scan of the id blocks in which a hook raised a flag. A timer never fires before
     * its deadline; it fires at the first advance whose time is at or past it.
     */

    private static final int TICK_SHIFT = 24;
    /** Width of one slot and the period at which the owner should call {@link #advance}. */
    public static final long TICK_NANOS = 1L << TICK_SHIFT;
    private static final int SLOTS = 1024;
    private static final int SLOT_MASK = SLOTS - 1;

    // Read by the hooks on every thread; final, so safely published with the wheel.
    final long rekeyTimeoutNanos;
    final long keepaliveTimeoutNanos;
    final long newHandshakeNanos;
    final long zeroKeyMaterialNanos;
    private final long maxJitterNanos;
    private final RandomGenerator jitter;
    private final InstantSource wallClock;

    private final Expiries<P> expiries;
    private final PeerDirectory<P> directory = new PeerDirectory<>();
    private final SlotRing<P> ring = new SlotRing<>(SLOTS);
    /** Created once: a method reference built per tick would allocate. */
    private final Consumer<PeerTimers<P>> onFlag = this::flagged;

    // The wheel thread's own state.
    private boolean started;
    private boolean advancing;
    /** Time of the first advance; ticks count from it, so nanoTime wrapping does not matter. */
    private long origin;
    private long lastNow;
    /** The tick of the last advance: its slot is walked again by the next one. */
    private long cursor;
    /**
     * Start of the current tick. Nothing is slotted earlier: those slots were already walked, so
     * a peer put there (a hook may use a clock reading older than ours) would wait a whole turn.
     */
    private long floorNanos;

    /** The production wheel: {@link TimerConstants#PRODUCTION}, per-thread jitter, system clock. */
    public TimerWheel(TimerActions<P> actions) {
        this(TimerConstants.PRODUCTION, actions, ThreadLocalJitter.INSTANCE, InstantSource.system());
    }

    /** @param constants {@link TimerConstants#PRODUCTION} outside tests (see its rule); per-thread jitter */
    public TimerWheel(TimerConstants constants, TimerActions<P> actions) {
        this(constants, actions, ThreadLocalJitter.INSTANCE, InstantSource.system());
    }

    /**
     * @param constants {@link TimerConstants#PRODUCTION} outside tests (see its rule)
     * @param jitter    draws the handshake jitter; called from every thread that calls hooks, so
     *                  it must be safe for that (a seeded {@code SplittableRandom} is fine for a
     *                  single-threaded test)
     */
    public TimerWheel(TimerConstants constants, TimerActions<P> actions, RandomGenerator jitter) {
        this(constants, actions, jitter, InstantSource.system());
    }

    /** @param wallClock gives the wall-clock time recorded at each completed handshake */
    public TimerWheel(TimerConstants constants, TimerActions<P> actions, RandomGenerator jitter,
                      InstantSource wallClock) {
        this.rekeyTimeoutNanos = constants.rekeyTimeout().toNanos();
        this.keepaliveTimeoutNanos = constants.keepaliveTimeout().toNanos();
        this.newHandshakeNanos = constants.newHandshakeTimeout().toNanos();
        this.zeroKeyMaterialNanos = constants.zeroKeyMaterialTimeout().toNanos();
        this.maxJitterNanos = constants.maxJitter().toNanos();
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.expiries = new Expiries<>(constants, Objects.requireNonNull(actions, "actions"));
    }

    /** The timer state for a new peer; call {@link PeerTimers#stop} when the peer is removed. */
    public PeerTimers<P> newPeerTimers(P peer) {
        return directory.add(this, peer);
    }

    /**
     * Fires every timer due at {@code nowNanos} and re-slots what hooks changed. A time earlier
     * than the previous call's counts as the previous one. If actions threw, the first exception
     * is rethrown (others suppressed) after the whole tick has been processed.
     */
    public void advance(long nowNanos) {
        if (advancing) {
            throw new IllegalStateException("advance called from a timer action");
        }
        advancing = true;
        try {
            if (!started) {
                started = true;
                origin = nowNanos;
                lastNow = nowNanos;
            }
            long now = nowNanos - lastNow < 0 ? lastNow : nowNanos;
            lastNow = now;
            long nowTick = tickOf(now);
            floorNanos = origin + (nowTick << TICK_SHIFT);
            directory.drainFlags(onFlag);
            // After a long pause one turn of the ring visits every slot once; walking the current
            // tick's slot last lets it pick up peers that earlier slots re-slotted into it.
            long first = Math.max(cursor, nowTick - SLOTS + 1);
            for (long tick = first; tick <= nowTick; tick++) {
                walk((int) tick & SLOT_MASK, nowTick, now);
            }
            cursor = nowTick;
        } finally {
            advancing = false;
        }
        RuntimeException failure = expiries.takeFailure();
        if (failure != null) {
            throw failure;
        }
    }

    /** Peers created and not yet released after {@link PeerTimers#stop}. */
    int peerCount() {
        return directory.size();
    }

    /** Peers currently held in a slot. */
    int slottedCount() {
        return ring.linked();
    }

    /** A jitter in [0, maxJitter], drawn on the calling thread. */
    long jitter() {
        return maxJitterNanos == 0 ? 0 : jitter.nextLong(maxJitterNanos + 1);
    }

    long wallClockEpochNanos() {
        Instant now = wallClock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private void walk(int slot, long nowTick, long now) {
        PeerTimers<P> timers = ring.head(slot);
        while (timers != null) {
            // Saved first: visiting re-links this peer, but only this peer.
            PeerTimers<P> following = timers.next;
            if (tickOf(timers.visitBy) - nowTick <= 0) {
                expiries.fireDue(timers, now);
                reslot(timers);
            }
            timers = following;
        }
    }

    private void flagged(PeerTimers<P> timers) {
        if (timers.stopped()) {
            if (timers.visitBy != UNARMED) {
                ring.unlink(timers, slotOf(timers.visitBy));
                timers.visitBy = UNARMED;
            }
            directory.release(timers);
        } else {
            reslot(timers);
        }
    }

    /**
     * Puts the peer in the slot of its earliest deadline, or in none. The re-read after
     * publishing {@code visitBy} is the wheel's half of the handshake described in
     * {@link PeerTimers}: a hook that armed an earlier deadline without seeing our store is
     * caught here.
     */
    private void reslot(PeerTimers<P> timers) {
        while (true) {
            long target = visitTime(timers);
            long current = timers.visitBy;
            if (target != current) {
                if (current != UNARMED) {
                    ring.unlink(timers, slotOf(current));
                }
                if (target != UNARMED) {
                    ring.link(timers, slotOf(target));
                }
                timers.visitBy = target;
            }
            long again = visitTime(timers);
            if (again == UNARMED || (target != UNARMED && again - target >= 0)) {
                return;
            }
        }
    }

    /** When to look at the peer next: its earliest deadline, not before the current tick. */
    private long visitTime(PeerTimers<P> timers) {
        long earliest = timers.stopped() ? UNARMED : timers.earliestDeadline();
        if (earliest == UNARMED) {
            return UNARMED;
        }
        long visit = earliest - floorNanos < 0 ? floorNanos : earliest;
        return visit == UNARMED ? visit + 1 : visit;
    }

    private long tickOf(long nanos) {
        return (nanos - origin) >> TICK_SHIFT;
    }

    private int slotOf(long nanos) {
        return (int) tickOf(nanos) & SLOT_MASK;
    }
}
