package io.wghub.gateway.noise;

import io.wghub.gateway.crypto.Blake2s;
import io.wghub.gateway.crypto.X25519;

/**
 * This interface's static key pair and what is derived from it once: the keys for checking
 * mac1 and sealing cookie replies, and the responder's initial handshake hash.
 */
public final class LocalIdentity {
    private final byte[] privateKey;
    private final byte[] publicKey = new byte[32];
    final byte[] mac1Key = new byte[32];
    final byte[] cookieKey = new byte[32];
    /** HASH(HASH(HASH(CONSTRUCTION) || IDENTIFIER) || our public key): start of every initiation we answer. */
    final byte[] responderHash = new byte[32];

    /** @param privateKey 32 bytes (copied and clamped) */
    public LocalIdentity(byte[] privateKey) {
        this.privateKey = privateKey.clone();
        X25519.clamp(this.privateKey);
        X25519.publicKey(this.privateKey, publicKey);
        Blake2s.hash(mac1Key, Protocol.LABEL_MAC1, publicKey);
        Blake2s.hash(cookieKey, Protocol.LABEL_COOKIE, publicKey);
        Blake2s.hash(responderHash, NoiseState.INITIAL_HASH, publicKey);
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    byte[] privateKey() {
        return privateKey;
    }

    /** A copy of the private key, for the UAPI's get (a root-only socket); the caller wipes it. */
    public byte[] copyPrivateKey() {
        return privateKey.clone();
    }

    /** Zeroes the private key when the interface goes away; nothing can handshake with it afterwards. */
    public void destroy() {
        java.util.Arrays.fill(privateKey, (byte) 0);
    }
}
