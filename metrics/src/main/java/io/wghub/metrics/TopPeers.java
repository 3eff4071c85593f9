package io.wghub.metrics;

import java.util.Arrays;

/** Keeps the N peers with the most traffic seen so far in reusable arrays (an index min-heap, no per-peer objects). */
final class TopPeers implements PeerVisitor {

    private final int limit;
    private int size;
    private String[] keys = new String[0];
    private String[] allowed = new String[0];
    private String[] names = new String[0];
    private long[] rx = new long[0];
    private long[] tx = new long[0];
    private long[] handshakeAt = new long[0];
    private long[] rxPackets = new long[0];
    private long[] txPackets = new long[0];
    private long[] handshakes = new long[0];
    private long[] endpointChanges = new long[0];
    private long[] weight = new long[0];
    /** heap[i] is a slot; weight[heap[0]] is the smallest kept weight. */
    private int[] heap = new int[0];

    TopPeers(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit < 1");
        }
        this.limit = limit;
    }

    /** Forgets the peers of the previous scrape (and drops references to their strings). */
    void reset() {
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(allowed, 0, size, null);
        Arrays.fill(names, 0, size, null);
        size = 0;
    }

    int size() {
        return size;
    }

    @Override
    public void peer(String publicKey, String allowedIps, String friendlyName, long rxBytes, long txBytes,
                     long latestHandshake, long rxPkts, long txPkts, long hsCount, long epChanges) {
        long w = rxBytes + txBytes;
        if (w < 0) {
            w = Long.MAX_VALUE;
        }
        int slot;
        if (size < limit) {
            ensureCapacity(size + 1);
            slot = size;
            heap[size] = slot;
            size++;
            put(slot, publicKey, allowedIps, friendlyName, rxBytes, txBytes, latestHandshake, rxPkts, txPkts, hsCount, epChanges, w);
            siftUp(size - 1);
        } else if (w > weight[heap[0]]) {
            slot = heap[0];
            put(slot, publicKey, allowedIps, friendlyName, rxBytes, txBytes, latestHandshake, rxPkts, txPkts, hsCount, epChanges, w);
            siftDown(0);
        }
    }

    /** Replays the kept peers, in no particular order. */
    void forEach(PeerVisitor v) {
        for (int s = 0; s < size; s++) {
            v.peer(keys[s], allowed[s], names[s], rx[s], tx[s], handshakeAt[s],
                    rxPackets[s], txPackets[s], handshakes[s], endpointChanges[s]);
        }
    }

    private void put(int s, String k, String a, String n, long r, long t, long h, long rp, long tp, long hc, long ec, long w) {
        keys[s] = k;
        allowed[s] = a;
        names[s] = n;
        rx[s] = r;
        tx[s] = t;
        handshakeAt[s] = h;
        rxPackets[s] = rp;
        txPackets[s] = tp;
        handshakes[s] = hc;
        endpointChanges[s] = ec;
        weight[s] = w;
    }

    private void siftUp(int i) {
        int item = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (weight[heap[parent]] <= weight[item]) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = item;
    }

    private void siftDown(int i) {
        int item = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && weight[heap[right]] < weight[heap[child]]) {
                child = right;
            }
            if (weight[item] <= weight[heap[child]]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = item;
    }

    private void ensureCapacity(int needed) {
        if (needed <= heap.length) {
            return;
        }
        int cap = (int) Math.min(limit, Math.max(16L, heap.length * 2L));
        keys = Arrays.copyOf(keys, cap);
        allowed = Arrays.copyOf(allowed, cap);
        names = Arrays.copyOf(names, cap);
        rx = Arrays.copyOf(rx, cap);
        tx = Arrays.copyOf(tx, cap);
        handshakeAt = Arrays.copyOf(handshakeAt, cap);
        rxPackets = Arrays.copyOf(rxPackets, cap);
        txPackets = Arrays.copyOf(txPackets, cap);
        handshakes = Arrays.copyOf(handshakes, cap);
        endpointChanges = Arrays.copyOf(endpointChanges, cap);
        weight = Arrays.copyOf(weight, cap);
        heap = Arrays.copyOf(heap, cap);
    }
}
