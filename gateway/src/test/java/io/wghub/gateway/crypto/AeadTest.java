package io.wghub.gateway.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 8439 known answer, tampering and WireGuard nonce layout for {@link Aead}. */
class AeadTest {

    private static final HexFormat HEX = HexFormat.of();

    static final byte[] SUNSCREEN = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip"
            + " for the future, sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
    static final byte[] KEY_80 = HEX.parseHex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    static final byte[] AAD = HEX.parseHex("50515253c0c1c2c3c4c5c6c7");

    private static final byte[] NONCE = HEX.parseHex("070000004041424344454647");
    private static final byte[] CIPHERTEXT = HEX.parseHex(
            "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
            + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
            + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
            + "3ff4def08e4b7a9de576d26586cec64b6116");
    private static final byte[] TAG = HEX.parseHex("1ae10b594f09e26a7e902ecbd0600691");

    @Test
    void rfc8439Section282Seal() {
        byte[] out = new byte[SUNSCREEN.length + 16];
        Aead.seal(KEY_80, NONCE, SUNSCREEN, 0, SUNSCREEN.length, AAD, out, 0);
        assertArrayEquals(CIPHERTEXT, Arrays.copyOf(out, SUNSCREEN.length));
        assertArrayEquals(TAG, Arrays.copyOfRange(out, SUNSCREEN.length, out.length));
    }

    @Test
    void rfc8439Section282Open() {
        byte[] sealed = sealedVector();
        byte[] plain = new byte[SUNSCREEN.length];
        assertTrue(Aead.open(KEY_80, NONCE, sealed, 0, sealed.length, AAD, plain, 0));
        assertArrayEquals(SUNSCREEN, plain);
    }

    @Test
    void tamperedTagCiphertextOrAdIsRejectedWithoutWritingOutput() {
        byte[] sealed = sealedVector();
        for (int i : new int[] {0, 57, sealed.length - 17, sealed.length - 16, sealed.length - 1}) {
            byte[] bad = sealed.clone();
            bad[i] ^= 0x01;
            byte[] plain = new byte[SUNSCREEN.length];
            assertFalse(Aead.open(KEY_80, NONCE, bad, 0, bad.length, AAD, plain, 0), "flip at " + i);
            assertArrayEquals(new byte[SUNSCREEN.length], plain, "nothing written on failure");
        }
        byte[] badAad = AAD.clone();
        badAad[3] ^= (byte) 0x80;
        byte[] plain = new byte[SUNSCREEN.length];
        assertFalse(Aead.open(KEY_80, NONCE, sealed, 0, sealed.length, badAad, plain, 0));
        assertFalse(Aead.open(KEY_80, NONCE, sealed, 0, sealed.length, null, plain, 0));
        byte[] otherKey = KEY_80.clone();
        otherKey[31] ^= 1;
        assertFalse(Aead.open(otherKey, NONCE, sealed, 0, sealed.length, AAD, plain, 0));
    }

    @Test
    void tooShortInputIsRejected() {
        byte[] out = new byte[16];
        for (int len = 0; len < 16; len++) {
            assertFalse(Aead.open(KEY_80, 0L, new byte[len], 0, len, null, out, 0));
        }
    }

    @Test
    void wireGuardNonceIsFourZeroBytesThenLittleEndianCounter() {
        long counter = 0x0102030405060708L;
        byte[] nonce = HEX.parseHex("000000000807060504030201");
        byte[] a = new byte[SUNSCREEN.length + 16];
        byte[] b = new byte[SUNSCREEN.length + 16];
        Aead.seal(KEY_80, counter, SUNSCREEN, 0, SUNSCREEN.length, AAD, a, 0);
        Aead.seal(KEY_80, nonce, SUNSCREEN, 0, SUNSCREEN.length, AAD, b, 0);
        assertArrayEquals(b, a);
        byte[] plain = new byte[SUNSCREEN.length];
        assertTrue(Aead.open(KEY_80, counter, a, 0, a.length, AAD, plain, 0));
        assertArrayEquals(SUNSCREEN, plain);
        assertFalse(Aead.open(KEY_80, counter + 1, a, 0, a.length, AAD, plain, 0));
        // The top counter bit must land in the last nonce byte, not be sign-extended elsewhere.
        Aead.seal(KEY_80, -1L, SUNSCREEN, 0, SUNSCREEN.length, null, a, 0);
        Aead.seal(KEY_80, HEX.parseHex("00000000ffffffffffffffff"), SUNSCREEN, 0, SUNSCREEN.length, null, b, 0);
        assertArrayEquals(b, a);
    }

