package io.wghub.metrics;

import java.util.Arrays;

/**
 * One scrape's per-peer values, read once per peer and kept in reusable arrays (one per {@link PeerFamily}) until the
 * families are written one after another; the arrays grow to the largest hub seen and stay.
 */
final class PeerSamples {

    private static final int FAMILIES = PeerFamily.ALL.length;

    private byte[][] labels = new byte[0][];
    private final long[][] values = new long[FAMILIES][0];
    private int size;

    /** Forgets the previous scrape's peers and their label references. */
    void clear() {
        Arrays.fill(labels, 0, size, null);
        size = 0;
    }

    int size() {
        return size;
    }

    void add(byte[] labelBlock, long rxBytes, long txBytes, long handshakeAt,
             long rxPackets, long txPackets, long handshakes, long endpointChanges) {
        if (size == labels.length) {
            grow();
        }
        int i = size++;
        labels[i] = labelBlock;
        values[PeerFamily.SENT_BYTES.ordinal()][i] = txBytes;
        values[PeerFamily.RECEIVED_BYTES.ordinal()][i] = rxBytes;
        values[PeerFamily.LATEST_HANDSHAKE.ordinal()][i] = handshakeAt;
        values[PeerFamily.PACKETS_SENT.ordinal()][i] = txPackets;
        values[PeerFamily.PACKETS_RECEIVED.ordinal()][i] = rxPackets;
        values[PeerFamily.HANDSHAKES.ordinal()][i] = handshakes;
        values[PeerFamily.ENDPOINT_CHANGES.ordinal()][i] = endpointChanges;
    }

    byte[] labels(int i) {
        return labels[i];
    }

    /** The values of one family, indexed like {@link #labels(int)}; valid up to {@link #size()}. */
    long[] values(PeerFamily family) {
        return values[family.ordinal()];
    }

    private void grow() {
        int cap = Math.max(64, labels.length * 2);
        labels = Arrays.copyOf(labels, cap);
        for (int f = 0; f < FAMILIES; f++) {
            values[f] = Arrays.copyOf(values[f], cap);
        }
    }
}
