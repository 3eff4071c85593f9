package io.wghub.gateway.crypto;

import java.math.BigInteger;
import java.util.Arrays;

/** Constant-time fixed-base scalar multiplication on edwards25519, giving X25519 public keys. */
final class FixedBase25519 {

    /*
     * Why Edwards: X25519(k, 9) is the u-coordinate of k*P for the Montgomery base point P, and
     * the birational map u = (1 + y) / (1 - y) (RFC 7748 §4.1) takes the edwards25519 curve
     * -x^2 + y^2 = 1 + d*x^2*y^2, d = -121665/121666, with its base point B (y = 4/5) to that
     * curve and B to P (u = (1 + 4/5) / (1 - 4/5) = 9). The map is a group isomorphism, so
     * u(k*P) = (1 + y(k*B)) / (1 - y(k*B)). Unlike the Montgomery ladder, Edwards addition of
     * arbitrary points is cheap, which lets us add precomputed multiples of B.
     *
     * Method (signed radix 16, a comb of two interleaved halves): the scalar is rewritten as
     * k = sum_{i=0}^{63} e_i * 16^i with digits e_i in [-8, 8]. Table j (j = 0..31) holds
     * m * 256^j * B for m = 1..8, so e_{2j} * 16^{2j} * B is one table entry, possibly negated,
     * and e_{2j+1} * 16^{2j+1} * B is 16 times one. Hence
     *     k*B = 16 * sum_j e_{2j+1} * 256^j * B  +  sum_j e_{2j} * 256^j * B,
     * i.e. 32 lookups and additions (the first lookup is simply converted), 4 doublings, 32
     * lookups and additions, and one inversion for the conversion to u.
     *
     * Formulas: extended coordinates (X : Y : Z : T), x = X/Z, y = Y/Z, xy = T/Z, and the
     * unified addition of Hisil-Wong-Carter-Dawson 2008 (section 3.1, "add-2008-hwcd-3") for
     * a = -1 with the constant 2d. On this curve a = -1 is a square and d is not a square mod p,
     * so these formulas are complete: they are correct for every pair of curve points, including
     * doubling, the neutral element and P + (-P). The secret-dependent inputs (table entries,
     * the identity for a zero digit, negated entries) therefore never need special cases.
     *
     * Limb bounds follow Field25519: products are tight (< 2^51 + 2^24); a product operand may be
     * loose (< 2^53), which covers one tight value plus another, or a tight value plus 2p minus
     * a tight value. Anything bigger (2*Z plus 2p, or sums of three terms) is first brought back
     * to tight limbs with one carry pass (carry()).
     */

    static final int TABLES = 32;
    static final int ENTRIES = 8;
    /** An entry is (y + x, y - x, 2dxy) of an affine point, fully reduced, 3 x 5 limbs. */
    static final int ENTRY_LONGS = 15;