    /** The handshake's empty-payload AEAD (tag only) and a null AD. */
    @Test
    void emptyPlaintextRoundTrip() {
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) 0x5a);
        byte[] out = new byte[16];
        Aead.seal(KEY_80, 0L, new byte[0], 0, 0, hash, out, 0);
        assertTrue(Aead.open(KEY_80, 0L, out, 0, 16, hash, new byte[0], 0));
        out[0] ^= 1;
        assertFalse(Aead.open(KEY_80, 0L, out, 0, 16, hash, new byte[0], 0));
    }

    /** SunJCE refuses to ENCRYPT twice in a row under one key and nonce on the same Cipher object. */
    @Test
    void repeatedSealAndOpenThenSealWithSameKeyAndNonceWork() {
        byte[] a = new byte[SUNSCREEN.length + 16];
        byte[] b = new byte[SUNSCREEN.length + 16];
        Aead.seal(KEY_80, NONCE, SUNSCREEN, 0, SUNSCREEN.length, AAD, a, 0);
        Aead.seal(KEY_80, NONCE, SUNSCREEN, 0, SUNSCREEN.length, AAD, b, 0);
        assertArrayEquals(a, b);
        byte[] plain = new byte[SUNSCREEN.length];
        assertTrue(Aead.open(KEY_80, NONCE, a, 0, a.length, AAD, plain, 0));
        Aead.seal(KEY_80, NONCE, SUNSCREEN, 0, SUNSCREEN.length, AAD, b, 0);
        assertArrayEquals(a, b);
    }

    @Test
    void inPlaceAndShiftedOverlapsGiveTheSameResult() {
        byte[] expected = sealedVector();
        int n = SUNSCREEN.length;
        for (int shift : new int[] {0, 1, 7, 8, 16, 40, -1, -9, -16}) {
            byte[] buf = new byte[n + 96];
            int pOff = 24;
            System.arraycopy(SUNSCREEN, 0, buf, pOff, n);
            Aead.seal(KEY_80, NONCE, buf, pOff, n, AAD, buf, pOff + shift);
            assertArrayEquals(expected, Arrays.copyOfRange(buf, pOff + shift, pOff + shift + n + 16), "seal shift " + shift);

            int cOff = pOff + shift;
            assertTrue(Aead.open(KEY_80, NONCE, buf, cOff, n + 16, AAD, buf, cOff - shift));
            assertArrayEquals(SUNSCREEN, Arrays.copyOfRange(buf, cOff - shift, cOff - shift + n), "open shift " + shift);
        }
    }

    @Test
    void randomRoundTripsAtOffsets() {
        Random r = new Random(9);
        byte[] key = new byte[32];
        for (int len : new int[] {0, 1, 15, 16, 17, 63, 64, 65, 1420, 4000}) {
            r.nextBytes(key);
            byte[] plain = new byte[len + 5];
            r.nextBytes(plain);
            byte[] sealed = new byte[len + 16 + 3];
            Aead.seal(key, len, plain, 5, len, null, sealed, 3);
            byte[] back = new byte[len + 1];
            assertTrue(Aead.open(key, len, sealed, 3, len + 16, null, back, 1));
            assertArrayEquals(Arrays.copyOfRange(plain, 5, 5 + len), Arrays.copyOfRange(back, 1, 1 + len));
        }
    }

    @Test
    void concurrentUseFromManyThreads() throws Exception {
        int threads = 4;
        Thread[] ts = new Thread[threads];
        boolean[] ok = new boolean[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                byte[] key = new byte[32];
                Arrays.fill(key, (byte) id);
                byte[] buf = new byte[200 + 16];
                byte[] back = new byte[200];
                boolean good = true;
                for (long c = 0; c < 2000; c++) {
                    Arrays.fill(buf, 0, 200, (byte) c);
                    Aead.seal(key, c, buf, 0, 200, null, buf, 0);
                    good &= Aead.open(key, c, buf, 0, 216, null, back, 0) && back[199] == (byte) c;
                }
                ok[id] = good;
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        for (boolean b : ok) {
            assertTrue(b);
        }
    }

    @Test
    void tagLengthConstant() {
        assertEquals(16, Aead.TAG_LENGTH);
    }

    private static byte[] sealedVector() {
        byte[] sealed = Arrays.copyOf(CIPHERTEXT, CIPHERTEXT.length + 16);
        System.arraycopy(TAG, 0, sealed, CIPHERTEXT.length, 16);
        return sealed;
    }
}
