package io.wghub.gateway.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RFC 7748 known answers, WireGuard-specific behaviour, agreement with BouncyCastle, and the
 * field arithmetic of {@link Field25519} against BigInteger at its documented limb bounds.
 */
class X25519Test {

    private static final HexFormat HEX = HexFormat.of();

    private static final String ALICE_PRIVATE = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private static final String ALICE_PUBLIC = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private static final String BOB_PRIVATE = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    private static final String BOB_PUBLIC = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    private static final String SHARED = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

    @Test
    void rfc7748Section52Vector1() {
        assertX25519("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
                "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
    }

    /** The u-coordinate's top bit is set here, which X25519 must ignore. */
    @Test
    void rfc7748Section52Vector2() {
        assertX25519("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
                "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
    }

    @Test
    void rfc7748Section52Iterated() {
        byte[] k = new byte[32];
        byte[] u = new byte[32];
        k[0] = 9;
        u[0] = 9;
        byte[] r = new byte[32];
        for (int i = 1; i <= 1000; i++) {
            assertTrue(X25519.sharedSecret(k, u, r));
            System.arraycopy(k, 0, u, 0, 32);
            System.arraycopy(r, 0, k, 0, 32);
            if (i == 1) {
                assertEquals("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079", HEX.formatHex(k));
            }
        }
        assertEquals("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", HEX.formatHex(k));
    }

    @Test
    void rfc7748Section61DiffieHellman() {
        byte[] alicePriv = HEX.parseHex(ALICE_PRIVATE);
        byte[] bobPriv = HEX.parseHex(BOB_PRIVATE);
        byte[] alicePub = new byte[32];
        byte[] bobPub = new byte[32];
        X25519.publicKey(alicePriv, alicePub);
        X25519.publicKey(bobPriv, bobPub);
        assertEquals(ALICE_PUBLIC, HEX.formatHex(alicePub));
        assertEquals(BOB_PUBLIC, HEX.formatHex(bobPub));

        byte[] k1 = new byte[32];
        byte[] k2 = new byte[32];
        assertTrue(X25519.sharedSecret(alicePriv, bobPub, k1));
        assertTrue(X25519.sharedSecret(bobPriv, alicePub, k2));
        assertEquals(SHARED, HEX.formatHex(k1));
        assertEquals(SHARED, HEX.formatHex(k2));

        // Neither call may clamp the caller's private key in place.
        assertEquals(ALICE_PRIVATE, HEX.formatHex(alicePriv));
        assertEquals(BOB_PRIVATE, HEX.formatHex(bobPriv));
    }

    @Test
    void lowOrderPublicKeysAreRejected() {
        byte[] priv = new byte[32];
        X25519.generatePrivateKey(priv);
        byte[] out = new byte[32];
        assertFalse(X25519.sharedSecret(priv, new byte[32], out));
        assertArrayEquals(new byte[32], out);
        byte[] one = new byte[32];
        one[0] = 1;
        assertFalse(X25519.sharedSecret(priv, one, out));
    }

    @Test
    void publicKeyOfUnclampedBytesEqualsPublicKeyOfClampedBytes() {
        byte[] raw = new byte[32];
        java.util.Arrays.fill(raw, (byte) 0xff);
        byte[] clamped = raw.clone();
        X25519.clamp(clamped);
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        X25519.publicKey(raw, a);
        X25519.publicKey(clamped, b);
        assertArrayEquals(b, a);
        assertEquals((byte) 0xff, raw[0]);
    }

    @Test
    void clampAndGenerate() {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) 0xff);
        X25519.clamp(k);
        assertEquals((byte) 0xf8, k[0]);
        assertEquals((byte) 0x7f, k[31]);
        byte[] zero = new byte[32];
        X25519.clamp(zero);
        assertEquals(0x40, zero[31]);

        byte[] g = new byte[32];
        X25519.generatePrivateKey(g);
        assertEquals(0, g[0] & 7);
        assertEquals(0x40, g[31] & 0xc0);
        byte[] pub = new byte[32];
        X25519.publicKey(g, pub);
        byte[] other = new byte[32];
        X25519.generatePrivateKey(other);
        byte[] otherPub = new byte[32];
        X25519.publicKey(other, otherPub);
        byte[] s1 = new byte[32];
        byte[] s2 = new byte[32];
        assertTrue(X25519.sharedSecret(g, otherPub, s1));
        assertTrue(X25519.sharedSecret(other, pub, s2));
        assertArrayEquals(s1, s2);
    }

