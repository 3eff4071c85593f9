package io.wghub.gateway.server;

import io.wghub.gateway.control.uapi.DeviceSnapshot;
import io.wghub.gateway.control.uapi.PeerChange;
import io.wghub.gateway.control.uapi.PeerSnapshot;
import io.wghub.gateway.control.uapi.SetRequest;
import io.wghub.gateway.control.uapi.UapiDevice;
import io.wghub.gateway.control.uapi.UapiException;
import io.wghub.gateway.noise.LocalIdentity;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.pipeline.DataPath;
import io.wghub.gateway.pipeline.DataPlane;
import io.wghub.gateway.route.Prefix;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A running gateway as the UAPI (and reload) sees it: reads a snapshot for {@code get=1} and
 * applies {@code set=1} requests to the live peers, keys and sockets, with wireguard-go's
 * semantics. Requests are applied one at a time.
 */
final class GatewayDevice implements UapiDevice {
    private final DataPlane plane;
    private final DataPath path;

    GatewayDevice(DataPlane plane, DataPath path) {
        this.plane = plane;
        this.path = path;
    }

    /** Set by {@link #close}: the interface is going away and takes no more changes. */
    private boolean closed;

    /** Refuses every later change; called first when the gateway shuts down. */
    synchronized void close() {
        closed = true;
    }

    @Override
    public synchronized DeviceSnapshot snapshot() {
        LocalIdentity identity = plane.protocolIdentity();
        byte[] privateKey = identity == null ? null : identity.copyPrivateKey();
        List<Peer> peers = new ArrayList<>(plane.peers().peers());
        peers.sort(Comparator.comparingLong(Peer::sequence));
        List<PeerSnapshot> out = new ArrayList<>(peers.size());
        for (Peer peer : peers) {
            byte[] psk = peer.handshake().copyPresharedKey();
            boolean none = isZero(psk);
            Instant handshake = peer.timers().lastHandshakeTime();
            long handshakeNanos = handshake == null ? 0 : handshake.getEpochSecond() * 1_000_000_000L + handshake.getNano();
            out.add(new PeerSnapshot(peer.publicKey().clone(), none ? null : psk, peer.endpoint(), handshakeNanos,
                    peer.counters().rxBytes(), peer.counters().txBytes(), peer.timers().persistentKeepalive(),
                    plane.allowedIps().prefixesOf(peer)));
            if (none) {
                Arrays.fill(psk, (byte) 0);
            }
        }
        return new DeviceSnapshot(privateKey, path.port(), path.fwmark(), out);
    }

    @Override
    public synchronized void apply(SetRequest request) throws UapiException {
        if (closed) {
            throw new UapiException(UapiException.EIO, "the interface is shutting down");
        }
        // Binding a new port is what fails in practice (in use), so it goes first: then nothing else changed.
        if (request.listenPort() != null) {
            try {
                path.rebind(request.listenPort());
            } catch (IOException e) {
                throw new UapiException(UapiException.EADDRINUSE, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UapiException(UapiException.EIO, "interrupted while rebinding");
            }
        }
        if (request.fwmark() != null) {
            path.fwmark(request.fwmark());
        }
        if (request.privateKey() != null) {
            setPrivateKey(request.privateKey());
        }
        if (request.replacePeers()) {
            plane.removeAllPeers();
        }
        long now = System.nanoTime();
        for (PeerChange change : request.peers()) {
            apply(change, now);
        }
    }

    private void setPrivateKey(byte[] key) {
        if (isZero(key)) {
            plane.setIdentity(null);
            return;
        }
        LocalIdentity current = plane.protocolIdentity();
        LocalIdentity fresh = new LocalIdentity(key);
        if (current != null && Arrays.equals(current.publicKey(), fresh.publicKey())) {
            fresh.destroy(); // the same key: nothing to redo, sessions stay
            return;
        }
        plane.setIdentity(fresh);
    }

    private void apply(PeerChange change, long now) {
        Peer peer = plane.peers().byPublicKey(change.publicKey());
        if (change.remove()) {
            if (peer != null) {
                plane.removePeer(peer);
            }
            return;
        }
        LocalIdentity identity = plane.protocolIdentity();
        if (identity != null && Arrays.equals(identity.publicKey(), change.publicKey())) {
            return; // a peer with our own key is ignored, as wireguard-go and Linux do
        }
        if (peer == null) {
            if (change.updateOnly()) {
                return;
            }
            peer = plane.peers().add(change.publicKey(), null);
        }
        if (change.presharedKey() != null) {
            peer.handshake().setPresharedKey(isZero(change.presharedKey()) ? null : change.presharedKey());
        }
        if (change.endpoint() != null) {
            peer.endpoint(change.endpoint());
        }
        if (change.persistentKeepalive() != null) {
            peer.timers().setPersistentKeepalive(change.persistentKeepalive(), now);
        }
        if (change.replaceAllowedIps()) {
            plane.allowedIps().removePeer(peer);
        }
        for (Prefix prefix : change.allowedIps()) {
            plane.allowedIps().insert(prefix, peer);
        }
    }

    private static boolean isZero(byte[] key) {
        int acc = 0;
        for (byte b : key) {
            acc |= b;
        }
        return acc == 0;
    }
}
