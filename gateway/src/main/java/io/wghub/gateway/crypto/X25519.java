package io.wghub.gateway.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

/** RFC 7748 X25519 key generation and Diffie-Hellman for WireGuard static and ephemeral keys. */
public final class X25519 {

    public static final int KEY_LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private X25519() {
    }

    /** Clamps a private key in place as RFC 7748 §5 decodeScalar25519 does. */
    public static void clamp(byte[] privateKey) {
        checkLength(privateKey, "private key");
        privateKey[0] &= (byte) 248;
        privateKey[31] &= 127;
        privateKey[31] |= 64;
    }

    /** Fills out[0..32) with a fresh clamped private key. */
    public static void generatePrivateKey(byte[] out) {
        checkLength(out, "output");
        RANDOM.nextBytes(out);
        clamp(out);
    }

    /** out = X25519(clamp(privateKey), 9); privateKey is left untouched, so unclamped keys work too. */
    public static void publicKey(byte[] privateKey, byte[] out) {
        checkLength(privateKey, "private key");
        checkLength(out, "output");
        // Clamp a copy explicitly rather than relying on the library clamping internally, so that
        // the result matches `wg pubkey` for any 32 input bytes whatever the library does.
        byte[] k = privateKey.clone();
        try {
            clamp(k);
            org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(k, 0, out, 0);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /**
     * out = X25519(privateKey, publicKey). Returns false when the result is all zeros, which happens
     * exactly for low-order public keys; WireGuard must then abort the handshake.
     */
    public static boolean sharedSecret(byte[] privateKey, byte[] publicKey, byte[] out) {
        checkLength(privateKey, "private key");
        checkLength(publicKey, "public key");
        checkLength(out, "output");
        byte[] k = privateKey.clone();
        try {
            clamp(k);
            // The library's own all-zero check is written to run in constant time.
            return org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(k, 0, publicKey, 0, out, 0);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    private static void checkLength(byte[] key, String what) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got " + key.length);
        }
    }
}
