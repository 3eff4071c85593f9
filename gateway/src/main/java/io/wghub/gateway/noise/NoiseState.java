package io.wghub.gateway.noise;

import io.wghub.gateway.crypto.Blake2s;
import io.wghub.gateway.crypto.Kdf;
import io.wghub.gateway.crypto.X25519;

import java.util.Arrays;

/**
 * The running chaining key and hash of one Noise_IKpsk2 handshake, and the Noise operations
 * on them (MixKey, MixHash, MixDH, MixPSK), kept as scratch that is zeroed after use.
 */
final class NoiseState {
    static final byte[] INITIAL_CHAINING_KEY = new byte[32];
    static final byte[] INITIAL_HASH = new byte[32];

    static {
        Blake2s.hash(INITIAL_CHAINING_KEY, Protocol.CONSTRUCTION);
        Blake2s.hash(INITIAL_HASH, INITIAL_CHAINING_KEY, Protocol.IDENTIFIER);
    }

    final byte[] chainingKey = new byte[32];
    final byte[] hash = new byte[32];
    /** The symmetric key of the latest MixKey with a second output. */
    final byte[] key = new byte[32];
    private static final byte[] EMPTY = new byte[0];

    private final byte[] dh = new byte[32];
    private final byte[] tau = new byte[32];

    void start(byte[] initialHash) {
        System.arraycopy(INITIAL_CHAINING_KEY, 0, chainingKey, 0, 32);
        System.arraycopy(initialHash, 0, hash, 0, 32);
    }

    void load(byte[] savedChainingKey, byte[] savedHash) {
        System.arraycopy(savedChainingKey, 0, chainingKey, 0, 32);
        System.arraycopy(savedHash, 0, hash, 0, 32);
    }

    void save(byte[] savedChainingKey, byte[] savedHash) {
        System.arraycopy(chainingKey, 0, savedChainingKey, 0, 32);
        System.arraycopy(hash, 0, savedHash, 0, 32);
    }

    /** hash = HASH(hash || data[off, off+len)). */
    void mixHash(byte[] data, int off, int len) {
        byte[] input = new byte[32 + len];
        System.arraycopy(hash, 0, input, 0, 32);
        System.arraycopy(data, off, input, 32, len);
        Blake2s.hash(hash, input, 0, input.length);
    }

    void mixHash(byte[] data) {
        mixHash(data, 0, data.length);
    }

    /** chainingKey = KDF1(chainingKey, input). */
    void mixKey(byte[] input, int off, int len) {
        Kdf.kdf(chainingKey, input, off, len, chainingKey, null, null);
    }

    /** (chainingKey, key) = KDF2(chainingKey, DH(privateKey, publicKey)); false on a low-order point. */
    boolean mixDh(byte[] privateKey, byte[] publicKey, boolean withKey) {
        boolean ok = X25519.sharedSecret(privateKey, publicKey, dh);
        mixPrecomputed(dh, withKey);
        Arrays.fill(dh, (byte) 0);
        return ok;
    }

    /** As {@link #mixDh} with a shared secret computed earlier (static-static). */
    void mixPrecomputed(byte[] sharedSecret, boolean withKey) {
        Kdf.kdf(chainingKey, sharedSecret, 0, 32, chainingKey, withKey ? key : null, null);
    }

    /** (chainingKey, tau, key) = KDF3(chainingKey, psk); hash = HASH(hash || tau). */
    void mixPsk(byte[] presharedKey) {
        Kdf.kdf(chainingKey, presharedKey, 0, 32, chainingKey, tau, key);
        mixHash(tau);
        Arrays.fill(tau, (byte) 0);
    }

    /** (first, second) = KDF2(chainingKey, empty): the transport keys. */
    void split(byte[] first, byte[] second) {
        Kdf.kdf(chainingKey, EMPTY, 0, 0, first, second, null);
    }

    void zero() {
        Arrays.fill(chainingKey, (byte) 0);
        Arrays.fill(hash, (byte) 0);
        Arrays.fill(key, (byte) 0);
    }
}
