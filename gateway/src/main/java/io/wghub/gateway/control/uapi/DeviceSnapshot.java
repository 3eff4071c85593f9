package io.wghub.gateway.control.uapi;

import java.util.List;

/**
 * An interface as {@code get=1} reports it.
 *
 * @param privateKey 32 bytes, or null when none is set
 * @param listenPort the UDP port the sockets are bound to (0 while none is)
 * @param fwmark     the SO_MARK of the sockets, 0 for none
 * @param peers      in a stable order (the order they were added)
 */
public record DeviceSnapshot(byte[] privateKey, int listenPort, int fwmark, List<PeerSnapshot> peers) {
    public DeviceSnapshot {
        peers = List.copyOf(peers);
    }
}
