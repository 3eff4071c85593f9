package io.wghub.gateway.control.uapi;

import io.wghub.gateway.crypto.X25519;

import java.util.Base64;
import java.util.HexFormat;

/** Deterministic test keys and their hex and base64 forms. */
final class Keys {
    private Keys() {
    }

    /** 32 bytes derived from {@code seed}; distinct seeds give distinct keys, none all-zero. */
    static byte[] key(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i * 7 + 1);
        }
        return key;
    }

    /** A clamped private key, so that wg prints it back unchanged. */
    static byte[] privateKey(int seed) {
        byte[] key = key(seed);
        X25519.clamp(key);
        return key;
    }

    static byte[] publicOf(byte[] privateKey) {
        byte[] out = new byte[32];
        X25519.publicKey(privateKey, out);
        return out;
    }

    static String hex(byte[] key) {
        return HexFormat.of().formatHex(key);
    }

    static String b64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }
}
