package io.wghub.gateway.control;

import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.route.Prefix;
import io.wghub.gateway.timer.PeerTimers;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One [Peer] section.
 *
 * <p>Equality ignores {@code line}: it records where the section was read, not what it means.
 *
 * @param publicKey           32 bytes; copied in and out
 * @param presharedKey        null for none, else 32 bytes; copied, never shown by {@link #toString()}
 * @param allowedIps          the networks routed to this peer, in file order
 * @param endpoint            null when the peer's address is learnt from its packets
 * @param persistentKeepalive null for off, else 1 to {@value #MAX_KEEPALIVE} seconds
 * @param name                from a "# Name = X" comment in the section, or null
 * @param line                line of the [Peer] header, or 0 when not read from a file
 */
public record PeerConfig(byte[] publicKey, byte[] presharedKey, List<Prefix> allowedIps, Endpoint endpoint,
                         Integer persistentKeepalive, String name, int line) {
    public static final int MAX_KEEPALIVE = PeerTimers.MAX_PERSISTENT_KEEPALIVE_SECONDS;

    public PeerConfig {
        publicKey = checkKey(publicKey, "publicKey");
        presharedKey = presharedKey == null ? null : checkKey(presharedKey, "presharedKey");
        allowedIps = List.copyOf(allowedIps);
        if (persistentKeepalive != null && (persistentKeepalive < 1 || persistentKeepalive > MAX_KEEPALIVE)) {
            throw new IllegalArgumentException("persistentKeepalive must be 1 to " + MAX_KEEPALIVE
                    + " (null for off), got " + persistentKeepalive);
        }
        String problem = name == null ? null : nameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException("name " + problem);
        }
        if (line < 0) {
            throw new IllegalArgumentException("line must be 0 or more, got " + line);
        }
    }

    /**
     * Null if {@code name} can be written as a "# Name = X" line and read back unchanged; else
     * what is wrong with it, as a phrase following "name".
     */
    static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (!ConfigText.trim(name).equals(name)) {
            return "starts or ends with white space";
        }
        for (int i = 0; i < name.length(); i++) {
            int type = Character.getType(name.charAt(i));
            if (type == Character.CONTROL || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                return "contains a control character or line break";
            }
        }
        return null;
    }

    private static byte[] checkKey(byte[] key, String what) {
        Objects.requireNonNull(key, what);
        if (key.length != KeyEncoding.KEY_LENGTH) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got " + key.length);
        }
        return key.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] presharedKey() {
        return presharedKey == null ? null : presharedKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerConfig p
                && Arrays.equals(p.publicKey, publicKey)
                && (p.presharedKey == null ? presharedKey == null
                        : presharedKey != null && MessageDigest.isEqual(p.presharedKey, presharedKey))
                && p.allowedIps.equals(allowedIps)
                && Objects.equals(p.endpoint, endpoint)
                && Objects.equals(p.persistentKeepalive, persistentKeepalive)
                && Objects.equals(p.name, name);
    }

    /** Leaves out the pre-shared key: equal objects still hash alike, and no secret feeds a hash. */
    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(publicKey), allowedIps, endpoint, persistentKeepalive, name);
    }

    @Override
    public String toString() {
        return "PeerConfig[publicKey=" + KeyEncoding.toBase64(publicKey)
                + ", presharedKey=" + (presharedKey == null ? "none" : "(hidden)")
                + ", allowedIps=" + allowedIps + ", endpoint=" + endpoint
                + ", persistentKeepalive=" + persistentKeepalive + ", name=" + name + ", line=" + line + "]";
    }
}
