package io.wghub.gateway.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link AllowedIps} against {@link LinearScanModel} on random, heavily nested prefixes of both
 * families, through inserts, moves, removals and peer removals. The seed is fixed so failures
 * reproduce; pass -Dwghub.route.seed=N to explore others.
 */
class AllowedIpsRandomizedTest {
    private static final int PEERS = 50;
    private static final long SEED = Long.getLong("wghub.route.seed", 0x5eed_2025_0611L);

    /** A peer with no equality of its own, so only identity counts. */
    private static final class Peer {
        final int id;

        Peer(int id) {
            this.id = id;
        }

        @Override
        public String toString() {
            return "peer" + id;
        }
    }

    private final Random random = new Random(SEED);
    private final Peer[] peers = new Peer[PEERS];
    private final List<Prefix> seen = new ArrayList<>();
    private final AllowedIps<Peer> table = new AllowedIps<>();
    private final LinearScanModel<Peer> model = new LinearScanModel<>();

    @Test
    void matchesLinearScanModel() {
        System.out.println("AllowedIpsRandomizedTest seed: " + SEED);
        for (int i = 0; i < PEERS; i++) {
            peers[i] = new Peer(i);
        }
        for (int round = 0; round < 3; round++) {
            insertRandom(3000);
            compare("round " + round + " after inserts");

            moveSome(600);
            compare("round " + round + " after moves");

            removeSome(0.3);
            compare("round " + round + " after removals");

            for (int i = 0; i < 6; i++) {
                Peer p = peer();
                table.removePeer(p);
                model.removePeer(p);
            }
            compare("round " + round + " after removePeer");

            // Interleaved single operations, checked a few addresses at a time.
            for (int i = 0; i < 400; i++) {
                switch (random.nextInt(3)) {
                    case 0 -> insertRandom(1);
                    case 1 -> moveSome(1);
                    default -> removeSome(0.001);
                }
                List<Prefix> stored = model.prefixes();
                String where = "seed " + SEED + ", round " + round + " interleaved step " + i;
                for (int j = 0; j < 5; j++) {
                    checkLookup(where, address(stored));
                }
            }
        }
        for (Peer p : peers) {
            table.removePeer(p);
            model.removePeer(p);
        }
        compare("after removing every peer");
        assertEquals(0, table.size());
    }

    private void insertRandom(int count) {
        for (int i = 0; i < count; i++) {
            Prefix p = prefix(random.nextInt(3) != 0);
            Peer peer = peer();
            table.insert(p, peer);
            model.insert(p, peer);
            seen.add(p);
        }
    }

    private void moveSome(int count) {
        List<Prefix> stored = model.prefixes();
        for (int i = 0; i < count && !stored.isEmpty(); i++) {
            Prefix p = stored.get(random.nextInt(stored.size()));
            // Sometimes the same owner again, which must change nothing.
            Peer peer = random.nextInt(5) == 0 ? model.owner(p) : peer();
            table.insert(p, peer);
            model.insert(p, peer);
        }
    }

    private void removeSome(double fraction) {
        for (Prefix p : model.prefixes()) {
            if (random.nextDouble() >= fraction) {
                continue;
            }
            // Half the time ask with a wrong owner first: that must be refused.
            Peer owner = model.owner(p);
            Peer wrong = peers[(owner.id + 1 + random.nextInt(PEERS - 1)) % PEERS];
            if (random.nextBoolean()) {
                assertEquals(false, table.remove(p, wrong), "seed " + SEED + ": removed " + p
                        + " for a peer that does not own it");
            }
            assertEquals(true, table.remove(p, owner), "seed " + SEED + ": did not remove " + p);
            model.remove(p, owner);
        }
    }

    private void compare(String phase) {
        String where = "seed " + SEED + ", " + phase;
        assertEquals(model.size(), table.size(), where + ": size");
        for (Peer p : peers) {
            assertEquals(model.prefixesOf(p), table.prefixesOf(p), where + ": prefixesOf " + p);
        }
        List<Prefix> stored = model.prefixes();
        for (int i = 0; i < 4000; i++) {
            checkLookup(where, address(stored));
        }
    }

