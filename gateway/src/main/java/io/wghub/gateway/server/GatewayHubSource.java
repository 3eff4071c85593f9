package io.wghub.gateway.server;

import io.wghub.gateway.DropReason;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.pipeline.DataPath;
import io.wghub.gateway.pipeline.DataPlane;
import io.wghub.gateway.route.Prefix;
import io.wghub.metrics.HubSource;
import io.wghub.metrics.PeerVisitor;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.ObjLongConsumer;

/** A running gateway as the metrics read it at scrape time: peers' counters, drops, load, readiness. */
final class GatewayHubSource implements HubSource {
    private static final DropReason[] REASONS = DropReason.values();

    private final DataPlane plane;
    private final DataPath path;
    private final BooleanSupplier ready;
    /**
     * Each peer's allowed IPs as text, valid while the table's version is {@link #allowedVersion}: a scrape of an
     * unchanged hub formats no prefix and copies no list (10,000 peers would otherwise cost megabytes of garbage).
     */
    private final Map<Peer, String> allowedText = new IdentityHashMap<>();
    private long allowedVersion = -1;

    GatewayHubSource(DataPlane plane, DataPath path, BooleanSupplier ready) {
        this.plane = plane;
        this.path = path;
        this.ready = ready;
    }

    @Override
    public String interfaceName() {
        return plane.interfaceName();
    }

    @Override
    public boolean ready() {
        return ready.getAsBoolean();
    }

    @Override
    public synchronized void forEachPeer(PeerVisitor visitor) {
        long version = plane.allowedIps().version();
        // Read before the walk: a change during it bumps the version again, so the next scrape re-derives.
        if (version != allowedVersion) {
            allowedText.clear();
            allowedVersion = version;
        }
        for (Peer peer : plane.peers().peers()) {
            String name = peer.name();
            visitor.peer(peer.publicKeyText(), allowedIps(peer), name == null ? "" : name,
                    peer.counters().rxBytes(), peer.counters().txBytes(), peer.timers().lastHandshakeEpochSeconds(),
                    peer.counters().rxPackets(), peer.counters().txPackets(), peer.counters().handshakes(),
                    peer.counters().endpointChanges());
        }
    }

    private String allowedIps(Peer peer) {
        String text = allowedText.get(peer);
        if (text == null) {
            text = format(plane.allowedIps().prefixesOf(peer));
            allowedText.put(peer, text);
        }
        return text;
    }

    private static String format(List<Prefix> prefixes) {
        StringBuilder out = new StringBuilder();
        for (Prefix prefix : prefixes) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(prefix);
        }
        return out.toString();
    }

    @Override
    public void forEachDrop(ObjLongConsumer<String> reasonAndCount) {
        for (DropReason reason : REASONS) {
            reasonAndCount.accept(reason.label(), plane.drops().get(reason));
        }
    }

    @Override
    public long cookieRepliesSent() {
        return plane.cookieRepliesSent();
    }

    @Override
    public long tunSuperPackets() {
        return plane.tunSuperPackets();
    }

    @Override
    public boolean underLoad() {
        return path.underLoad();
    }
}