    private static void assertX25519(String scalar, String u, String expected) {
        byte[] out = new byte[32];
        assertTrue(X25519.sharedSecret(HEX.parseHex(scalar), HEX.parseHex(u), out));
        assertEquals(expected, HEX.formatHex(out));
    }

    // ---- Agreement with BouncyCastle's independent implementation ----

    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    /** u-coordinates of points of order 1, 2, 4 and 8 (cr.yp.to/ecdh.html), all give zero. */
    private static final BigInteger[] LOW_ORDER = {
        BigInteger.ZERO,
        BigInteger.ONE,
        new BigInteger("325606250916557431795983626356110631294008115727848805560023387167927233504"),
        new BigInteger("39382357235489614581723060781553021112529911719440698176882885853963445705823"),
        P.subtract(BigInteger.ONE),
    };

    @Test
    void matchesBouncyCastleOnRandomScalarsAndPoints() {
        Random rnd = new Random(0x25519L);
        for (int i = 0; i < 2000; i++) {
            byte[] k = new byte[32];
            byte[] u = new byte[32];
            rnd.nextBytes(k);
            rnd.nextBytes(u);
            assertAgreesWithBouncyCastle(k, u);
            // The top bit must be ignored: the same u with it flipped gives the same result.
            byte[] first = new byte[32];
            X25519.sharedSecret(k, u, first);
            u[31] ^= (byte) 0x80;
            assertAgreesWithBouncyCastle(k, u);
            byte[] flipped = new byte[32];
            X25519.sharedSecret(k, u, flipped);
            assertArrayEquals(first, flipped);
        }
    }

    @Test
    void matchesBouncyCastleOnNonCanonicalAndLowOrderPoints() {
        List<byte[]> points = new ArrayList<>();
        for (BigInteger v : LOW_ORDER) {
            points.add(littleEndian(v));
            if (v.add(P).bitLength() <= 255) {
                points.add(littleEndian(v.add(P)));       // non-canonical encoding, u >= p
            }
        }
        for (int i = 0; i <= 18; i++) {
            points.add(littleEndian(P.add(BigInteger.valueOf(i))));   // p .. 2^255 - 1
        }
        points.add(littleEndian(BigInteger.valueOf(9)));
        points.add(littleEndian(P.subtract(BigInteger.valueOf(2))));
        byte[] allOnes = new byte[32];
        Arrays.fill(allOnes, (byte) 0xff);
        points.add(allOnes);                                          // 2^256 - 1, top bit ignored
        byte[] topBitOnly = new byte[32];
        topBitOnly[31] = (byte) 0x80;
        points.add(topBitOnly);                                       // 2^255, i.e. u = 0

        Random rnd = new Random(7748);
        List<byte[]> scalars = new ArrayList<>();
        scalars.add(new byte[32]);
        scalars.add(allOnes.clone());
        for (int i = 0; i < 20; i++) {
            byte[] k = new byte[32];
            rnd.nextBytes(k);
            scalars.add(k);
        }
        for (byte[] u : points) {
            for (byte[] k : scalars) {
                assertAgreesWithBouncyCastle(k, u);
            }
        }
        for (BigInteger v : LOW_ORDER) {
            byte[] out = new byte[32];
            assertFalse(X25519.sharedSecret(scalars.get(5), littleEndian(v), out), v.toString());
            assertArrayEquals(new byte[32], out);
        }
    }

    private static void assertAgreesWithBouncyCastle(byte[] k, byte[] u) {
        byte[] expected = new byte[32];
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMult(k, 0, u, 0, expected, 0);
        byte[] kCopy = k.clone();
        byte[] uCopy = u.clone();
        byte[] actual = new byte[32];
        boolean nonZero = X25519.sharedSecret(k, u, actual);
        String context = "k=" + HEX.formatHex(k) + " u=" + HEX.formatHex(u);
        assertEquals(HEX.formatHex(expected), HEX.formatHex(actual), context);
        assertEquals(!Arrays.equals(expected, new byte[32]), nonZero, context);
        assertArrayEquals(kCopy, k, "private key modified");
        assertArrayEquals(uCopy, u, "public key modified");
    }

