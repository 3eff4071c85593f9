package io.wghub.metrics;

/** Receives one peer's labels and counters during {@link HubSource#forEachPeer}; keep no references. */
@FunctionalInterface
public interface PeerVisitor {

    /**
     * One peer.
     *
     * @param publicKey base64 public key, as {@code wg show} prints it
     * @param allowedIps allowed IPs as CIDRs joined by "," without spaces ("" if none)
     * @param friendlyName the peer's {@code # Name =} comment, "" if none
     * @param rxBytes bytes received from the peer ({@code wg show ... dump} transfer-rx)
     * @param txBytes bytes sent to the peer ({@code wg show ... dump} transfer-tx)
     * @param latestHandshakeEpochSeconds Unix time of the latest completed handshake, 0 if never
     * @param rxPackets transport packets received from the peer
     * @param txPackets transport packets sent to the peer
     * @param handshakes completed handshakes with the peer
     * @param endpointChanges times the peer's endpoint changed (roaming)
     */
    void peer(String publicKey, String allowedIps, String friendlyName,
              long rxBytes, long txBytes, long latestHandshakeEpochSeconds,
              long rxPackets, long txPackets, long handshakes, long endpointChanges);
}
