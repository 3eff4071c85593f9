package io.wghub.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** Scrape-time collector of the per-peer series (prometheus_wireguard_exporter names) and {@code wghub_peers{state}}. */
final class PeerCollector implements MultiCollector {

    /** A peer whose latest handshake is at most this old is "active" (REJECT_AFTER_TIME). */
    static final long ACTIVE_SECONDS = 180;

    private static final String[] LABEL_NAMES = {"allowed_ips", "friendly_name", "interface", "public_key"};

    private static final MetricMetadata SENT = new MetricMetadata("wireguard_sent_bytes", "Bytes sent to the peer", Unit.BYTES);
    private static final MetricMetadata RECEIVED = new MetricMetadata("wireguard_received_bytes", "Bytes received from the peer", Unit.BYTES);
    private static final MetricMetadata LATEST = new MetricMetadata("wireguard_latest_handshake_seconds",
            "UNIX time of the peer's latest handshake, 0 if never", Unit.SECONDS);
    private static final MetricMetadata PACKETS_SENT = new MetricMetadata("wghub_peer_packets_sent", "Transport packets sent to the peer");
    private static final MetricMetadata PACKETS_RECEIVED = new MetricMetadata("wghub_peer_packets_received", "Transport packets received from the peer");
    private static final MetricMetadata HANDSHAKES = new MetricMetadata("wghub_peer_handshakes", "Completed handshakes with the peer");
    private static final MetricMetadata ENDPOINT_CHANGES = new MetricMetadata("wghub_peer_endpoint_changes", "Times the peer's endpoint changed");
    private static final MetricMetadata PEERS = new MetricMetadata("wghub_peers",
            "Peers by state: active (handshake within 180 s), stale, never");

    private static final Labels ACTIVE = Labels.of("state", "active");
    private static final Labels STALE = Labels.of("state", "stale");
    private static final Labels NEVER = Labels.of("state", "never");

    private final HubSource source;
    private final PeersMode mode;
    private final LongSupplier nowEpochSeconds;
    private final TopPeers top;
    private final Map<String, PeerLabels> labelCache = new HashMap<>();

    private final List<CounterDataPointSnapshot> sent = new ArrayList<>();
    private final List<CounterDataPointSnapshot> received = new ArrayList<>();
    private final List<GaugeDataPointSnapshot> latest = new ArrayList<>();
    private final List<CounterDataPointSnapshot> packetsSent = new ArrayList<>();
    private final List<CounterDataPointSnapshot> packetsReceived = new ArrayList<>();
    private final List<CounterDataPointSnapshot> handshakes = new ArrayList<>();
    private final List<CounterDataPointSnapshot> endpointChanges = new ArrayList<>();

    private final PeerVisitor emitAndCount = this::emitAndCount;
    private final PeerVisitor emit = this::emit;
    private final PeerVisitor countAndOffer = this::countAndOffer;
    private final PeerVisitor countOnly = this::countOnly;

    private int generation;
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

    @Override
    public synchronized MetricSnapshots collect() {
        iface = source.interfaceName();
        now = nowEpochSeconds.getAsLong();
        active = stale = never = 0;
        generation++;
        try {
            switch (mode.kind()) {
                case ALL -> source.forEachPeer(emitAndCount);
                case TOP -> {
                    top.reset();
                    source.forEachPeer(countAndOffer);
                    top.forEach(emit);
                }
                case NONE -> source.forEachPeer(countOnly);
            }
            GaugeSnapshot peers = new GaugeSnapshot(PEERS, List.of(
                    new GaugeDataPointSnapshot(active, ACTIVE, null),
                    new GaugeDataPointSnapshot(stale, STALE, null),
                    new GaugeDataPointSnapshot(never, NEVER, null)));
            if (mode.kind() == PeersMode.Kind.NONE) {
                return MetricSnapshots.of(peers);
            }
            evictGone();
            return MetricSnapshots.of(peers,
                    new CounterSnapshot(SENT, sent),
                    new CounterSnapshot(RECEIVED, received),
                    new GaugeSnapshot(LATEST, latest),
                    new CounterSnapshot(PACKETS_SENT, packetsSent),
                    new CounterSnapshot(PACKETS_RECEIVED, packetsReceived),
                    new CounterSnapshot(HANDSHAKES, handshakes),
                    new CounterSnapshot(ENDPOINT_CHANGES, endpointChanges));
        } finally {
            clearLists();
            if (top != null) {
                top.reset();
            }
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

    private void emitAndCount(String key, String allowedIps, String name, long rx, long tx, long handshakeAt,
                              long rxPackets, long txPackets, long hsCount, long epChanges) {
        countOnly(key, allowedIps, name, rx, tx, handshakeAt, rxPackets, txPackets, hsCount, epChanges);
        emit(key, allowedIps, name, rx, tx, handshakeAt, rxPackets, txPackets, hsCount, epChanges);
    }

    private void emit(String key, String allowedIps, String name, long rx, long tx, long handshakeAt,
                      long rxPackets, long txPackets, long hsCount, long epChanges) {
        Labels labels = labelsFor(key, allowedIps == null ? "" : allowedIps, name == null ? "" : name);
        sent.add(new CounterDataPointSnapshot(unsigned(tx), labels, null, 0));
        received.add(new CounterDataPointSnapshot(unsigned(rx), labels, null, 0));
        latest.add(new GaugeDataPointSnapshot(handshakeAt, labels, null));
        packetsSent.add(new CounterDataPointSnapshot(unsigned(txPackets), labels, null, 0));
        packetsReceived.add(new CounterDataPointSnapshot(unsigned(rxPackets), labels, null, 0));
        handshakes.add(new CounterDataPointSnapshot(unsigned(hsCount), labels, null, 0));
        endpointChanges.add(new CounterDataPointSnapshot(unsigned(epChanges), labels, null, 0));
    }

    /**
     * A counter as a non-negative double: a negative long is read as the unsigned 64-bit value it wrapped to,
     * so one bad counter cannot fail the whole scrape (the model rejects negative counters).
     */
    static double unsigned(long v) {
        return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
    }

    /** The peer's label set, rebuilt only when its allowed IPs, name or the interface changed. */
    private Labels labelsFor(String key, String allowedIps, String name) {
        PeerLabels cached = labelCache.get(key);
        if (cached == null || !cached.matches(iface, allowedIps, name)) {
            Labels labels = Labels.of(LABEL_NAMES, new String[] {allowedIps, name, iface, key});
            cached = new PeerLabels(iface, allowedIps, name, labels);
            labelCache.put(key, cached);
        }
        cached.generation = generation;
        return cached.labels;
    }

    /** Drops cached label sets of peers not seen in this scrape (removed, or out of the top N). */
    private void evictGone() {
        if (labelCache.size() > sent.size()) {
            int g = generation;
            labelCache.values().removeIf(p -> p.generation != g);
        }
    }

    private void clearLists() {
        sent.clear();
        received.clear();
        latest.clear();
        packetsSent.clear();
        packetsReceived.clear();
        handshakes.clear();
        endpointChanges.clear();
    }

    /** Cached labels of one peer. */
    private static final class PeerLabels {
        final String iface;
        final String allowedIps;
        final String name;
        final Labels labels;
        int generation;

        PeerLabels(String iface, String allowedIps, String name, Labels labels) {
            this.iface = iface;
            this.allowedIps = allowedIps;
            this.name = name;
            this.labels = labels;
        }

        boolean matches(String i, String a, String n) {
            return iface.equals(i) && allowedIps.equals(a) && name.equals(n);
        }
    }
}