    private static byte[] littleEndian(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] le = new byte[32];
        for (int i = 0; i < be.length && i < 32; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }

    // ---- Field arithmetic against BigInteger at the documented limb bounds ----

    private static final long TIGHT = (1L << 51) + (1L << 24);    // exclusive bound of tight limbs
    private static final long LOOSE = 1L << 53;                   // exclusive bound of loose limbs
    private static final long PRODUCT_OUT = (1L << 51) + (1L << 16);

    @Test
    void fieldMultiplicationMatchesBigIntegerForLooseLimbs() {
        Random rnd = new Random(1);
        Field25519 h = new Field25519();
        for (int i = 0; i < 20000; i++) {
            long[] f = limbs(rnd, LOOSE, i);
            long[] g = limbs(rnd, LOOSE, i / 7);
            Field25519.mulLimbs(h, f[0], f[1], f[2], f[3], f[4], g[0], g[1], g[2], g[3], g[4]);
            assertField(value(f).multiply(value(g)), h, PRODUCT_OUT);

            Field25519.squareLimbs(h, f[0], f[1], f[2], f[3], f[4]);
            assertField(value(f).pow(2), h, PRODUCT_OUT);
        }
    }

    @Test
    void repeatedSquaringMatchesBigInteger() {
        Random rnd = new Random(6);
        Field25519 h = new Field25519();
        for (int i = 0; i < 2000; i++) {
            Field25519 f = element(limbs(rnd, TIGHT, i));
            int n = 1 + rnd.nextInt(12);
            Field25519.squareTimes(h, f, n);
            assertField(value(f).modPow(BigInteger.ONE.shiftLeft(n), P), h, PRODUCT_OUT);
        }
    }

    @Test
    void fusedLadderOperationsMatchBigIntegerForTightLimbs() {
        Random rnd = new Random(2);
        Field25519 h = new Field25519();
        BigInteger a24 = BigInteger.valueOf(121665);
        for (int i = 0; i < 20000; i++) {
            Field25519 a = element(limbs(rnd, TIGHT, i));
            Field25519 b = element(limbs(rnd, TIGHT, i / 3));
            Field25519 c = element(limbs(rnd, TIGHT, i / 5));
            Field25519 d = element(limbs(rnd, TIGHT, i / 11));
            BigInteger va = value(a);
            BigInteger vb = value(b);
            BigInteger vc = value(c);
            BigInteger vd = value(d);

            Field25519.mul(h, a, b);
            assertField(va.multiply(vb), h, PRODUCT_OUT);
            Field25519.square(h, a);
            assertField(va.pow(2), h, PRODUCT_OUT);
            Field25519.squareSum(h, a, b);
            assertField(va.add(vb).pow(2), h, PRODUCT_OUT);
            Field25519.squareDiff(h, a, b);
            assertField(va.subtract(vb).pow(2), h, PRODUCT_OUT);
            Field25519.mulSumDiff(h, a, b, c, d);
            assertField(va.add(vb).multiply(vc.subtract(vd)), h, PRODUCT_OUT);
            Field25519.mulA24(h, a, b);
            BigInteger e = va.subtract(vb);
            assertField(e.multiply(va.add(a24.multiply(e))), h, PRODUCT_OUT);

            // Outputs alias inputs in the ladder; every operation must read before it writes.
            Field25519 alias = element(limbs(rnd, TIGHT, i));
            BigInteger vAlias = value(alias);
            Field25519.mulSumDiff(alias, alias, b, alias, d);
            assertField(vAlias.add(vb).multiply(vAlias.subtract(vd)), alias, PRODUCT_OUT);
        }
    }

    @Test
    void inversionMatchesBigInteger() {
        Random rnd = new Random(3);
        Field25519 h = new Field25519();
        for (int i = 0; i < 300; i++) {
            Field25519 f = element(limbs(rnd, TIGHT, i));
            Field25519.invert(h, f);
            BigInteger v = value(f).mod(P);
            assertField(v.signum() == 0 ? BigInteger.ZERO : v.modInverse(P), h, PRODUCT_OUT);
        }
        Field25519 zero = element(new long[] {0, 0, 0, 0, 0});
        Field25519.invert(h, zero);
        assertField(BigInteger.ZERO, h, PRODUCT_OUT);
        // p itself, written with canonical-looking limbs, is zero as well.
        Field25519 p = element(new long[] {(1L << 51) - 19, (1L << 51) - 1, (1L << 51) - 1, (1L << 51) - 1, (1L << 51) - 1});
        Field25519.invert(h, p);
        assertField(BigInteger.ZERO, h, PRODUCT_OUT);
    }

