package io.wghub.gateway.control.uapi;

import io.wghub.gateway.route.Prefix;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The changes a {@code set=1} request makes to one peer (a {@code public_key=} line and the
 * lines after it).
 *
 * @param publicKey           32 bytes
 * @param remove              remove the peer (the other fields are then ignored)
 * @param updateOnly          change the peer only if it exists; never create it
 * @param presharedKey        null: unchanged; 32 zero bytes: none; else the new key
 * @param endpoint            null: unchanged
 * @param persistentKeepalive null: unchanged; 0: off
 * @param replaceAllowedIps   drop the peer's allowed IPs before adding {@code allowedIps}
 * @param allowedIps          prefixes to add, in order
 */
public record PeerChange(byte[] publicKey, boolean remove, boolean updateOnly, byte[] presharedKey,
                         InetSocketAddress endpoint, Integer persistentKeepalive, boolean replaceAllowedIps,
                         List<Prefix> allowedIps) {
    public PeerChange {
        allowedIps = List.copyOf(allowedIps);
    }
}
