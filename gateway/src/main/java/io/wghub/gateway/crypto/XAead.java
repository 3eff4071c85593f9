package io.wghub.gateway.crypto;

import java.util.Arrays;

/** XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03), as WireGuard uses for cookie replies. */
public final class XAead {

    public static final int NONCE_LENGTH = 24;

    /** HChaCha20 consumes the first 16 nonce bytes; the remaining 8 go to the inner ChaCha20 nonce. */
    private static final int HNONCE_LENGTH = 16;

    // "expand 32-byte k" as four little-endian words (RFC 8439 §2.3).
    private static final int C0 = 0x61707865;
    private static final int C1 = 0x3320646e;
    private static final int C2 = 0x79622d32;
    private static final int C3 = 0x6b206574;

    private XAead() {
    }

    /** Seals plain[pOff..pOff+pLen) into out[outOff..outOff+pLen+16) under a 24-byte nonce. */
    public static void seal(byte[] key, byte[] nonce24, byte[] plain, int pOff, int pLen, byte[] ad,
                            byte[] out, int outOff) {
        checkArgs(key, nonce24);
        byte[] subKey = new byte[Aead.KEY_LENGTH];
        byte[] nonce12 = new byte[Aead.NONCE_LENGTH];
        try {
            derive(key, nonce24, subKey, nonce12);
            Aead.seal(subKey, nonce12, plain, pOff, pLen, ad, out, outOff);
        } finally {
            Arrays.fill(subKey, (byte) 0);
        }
    }

    /** Opens in[inOff..inOff+inLen) (ciphertext || tag); false, never an exception, if it does not verify. */
    public static boolean open(byte[] key, byte[] nonce24, byte[] in, int inOff, int inLen, byte[] ad,
                               byte[] out, int outOff) {
        checkArgs(key, nonce24);
        byte[] subKey = new byte[Aead.KEY_LENGTH];
        byte[] nonce12 = new byte[Aead.NONCE_LENGTH];
        try {
            derive(key, nonce24, subKey, nonce12);
            return Aead.open(subKey, nonce12, in, inOff, inLen, ad, out, outOff);
        } finally {
            Arrays.fill(subKey, (byte) 0);
        }
    }

    /** HChaCha20 (draft §2.2): out32 = words 0-3 and 12-15 of 20 ChaCha rounds, without the feed-forward. */
    static void hChaCha20(byte[] key, byte[] nonce16, byte[] out32) {
        if (key.length != Aead.KEY_LENGTH || nonce16.length < HNONCE_LENGTH || out32.length < Aead.KEY_LENGTH) {
            throw new IllegalArgumentException("HChaCha20 needs a 32-byte key, a 16-byte nonce and 32 bytes of output");
        }
        int x0 = C0;
        int x1 = C1;
        int x2 = C2;
        int x3 = C3;
        int x4 = le32(key, 0);
        int x5 = le32(key, 4);
        int x6 = le32(key, 8);
        int x7 = le32(key, 12);
        int x8 = le32(key, 16);
        int x9 = le32(key, 20);
        int x10 = le32(key, 24);
        int x11 = le32(key, 28);
        int x12 = le32(nonce16, 0);
        int x13 = le32(nonce16, 4);
        int x14 = le32(nonce16, 8);
        int x15 = le32(nonce16, 12);

        for (int i = 0; i < 10; i++) {
            // Column round.
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 16);
            x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 12);
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 8);
            x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 7);

            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 16);
            x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 12);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 8);
            x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 7);

            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 16);
            x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 12);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 8);
            x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 7);

            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 16);
            x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 12);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 8);
            x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 7);

            // Diagonal round.
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 16);
            x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 12);
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 8);
            x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 7);

            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 16);
            x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 12);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 8);
            x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 7);

            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 16);
            x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 12);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 8);
            x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 7);

            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 16);
            x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 12);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 8);
            x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 7);
        }

        putLe32(out32, 0, x0);
        putLe32(out32, 4, x1);
        putLe32(out32, 8, x2);
        putLe32(out32, 12, x3);
        putLe32(out32, 16, x12);
        putLe32(out32, 20, x13);
        putLe32(out32, 24, x14);
        putLe32(out32, 28, x15);
    }

    private static void derive(byte[] key, byte[] nonce24, byte[] subKey, byte[] nonce12) {
        hChaCha20(key, nonce24, subKey);
        // nonce12 is freshly zeroed, giving the four leading zero bytes the draft prescribes.
        System.arraycopy(nonce24, HNONCE_LENGTH, nonce12, 4, NONCE_LENGTH - HNONCE_LENGTH);
    }

    private static void checkArgs(byte[] key, byte[] nonce24) {
        if (key.length != Aead.KEY_LENGTH) {
            throw new IllegalArgumentException("XChaCha20-Poly1305 key must be 32 bytes, got " + key.length);
        }
        if (nonce24.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("XChaCha20-Poly1305 nonce must be 24 bytes, got " + nonce24.length);
        }
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private static void putLe32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
