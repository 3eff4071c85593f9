package io.wghub.gateway.control.uapi;

import io.wghub.gateway.route.Prefix;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** The lines after one public_key= line, gathered with wireguard-go's sequential meaning. */
final class PeerChangeDraft {
    private final byte[] publicKey;
    private boolean remove;
    private boolean updateOnly;
    private byte[] presharedKey;
    private InetSocketAddress endpoint;
    private Integer persistentKeepalive;
    private boolean replaceAllowedIps;
    private final List<Prefix> allowedIps = new ArrayList<>();

    PeerChangeDraft(byte[] publicKey) {
        this.publicKey = publicKey;
    }

    void remove() {
        remove = true;
    }

    void updateOnly() {
        updateOnly = true;
    }

    void presharedKey(byte[] key) {
        presharedKey = key;
    }

    void endpoint(InetSocketAddress address) {
        endpoint = address;
    }

    void persistentKeepalive(int seconds) {
        persistentKeepalive = seconds;
    }

    /** wireguard-go drops the peer's allowed IPs when it reads this line, including any added above it. */
    void replaceAllowedIps() {
        replaceAllowedIps = true;
        allowedIps.clear();
    }

    void allowedIp(Prefix prefix) {
        allowedIps.add(prefix);
    }

    PeerChange build() {
        return new PeerChange(publicKey, remove, updateOnly, presharedKey, endpoint, persistentKeepalive,
                replaceAllowedIps, allowedIps);
    }
}
