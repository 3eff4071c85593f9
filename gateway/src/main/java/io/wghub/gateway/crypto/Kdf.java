package io.wghub.gateway.crypto;

import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.digests.Blake2sDigest;

/** HMAC-BLAKE2s and the HKDF-style KDF1/KDF2/KDF3 of the WireGuard whitepaper, §5.4. */
public final class Kdf {

    /** BLAKE2s compresses 64-byte blocks, which is the HMAC block size (RFC 2104's B). */
    private static final int BLOCK_LENGTH = 64;
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    private Kdf() {
    }

    /** out32[0..32) = HMAC-BLAKE2s-256(key, in[off..off+len)); out32 may alias key or in. */
    public static void hmac(byte[] key, byte[] in, int off, int len, byte[] out32) {
        Objects.checkFromIndexSize(off, len, in.length);
        Objects.checkFromIndexSize(0, Blake2s.HASH_LENGTH, out32.length);
        byte[] pad = new byte[BLOCK_LENGTH];
        byte[] inner = new byte[Blake2s.HASH_LENGTH];
        try {
            if (key.length > BLOCK_LENGTH) {
                Blake2s.hash(pad, key, 0, key.length);
            } else {
                System.arraycopy(key, 0, pad, 0, key.length);
            }
            xor(pad, IPAD);
            Blake2sDigest d = Blake2s.digest();
            d.update(pad, 0, BLOCK_LENGTH);
            d.update(in, off, len);
            d.doFinal(inner, 0);

            // Flip ipad into opad in place so the key never needs a second copy.
            xor(pad, (byte) (IPAD ^ OPAD));
            d.update(pad, 0, BLOCK_LENGTH);
            d.update(inner, 0, inner.length);
            d.doFinal(out32, 0);
        } finally {
            Arrays.fill(pad, (byte) 0);
            Arrays.fill(inner, (byte) 0);
        }
    }

    /**
     * WireGuard KDF_n: t0 = HMAC(ck, input), t1 = HMAC(t0, 0x1), t2 = HMAC(t0, t1 || 0x2),
     * t3 = HMAC(t0, t2 || 0x3). t2 and t3 may be null; t1 may alias chainingKey.
     */
    public static void kdf(byte[] chainingKey, byte[] input, int inOff, int inLen,
                           byte[] t1, byte[] t2, byte[] t3) {
        Objects.requireNonNull(t1, "t1");
        if (t2 == null && t3 != null) {
            throw new IllegalArgumentException("t3 requires t2");
        }
        byte[] t0 = new byte[Blake2s.HASH_LENGTH];
        byte[] block = new byte[Blake2s.HASH_LENGTH + 1];
        try {
            // t0 must be complete before any output is written because t1 may be the chaining key.
            hmac(chainingKey, input, inOff, inLen, t0);

            block[0] = 1;
            hmac(t0, block, 0, 1, block);
            System.arraycopy(block, 0, t1, 0, Blake2s.HASH_LENGTH);
            if (t2 == null) {
                return;
            }
            block[Blake2s.HASH_LENGTH] = 2;
            hmac(t0, block, 0, block.length, block);
            System.arraycopy(block, 0, t2, 0, Blake2s.HASH_LENGTH);
            if (t3 == null) {
                return;
            }
            block[Blake2s.HASH_LENGTH] = 3;
            hmac(t0, block, 0, block.length, block);
            System.arraycopy(block, 0, t3, 0, Blake2s.HASH_LENGTH);
        } finally {
            Arrays.fill(t0, (byte) 0);
            Arrays.fill(block, (byte) 0);
        }
    }

    private static void xor(byte[] block, byte mask) {
        for (int i = 0; i < block.length; i++) {
            block[i] ^= mask;
        }
    }
}
