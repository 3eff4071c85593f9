package io.wghub.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;

/** A HubSource over plain lists, for tests. */
final class FakeHub implements HubSource {

    /** One fake peer's labels and counters. */
    record Peer(String key, String allowedIps, String name, long rx, long tx, long handshakeAt,
                long rxPackets, long txPackets, long handshakes, long endpointChanges) {
    }

    volatile String iface = "wg0";
    volatile boolean ready = true;
    volatile long cookies;
    volatile long superPackets;
    volatile boolean underLoad;
    final List<Peer> peers = new ArrayList<>();
    final Map<String, Long> drops = new LinkedHashMap<>();

    FakeHub add(Peer p) {
        peers.add(p);
        return this;
    }

    @Override
    public String interfaceName() {
        return iface;
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public void forEachPeer(PeerVisitor v) {
        for (Peer p : peers) {
            v.peer(p.key(), p.allowedIps(), p.name(), p.rx(), p.tx(), p.handshakeAt(),
                    p.rxPackets(), p.txPackets(), p.handshakes(), p.endpointChanges());
        }
    }

    @Override
    public void forEachDrop(ObjLongConsumer<String> c) {
        drops.forEach(c::accept);
    }

    @Override
    public long cookieRepliesSent() {
        return cookies;
    }

    @Override
    public long tunSuperPackets() {
        return superPackets;
    }

    @Override
    public boolean underLoad() {
        return underLoad;
    }
}