    private static final long MASK51 = Field25519.MASK51;
    private static final long TWO_P0 = 2 * ((1L << 51) - 19);
    private static final long TWO_P1234 = 2 * ((1L << 51) - 1);
    private static final long FOUR_P0 = 4 * ((1L << 51) - 19);
    private static final long FOUR_P1234 = 4 * ((1L << 51) - 1);

    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    /** The curve constant d = -121665/121666 mod p. */
    static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);

    /** The base point's y = 4/5 mod p. */
    static final BigInteger BASE_Y = BigInteger.valueOf(4)
            .multiply(BigInteger.valueOf(5).modInverse(P)).mod(P);

    /** The base point's x, the even square root of (y^2 - 1) / (d y^2 + 1) (RFC 8032 §5.1). */
    static final BigInteger BASE_X = recoverX(BASE_Y);

    /**
     * TABLE[j] holds m * 256^j * B for m = 1..8, limb-major: limb i (0..14) of multiple m is at
     * i * ENTRIES + m - 1. Public data, computed once from B; every lookup reads all 8 multiples of
     * its table. One array per table, of fixed length, lets the JIT check bounds once per lookup.
     */
    private static final long[][] TABLE = buildTable();

    private FixedBase25519() {
    }

    /**
     * out = u(k * B) = X25519(k, 9), for a little-endian scalar k of 32 bytes whose bit 255 is
     * clear (clamped keys are; bit 255 is ignored otherwise). Constant time in k: the sequence of
     * operations and memory addresses is the same for every k.
     */
    static void scalarMultBase(byte[] k, byte[] out) {
        int[] e = new int[64];
        long[] s = new long[ENTRY_LONGS];
        Ext p = new Ext();
        Work w = new Work();
        recode(k, e);

        select(s, 0, e[1]);
        fromNiels(p, s, w);
        for (int i = 3; i < 64; i += 2) {
            select(s, i >>> 1, e[i]);
            // The last sum of this half goes into doublings, which do not read T.
            addNiels(p, s, w, i != 63);
        }
        doublePoint(p, w, false);
        doublePoint(p, w, false);
        doublePoint(p, w, false);
        doublePoint(p, w, true);
        for (int i = 0; i < 64; i += 2) {
            select(s, i >>> 1, e[i]);
            addNiels(p, s, w, i != 62);
        }

        // u = (1 + y) / (1 - y) = (Z + Y) / (Z - Y). Z = Y only for the neutral element, i.e.
        // when the order l of B divides k; the multiples of l in [2^254, 2^255) are 4l..7l, none
        // divisible by 8, so no clamped k does. Were Z - Y zero, invert() would give 0 and so
        // would u, the same as the ladder's result for the neutral element.
        carry(w.a, p.z.l0 + TWO_P0 - p.y.l0, p.z.l1 + TWO_P1234 - p.y.l1, p.z.l2 + TWO_P1234 - p.y.l2,
                p.z.l3 + TWO_P1234 - p.y.l3, p.z.l4 + TWO_P1234 - p.y.l4);
        Field25519.invert(w.b, w.a);
        Field25519.mulLimbs(w.c, p.z.l0 + p.y.l0, p.z.l1 + p.y.l1, p.z.l2 + p.y.l2,
                p.z.l3 + p.y.l3, p.z.l4 + p.y.l4, w.b.l0, w.b.l1, w.b.l2, w.b.l3, w.b.l4);
        w.c.encode(out);

        Arrays.fill(e, 0);
        Arrays.fill(s, 0);
        p.setZero();
        w.setZero();
    }

    /**
     * Signed radix-16 digits of k: e_i in [-8, 7] for i &lt; 63 and e_63 in [0, 8], with
     * k = sum e_i * 16^i. Each nibble n_i plus the incoming carry c is in [0, 16]; the outgoing
     * carry is 1 exactly when that is &gt;= 8, computed arithmetically as (n_i + c + 8) &gt;&gt; 4,
     * and 16 times it is subtracted. The top nibble is at most 7 (bit 255 masked off), so e_63
     * is at most 8. No branch or memory index depends on k.
     */
    static void recode(byte[] k, int[] e) {
        for (int i = 0; i < 32; i++) {
            e[2 * i] = k[i] & 15;
            e[2 * i + 1] = (k[i] >>> 4) & 15;
        }
        e[63] &= 7;
        int carry = 0;
        for (int i = 0; i < 63; i++) {
            e[i] += carry;
            carry = (e[i] + 8) >> 4;
            e[i] -= carry << 4;
        }
        e[63] += carry;
    }

    /**
     * s = digit * 256^table * B in niels form, digit in [-8, 8], reading all 8 entries of the table
     * and combining them with masks: exactly the entry m = |digit| (none for 0) has an all-ones
     * mask. A zero digit gives the neutral element (1, 1, 0). A negative digit then negates the
     * point, -(x, y) = (-x, y), i.e. (y + x, y - x, 2dxy) becomes (y - x, y + x, -2dxy): a masked
     * swap of the first two and a masked choice of 2p - 2dxy (limbs &lt; 2^52, a loose operand).
     */
    private static void select(long[] s, int table, int digit) {
        int sign = digit >> 31;                  // -1 for a negative digit, else 0
        int abs = (digit ^ sign) - sign;         // |digit| in [0, 8]
        long m1 = eqMask(abs, 1);
        long m2 = eqMask(abs, 2);
        long m3 = eqMask(abs, 3);
        long m4 = eqMask(abs, 4);
        long m5 = eqMask(abs, 5);
        long m6 = eqMask(abs, 6);
        long m7 = eqMask(abs, 7);
        long m8 = eqMask(abs, 8);
        long neg = sign;
        long[] tab = TABLE[table];
        for (int i = 0; i < 5; i++) {
            long yp = pick(tab, ENTRIES * i, m1, m2, m3, m4, m5, m6, m7, m8);
            long ym = pick(tab, ENTRIES * (i + 5), m1, m2, m3, m4, m5, m6, m7, m8);
            long t = pick(tab, ENTRIES * (i + 10), m1, m2, m3, m4, m5, m6, m7, m8);
            long swap = neg & (yp ^ ym);
            s[i] = yp ^ swap;
            s[i + 5] = ym ^ swap;
            // 2p - t with limb 0 of 2p taken as TWO_P1234 here and corrected below.
            s[i + 10] = t ^ (neg & (t ^ (TWO_P1234 - t)));
        }
        s[10] -= neg & (TWO_P1234 - TWO_P0);
        long none = eqMask(abs, 0) & 1;
        s[0] |= none;
        s[5] |= none;
    }

    /**
     * OR of the 8 candidates of one limb, each ANDed with its mask. The table is stored limb-major
     * (the 8 multiples' values of one limb are adjacent) so that this reads one run of 8 longs.
     */
    private static long pick(long[] tab, int off, long m1, long m2, long m3, long m4, long m5,
            long m6, long m7, long m8) {
        return (tab[off] & m1) | (tab[off + 1] & m2) | (tab[off + 2] & m3) | (tab[off + 3] & m4)
                | (tab[off + 4] & m5) | (tab[off + 5] & m6) | (tab[off + 6] & m7) | (tab[off + 7] & m8);
    }

    /** All ones when a == b, else zero, for a, b in [0, 15]: (a ^ b) - 1 is negative only for 0. */
    private static long eqMask(int a, int b) {
        return ((a ^ b) - 1) >> 31;
    }

    /**
     * p = p + q for q = (y+x, y-x, 2dxy) in s (mixed addition, Z_q = 1; 7 multiplications, 6
     * without T). With A = (Y-X)(y-x), B = (Y+X)(y+x), C = T*2dxy, D = 2Z:
     * E = B - A = 2(Xy + Yx), H = B + A = 2(Yy + Xx), F = D - C, G = D + C, and the result is
     * (EF : GH : FG : EH), so x3 = E/G = (x1y2 + y1x2)/(1 + d x1x2y1y2) and
     * y3 = H/F = (y1y2 + x1x2)/(1 - d x1x2y1y2), the affine addition law for a = -1.
     * Inputs: p tight, s entries &lt; 2^52. Output tight.
     */
    private static void addNiels(Ext p, long[] s, Work w, boolean withT) {
        Field25519 x = p.x;
        Field25519 y = p.y;
        Field25519 z = p.z;
        Field25519 t = p.t;
        Field25519.mulLimbs(w.a,
                y.l0 + TWO_P0 - x.l0, y.l1 + TWO_P1234 - x.l1, y.l2 + TWO_P1234 - x.l2,
                y.l3 + TWO_P1234 - x.l3, y.l4 + TWO_P1234 - x.l4,
                s[5], s[6], s[7], s[8], s[9]);
        Field25519.mulLimbs(w.b, y.l0 + x.l0, y.l1 + x.l1, y.l2 + x.l2, y.l3 + x.l3, y.l4 + x.l4,
                s[0], s[1], s[2], s[3], s[4]);
        Field25519.mulLimbs(w.c, t.l0, t.l1, t.l2, t.l3, t.l4, s[10], s[11], s[12], s[13], s[14]);
        // D = 2Z would not leave room for adding 2p, so it is carried back to tight limbs.
        carry(w.d, z.l0 << 1, z.l1 << 1, z.l2 << 1, z.l3 << 1, z.l4 << 1);
        finish(p, w, withT);
    }

    /**
     * p = the point q = (y+x, y-x, 2dxy) in s, instead of adding q to the neutral element (one
     * multiplication instead of seven): with y+x - (y-x) = 2x and y+x + (y-x) = 2y,
     * p = (2(2x) : 2(2y) : 4 : (2x)(2y)), so X/Z = x, Y/Z = y and T/Z = xy. The neutral element
     * (1, 1, 0) gives (0 : 4 : 4 : 0). The doubled terms are carried back to tight limbs.
     */
    private static void fromNiels(Ext p, long[] s, Work w) {
        long x0 = s[0] + TWO_P0 - s[5];
        long x1 = s[1] + TWO_P1234 - s[6];
        long x2 = s[2] + TWO_P1234 - s[7];
        long x3 = s[3] + TWO_P1234 - s[8];
        long x4 = s[4] + TWO_P1234 - s[9];
        long y0 = s[0] + s[5];
        long y1 = s[1] + s[6];
        long y2 = s[2] + s[7];
        long y3 = s[3] + s[8];
        long y4 = s[4] + s[9];
        Field25519.mulLimbs(p.t, x0, x1, x2, x3, x4, y0, y1, y2, y3, y4);
        carry(p.x, x0 << 1, x1 << 1, x2 << 1, x3 << 1, x4 << 1);
        carry(p.y, y0 << 1, y1 << 1, y2 << 1, y3 << 1, y4 << 1);
        p.z.setZero();
        p.z.l0 = 4;
    }

    /**
     * Common tail of both additions, from tight A, B, C, D in w: E = B - A, H = B + A, F = D - C,
     * G = D + C (all loose), then X = EF, Y = GH, Z = FG, and T = EH when withT.
     */
    private static void finish(Ext p, Work w, boolean withT) {
        Field25519 a = w.a;
        Field25519 b = w.b;
        Field25519 c = w.c;
        Field25519 d = w.d;
        long e0 = b.l0 + TWO_P0 - a.l0;
        long e1 = b.l1 + TWO_P1234 - a.l1;
        long e2 = b.l2 + TWO_P1234 - a.l2;
        long e3 = b.l3 + TWO_P1234 - a.l3;
        long e4 = b.l4 + TWO_P1234 - a.l4;
        long h0 = b.l0 + a.l0;
        long h1 = b.l1 + a.l1;
        long h2 = b.l2 + a.l2;
        long h3 = b.l3 + a.l3;
        long h4 = b.l4 + a.l4;
        long f0 = d.l0 + TWO_P0 - c.l0;
        long f1 = d.l1 + TWO_P1234 - c.l1;
        long f2 = d.l2 + TWO_P1234 - c.l2;
        long f3 = d.l3 + TWO_P1234 - c.l3;
        long f4 = d.l4 + TWO_P1234 - c.l4;
        long g0 = d.l0 + c.l0;
        long g1 = d.l1 + c.l1;
        long g2 = d.l2 + c.l2;
        long g3 = d.l3 + c.l3;
        long g4 = d.l4 + c.l4;
        Field25519.mulLimbs(p.x, e0, e1, e2, e3, e4, f0, f1, f2, f3, f4);
        Field25519.mulLimbs(p.y, g0, g1, g2, g3, g4, h0, h1, h2, h3, h4);
        Field25519.mulLimbs(p.z, f0, f1, f2, f3, f4, g0, g1, g2, g3, g4);
        if (withT) {
            Field25519.mulLimbs(p.t, e0, e1, e2, e3, e4, h0, h1, h2, h3, h4);
        }
    }

    /**
     * p = 2p (HWCD "dbl-2008-hwcd" for a = -1, 4 squarings and 3 or 4 multiplications; T is not
     * read). With A = X^2, B = Y^2, C = Z^2, E = (X+Y)^2 - A - B = 2XY, G = B - A, H = A + B,
     * F = 2C - G, the result is (EF : GH : FG : EH): x = E/G = 2XY/(Y^2 - X^2) and
     * y = H/F = (X^2 + Y^2)/(2Z^2 - Y^2 + X^2), which is the doubling law on
     * -x^2 + y^2 = 1 + dx^2y^2 (the curve equation turns the addition law's denominators
     * 1 +- dx^2y^2 into y^2 - x^2 and 2 - y^2 + x^2). HWCD's F and H are the negatives of these,
     * which scales all four coordinates by -1, the same projective point.
     * E and F have three terms and are carried back to tight limbs; G and H are loose.
     */
    private static void doublePoint(Ext p, Work w, boolean withT) {
        Field25519 x = p.x;
        Field25519 y = p.y;
        Field25519 a = w.a;
        Field25519 b = w.b;
        Field25519 c = w.c;
        Field25519.square(a, x);
        Field25519.square(b, y);
        Field25519.square(c, p.z);
        Field25519.squareLimbs(w.d, x.l0 + y.l0, x.l1 + y.l1, x.l2 + y.l2, x.l3 + y.l3, x.l4 + y.l4);
        // (X+Y)^2 + 4p - A - B: limbs in [0, 2^54), since 4p's limbs exceed A + B's.
        Field25519 d = w.d;
        carry(w.e, d.l0 + FOUR_P0 - a.l0 - b.l0, d.l1 + FOUR_P1234 - a.l1 - b.l1,
                d.l2 + FOUR_P1234 - a.l2 - b.l2, d.l3 + FOUR_P1234 - a.l3 - b.l3,
                d.l4 + FOUR_P1234 - a.l4 - b.l4);
        // F = 2C - (B - A) = 2C + A + 2p - B: limbs in [0, 2^54).
        carry(w.f, 2 * c.l0 + a.l0 + TWO_P0 - b.l0, 2 * c.l1 + a.l1 + TWO_P1234 - b.l1,
                2 * c.l2 + a.l2 + TWO_P1234 - b.l2, 2 * c.l3 + a.l3 + TWO_P1234 - b.l3,
                2 * c.l4 + a.l4 + TWO_P1234 - b.l4);
        Field25519 e = w.e;
        Field25519 f = w.f;
        long g0 = b.l0 + TWO_P0 - a.l0;
        long g1 = b.l1 + TWO_P1234 - a.l1;
        long g2 = b.l2 + TWO_P1234 - a.l2;
        long g3 = b.l3 + TWO_P1234 - a.l3;
        long g4 = b.l4 + TWO_P1234 - a.l4;
        long h0 = a.l0 + b.l0;
        long h1 = a.l1 + b.l1;
        long h2 = a.l2 + b.l2;
        long h3 = a.l3 + b.l3;
        long h4 = a.l4 + b.l4;
        Field25519.mul(p.x, e, f);
        Field25519.mulLimbs(p.y, g0, g1, g2, g3, g4, h0, h1, h2, h3, h4);
        Field25519.mulLimbs(p.z, f.l0, f.l1, f.l2, f.l3, f.l4, g0, g1, g2, g3, g4);
        if (withT) {
            Field25519.mulLimbs(p.t, e.l0, e.l1, e.l2, e.l3, e.l4, h0, h1, h2, h3, h4);
        }
    }

    /**
     * r = p + q for two extended points (the general HWCD addition, 9 multiplications with the
     * constant 2d); only used to build the table. A = (Y1-X1)(Y2-X2), B = (Y1+X1)(Y2+X2),
     * C = 2d T1 T2, D = 2 Z1 Z2, then as {@link #finish}. r may be p or q.
     */
    private static void add(Ext r, Ext p, Ext q, Field25519 twoD, Work w) {
        Field25519.mulLimbs(w.a,
                p.y.l0 + TWO_P0 - p.x.l0, p.y.l1 + TWO_P1234 - p.x.l1, p.y.l2 + TWO_P1234 - p.x.l2,
                p.y.l3 + TWO_P1234 - p.x.l3, p.y.l4 + TWO_P1234 - p.x.l4,
                q.y.l0 + TWO_P0 - q.x.l0, q.y.l1 + TWO_P1234 - q.x.l1, q.y.l2 + TWO_P1234 - q.x.l2,
                q.y.l3 + TWO_P1234 - q.x.l3, q.y.l4 + TWO_P1234 - q.x.l4);
        Field25519.mulLimbs(w.b,
                p.y.l0 + p.x.l0, p.y.l1 + p.x.l1, p.y.l2 + p.x.l2, p.y.l3 + p.x.l3, p.y.l4 + p.x.l4,
                q.y.l0 + q.x.l0, q.y.l1 + q.x.l1, q.y.l2 + q.x.l2, q.y.l3 + q.x.l3, q.y.l4 + q.x.l4);
        Field25519.mul(w.c, p.t, q.t);
        Field25519.mul(w.c, w.c, twoD);
        Field25519.mul(w.e, p.z, q.z);
        carry(w.d, w.e.l0 << 1, w.e.l1 << 1, w.e.l2 << 1, w.e.l3 << 1, w.e.l4 << 1);
        finish(r, w, true);
    }

    /**
     * h = the column values c_k (each in [0, 2^62)) with one round of carries: limb k keeps its
     * low 51 bits and receives c_(k-1) >> 51 (c_4 >> 51 times 19 for limb 0, as 2^255 = 19).
     * For inputs below 2^54 every carry is below 8, so the limbs are &lt; 2^51 + 152: tight.
     */
    private static void carry(Field25519 h, long c0, long c1, long c2, long c3, long c4) {
        h.l0 = (c0 & MASK51) + 19 * (c4 >>> 51);
        h.l1 = (c1 & MASK51) + (c0 >>> 51);
        h.l2 = (c2 & MASK51) + (c1 >>> 51);
        h.l3 = (c3 & MASK51) + (c2 >>> 51);
        h.l4 = (c4 & MASK51) + (c3 >>> 51);
    }

    // ---- Table construction (class initialisation; public data, so speed matters, not timing) ----

    /**
     * Computes m * 256^j * B for j &lt; 32, m = 1..8 by repeated addition of 256^j * B (itself 32
     * times the previous table's last multiple), then all 256 points to affine with a single
     * inversion (Montgomery's simultaneous inversion) and to fully reduced (y + x, y - x, 2dxy).
     */
    private static long[][] buildTable() {
        Field25519 twoD = element(D.shiftLeft(1).mod(P));
        Work w = new Work();
        int n = TABLES * ENTRIES;
        Ext[] points = new Ext[n];
        Ext base = new Ext();
        base.x.set(element(BASE_X));
        base.y.set(element(BASE_Y));
        base.z.setOne();
        Field25519.mul(base.t, base.x, base.y);
        for (int j = 0; j < TABLES; j++) {
            points[j * ENTRIES] = base.copy();
            for (int m = 1; m < ENTRIES; m++) {
                Ext sum = new Ext();
                add(sum, points[j * ENTRIES + m - 1], base, twoD, w);
                points[j * ENTRIES + m] = sum;
            }
            // 256^(j+1) * B = 32 * (8 * 256^j * B): five doublings of the last multiple.
            base = points[j * ENTRIES + ENTRIES - 1].copy();
            for (int i = 0; i < 5; i++) {
                doublePoint(base, w, true);
            }
        }

        // prefix[i] = Z_0 * ... * Z_i; one inversion of the whole product, then peel off.
        Field25519[] prefix = new Field25519[n];
        prefix[0] = new Field25519();
        prefix[0].set(points[0].z);
        for (int i = 1; i < n; i++) {
            prefix[i] = new Field25519();
            Field25519.mul(prefix[i], prefix[i - 1], points[i].z);
        }
        Field25519 inv = new Field25519();
        Field25519.invert(inv, prefix[n - 1]);   // never 0: Z = FG with F, G != 0 (completeness)
        long[][] table = new long[TABLES][ENTRIES * ENTRY_LONGS];
        Field25519 zInv = new Field25519();
        Field25519 x = new Field25519();
        Field25519 y = new Field25519();
        Field25519 v = new Field25519();
        for (int i = n - 1; i >= 0; i--) {
            if (i > 0) {
                Field25519.mul(zInv, inv, prefix[i - 1]);   // 1/Z_i
                Field25519.mul(inv, inv, points[i].z);      // 1/(Z_0 ... Z_{i-1})
            } else {
                zInv.set(inv);
            }
            Field25519.mul(x, points[i].x, zInv);
            Field25519.mul(y, points[i].y, zInv);
            long[] t = table[i / ENTRIES];
            int off = i % ENTRIES;              // limb 0 of multiple i % ENTRIES + 1
            v.l0 = y.l0 + x.l0;
            v.l1 = y.l1 + x.l1;
            v.l2 = y.l2 + x.l2;
            v.l3 = y.l3 + x.l3;
            v.l4 = y.l4 + x.l4;
            store(t, off, v);
            v.l0 = y.l0 + TWO_P0 - x.l0;
            v.l1 = y.l1 + TWO_P1234 - x.l1;
            v.l2 = y.l2 + TWO_P1234 - x.l2;
            v.l3 = y.l3 + TWO_P1234 - x.l3;
            v.l4 = y.l4 + TWO_P1234 - x.l4;
            store(t, off + 5 * ENTRIES, v);
            Field25519.mul(v, x, y);
            Field25519.mul(v, v, twoD);
            store(t, off + 10 * ENTRIES, v);
        }
        return table;
    }

    /** Stores the fully reduced limbs (each &lt; 2^51) of a loose f at table[off + i * ENTRIES]. */
    private static void store(long[] table, int off, Field25519 f) {
        byte[] bytes = new byte[32];
        f.encode(bytes);
        Field25519 r = new Field25519();
        r.decode(bytes);
        table[off] = r.l0;
        table[off + ENTRIES] = r.l1;
        table[off + 2 * ENTRIES] = r.l2;
        table[off + 3 * ENTRIES] = r.l3;
        table[off + 4 * ENTRIES] = r.l4;
    }

    /** A copy of table j's entry for the multiple m (1..8): limbs of y + x, y - x, 2dxy. For tests. */
    static long[] tableEntry(int j, int m) {
        long[] entry = new long[ENTRY_LONGS];
        for (int i = 0; i < ENTRY_LONGS; i++) {
            entry[i] = TABLE[j][i * ENTRIES + m - 1];
        }
        return entry;
    }

    /**
     * The x with x^2 = (y^2 - 1) / (d y^2 + 1) and x even (RFC 8032 §5.1.3). As p = 5 mod 8, a
     * candidate root is r = a^((p+3)/8); if r^2 = -a instead of a, r * sqrt(-1) is the root,
     * with sqrt(-1) = 2^((p-1)/4). The result is checked against the curve equation.
     */
    private static BigInteger recoverX(BigInteger y) {
        BigInteger y2 = y.multiply(y).mod(P);
        BigInteger a = y2.subtract(BigInteger.ONE)
                .multiply(D.multiply(y2).add(BigInteger.ONE).modInverse(P)).mod(P);
        BigInteger r = a.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (!r.multiply(r).mod(P).equals(a)) {
            r = r.multiply(BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P)).mod(P);
        }
        if (r.testBit(0)) {
            r = P.subtract(r);
        }
        BigInteger x2 = r.multiply(r).mod(P);
        BigInteger lhs = y2.subtract(x2).mod(P);
        BigInteger rhs = BigInteger.ONE.add(D.multiply(x2).multiply(y2)).mod(P);
        if (!lhs.equals(rhs)) {
            throw new AssertionError("edwards25519 base point not on the curve");
        }
        return r;
    }

    /** A tight element from a value in [0, p). */
    private static Field25519 element(BigInteger v) {
        Field25519 f = new Field25519();
        long m = MASK51;
        f.l0 = v.longValue() & m;
        f.l1 = v.shiftRight(51).longValue() & m;
        f.l2 = v.shiftRight(102).longValue() & m;
        f.l3 = v.shiftRight(153).longValue() & m;
        f.l4 = v.shiftRight(204).longValue() & m;
        return f;
    }

    /** A point in extended twisted Edwards coordinates (X : Y : Z : T), XY = ZT. */
    private static final class Ext {
        final Field25519 x = new Field25519();
        final Field25519 y = new Field25519();
        final Field25519 z = new Field25519();
        final Field25519 t = new Field25519();

        Ext copy() {
            Ext c = new Ext();
            c.x.set(x);
            c.y.set(y);
            c.z.set(z);
            c.t.set(t);
            return c;
        }

        void setZero() {
            x.setZero();
            y.setZero();
            z.setZero();
            t.setZero();
        }
    }

    /** Temporaries of the point operations, allocated once per multiplication. */
    private static final class Work {
        final Field25519 a = new Field25519();
        final Field25519 b = new Field25519();
        final Field25519 c = new Field25519();
        final Field25519 d = new Field25519();
        final Field25519 e = new Field25519();
        final Field25519 f = new Field25519();

        void setZero() {
            a.setZero();
            b.setZero();
            c.setZero();
            d.setZero();
            e.setZero();
            f.setZero();
        }
    }
}
