package io.wghub.gateway.control;

import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.crypto.X25519;
import io.wghub.gateway.route.Prefix;
import java.util.HashMap;
import java.util.Map;

/**
 * Enforces the rules that span sections: peers unique, none the interface, networks unique.
 *
 * <p>Each check runs on the line that breaks the rule, so the parser still stops at the first
 * bad line.
 */
final class PeerChecks {
    /** Base64 public key of each peer seen so far, to the line of its PublicKey. */
    private final Map<String, Integer> peerKeys = new HashMap<>();
    /** Each AllowedIPs network so far, to {header line of its [Peer], line of the entry}. */
    private final Map<Prefix, int[]> routes = new HashMap<>();
    private String ownPublicKey;
    private int ownKeyLine;

    /** Records the interface's key; wg refuses a peer whose public key is the interface's own. */
    void interfaceKey(byte[] privateKey, int line) {
        byte[] pub = new byte[X25519.KEY_LENGTH];
        X25519.publicKey(privateKey, pub);
        ownPublicKey = KeyEncoding.toBase64(pub);
        ownKeyLine = line;
        Integer peerLine = peerKeys.get(ownPublicKey);
        if (peerLine != null) {
            throw new IllegalArgumentException("this PrivateKey belongs to the peer whose PublicKey is on"
                    + " line " + peerLine + ", so that peer would be this interface itself; remove that [Peer]"
                    + " or use this machine's own private key");
        }
    }

    void peerKey(byte[] publicKey, int line) {
        String key = KeyEncoding.toBase64(publicKey);
        if (key.equals(ownPublicKey)) {
            throw new IllegalArgumentException("PublicKey is this interface's own public key (from the"
                    + " PrivateKey on line " + ownKeyLine + "); a [Peer] is another machine: use the key"
                    + " 'wg pubkey' prints there");
        }
        Integer first = peerKeys.putIfAbsent(key, line);
        if (first != null) {
            throw new IllegalArgumentException("the same PublicKey is already given on line " + first
                    + "; each peer may appear once: merge the two [Peer] sections");
        }
    }

    /**
     * Refuses a network listed twice. wg would quietly move it to the last peer listing it,
     * which is almost never what the author of the file meant.
     */
    void route(Prefix network, int peerLine, int line) {
        int[] first = routes.putIfAbsent(network, new int[] {peerLine, line});
        if (first == null) {
            return;
        }
        if (first[0] == peerLine) {
            throw new IllegalArgumentException("AllowedIPs lists " + network + " twice in this [Peer]"
                    + " (first on line " + first[1] + "); remove one");
        }
        throw new IllegalArgumentException("AllowedIPs " + network + " is already routed to the [Peer] on"
                + " line " + first[0] + " (see line " + first[1] + "); give each network to one peer");
    }
}
