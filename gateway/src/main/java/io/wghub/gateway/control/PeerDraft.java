package io.wghub.gateway.control;

import io.wghub.gateway.crypto.KeyEncoding;

import io.wghub.gateway.route.Prefix;
import java.util.ArrayList;
import java.util.List;

/** Collects one [Peer] section's values as they are read, then checks it is complete. */
final class PeerDraft {
    private final int line;
    private final PeerChecks checks;
    private final Warnings warnings;
    private byte[] publicKey;
    private byte[] presharedKey;
    private final List<Prefix> allowedIps = new ArrayList<>();
    private Endpoint endpoint;
    private Integer persistentKeepalive;
    private String name;
    private int nameLine;

    PeerDraft(int line, PeerChecks checks, Warnings warnings) {
        this.line = line;
        this.checks = checks;
        this.warnings = warnings;
    }

    /**
     * Takes one key's non-empty value from line {@code at}.
     *
     * @throws IllegalArgumentException what is wrong with the value, for that line
     */
    void apply(ConfigKey key, String value, int at) {
        switch (key) {
            case PUBLIC_KEY -> {
                publicKey = KeyEncoding.fromBase64(value, key.spelling());
                checks.peerKey(publicKey, at);
            }
            case PRESHARED_KEY -> presharedKey = KeyEncoding.fromBase64(value, key.spelling());
            case ALLOWED_IPS -> {
                for (String entry : AddressText.entries(value, key.spelling())) {
                    allowedIp(entry, at);
                }
            }
            case ENDPOINT -> endpoint = EndpointText.parse(value);
            case PERSISTENT_KEEPALIVE -> persistentKeepalive = Values.persistentKeepalive(value);
            default -> throw new IllegalStateException(key + " is not a [Peer] key");
        }
    }

    private void allowedIp(String entry, int at) {
        Prefix network = AddressText.allowedIp(entry);
        checks.route(network, line, at);
        if (AddressText.hasHostBits(entry, network)) {
            // wg masks the host bits without a word; say so, since the author may have meant a /32.
            warnings.add(at, "AllowedIPs " + Quote.value(entry) + " has host bits set and means "
                    + network + "; write " + network + ", or a /" + network.address().length * 8
                    + " if you meant the one address");
        }
        allowedIps.add(network);
    }

    /** Takes the name from a "# Name = X" comment line. */
    void name(String value, int at) {
        if (name != null) {
            throw new IllegalArgumentException("this [Peer] already has a name (on line " + nameLine
                    + "); keep one '# Name =' line per peer");
        }
        String problem = PeerConfig.nameProblem(value);
        if (problem != null) {
            throw new IllegalArgumentException("peer name " + problem + "; write a name after"
                    + " '# Name =', or delete the line");
        }
        name = value;
        nameLine = at;
    }

    PeerConfig build(String source) throws ConfigException {
        if (publicKey == null) {
            throw new ConfigException(source, line, "[Peer] has no PublicKey; add a line PublicKey ="
                    + " followed by the peer's public key (what 'wg pubkey' prints on the peer)");
        }
        return new PeerConfig(publicKey, presharedKey, allowedIps, endpoint, persistentKeepalive, name, line);
    }
}