    @Test
    void encodeReducesLooseLimbsCanonically() {
        Random rnd = new Random(4);
        List<long[]> cases = new ArrayList<>();
        long m = (1L << 51) - 1;
        cases.add(new long[] {m - 18, m, m, m, m});           // p
        cases.add(new long[] {m - 19, m, m, m, m});           // p - 1
        cases.add(new long[] {m - 17, m, m, m, m});           // p + 1
        cases.add(new long[] {m, m, m, m, m});                // 2^255 - 1 = p + 18
        cases.add(new long[] {0, 0, 0, 0, 1L << 51});         // 2^255
        cases.add(new long[] {2 * (m - 18), 2 * m, 2 * m, 2 * m, 2 * m});   // 2p
        cases.add(new long[] {LOOSE - 1, LOOSE - 1, LOOSE - 1, LOOSE - 1, LOOSE - 1});
        cases.add(new long[] {0, 0, 0, 0, 0});
        for (int i = 0; i < 20000; i++) {
            cases.add(limbs(rnd, LOOSE, i));
        }
        for (long[] c : cases) {
            byte[] out = new byte[32];
            element(c).encode(out);
            assertEquals(HEX.formatHex(littleEndian(value(c).mod(P))), HEX.formatHex(out), Arrays.toString(c));
        }
    }

    @Test
    void decodeKeepsNonCanonicalValuesAndIgnoresTheTopBit() {
        Random rnd = new Random(5);
        for (int i = 0; i < 2000; i++) {
            byte[] in = new byte[32];
            rnd.nextBytes(in);
            if (i % 4 == 0) {
                Arrays.fill(in, 0, 32, (byte) 0xff);
                in[rnd.nextInt(32)] = (byte) rnd.nextInt(256);
            }
            Field25519 f = new Field25519();
            f.decode(in);
            byte[] be = new byte[32];
            for (int j = 0; j < 32; j++) {
                be[j] = in[31 - j];
            }
            BigInteger expected = new BigInteger(1, be).clearBit(255);
            assertEquals(expected, value(f));
            for (long limb : new long[] {f.l0, f.l1, f.l2, f.l3, f.l4}) {
                assertTrue(limb >= 0 && limb < (1L << 51));
            }
        }
    }

    /**
     * Random limbs in [0, bound), with the extremes mixed in: every 4th case has every limb at
     * bound - 1 (the largest column sums), others put single limbs at 0 or bound - 1.
     */
    private static long[] limbs(Random rnd, long bound, int i) {
        long[] l = new long[5];
        for (int j = 0; j < 5; j++) {
            switch (rnd.nextInt(i % 4 == 0 ? 1 : 4)) {
                case 0 -> l[j] = bound - 1 - (i % 4 == 0 ? rnd.nextInt(1 << 8) : 0);
                case 1 -> l[j] = 0;
                default -> l[j] = (rnd.nextLong() >>> 1) % bound;
            }
        }
        return l;
    }

    private static Field25519 element(long[] l) {
        Field25519 f = new Field25519();
        f.l0 = l[0];
        f.l1 = l[1];
        f.l2 = l[2];
        f.l3 = l[3];
        f.l4 = l[4];
        return f;
    }

    private static BigInteger value(long[] l) {
        BigInteger v = BigInteger.ZERO;
        for (int j = 4; j >= 0; j--) {
            v = v.shiftLeft(51).add(BigInteger.valueOf(l[j]));
        }
        return v;
    }

    private static BigInteger value(Field25519 f) {
        return value(new long[] {f.l0, f.l1, f.l2, f.l3, f.l4});
    }

    private static void assertField(BigInteger expected, Field25519 actual, long limbBound) {
        long[] l = {actual.l0, actual.l1, actual.l2, actual.l3, actual.l4};
        for (long limb : l) {
            assertTrue(limb >= 0 && limb < limbBound, () -> "limb out of bounds: " + Arrays.toString(l));
        }
        assertEquals(expected.mod(P), value(l).mod(P), () -> Arrays.toString(l));
    }
}
