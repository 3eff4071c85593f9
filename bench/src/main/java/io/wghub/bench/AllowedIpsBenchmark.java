package io.wghub.bench;

import io.wghub.gateway.route.AllowedIps;
import io.wghub.gateway.route.Prefix;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Data-plane cost of cryptokey routing: single-thread longest-prefix lookups among 100,000
 * prefixes (one lookup per op). Scenarios:
 * <ul>
 * <li>hub: one /32 per peer at random places in 10.8.0.0/14; look up random pool addresses
 * (38% of them belong to a peer).
 * <li>random: random prefixes of length 8..32 anywhere; look up random addresses.
 * <li>hub6: one /128 per peer at random places in fd00::/110; look up random pool addresses.
 * <li>hub6sparse: one /128 per peer with a random 64-bit interface id in fd00::/64; half the
 * lookups hit a peer address, half are random in the /64 (the deepest paths the trie gets).
 * </ul>
 * For the retained heap of each scenario's table run
 * {@code java -cp bench/target/benchmarks.jar io.wghub.bench.AllowedIpsBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AllowedIpsBenchmark {
    private static final int PREFIXES = 100_000;
    private static final int BATCH = 1024;
    private static final int ADDRESSES = 1 << 16;
    private static final int MASK = ADDRESSES - 1;
    private static final long FD00 = 0xfd00_0000_0000_0000L;

    /** A peer as the table sees it: an object compared by identity. */
    static final class Peer {
        final int id;

        Peer(int id) {
            this.id = id;
        }
    }

    @Param({"hub", "random", "hub6", "hub6sparse"})
    public String scenario;

    private AllowedIps<Peer> table;
    private boolean ipv6;
    private final int[] v4 = new int[ADDRESSES];
    private final long[] v6High = new long[ADDRESSES];
    private final long[] v6Low = new long[ADDRESSES];
    private int cursor;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        table = build(scenario, random, peers());
        ipv6 = scenario.startsWith("hub6");
        for (int i = 0; i < ADDRESSES; i++) {
            switch (scenario) {
                case "hub" -> v4[i] = 0x0A080000 | random.nextInt(1 << 18);
                case "random" -> v4[i] = random.nextInt();
                case "hub6" -> {
                    v6High[i] = FD00;
                    v6Low[i] = random.nextInt(1 << 18);
                }
                case "hub6sparse" -> {
                    v6High[i] = FD00;
                    v6Low[i] = (i & 1) == 0 ? sparseHost(new Random(random.nextInt(PREFIXES)))
                            : random.nextLong();
                }
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void lookup(Blackhole bh) {
        int c = cursor;
        if (ipv6) {
            for (int i = 0; i < BATCH; i++) {
                int k = (c + i) & MASK;
                bh.consume(table.lookupV6(v6High[k], v6Low[k]));
            }
        } else {
            for (int i = 0; i < BATCH; i++) {
                bh.consume(table.lookupV4(v4[(c + i) & MASK]));
            }
        }
        cursor = c + BATCH;
    }

    private static Peer[] peers() {
        Peer[] peers = new Peer[PREFIXES];
        for (int i = 0; i < PREFIXES; i++) {
            peers[i] = new Peer(i);
        }
        return peers;
    }

    static AllowedIps<Peer> build(String scenario, Random random, Peer[] peers) {
        AllowedIps<Peer> table = new AllowedIps<>();
        switch (scenario) {
            case "hub" -> {
                Set<Integer> used = new HashSet<>();
                for (Peer p : peers) {
                    int a;
                    do {
                        a = 0x0A080000 | random.nextInt(1 << 18);
                    } while (!used.add(a));
                    table.insert(Prefix.of(v4Bytes(a), 32), p);
                }
            }
            case "random" -> {
                while (table.size() < PREFIXES) {
                    table.insert(Prefix.of(v4Bytes(random.nextInt()), 8 + random.nextInt(25)),
                            peers[random.nextInt(PREFIXES)]);
                }
            }
            case "hub6" -> {
                Set<Integer> used = new HashSet<>();
                for (Peer p : peers) {
                    int host;
                    do {
                        host = random.nextInt(1 << 18);
                    } while (!used.add(host));
                    table.insert(Prefix.of(v6Bytes(FD00, host), 128), p);
                }
            }
            case "hub6sparse" -> {
                // Host ids derive from the peer number so lookups can regenerate them.
                for (Peer p : peers) {
                    table.insert(Prefix.of(v6Bytes(FD00, sparseHost(new Random(p.id))), 128), p);
                }
            }
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        return table;
    }

    private static long sparseHost(Random r) {
        return r.nextLong();
    }

    private static byte[] v4Bytes(int a) {
        return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
    }

    private static byte[] v6Bytes(long high, long low) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return b;
    }

    /** Prints the heap each scenario's table retains (peers excluded), measured after full GCs. */
    public static void main(String[] args) {
        Peer[] peers = peers();
        for (String scenario : new String[] {"hub", "random", "hub6", "hub6sparse"}) {
            long before = usedHeap();
            AllowedIps<Peer> table = build(scenario, new Random(42), peers);
            long after = usedHeap();
            System.out.printf("%-10s %,d prefixes: %,.1f MB retained (%.0f bytes per prefix)%n",
                    scenario, table.size(), (after - before) / 1e6,
                    (after - before) / (double) table.size());
            table.removePeer(peers[0]); // keeps the table reachable until after the measurement
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
