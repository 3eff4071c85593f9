package io.wghub.gateway.peer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.security.SecureRandom;

/**
 * Our receiver indices: random, unique 32-bit values naming a pending handshake or a session,
 * looked up on every received packet. Lookups take no lock; changes are serialized.
 */
public final class IndexTable {
    /** What an index names: a handshake in progress or a keypair. */
    public interface Entry {
        int localIndex();

        Peer peer();
    }

    /** Immutable pair, so a lock-free reader never sees an index with another entry. */
    private record Slot(int index, Entry entry) {
    }

    private static final Slot TOMBSTONE = new Slot(0, null);
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Slot[].class);
    private static final int INITIAL_CAPACITY = 64;

    private final SecureRandom random = new SecureRandom();
    private volatile Slot[] slots = new Slot[INITIAL_CAPACITY];
    private int live;
    private int used;

    /** The entry registered under {@code index}, or null. */
    public Entry lookup(int index) {
        Slot[] table = slots;
        int mask = table.length - 1;
        for (int i = spread(index) & mask; ; i = (i + 1) & mask) {
            Slot slot = (Slot) SLOTS.getAcquire(table, i);
            if (slot == null) {
                return null;
            }
            if (slot != TOMBSTONE && slot.index == index) {
                return slot.entry;
            }
        }
    }

    /** Picks a fresh random index not in use, registers {@code entry} under it, returns it. */
    public synchronized int register(Entry entry) {
        int index;
        do {
            index = random.nextInt();
        } while (find(slots, index) >= 0);
        insert(index, entry);
        return index;
    }

    /** Points an index at another entry (a finished handshake's index passes to its keypair). */
    public synchronized void replace(int index, Entry expected, Entry replacement) {
        Slot[] table = slots;
        int at = find(table, index);
        if (at >= 0 && table[at].entry == expected) {
            SLOTS.setRelease(table, at, new Slot(index, replacement));
        }
    }

    /** Unregisters {@code index} if it still names {@code expected}. */
    public synchronized void remove(int index, Entry expected) {
        Slot[] table = slots;
        int at = find(table, index);
        if (at >= 0 && table[at].entry == expected) {
            SLOTS.setRelease(table, at, TOMBSTONE);
            live--;
        }
    }

    /** Number of registered indices. */
    public synchronized int size() {
        return live;
    }

    private void insert(int index, Entry entry) {
        if ((used + 1) * 2 > slots.length) {
            rebuild(live + 1 > slots.length / 4 ? slots.length * 2 : slots.length);
        }
        Slot[] table = slots;
        int mask = table.length - 1;
        int i = spread(index) & mask;
        while (table[i] != null && table[i] != TOMBSTONE) {
            i = (i + 1) & mask;
        }
        if (table[i] == null) {
            used++;
        }
        SLOTS.setRelease(table, i, new Slot(index, entry));
        live++;
    }

    /** Copies live slots into a fresh table (dropping tombstones) and publishes it. */
    private void rebuild(int capacity) {
        Slot[] fresh = new Slot[capacity];
        int mask = capacity - 1;
        for (Slot slot : slots) {
            if (slot != null && slot != TOMBSTONE) {
                int i = spread(slot.index) & mask;
                while (fresh[i] != null) {
                    i = (i + 1) & mask;
                }
                fresh[i] = slot;
            }
        }
        used = live;
        slots = fresh;
    }

    private static int find(Slot[] table, int index) {
        int mask = table.length - 1;
        for (int i = spread(index) & mask; ; i = (i + 1) & mask) {
            Slot slot = table[i];
            if (slot == null) {
                return -1;
            }
            if (slot != TOMBSTONE && slot.index == index) {
                return i;
            }
        }
    }

    /** Indices are random, but an attacker picks the ones it sends: mix before masking. */
    private static int spread(int index) {
        int h = index * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
