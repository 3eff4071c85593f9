package io.wghub.gateway.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;

/** ChaCha20-Poly1305 (RFC 8439) through the JDK's intrinsified JCE cipher, with WireGuard's nonce layout. */
public final class Aead {

    public static final int TAG_LENGTH = 16;
    static final int KEY_LENGTH = 32;
    static final int NONCE_LENGTH = 12;

    private static final String ALGORITHM = "ChaCha20-Poly1305";

    /**
     * A throwaway key used only to move a Cipher off a key/nonce pair it refuses to encrypt under
     * twice. Random so that no real key/nonce pair can coincide with it in practice.
     */
    private static final SecretKey SCRUB_KEY;
    private static final IvParameterSpec SCRUB_NONCE;

    static {
        byte[] k = new byte[KEY_LENGTH];
        byte[] n = new byte[NONCE_LENGTH];
        SecureRandom random = new SecureRandom();
        random.nextBytes(k);
        random.nextBytes(n);
        SCRUB_KEY = new KeyView(k);
        SCRUB_NONCE = new IvParameterSpec(n);
    }

    // Cipher objects are neither thread-safe nor cheap to create, so each platform thread keeps one.
    // (A virtual thread per packet would defeat this; the data path runs on event-loop threads.)
    private static final ThreadLocal<PerThread> PER_THREAD = ThreadLocal.withInitial(PerThread::new);

    private Aead() {
    }

    /** Seals plain[pOff..pOff+pLen) into out[outOff..outOff+pLen+16) under the WireGuard nonce for counter. */
    public static void seal(byte[] key, long counter, byte[] plain, int pOff, int pLen, byte[] ad,
                            byte[] out, int outOff) {
        PerThread t = PER_THREAD.get();
        wireGuardNonce(counter, t.nonce);
        seal(t, key, t.nonce, plain, pOff, pLen, ad, out, outOff);
    }

    /** Opens in[inOff..inOff+inLen) (ciphertext || tag) into out; false, with out untouched, if it does not verify. */
    public static boolean open(byte[] key, long counter, byte[] in, int inOff, int inLen, byte[] ad,
                               byte[] out, int outOff) {
        PerThread t = PER_THREAD.get();
        wireGuardNonce(counter, t.nonce);
        return open(t, key, t.nonce, in, inOff, inLen, ad, out, outOff);
    }

    /** Seals with an explicit 12-byte RFC 8439 nonce. */
    public static void seal(byte[] key, byte[] nonce12, byte[] plain, int pOff, int pLen, byte[] ad,
                            byte[] out, int outOff) {
        seal(PER_THREAD.get(), key, nonce12, plain, pOff, pLen, ad, out, outOff);
    }

    /** Opens with an explicit 12-byte RFC 8439 nonce; false if it does not verify. */
    public static boolean open(byte[] key, byte[] nonce12, byte[] in, int inOff, int inLen, byte[] ad,
                               byte[] out, int outOff) {
        return open(PER_THREAD.get(), key, nonce12, in, inOff, inLen, ad, out, outOff);
    }

    private static void seal(PerThread t, byte[] key, byte[] nonce12, byte[] plain, int pOff, int pLen,
                             byte[] ad, byte[] out, int outOff) {
        checkKeyAndNonce(key, nonce12);
        Objects.checkFromIndexSize(pOff, pLen, plain.length);
        Objects.checkFromIndexSize(outOff, pLen + TAG_LENGTH, out.length);
        // The JCE cipher streams input to output front to back, which is only safe for exact
        // in-place use or disjoint ranges; any other overlap goes through a copy.
        byte[] src = plain;
        int srcOff = pOff;
        if (overlapsShifted(plain, pOff, out, outOff, pLen + TAG_LENGTH)) {
            src = Arrays.copyOfRange(plain, pOff, pOff + pLen);
            srcOff = 0;
        }
        try {
            Cipher c = t.init(Cipher.ENCRYPT_MODE, new KeyView(key), nonce12);
            if (ad != null) {
                c.updateAAD(ad);
            }
            c.doFinal(src, srcOff, pLen, out, outOff);
        } catch (GeneralSecurityException e) {
            // Arguments were checked above, so this is a JDK/provider fault rather than bad input.
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        } finally {
            if (src != plain) {
                Arrays.fill(src, (byte) 0);
            }
        }
    }

