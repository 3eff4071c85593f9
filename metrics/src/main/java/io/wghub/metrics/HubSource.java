package io.wghub.metrics;

import java.util.function.ObjLongConsumer;

/**
 * What the gateway exposes to the metrics module; every method is called at scrape time from the
 * metrics event-loop thread, concurrently with the data path, and must not block or allocate much.
 */
public interface HubSource {

    /** The WireGuard interface name, the {@code interface} label of the per-peer series (e.g. "wg0"). */
    String interfaceName();

    /** True when the TUN device and the UDP sockets are up; drives {@code /readyz}. */
    boolean ready();

    /** Calls the visitor once per configured peer, with that peer's current counters. */
    void forEachPeer(PeerVisitor visitor);

    /** Calls the consumer once per drop reason of the data path (label, count), zeros included. */
    void forEachDrop(ObjLongConsumer<String> reasonAndCount);

    /** Cookie replies sent since start (under-load answers to initiations without a valid mac2). */
    long cookieRepliesSent();

    /** TCP super-packets the TUN handed over and the hub cut into segments (its TSO offload at work); 0 without it. */
    default long tunSuperPackets() {
        return 0;
    }

    /** True while the hub considers itself under load (requires mac2 cookies on initiations). */
    boolean underLoad();
}
