package io.wghub.gateway.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.digests.Blake2sDigest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** Cross-checks {@link Kdf} against BouncyCastle's generic HMAC and a direct re-derivation. */
class KdfTest {

    @Test
    void hmacMatchesGenericHmacBlake2s() {
        Random r = new Random(42);
        for (int keyLen : new int[] {0, 1, 16, 32, 63, 64, 65, 100, 200}) {
            for (int inLen : new int[] {0, 1, 31, 32, 33, 64, 65, 1000}) {
                byte[] key = new byte[keyLen];
                byte[] in = new byte[inLen + 3];
                r.nextBytes(key);
                r.nextBytes(in);
                byte[] expected = referenceHmac(key, in, 3, inLen);
                byte[] out = new byte[32];
                Kdf.hmac(key, in, 3, inLen, out);
                assertArrayEquals(expected, out, "key " + keyLen + ", input " + inLen);
            }
        }
    }

    @Test
    void hmacOutputMayAliasKeyOrInput() {
        Random r = new Random(7);
        byte[] key = new byte[32];
        byte[] in = new byte[32];
        r.nextBytes(key);
        r.nextBytes(in);
        byte[] expected = referenceHmac(key, in, 0, in.length);
        byte[] keyCopy = key.clone();
        Kdf.hmac(keyCopy, in, 0, in.length, keyCopy);
        assertArrayEquals(expected, keyCopy);
        byte[] inCopy = in.clone();
        Kdf.hmac(key, inCopy, 0, inCopy.length, inCopy);
        assertArrayEquals(expected, inCopy);
    }

    @Test
    void kdfMatchesStraightforwardDerivation() {
        Random r = new Random(3);
        for (int inLen : new int[] {0, 32, 48, 77}) {
            byte[] ck = new byte[32];
            byte[] input = new byte[inLen];
            r.nextBytes(ck);
            r.nextBytes(input);

            byte[] t0 = referenceHmac(ck, input, 0, inLen);
            byte[] e1 = referenceHmac(t0, new byte[] {1}, 0, 1);
            byte[] e2 = referenceHmac(t0, concat(e1, (byte) 2), 0, 33);
            byte[] e3 = referenceHmac(t0, concat(e2, (byte) 3), 0, 33);

            byte[] t1 = new byte[32];
            byte[] t2 = new byte[32];
            byte[] t3 = new byte[32];
            Kdf.kdf(ck, input, 0, inLen, t1, t2, t3);
            assertArrayEquals(e1, t1);
            assertArrayEquals(e2, t2);
            assertArrayEquals(e3, t3);

            byte[] k1 = new byte[32];
            Kdf.kdf(ck, input, 0, inLen, k1, null, null);
            assertArrayEquals(e1, k1);
            byte[] k2a = new byte[32];
            byte[] k2b = new byte[32];
            Kdf.kdf(ck, input, 0, inLen, k2a, k2b, null);
            assertArrayEquals(e1, k2a);
            assertArrayEquals(e2, k2b);
        }
    }

    @Test
    void kdfWithT1AliasingChainingKeyMatchesNonAliased() {
        Random r = new Random(4);
        byte[] ck = new byte[32];
        byte[] input = new byte[32];
        r.nextBytes(ck);
        r.nextBytes(input);
        byte[] t1 = new byte[32];
        byte[] t2 = new byte[32];
        Kdf.kdf(ck, input, 0, input.length, t1, t2, null);

        byte[] aliased = ck.clone();
        byte[] key = new byte[32];
        Kdf.kdf(aliased, input, 0, input.length, aliased, key, null);
        assertArrayEquals(t1, aliased);
        assertArrayEquals(t2, key);

        byte[] aliased1 = ck.clone();
        Kdf.kdf(aliased1, input, 0, input.length, aliased1, null, null);
        assertArrayEquals(t1, aliased1);
    }

    @Test
    void kdfInputMayAliasChainingKey() {
        Random r = new Random(5);
        byte[] ck = new byte[32];
        r.nextBytes(ck);
        byte[] expected = new byte[32];
        Kdf.kdf(ck, ck.clone(), 0, 32, expected, null, null);
        byte[] same = ck.clone();
        Kdf.kdf(same, same, 0, 32, same, null, null);
        assertArrayEquals(expected, same);
    }

    private static byte[] referenceHmac(byte[] key, byte[] in, int off, int len) {
        HMac mac = new HMac(new Blake2sDigest(256));
        mac.init(new KeyParameter(key));
        mac.update(in, off, len);
        byte[] out = new byte[32];
        mac.doFinal(out, 0);
        return out;
    }

    private static byte[] concat(byte[] a, byte last) {
        byte[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = last;
        return out;
    }
}
