package io.wghub.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * Scrape-time writer of the per-peer series (prometheus_wireguard_exporter names) and {@code wghub_peers{state}}:
 * one walk over the peers, then the families streamed straight to the output as text, without the Prometheus
 * snapshot model (whose per-sample objects and {@code Double.toString} cost ~150 B per sample).
 */
final class PeerCollector {

    /** A peer whose latest handshake is at most this old is "active" (REJECT_AFTER_TIME). */
    static final long ACTIVE_SECONDS = 180;

    private static final String PEERS_HELP = "Peers by state: active (handshake within 180 s), stale, never";
    private static final byte[] PEERS_TEXT =
            ExpositionText.header(ScrapeFormat.PROMETHEUS_TEXT, ExpositionText.Type.GAUGE, "wghub_peers", null, PEERS_HELP);
    private static final byte[] PEERS_OPENMETRICS =
            ExpositionText.header(ScrapeFormat.OPENMETRICS, ExpositionText.Type.GAUGE, "wghub_peers", null, PEERS_HELP);
    private static final byte[] ACTIVE = ascii("wghub_peers{state=\"active\"} ");
    private static final byte[] STALE = ascii("wghub_peers{state=\"stale\"} ");
    private static final byte[] NEVER = ascii("wghub_peers{state=\"never\"} ");

    private final HubSource source;
    private final PeersMode mode;
    private final LongSupplier nowEpochSeconds;
    private final TopPeers top;
    private final PeerLabelCache labels = new PeerLabelCache();
    private final PeerSamples samples = new PeerSamples();
    private final ExpositionOutput out = new ExpositionOutput();

    private final PeerVisitor recordAndCount = this::recordAndCount;
    private final PeerVisitor record = this::record;
    private final PeerVisitor countAndOffer = this::countAndOffer;
    private final PeerVisitor countOnly = this::countOnly;

    private String iface = "";
    private long now;
    private long active;
    private long stale;
    private long never;

    PeerCollector(HubSource source, PeersMode mode, LongSupplier nowEpochSeconds) {
        this.source = source;
        this.mode = mode;
        this.nowEpochSeconds = nowEpochSeconds;
        this.top = mode.kind() == PeersMode.Kind.TOP ? new TopPeers(mode.limit()) : null;
    }

    /** Reads every peer once and writes this module's per-peer families to {@code sink} in {@code format}. */
    synchronized void write(OutputStream sink, ScrapeFormat format) throws IOException {
        try {
            collect();
            out.open(sink);
            writeStates(format);
            // Like Prometheus' writers: a family without samples (no peers, or none mode) is left out.
            if (samples.size() > 0) {
                for (PeerFamily f : PeerFamily.ALL) {
                    writeFamily(f, format);
                }
            }
            out.flush();
        } finally {
            out.detach();
            samples.clear();
            if (top != null) {
                top.reset();
            }
        }
    }

    private void collect() {
        iface = source.interfaceName();
        now = nowEpochSeconds.getAsLong();
        active = stale = never = 0;
        switch (mode.kind()) {
            case ALL -> {
                labels.begin();
                source.forEachPeer(recordAndCount);
                labels.evictUnseen();
            }
            case TOP -> {
                top.reset();
                source.forEachPeer(countAndOffer);
                labels.begin();
                top.forEach(record);
                labels.evictUnseen();
            }
            case NONE -> source.forEachPeer(countOnly);
        }
    }

    private void writeStates(ScrapeFormat format) throws IOException {
        out.write(format == ScrapeFormat.OPENMETRICS ? PEERS_OPENMETRICS : PEERS_TEXT);
        writeState(ACTIVE, active);
        writeState(STALE, stale);
        writeState(NEVER, never);
    }

    private void writeState(byte[] prefix, long count) throws IOException {
        out.write(prefix);
        out.writeSigned(count);
        out.write((byte) '\n');
    }

    private void writeFamily(PeerFamily family, ScrapeFormat format) throws IOException {
        out.write(family.header(format));
        byte[] name = family.sampleName();
        long[] values = samples.values(family);
        boolean counter = family.counter();
        for (int i = 0, n = samples.size(); i < n; i++) {
            out.write(name);
            out.write(samples.labels(i));
            out.write((byte) ' ');
            if (counter) {
                out.writeUnsigned(values[i]);
            } else {
                out.writeSigned(values[i]);
            }
            out.write((byte) '\n');
        }
    }

    private void countOnly(String key, String allowedIps, String name, long rx, long tx, long handshakeAt,
                           long rxPackets, long txPackets, long hsCount, long epChanges) {
        if (handshakeAt == 0) {
            never++;
        } else if (now - handshakeAt <= ACTIVE_SECONDS) {
            active++;
        } else {
            stale++;
        }
    }

    private void countAndOffer(String key, String allowedIps, String name, long rx, long tx, long handshakeAt,
                               long rxPackets, long txPackets, long hsCount, long epChanges) {
        countOnly(key, allowedIps, name, rx, tx, handshakeAt, rxPackets, txPackets, hsCount, epChanges);
        top.peer(key, allowedIps, name, rx, tx, handshakeAt, rxPackets, txPackets, hsCount, epChanges);
    }

    private void recordAndCount(String key, String allowedIps, String name, long rx, long tx, long handshakeAt,
                                long rxPackets, long txPackets, long hsCount, long epChanges) {
        countOnly(key, allowedIps, name, rx, tx, handshakeAt, rxPackets, txPackets, hsCount, epChanges);
        record(key, allowedIps, name, rx, tx, handshakeAt, rxPackets, txPackets, hsCount, epChanges);
    }

    private void record(String key, String allowedIps, String name, long rx, long tx, long handshakeAt,
                        long rxPackets, long txPackets, long hsCount, long epChanges) {
        byte[] block = labels.labels(iface, key, allowedIps == null ? "" : allowedIps, name == null ? "" : name);
        samples.add(block, rx, tx, handshakeAt, rxPackets, txPackets, hsCount, epChanges);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
