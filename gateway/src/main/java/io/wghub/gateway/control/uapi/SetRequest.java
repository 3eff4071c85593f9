package io.wghub.gateway.control.uapi;

import java.util.List;

/**
 * One {@code set=1} request, parsed and checked, in the order its lines came.
 *
 * @param privateKey   null: unchanged; 32 zero bytes: remove the key; else the new key
 * @param listenPort   null: unchanged; 0: any free port
 * @param fwmark       null: unchanged; 0: none
 * @param replacePeers remove every peer not named below before applying the peer changes
 * @param peers        changes to peers, in request order
 */
public record SetRequest(byte[] privateKey, Integer listenPort, Integer fwmark, boolean replacePeers,
                         List<PeerChange> peers) {
    public SetRequest {
        peers = List.copyOf(peers);
    }
}
