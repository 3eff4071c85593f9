package io.wghub.gateway.server;

import io.wghub.gateway.control.PeerConfig;
import io.wghub.gateway.control.WgConfig;
import io.wghub.gateway.control.uapi.PeerChange;
import io.wghub.gateway.control.uapi.SetRequest;
import io.wghub.gateway.control.uapi.UapiException;
import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.noise.LocalIdentity;
import io.wghub.gateway.peer.Peer;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Applies a re-read configuration file to a running gateway as `wg syncconf` would, changing only
 * what differs: peers missing from the file are removed, new ones added, changed fields set;
 * a peer whose settings did not change is not touched, so its session and endpoint stay.
 */
final class Reload {
    private Reload() {
    }

    /** The request that makes {@code gateway} match {@code file}; {@code endpoints} are file order, resolved. */
    static SetRequest diff(Gateway gateway, WgConfig file, List<InetSocketAddress> endpoints) {
        byte[] privateKey = null;
        LocalIdentity identity = gateway.plane().protocolIdentity();
        byte[] fileKey = file.iface().privateKey();
        LocalIdentity fromFile = new LocalIdentity(fileKey);
        if (identity == null || !Arrays.equals(fromFile.publicKey(), identity.publicKey())) {
            privateKey = fileKey;
        }
        fromFile.destroy();
        Integer port = file.iface().listenPort() != null && file.iface().listenPort() != gateway.port()
                ? file.iface().listenPort() : null;
        int fileMark = file.iface().fwMark() == null ? 0 : file.iface().fwMark();
        Integer fwmark = fileMark != gateway.fwmark() ? fileMark : null;

        List<PeerChange> changes = new ArrayList<>();
        Set<String> inFile = new HashSet<>();
        for (PeerConfig pc : file.peers()) {
            inFile.add(KeyEncoding.toBase64(pc.publicKey()));
        }
        // Straight from the peer table, not a UAPI snapshot: no key copies are made for this.
        for (Peer running : gateway.plane().peers().peers()) {
            if (!inFile.contains(running.publicKeyText())) {
                changes.add(new PeerChange(running.publicKey().clone(), true, false, null, null, null, false, List.of()));
            }
        }
        for (int i = 0; i < file.peers().size(); i++) {
            PeerConfig pc = file.peers().get(i);
            PeerChange change = change(gateway, pc, endpoints.get(i));
            if (change != null) {
                changes.add(change);
            }
        }
        return new SetRequest(privateKey, port, fwmark, false, changes);
    }

    /** What to set on one peer of the file, or null when the running peer already matches it. */
    private static PeerChange change(Gateway gateway, PeerConfig pc, InetSocketAddress endpoint) {
        Peer peer = gateway.plane().peers().byPublicKey(pc.publicKey());
        byte[] psk = pc.presharedKey() != null ? pc.presharedKey() : new byte[32];
        int keepalive = pc.persistentKeepalive() == null ? 0 : pc.persistentKeepalive();
        if (peer == null) {
            return new PeerChange(pc.publicKey(), false, false, psk, endpoint, keepalive, true, pc.allowedIps());
        }
        byte[] runningPsk = peer.handshake().copyPresharedKey();
        boolean pskChanged = !java.security.MessageDigest.isEqual(runningPsk, psk);
        Arrays.fill(runningPsk, (byte) 0);
        boolean endpointChanged = endpoint != null && !endpoint.equals(peer.configuredEndpoint());
        boolean keepaliveChanged = keepalive != peer.timers().persistentKeepalive();
        boolean allowedChanged = !gateway.plane().allowedIps().prefixesOf(peer).equals(pc.allowedIps());
        if (!pskChanged && !endpointChanged && !keepaliveChanged && !allowedChanged) {
            return null;
        }
        return new PeerChange(pc.publicKey(), false, true, pskChanged ? psk : null, endpointChanged ? endpoint : null,
                keepaliveChanged ? keepalive : null, allowedChanged, allowedChanged ? pc.allowedIps() : List.of());
    }

    /**
     * Applies {@code file} to {@code gateway}; on failure nothing changed. The diff and its
     * application hold the device's lock, so no UAPI request lands between them.
     */
    static int apply(Gateway gateway, WgConfig file, List<InetSocketAddress> endpoints) throws UapiException {
        SetRequest request;
        synchronized (gateway.device()) {
            request = diff(gateway, file, endpoints);
            gateway.device().apply(request);
        }
        // Names live only in the file (the UAPI has no field for them).
        for (PeerConfig pc : file.peers()) {
            Peer peer = gateway.plane().peers().byPublicKey(pc.publicKey());
            if (peer != null) {
                peer.name(pc.name());
            }
        }
        return request.peers().size() + (request.privateKey() != null ? 1 : 0)
                + (request.listenPort() != null ? 1 : 0) + (Objects.nonNull(request.fwmark()) ? 1 : 0);
    }
}
