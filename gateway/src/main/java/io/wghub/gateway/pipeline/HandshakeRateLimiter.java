package io.wghub.gateway.pipeline;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-source token buckets for handshake messages under load (Linux's ratelimiter.c): a source
 * that proved its address with a valid cookie may still send at most {@link #PER_SECOND}
 * handshake messages a second, in bursts of {@link #BURST}. A source is an IPv4 address or an
 * IPv6 /64, since one host holds a whole /64. Entries idle for a second are swept, and at most
 * {@link #MAX_SOURCES} are tracked: beyond that, new sources are refused until the sweep. Shared
 * by all lanes; consulted only under load, so the steady path never touches it.
 */
final class HandshakeRateLimiter {
    static final int PER_SECOND = 20;
    static final int BURST = 5;
    static final int MAX_SOURCES = 65_536;
    private static final long COST_NANOS = 1_000_000_000L / PER_SECOND;
    private static final long MAX_TOKENS = COST_NANOS * BURST;
    private static final long SWEEP_NANOS = 1_000_000_000L;

    /** One source's bucket: tokens in nanoseconds of allowance, as Linux keeps them. */
    private static final class Bucket {
        long tokens = MAX_TOKENS;
        long lastNanos;
        /** Swept out of the table: a caller still holding it must look the source up again. */
        boolean dead;

        Bucket(long nowNanos) {
            lastNanos = nowNanos;
        }
    }

    private final ConcurrentHashMap<Long, Bucket> v4 = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Bucket> v6 = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep;
    /** Where sweeps run: off the lanes, so walking the table never stalls a packet. */
    private final Executor sweeper;

    /** @param sweeper runs the once-a-second sweep (not a lane: it walks up to {@link #MAX_SOURCES} entries) */
    HandshakeRateLimiter(long nowNanos, Executor sweeper) {
        this.lastSweep = new AtomicLong(nowNanos);
        this.sweeper = sweeper;
    }

    /** Takes one message's cost from {@code source}'s bucket; false when it is empty (drop the message). */
    boolean allow(InetAddress source, long nowNanos) {
        sweepIfDue(nowNanos);
        byte[] a = source.getAddress();
        // An IPv4-mapped IPv6 address (::ffff:a.b.c.d, as a dual-stack socket may report) is that IPv4 source.
        boolean mapped = !(source instanceof Inet4Address) && isV4Mapped(a);
        boolean ipv4 = source instanceof Inet4Address || mapped;
        ConcurrentHashMap<Long, Bucket> table = ipv4 ? v4 : v6;
        Long key = ipv4 ? (long) bigEndian(a, mapped ? 12 : 0, 4) : bigEndian(a, 0, 8);
        while (true) {
            Bucket bucket = table.get(key);
            if (bucket == null) {
                if (v4.size() + v6.size() >= MAX_SOURCES) {
                    return false;
                }
                bucket = table.computeIfAbsent(key, k -> new Bucket(nowNanos));
            }
            synchronized (bucket) {
                if (bucket.dead) {
                    continue; // swept between the lookup and here: its successor (or a new one) counts
                }
                bucket.tokens = Math.min(MAX_TOKENS, bucket.tokens + Math.max(0, nowNanos - bucket.lastNanos));
                bucket.lastNanos = nowNanos;
                if (bucket.tokens < COST_NANOS) {
                    return false;
                }
                bucket.tokens -= COST_NANOS;
                return true;
            }
        }
    }

    /** Sources tracked now (for tests). */
    int sources() {
        return v4.size() + v6.size();
    }

    /** Once a second, whoever comes first has the sweeper drop the buckets not used for a second (full again by then). */
    private void sweepIfDue(long nowNanos) {
        long last = lastSweep.get();
        if (nowNanos - last < SWEEP_NANOS || !lastSweep.compareAndSet(last, nowNanos)) {
            return;
        }
        sweeper.execute(() -> {
            v4.values().removeIf(b -> sweptOut(b, nowNanos));
            v6.values().removeIf(b -> sweptOut(b, nowNanos));
        });
    }

    private static boolean sweptOut(Bucket bucket, long nowNanos) {
        synchronized (bucket) {
            bucket.dead = nowNanos - bucket.lastNanos >= SWEEP_NANOS;
            return bucket.dead;
        }
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static long bigEndian(byte[] a, int from, int length) {
        long v = 0;
        for (int i = from; i < from + length; i++) {
            v = v << 8 | (a[i] & 0xff);
        }
        return v;
    }
}
