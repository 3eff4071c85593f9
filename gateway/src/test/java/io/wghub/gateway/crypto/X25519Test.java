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
 * RFC 7748 known answers, WireGuard-specific behaviour, agreement with BouncyCastle, the
 * fixed-base multiplication of {@link FixedBase25519} and its table, and the field arithmetic of
 * {@link Field25519} against BigInteger at its documented limb bounds.
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

    // ---- Fixed-base public keys (FixedBase25519) against BouncyCastle and our own ladder ----

    /** The group order of the edwards25519 base point, 2^252 + 27742317777372353535851937790883648493. */
    private static final BigInteger ORDER = BigInteger.ONE.shiftLeft(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));

    @Test
    void publicKeyMatchesBouncyCastleAndLadderOnRandomKeys() {
        Random rnd = new Random(0xba5eL);
        for (int i = 0; i < 4000; i++) {
            byte[] raw = new byte[32];
            rnd.nextBytes(raw);
            assertPublicKey(raw);
        }
    }

    @Test
    void publicKeyMatchesBouncyCastleAndLadderOnEdgeScalars() {
        List<byte[]> scalars = new ArrayList<>();
        BigInteger min = BigInteger.ONE.shiftLeft(254);
        scalars.add(littleEndian(min));                                    // 2^254: one non-zero digit
        scalars.add(littleEndian(min.add(BigInteger.valueOf(8))));         // 2^254 + 8
        scalars.add(littleEndian(min.add(BigInteger.valueOf(16))));
        scalars.add(littleEndian(min.add(BigInteger.valueOf(128))));       // digit 1 is 8: carries
        scalars.add(littleEndian(BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(8))));
        byte[] allOnes = new byte[32];
        Arrays.fill(allOnes, (byte) 0xff);
        scalars.add(allOnes);                                              // clamps to 2^255 - 8
        scalars.add(new byte[32]);                                         // clamps to 2^254
        // Nibble patterns that drive the signed digits to their extremes and make long carry
        // chains: 0x77.. gives digits 7, 0x88.. gives -8 then -7s, 0xff.. gives -1s, and so on.
        for (int pattern : new int[] {0x88, 0x77, 0x78, 0x87, 0xf0, 0x0f, 0x80, 0x08, 0x11, 0xee}) {
            byte[] k = new byte[32];
            Arrays.fill(k, (byte) pattern);
            scalars.add(k);
        }
        // 0x77..78: every digit below the top is -8 (8, then 7 plus the carry), the top one is 8.
        byte[] minusEights = new byte[32];
        Arrays.fill(minusEights, (byte) 0x77);
        minusEights[0] = 0x78;
        scalars.add(minusEights);
        // Multiples of the group order plus a small remainder, so that k*B is a small multiple of
        // B (k = m * order + r, a multiple of 8 in [2^254, 2^255)).
        for (int m = 4; m <= 7; m++) {
            for (int r = 0; r < 64; r++) {
                BigInteger k = ORDER.multiply(BigInteger.valueOf(m)).add(BigInteger.valueOf(r));
                if (k.mod(BigInteger.valueOf(8)).signum() == 0 && k.bitLength() == 255) {
                    scalars.add(littleEndian(k));
                }
            }
        }
        // Every single set bit above the clamped minimum, and every nibble position set to 8.
        for (int bit = 3; bit < 254; bit++) {
            scalars.add(littleEndian(min.setBit(bit)));
        }
        for (int nibble = 0; nibble < 64; nibble++) {
            scalars.add(littleEndian(min.or(BigInteger.valueOf(8).shiftLeft(4 * nibble))));
        }
        for (byte[] k : scalars) {
            assertPublicKey(k);
        }
    }

    @Test
    void rfc7748Section61PublicKeys() {
        byte[] out = new byte[32];
        X25519.publicKey(HEX.parseHex(ALICE_PRIVATE), out);
        assertEquals(ALICE_PUBLIC, HEX.formatHex(out));
        X25519.publicKey(HEX.parseHex(BOB_PRIVATE), out);
        assertEquals(BOB_PUBLIC, HEX.formatHex(out));
        byte[] k = HEX.parseHex(ALICE_PRIVATE);
        X25519.clamp(k);
        FixedBase25519.scalarMultBase(k, out);
        assertEquals(ALICE_PUBLIC, HEX.formatHex(out));
    }

    @Test
    void signedRecodingHasSmallDigitsAndTheScalarsValue() {
        Random rnd = new Random(16);
        for (int i = 0; i < 5000; i++) {
            byte[] k = new byte[32];
            if (i < 256) {
                Arrays.fill(k, (byte) i);
            } else {
                rnd.nextBytes(k);
            }
            k[31] &= 0x7f;
            if (i == 5) {
                Arrays.fill(k, (byte) 0x77);
                k[0] = 0x78;
            }
            int[] e = new int[64];
            FixedBase25519.recode(k, e);
            if (i == 5) {
                for (int j = 0; j < 63; j++) {
                    assertEquals(-8, e[j]);
                }
                assertEquals(8, e[63]);
            }
            BigInteger sum = BigInteger.ZERO;
            for (int j = 63; j >= 0; j--) {
                assertTrue(e[j] >= -8 && e[j] <= 8, "digit " + j + " = " + e[j]);
                sum = sum.shiftLeft(4).add(BigInteger.valueOf(e[j]));
            }
            assertEquals(new BigInteger(1, reversed(k)), sum, HEX.formatHex(k));
        }
    }

    /** RFC 8032 §5.1: the edwards25519 base point, and d. */
    private static final BigInteger EDWARDS_D = new BigInteger(
            "37095705934669439343138083508754565189542113879843219016388785533085940283555");
    private static final BigInteger BASE_X = new BigInteger(
            "15112221349535400772501151409588531511454012693041857206046113283949847762202");
    private static final BigInteger BASE_Y = new BigInteger(
            "46316835694926478169428394003475163141307993866256225615783033603165251855960");

    @Test
    void edwardsBasePointIsRfc8032sAndMapsToU9() {
        assertEquals(EDWARDS_D, FixedBase25519.D);
        assertEquals(BASE_X, FixedBase25519.BASE_X);
        assertEquals(BASE_Y, FixedBase25519.BASE_Y);
        BigInteger u = BigInteger.ONE.add(BASE_Y).multiply(BigInteger.ONE.subtract(BASE_Y).modInverse(P)).mod(P);
        assertEquals(BigInteger.valueOf(9), u);
    }

    /**
     * Every table entry equals m * 256^j * B computed independently with affine BigInteger
     * arithmetic: 256^j * B by repeated doubling, its multiples by repeated addition; for the first
     * two tables 256 * B is also reached by 255 plain additions of B.
     */
    @Test
    void fixedBaseTableMatchesMultiplesOfTheBasePoint() {
        BigInteger[] b = {BASE_X, BASE_Y};
        BigInteger[] sum = b;
        for (int i = 1; i < 256; i++) {
            sum = edwardsAdd(sum, b);
        }
        BigInteger[] pj = b;
        for (int i = 0; i < 8; i++) {
            pj = edwardsAdd(pj, pj);
        }
        assertEquals(Arrays.asList(sum), Arrays.asList(pj), "256B by addition and by doubling");

        pj = b;
        for (int j = 0; j < FixedBase25519.TABLES; j++) {
            BigInteger[] multiple = pj;
            for (int m = 1; m <= FixedBase25519.ENTRIES; m++) {
                long[] entry = FixedBase25519.tableEntry(j, m);
                for (long limb : entry) {
                    assertTrue(limb >= 0 && limb < (1L << 51), "limb not reduced");
                }
                BigInteger x = multiple[0];
                BigInteger y = multiple[1];
                String where = "table " + j + " multiple " + m;
                assertEquals(y.add(x).mod(P), value(Arrays.copyOfRange(entry, 0, 5)), where);
                assertEquals(y.subtract(x).mod(P), value(Arrays.copyOfRange(entry, 5, 10)), where);
                assertEquals(EDWARDS_D.shiftLeft(1).multiply(x).multiply(y).mod(P),
                        value(Arrays.copyOfRange(entry, 10, 15)), where);
                multiple = edwardsAdd(multiple, pj);
            }
            for (int i = 0; i < 8; i++) {
                pj = edwardsAdd(pj, pj);
            }
        }
    }

    /** The affine edwards25519 addition law (complete, so it also doubles). */
    private static BigInteger[] edwardsAdd(BigInteger[] p1, BigInteger[] p2) {
        BigInteger x1 = p1[0];
        BigInteger y1 = p1[1];
        BigInteger x2 = p2[0];
        BigInteger y2 = p2[1];
        BigInteger dxy = EDWARDS_D.multiply(x1).multiply(x2).multiply(y1).multiply(y2).mod(P);
        BigInteger x3 = x1.multiply(y2).add(y1.multiply(x2))
                .multiply(BigInteger.ONE.add(dxy).modInverse(P)).mod(P);
        BigInteger y3 = y1.multiply(y2).add(x1.multiply(x2))
                .multiply(BigInteger.ONE.subtract(dxy).mod(P).modInverse(P)).mod(P);
        return new BigInteger[] {x3, y3};
    }

    /** publicKey(raw) against BouncyCastle's fixed-base and our ladder on the clamped scalar and u = 9. */
    private static void assertPublicKey(byte[] raw) {
        byte[] rawCopy = raw.clone();
        byte[] clamped = raw.clone();
        X25519.clamp(clamped);
        byte[] actual = new byte[32];
        X25519.publicKey(raw, actual);
        byte[] fromClamped = new byte[32];
        X25519.publicKey(clamped, fromClamped);
        byte[] bc = new byte[32];
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(clamped, 0, bc, 0);
        byte[] nine = new byte[32];
        nine[0] = 9;
        byte[] ladder = new byte[32];
        X25519.scalarMult(clamped, nine, ladder);
        String context = "k=" + HEX.formatHex(raw);
        assertEquals(HEX.formatHex(bc), HEX.formatHex(actual), context);
        assertEquals(HEX.formatHex(ladder), HEX.formatHex(actual), context);
        assertArrayEquals(actual, fromClamped, context);
        assertArrayEquals(rawCopy, raw, "private key modified");
    }

    private static byte[] reversed(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
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
