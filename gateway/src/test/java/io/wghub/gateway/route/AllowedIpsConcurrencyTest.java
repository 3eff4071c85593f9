package io.wghub.gateway.route;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of lock-free lookups during writes: readers look up addresses under a prefix that
 * never changes and must always get its peer, or a more specific writer-controlled peer; never
 * nothing, an unrelated peer, or an exception.
 */
class AllowedIpsConcurrencyTest {
    private static final int WRITES = 30_000;

    @Test
    void readersSeeOnlyOldOrNewAnswers() throws Exception {
        AllowedIps<String> table = new AllowedIps<>();
        String stable = "stable";
        String stable6 = "stable6";
        String outsider = "outsider";
        String[] writers = {"w0", "w1", "w2", "w3"};
        Set<String> allowed =
                Set.of(stable, stable6, writers[0], writers[1], writers[2], writers[3]);
        table.insert(Prefix.parse("10.0.0.0/8"), stable);
        table.insert(Prefix.parse("fd00::/16"), stable6);

        CountDownLatch start = new CountDownLatch(3);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong lookups = new AtomicLong();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Thread[] readers = new Thread[2];
        Thread writer = new Thread(() -> {
            Random random = new Random(1);
            start.countDown();
            await(start);
            for (int i = 0; i < WRITES && failure.get() == null; i++) {
                String peer = writers[random.nextInt(writers.length)];
                switch (random.nextInt(6)) {
                    case 0 -> table.insert(inside(random, true), peer);
                    case 1 -> table.insert(inside(random, false), peer);
                    case 2 -> table.remove(inside(random, random.nextBoolean()), peer);
                    case 3 -> table.insert(outside(random), outsider);
                    case 4 -> table.remove(outside(random), outsider);
                    default -> table.removePeer(random.nextInt(8) == 0 ? outsider : peer);
                }
            }
        });
        for (int r = 0; r < readers.length; r++) {
            long readerSeed = 100 + r;
            readers[r] = new Thread(() -> {
                Random random = new Random(readerSeed);
                start.countDown();
                await(start);
                try {
                    while (writer.isAlive() && failure.get() == null) {
                        int a = 0x0A000000 | random.nextInt(1 << 24);
                        String v4 = table.lookupV4(a);
                        long low = random.nextLong();
                        long high = 0xfd00_0000_0000_0000L | (random.nextLong() >>> 16);
                        String v6 = table.lookupV6(high, low);
                        if (v4 == null || !allowed.contains(v4) || v4.equals(stable6)) {
                            throw new AssertionError("lookup of " + Integer.toHexString(a)
                                    + " gave " + v4);
                        }
                        if (v6 == null || !allowed.contains(v6) || v6.equals(stable)) {
                            throw new AssertionError("lookupV6 gave " + v6);
                        }
                        seen.add(v4);
                        seen.add(v6);
                        lookups.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
        }
        writer.setUncaughtExceptionHandler((t, e) -> failure.compareAndSet(null, e));
        writer.start();
        for (Thread t : readers) {
            t.start();
        }
        writer.join(60_000);
        for (Thread t : readers) {
            t.join(60_000);
        }
        if (failure.get() != null) {
            throw new AssertionError("concurrent lookup failed", failure.get());
        }
        assertTrue(lookups.get() > 0, "readers ran");
        assertTrue(seen.contains(stable), "the stable peer was seen: " + seen);
        String outside = table.lookupV4(0x0B000001);
        assertTrue(outside == null || outside.equals(outsider), "11.0.0.1 gave " + outside);
    }

    /** A prefix more specific than the stable one (10.0.0.0/8 or fd00::/16). */
    private static Prefix inside(Random random, boolean v4) {
        byte[] a = new byte[v4 ? 4 : 16];
        random.nextBytes(a);
        // Few distinct values, so inserts, moves and removals hit the same prefixes often.
        a[1] = (byte) random.nextInt(4);
        if (v4) {
            a[0] = 10;
            return Prefix.of(a, 9 + random.nextInt(24));
        }
        a[0] = (byte) 0xfd;
        a[1] = 0;
        a[2] = (byte) random.nextInt(4);
        return Prefix.of(a, 17 + random.nextInt(112));
    }

    /** A prefix that never overlaps the stable ones from below: outside them, or shorter (/0). */
    private static Prefix outside(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Prefix.parse("0.0.0.0/0");
            case 1 -> Prefix.parse("::/0");
            case 2 -> Prefix.parse("11.0.0.0/8");
            default -> Prefix.parse("fd01::/16");
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