    private static boolean open(PerThread t, byte[] key, byte[] nonce12, byte[] in, int inOff, int inLen,
                                byte[] ad, byte[] out, int outOff) {
        checkKeyAndNonce(key, nonce12);
        Objects.checkFromIndexSize(inOff, inLen, in.length);
        if (inLen < TAG_LENGTH) {
            return false;
        }
        int plainLen = inLen - TAG_LENGTH;
        Objects.checkFromIndexSize(outOff, plainLen, out.length);
        byte[] src = in;
        int srcOff = inOff;
        if (overlapsShifted(in, inOff, out, outOff, inLen)) {
            src = Arrays.copyOfRange(in, inOff, inOff + inLen);
            srcOff = 0;
        }
        try {
            Cipher c = t.init(Cipher.DECRYPT_MODE, new KeyView(key), nonce12);
            if (ad != null) {
                c.updateAAD(ad);
            }
            c.doFinal(src, srcOff, inLen, out, outOff);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            // Authentication failure is the only expected cause, but decryption must never
            // crash the caller on hostile input, so every JCE complaint means "reject".
            return false;
        } finally {
            if (src != in) {
                Arrays.fill(src, (byte) 0);
            }
        }
    }

    /** Writes WireGuard's 96-bit nonce: 32 zero bits then the 64-bit counter little-endian. */
    static void wireGuardNonce(long counter, byte[] nonce12) {
        nonce12[0] = 0;
        nonce12[1] = 0;
        nonce12[2] = 0;
        nonce12[3] = 0;
        for (int i = 0; i < 8; i++) {
            nonce12[4 + i] = (byte) (counter >>> (8 * i));
        }
    }

    /** Returns this thread's reusable state (cipher, nonce and scratch buffers). */
    static PerThread perThread() {
        return PER_THREAD.get();
    }

    private static void checkKeyAndNonce(byte[] key, byte[] nonce12) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("ChaCha20-Poly1305 key must be 32 bytes, got " + key.length);
        }
        if (nonce12.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("ChaCha20-Poly1305 nonce must be 12 bytes, got " + nonce12.length);
        }
    }

    private static boolean overlapsShifted(byte[] a, int aOff, byte[] b, int bOff, int len) {
        return a == b && aOff != bOff && aOff < bOff + len && bOff < aOff + len;
    }

    /** Per-thread JCE cipher plus scratch buffers, so the data path does not allocate them per packet. */
    static final class PerThread {
        private Cipher cipher = newCipher();
        final byte[] nonce = new byte[NONCE_LENGTH];
        private byte[] scratch = new byte[2048];

        /** Initialises this thread's cipher, working around the JCE's encrypt-twice refusal. */
        Cipher init(int mode, SecretKey key, byte[] nonce12) throws GeneralSecurityException {
            IvParameterSpec iv = new IvParameterSpec(nonce12);
            try {
                cipher.init(mode, key, iv);
            } catch (InvalidKeyException e) {
                // SunJCE rejects an ENCRYPT init whose key and nonce equal the previous init on the
                // same object (a nonce-reuse tripwire). That also fires on legitimate sequences such as
                // decrypting then encrypting the same (key, nonce) in one thread, so step the cipher
                // through a throwaway key - which also makes the JCE wipe its copy of the real key -
                // and retry once. A genuinely bad key fails again and propagates.
                cipher.init(Cipher.DECRYPT_MODE, SCRUB_KEY, SCRUB_NONCE);
                cipher.init(mode, key, iv);
            }
            return cipher;
        }

        /** Returns a scratch array of at least len bytes; its contents are garbage. */
        byte[] scratch(int len) {
            if (scratch.length < len) {
                scratch = new byte[Math.max(len, scratch.length * 2)];
            }
            return scratch;
        }

        private static Cipher newCipher() {
            try {
                return Cipher.getInstance(ALGORITHM);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK provides no " + ALGORITHM + " cipher", e);
            }
        }
    }

    /**
     * A raw ChaCha20 key that lends out copies of an array owned by the caller instead of keeping
     * its own. The JCE clones the encoding at each init and wipes that clone at the next one, so
     * unlike SecretKeySpec (whose internal copy cannot be wiped by us) this leaves no stray copy.
     */
    static final class KeyView implements SecretKey {
        private final byte[] key;

        KeyView(byte[] key) {
            this.key = key;
        }

        @Override
        public String getAlgorithm() {
            return "ChaCha20";
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return key.clone();
        }
    }
}
