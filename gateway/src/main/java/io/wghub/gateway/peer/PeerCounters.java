package io.wghub.gateway.peer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A peer's traffic counters, as {@code wg show} and the metrics report them: plain fields,
 * never a meter per peer. Bytes count whole WireGuard messages on the wire (UDP payload),
 * handshakes included, which is how Linux and wireguard-go count "transfer".
 */
public final class PeerCounters {
    private static final VarHandle RX_BYTES;
    private static final VarHandle TX_BYTES;
    private static final VarHandle RX_PACKETS;
    private static final VarHandle TX_PACKETS;
    private static final VarHandle HANDSHAKES;
    private static final VarHandle ENDPOINT_CHANGES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RX_BYTES = lookup.findVarHandle(PeerCounters.class, "rxBytes", long.class);
            TX_BYTES = lookup.findVarHandle(PeerCounters.class, "txBytes", long.class);
            RX_PACKETS = lookup.findVarHandle(PeerCounters.class, "rxPackets", long.class);
            TX_PACKETS = lookup.findVarHandle(PeerCounters.class, "txPackets", long.class);
            HANDSHAKES = lookup.findVarHandle(PeerCounters.class, "handshakes", long.class);
            ENDPOINT_CHANGES = lookup.findVarHandle(PeerCounters.class, "endpointChanges", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long rxBytes;
    private volatile long txBytes;
    private volatile long rxPackets;
    private volatile long txPackets;
    private volatile long handshakes;
    private volatile long endpointChanges;

    /** A message of {@code bytes} authenticated from this peer (data, keepalive or handshake). */
    public void received(int bytes) {
        RX_BYTES.getAndAdd(this, (long) bytes);
        RX_PACKETS.getAndAdd(this, 1L);
    }

    /** A message of {@code bytes} went to this peer's endpoint. */
    public void sent(int bytes) {
        TX_BYTES.getAndAdd(this, (long) bytes);
        TX_PACKETS.getAndAdd(this, 1L);
    }

    public void handshakeCompleted() {
        HANDSHAKES.getAndAdd(this, 1L);
    }

    public void endpointChanged() {
        ENDPOINT_CHANGES.getAndAdd(this, 1L);
    }

    public long rxBytes() {
        return rxBytes;
    }

    public long txBytes() {
        return txBytes;
    }

    public long rxPackets() {
        return rxPackets;
    }

    public long txPackets() {
        return txPackets;
    }

    public long handshakes() {
        return handshakes;
    }

    public long endpointChanges() {
        return endpointChanges;
    }
}
