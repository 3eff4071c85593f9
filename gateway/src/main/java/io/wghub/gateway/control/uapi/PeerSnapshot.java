package io.wghub.gateway.control.uapi;

import io.wghub.gateway.route.Prefix;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * One peer as {@code get=1} reports it.
 *
 * @param publicKey               32 bytes
 * @param presharedKey            32 bytes, or null for none
 * @param endpoint                null while unknown
 * @param lastHandshakeEpochNanos wall-clock time of the last completed handshake in nanoseconds
 *                                since the epoch, 0 for never
 * @param rxBytes                 bytes received from the peer (whole WireGuard messages)
 * @param txBytes                 bytes sent to the peer
 * @param persistentKeepalive     seconds, 0 for off
 * @param allowedIps              in the order they were added
 */
public record PeerSnapshot(byte[] publicKey, byte[] presharedKey, InetSocketAddress endpoint,
                           long lastHandshakeEpochNanos, long rxBytes, long txBytes, int persistentKeepalive,
                           List<Prefix> allowedIps) {
    public PeerSnapshot {
        allowedIps = List.copyOf(allowedIps);
    }
}