    private void checkLookup(String where, byte[] address) {
        Peer expected = model.lookup(address);
        Peer actual = table.lookup(address);
        Peer hot = address.length == 4
                ? table.lookupV4(Bits.int32(address, 0))
                : table.lookupV6(Bits.int64(address, 0), Bits.int64(address, 8));
        String text = Prefix.of(address, address.length * 8).toString();
        assertSame(expected, actual, () -> where + ": lookup " + text);
        assertSame(actual, hot, () -> where + ": hot lookup " + text);
    }

    private Peer peer() {
        return peers[random.nextInt(PEERS)];
    }

    /**
     * Mostly prefixes related to ones seen before (longer, shorter, or the same again) so that the
     * trie gets deep nesting, shared paths, and moves; some packed under one byte; the rest random
     * within a few clusters.
     */
    private Prefix prefix(boolean v4) {
        int max = v4 ? 32 : 128;
        Prefix base = seenOfFamily(v4);
        int kind = random.nextInt(10);
        if (base != null && kind < 4) {
            int length = base.length() + random.nextInt(max - base.length() + 1);
            return Prefix.of(inside(base), length);
        }
        if (base != null && kind < 5) {
            return Prefix.of(base.address(), random.nextInt(base.length() + 1));
        }
        if (base != null && kind < 6) {
            return base;
        }
        if (kind < 7) {
            // Many routes under one byte (like a hub's /32 peers) make dense nodes, and removals
            // turn them sparse again.
            Prefix hub = Prefix.parse(v4 ? "10.200.7.0/24" : "fd00:1::/120");
            return Prefix.of(inside(hub), max - random.nextInt(9));
        }
        int length = random.nextInt(8) == 0 ? random.nextInt(max + 1)
                : max - random.nextInt(v4 ? 25 : 72);
        return Prefix.of(clustered(v4), length);
    }

    private Prefix seenOfFamily(boolean v4) {
        for (int tries = 0; tries < 4 && !seen.isEmpty(); tries++) {
            Prefix p = seen.get(random.nextInt(seen.size()));
            if (p.isIpv4() == v4) {
                return p;
            }
        }
        return null;
    }

    /** An address to look up: usually in or at the edges of a stored prefix, sometimes anywhere. */
    private byte[] address(List<Prefix> stored) {
        int kind = random.nextInt(10);
        if (stored.isEmpty() || kind == 0) {
            return clustered(random.nextBoolean());
        }
        Prefix p = stored.get(random.nextInt(stored.size()));
        return switch (kind) {
            case 1 -> p.address();
            case 2 -> last(p);
            case 3 -> step(last(p), 1);
            case 4 -> step(p.address(), -1);
            default -> inside(p);
        };
    }

    private byte[] clustered(boolean v4) {
        byte[] a = new byte[v4 ? 4 : 16];
        random.nextBytes(a);
        int cluster = random.nextInt(4);
        if (v4 && cluster < 3) {
            a[0] = (byte) new int[] {10, 172, 192}[cluster];
        } else if (!v4 && cluster < 3) {
            a[0] = (byte) (cluster == 2 ? 0x20 : 0xfd);
            a[1] = (byte) (cluster == 2 ? 0x01 : 0x00);
            a[2] = 0;
            a[3] = (byte) cluster;
            if (random.nextBoolean()) {
                java.util.Arrays.fill(a, 4, 8 + random.nextInt(8), (byte) 0);
            }
        }
        return a;
    }

    /** A random address inside {@code p}. */
    private byte[] inside(Prefix p) {
        byte[] a = p.address();
        byte[] noise = new byte[a.length];
        random.nextBytes(noise);
        for (int bit = p.length(); bit < a.length * 8; bit++) {
            a[bit >>> 3] |= (byte) (noise[bit >>> 3] & (0x80 >>> (bit & 7)));
        }
        return a;
    }

    private static byte[] last(Prefix p) {
        byte[] a = p.address();
        for (int bit = p.length(); bit < a.length * 8; bit++) {
            a[bit >>> 3] |= (byte) (0x80 >>> (bit & 7));
        }
        return a;
    }

    /** {@code a} plus {@code delta} (+1 or -1), wrapping around the address space. */
    private static byte[] step(byte[] a, int delta) {
        byte[] out = a.clone();
        for (int i = out.length - 1; i >= 0; i--) {
            int v = (out[i] & 0xff) + delta;
            out[i] = (byte) v;
            if (v >= 0 && v <= 255) {
                break;
            }
        }
        return out;
    }
}
