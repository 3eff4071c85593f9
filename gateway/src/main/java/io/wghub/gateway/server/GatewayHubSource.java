package io.wghub.gateway.server;

import io.wghub.gateway.DropReason;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.pipeline.DataPath;
import io.wghub.gateway.pipeline.DataPlane;
import io.wghub.gateway.route.Prefix;
import io.wghub.metrics.HubSource;
import io.wghub.metrics.PeerVisitor;

import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.ObjLongConsumer;

/** A running gateway as the metrics read it at scrape time: peers' counters, drops, load, readiness. */
final class GatewayHubSource implements HubSource {
    private static final DropReason[] REASONS = DropReason.values();

    private final DataPlane plane;
    private final DataPath path;
    private final BooleanSupplier ready;

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
    public void forEachPeer(PeerVisitor visitor) {
        for (Peer peer : plane.peers().peers()) {
            Instant handshake = peer.timers().lastHandshakeTime();
            String name = peer.name();
            visitor.peer(peer.publicKeyText(), allowedIps(plane.allowedIps().prefixesOf(peer)),
                    name == null ? "" : name, peer.counters().rxBytes(), peer.counters().txBytes(),
                    handshake == null ? 0 : handshake.getEpochSecond(), peer.counters().rxPackets(),
                    peer.counters().txPackets(), peer.counters().handshakes(), peer.counters().endpointChanges());
        }
    }

    private static String allowedIps(List<Prefix> prefixes) {
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
    public boolean underLoad() {
        return path.underLoad();
    }
}
