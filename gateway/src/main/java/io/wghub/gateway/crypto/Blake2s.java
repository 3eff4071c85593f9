package io.wghub.gateway.crypto;

import java.util.Objects;
import org.bouncycastle.crypto.digests.Blake2sDigest;

/** BLAKE2s-256 HASH and keyed BLAKE2s-128 MAC exactly as the WireGuard protocol uses them. */
public final class Blake2s {

    public static final int HASH_LENGTH = 32;
    public static final int MAC_LENGTH = 16;

    /** Longest key BLAKE2s accepts (RFC 7693 §2.1: kk ≤ 32). */
    private static final int MAX_KEY_LENGTH = 32;

    // Unkeyed digests carry no secret state between calls, so one per thread can be reused freely;
    // keyed ones are built per call because BouncyCastle fixes the key at construction time.
    private static final ThreadLocal<Blake2sDigest> DIGEST =
            ThreadLocal.withInitial(() -> new Blake2sDigest(HASH_LENGTH * 8));

    private Blake2s() {
    }

    /**
     * Returns this thread's unkeyed BLAKE2s-256 digest, reset to its initial state.
     * The reset guards against a previous call that was aborted by an exception mid-update.
     */
    static Blake2sDigest digest() {
        Blake2sDigest d = DIGEST.get();
        d.reset();
        return d;
    }

    /** out[0..32) = BLAKE2s-256(parts[0] || parts[1] || ...); out may be one of the parts. */
    public static void hash(byte[] out, byte[]... parts) {
        Objects.checkFromIndexSize(0, HASH_LENGTH, out.length);
        Blake2sDigest d = digest();
        for (byte[] part : parts) {
            d.update(part, 0, part.length);
        }
        // Every part has been absorbed before the first output byte is written, so aliasing is safe.
        d.doFinal(out, 0);
    }

    /** out[0..32) = BLAKE2s-256(in[off..off+len)); out may alias in. */
    public static void hash(byte[] out, byte[] in, int off, int len) {
        Objects.checkFromIndexSize(0, HASH_LENGTH, out.length);
        Objects.checkFromIndexSize(off, len, in.length);
        Blake2sDigest d = digest();
        d.update(in, off, len);
        d.doFinal(out, 0);
    }

    /** out[outOff..outOff+16) = keyed BLAKE2s with a 16-byte digest length over in[off..off+len). */
    public static void mac(byte[] key, byte[] in, int off, int len, byte[] out, int outOff) {
        mac(key, in, off, len, null, 0, 0, out, outOff);
    }

    /** Same as {@link #mac(byte[], byte[], int, int, byte[], int)} over in1-range || in2-range. */
    public static void mac(byte[] key, byte[] in1, int off1, int len1, byte[] in2, int off2, int len2,
                           byte[] out, int outOff) {
        if (key.length == 0 || key.length > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("BLAKE2s key must be 1 to 32 bytes, got " + key.length);
        }
        Objects.checkFromIndexSize(off1, len1, in1.length);
        if (in2 != null) {
            Objects.checkFromIndexSize(off2, len2, in2.length);
        }
        Objects.checkFromIndexSize(outOff, MAC_LENGTH, out.length);
        // The digest length is part of BLAKE2s's parameter block, so BLAKE2s-128 differs from a
        // truncated BLAKE2s-256; WireGuard specifies the former.
        Blake2sDigest d = new Blake2sDigest(key, MAC_LENGTH, null, null);
        try {
            d.update(in1, off1, len1);
            if (in2 != null) {
                d.update(in2, off2, len2);
            }
            d.doFinal(out, outOff);
        } finally {
            // doFinal re-primes the buffer with the key for reuse; wipe both copies.
            d.clearKey();
        }
    }
}
