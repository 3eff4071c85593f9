package io.wghub.metrics;

import io.wghub.metrics.ExpositionText.Type;

/**
 * The per-peer metric families, in the order they are written: prometheus_wireguard_exporter's three names first, then
 * wghub's own; each with its metadata lines pre-rendered for both formats.
 */
enum PeerFamily {
    SENT_BYTES(Type.COUNTER, "wireguard_sent_bytes", "bytes", "Bytes sent to the peer"),
    RECEIVED_BYTES(Type.COUNTER, "wireguard_received_bytes", "bytes", "Bytes received from the peer"),
    LATEST_HANDSHAKE(Type.GAUGE, "wireguard_latest_handshake_seconds", "seconds",
            "UNIX time of the peer's latest handshake, 0 if never"),
    PACKETS_SENT(Type.COUNTER, "wghub_peer_packets_sent", null, "Transport packets sent to the peer"),
    PACKETS_RECEIVED(Type.COUNTER, "wghub_peer_packets_received", null, "Transport packets received from the peer"),
    HANDSHAKES(Type.COUNTER, "wghub_peer_handshakes", null, "Completed handshakes with the peer"),
    ENDPOINT_CHANGES(Type.COUNTER, "wghub_peer_endpoint_changes", null, "Times the peer's endpoint changed");

    static final PeerFamily[] ALL = values();

    private final Type type;
    private final byte[] textHeader;
    private final byte[] openMetricsHeader;
    private final byte[] sampleName;

    PeerFamily(Type type, String name, String unit, String help) {
        this.type = type;
        textHeader = ExpositionText.header(ScrapeFormat.PROMETHEUS_TEXT, type, name, unit, help);
        openMetricsHeader = ExpositionText.header(ScrapeFormat.OPENMETRICS, type, name, unit, help);
        sampleName = ExpositionText.sampleName(type, name);
    }

    /** The TYPE/HELP (and in OpenMetrics UNIT) lines. */
    byte[] header(ScrapeFormat format) {
        return format == ScrapeFormat.OPENMETRICS ? openMetricsHeader : textHeader;
    }

    /** The name every sample line of the family starts with. */
    byte[] sampleName() {
        return sampleName;
    }

    /** Counters are unsigned 64-bit (a wrapped one is read as unsigned); the handshake time is a signed gauge. */
    boolean counter() {
        return type == Type.COUNTER;
    }
}
