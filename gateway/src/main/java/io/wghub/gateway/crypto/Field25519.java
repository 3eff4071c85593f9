package io.wghub.gateway.crypto;

/**
 * A mutable element of GF(2^255 - 19) on five unsigned 51-bit limbs, with the constant-time
 * arithmetic the X25519 Montgomery ladder needs.
 *
 * <p>The value is {@code l0 + l1*2^51 + l2*2^102 + l3*2^153 + l4*2^204}, reduced modulo p only
 * lazily. Two limb bounds are used:
 * <ul>
 *   <li><b>tight</b>: every limb {@code < 2^51 + 2^24}. Every operation here returns tight
 *       elements, and {@link #decode} and the constants are tight. Sums and differences are
 *       only ever formed of tight operands.
 *   <li><b>loose</b>: every limb {@code < 2^53}. The multiplication core accepts loose operands;
 *       a sum f + g or a difference f + 2p - g of tight elements is loose.
 * </ul>
 * Sums and differences are not separate operations: the ladder's fused operations form them
 * limb by limb on the way into a multiplication, which saves a pass through memory per term.
 * No method branches on or indexes memory by limb values, and every operation reads all of its
 * inputs before writing its output, so the output may alias any input.
 */
final class Field25519 {

    static final long MASK51 = (1L << 51) - 1;

    /**
     * Limbs of 2p = 2^256 - 38. Differences are computed as f + 2p - g, which keeps every limb
     * non-negative for any tight subtrahend (2^51 + 2^24 &lt;= 2^52 - 38) and below
     * 2^51 + 2^24 + 2^52 &lt; 2^53 for any tight minuend.
     */
    private static final long TWO_P0 = 2 * ((1L << 51) - 19);
    private static final long TWO_P1234 = 2 * ((1L << 51) - 1);

    /*
     * Multiplication without 128-bit integers. A column of the schoolbook product is an exact
     * integer S = sum of a_i * b_j (with a factor 19 on terms folded down from 2^255), S < 2^113.
     * We need floor(S / 2^51) and S mod 2^51. Java only has 64-bit integer products, and
     * Math.multiplyHigh costs about twice an ordinary multiply, so instead:
     *   - s = S mod 2^64 is computed exactly with wrapping long multiplies and adds;
     *   - S = q * 2^64 + s (s read as signed), and q = (S - s) / 2^64 is recovered from a
     *     double-precision estimate t of S - s, rounded to the nearest multiple of 2^64. This is
     *     exact as long as |t - q * 2^64| < 2^63 (error bound below), and the FP units do this
     *     work in parallel with the integer multiplier;
     *   - then floor(S / 2^51) = q * 2^13 + (s >> 51) and S mod 2^51 = s & MASK51.
     *
     * Error bound for t (u = 2^-53 the unit roundoff). t is a sum of the column's products and
     * of -s, where the folded products are first summed and then multiplied by 19. The
     * expressions are grouped so that every term goes through at most 5 correctly rounded steps
     * (its product, at most two additions, the multiplication by 19, the final addition; -s:
     * its conversion and at most three additions/subtractions; limbs < 2^53 convert exactly).
     * The standard bound for such a sum is |t - (S - s)| <= 5u/(1 - 5u) * sum|terms|, with
     * sum|terms| <= S + 2^63. With loose inputs (limbs < 2^53) the largest column has
     * S < (1 + 4 * 19) * 2^106 < 2^112.3, so the error is < 5.01 * 2^-53 * 2^112.3 < 2^61.7,
     * well below 2^63. Squares have the same bound on S and no more roundings.
     *
     * Rounding to a multiple of 2^64 adds ROUND = 1.5 * 2^116, whose binade [2^116, 2^117) has
     * a unit in the last place of exactly 2^64 and contains ROUND + t for every |t| < 2^115
     * (here -2^64 < t < 2^113): the hardware's round-to-nearest then does the rounding, and
     * since all values in one binade share the exponent, q = bits(ROUND + t) - bits(ROUND). No
     * branch and no float-to-long cast is involved. All doubles here are zero or integers of magnitude >= 1,
     * far from the subnormal range, so the FP instructions take data-independent time.
     */
    private static final double ROUND = 0x1.8p116;
    private static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);

    /** The ladder constant a24 = (486662 - 2) / 4 of RFC 7748 §5. */
    private static final long A24 = 121665;

    long l0;
    long l1;
    long l2;
    long l3;
    long l4;

    void setZero() {
        l0 = 0;
        l1 = 0;
        l2 = 0;
        l3 = 0;
        l4 = 0;
    }

    void setOne() {
        l0 = 1;
        l1 = 0;
        l2 = 0;
        l3 = 0;
        l4 = 0;
    }

    void set(Field25519 f) {
        l0 = f.l0;
        l1 = f.l1;
        l2 = f.l2;
        l3 = f.l3;
        l4 = f.l4;
    }

    /** h = f * g. Inputs tight (loose works too); output tight. */
    static void mul(Field25519 h, Field25519 f, Field25519 g) {
        mulLimbs(h, f.l0, f.l1, f.l2, f.l3, f.l4, g.l0, g.l1, g.l2, g.l3, g.l4);
    }

    /** h = (a + b) * (c - d). Inputs tight; output tight. */
    static void mulSumDiff(Field25519 h, Field25519 a, Field25519 b, Field25519 c, Field25519 d) {
        mulLimbs(h,
                a.l0 + b.l0, a.l1 + b.l1, a.l2 + b.l2, a.l3 + b.l3, a.l4 + b.l4,
                c.l0 + TWO_P0 - d.l0, c.l1 + TWO_P1234 - d.l1, c.l2 + TWO_P1234 - d.l2,
                c.l3 + TWO_P1234 - d.l3, c.l4 + TWO_P1234 - d.l4);
    }

    /**
     * h = e * (aa + 121665 * e) with e = aa - bb: the z_2 update of the RFC 7748 ladder. Inputs
     * tight; output tight.
     *
     * <p>e is loose (&lt; 2^53), so each limb product e_i * 121665 &lt; 2^70 is split at bit 51
     * with Math.multiplyHigh: scaling the operands to (e_i << 8) &lt; 2^61 and (121665 << 5)
     * &lt; 2^22 scales the product by 2^13, so the high 64 bits of the 128-bit product are exactly
     * floor(e_i * 121665 / 2^51) (&lt; 2^19) and the low 64 bits shifted right by 13 are exactly
     * e_i * 121665 mod 2^51; both operands are non-negative, so the signed high product is
     * exact. The resulting limbs of 121665 * e are &lt; 2^51 + 19 * 2^19 (tight), and adding the
     * tight aa gives a loose factor.
     */
    static void mulA24(Field25519 h, Field25519 aa, Field25519 bb) {
        long e0 = aa.l0 + TWO_P0 - bb.l0;
        long e1 = aa.l1 + TWO_P1234 - bb.l1;
        long e2 = aa.l2 + TWO_P1234 - bb.l2;
        long e3 = aa.l3 + TWO_P1234 - bb.l3;
        long e4 = aa.l4 + TWO_P1234 - bb.l4;
        final long a24 = A24 << 5;
        long x0 = e0 << 8;
        long x1 = e1 << 8;
        long x2 = e2 << 8;
        long x3 = e3 << 8;
        long x4 = e4 << 8;
        long c0 = Math.multiplyHigh(x0, a24);
        long c1 = Math.multiplyHigh(x1, a24);
        long c2 = Math.multiplyHigh(x2, a24);
        long c3 = Math.multiplyHigh(x3, a24);
        long c4 = Math.multiplyHigh(x4, a24);
        mulLimbs(h, e0, e1, e2, e3, e4,
                aa.l0 + ((x0 * a24) >>> 13) + times19(c4),
                aa.l1 + ((x1 * a24) >>> 13) + c0,
                aa.l2 + ((x2 * a24) >>> 13) + c1,
                aa.l3 + ((x3 * a24) >>> 13) + c2,
                aa.l4 + ((x4 * a24) >>> 13) + c3);
    }

    /**
     * h = f * g on limbs, all non-negative and &lt; 2^53 (loose); output tight.
     *
     * <p>Schoolbook product; terms of weight 2^255 and above are folded down with 2^255 = 19
     * (mod p), multiplying their sum within each column by 19. Column sums: S_k &lt; 2^112.3, so
     * floor(S_k / 2^51) &lt; 2^61.3; column 4 has no factor 19, so S_4 &lt; 5 * 2^106 and
     * 19 * floor(S_4 / 2^51) &lt; 2^61.6. Every value passed to carry() is therefore below 2^62.
     */
    static void mulLimbs(Field25519 h, long f0, long f1, long f2, long f3, long f4,
            long g0, long g1, long g2, long g3, long g4) {
        // Limbs < 2^53 convert to double exactly.
        double df0 = f0;
        double df1 = f1;
        double df2 = f2;
        double df3 = f3;
        double df4 = f4;
        double dg0 = g0;
        double dg1 = g1;
        double dg2 = g2;
        double dg3 = g3;
        double dg4 = g4;

        // Exact column sums mod 2^64; the folded part of each column is multiplied by 19 once.
        long s0 = f0 * g0 + times19(f1 * g4 + f2 * g3 + f3 * g2 + f4 * g1);
        long s1 = f0 * g1 + f1 * g0 + times19(f2 * g4 + f3 * g3 + f4 * g2);
        long s2 = f0 * g2 + f1 * g1 + f2 * g0 + times19(f3 * g4 + f4 * g3);
        long s3 = f0 * g3 + f1 * g2 + f2 * g1 + f3 * g0 + times19(f4 * g4);
        long s4 = f0 * g4 + f1 * g3 + f2 * g2 + f3 * g1 + f4 * g0;

        // Estimates of S_k - s_k, grouped so that no term passes more than 5 roundings.
        double t0 = (df0 * dg0 - s0) + 19 * ((df1 * dg4 + df2 * dg3) + (df3 * dg2 + df4 * dg1));
        double t1 = ((df0 * dg1 + df1 * dg0) - s1) + 19 * ((df2 * dg4 + df3 * dg3) + df4 * dg2);
        double t2 = ((df0 * dg2 + df1 * dg1) + (df2 * dg0 - s2)) + 19 * (df3 * dg4 + df4 * dg3);
        double t3 = ((df0 * dg3 + df1 * dg2) + (df2 * dg1 + df3 * dg0)) + (19 * (df4 * dg4) - s3);
        double t4 = ((df0 * dg4 + df1 * dg3) + (df2 * dg2 + df3 * dg1)) + (df4 * dg0 - s4);

        // floor(S_k / 2^51) has weight 2^(51(k+1)); for k = 4 that is 2^255 = 19.
        carry(h,
                (s0 & MASK51) + times19(high(s4, t4)),
                (s1 & MASK51) + high(s0, t0),
                (s2 & MASK51) + high(s1, t1),
                (s3 & MASK51) + high(s2, t2),
                (s4 & MASK51) + high(s3, t3));
    }

    /** h = f^2. Input tight; output tight. */
    static void square(Field25519 h, Field25519 f) {
        squareLimbs(h, f.l0, f.l1, f.l2, f.l3, f.l4);
    }

    /** h = f^(2^n) for n &gt;= 1. Input tight; output tight. */
    static void squareTimes(Field25519 h, Field25519 f, int n) {
        squareLimbs(h, f.l0, f.l1, f.l2, f.l3, f.l4);
        for (int i = 1; i < n; i++) {
            squareLimbs(h, h.l0, h.l1, h.l2, h.l3, h.l4);
        }
    }

    /** h = (f + g)^2. Inputs tight; output tight. */
    static void squareSum(Field25519 h, Field25519 f, Field25519 g) {
        squareLimbs(h, f.l0 + g.l0, f.l1 + g.l1, f.l2 + g.l2, f.l3 + g.l3, f.l4 + g.l4);
    }

    /** h = (f - g)^2. Inputs tight; output tight. */
    static void squareDiff(Field25519 h, Field25519 f, Field25519 g) {
        squareLimbs(h, f.l0 + TWO_P0 - g.l0, f.l1 + TWO_P1234 - g.l1, f.l2 + TWO_P1234 - g.l2,
                f.l3 + TWO_P1234 - g.l3, f.l4 + TWO_P1234 - g.l4);
    }

    /**
     * h = a^2 on limbs &lt; 2^53 (loose); output tight.
     *
     * <p>A square has only 15 distinct limb products: cross terms use the doubled limb
     * (2 * a_i &lt; 2^54, exact as a double) and folded terms are multiplied by 19 as in
     * {@link #mulLimbs}. Column 0, the largest, is a0^2 + 38 a1a4 + 38 a2a3 &lt; 77 * 2^106
     * &lt; 2^112.3; column 4 has no factor 19 and is &lt; 5 * 2^106, so the bounds of
     * {@link #mulLimbs} carry over.
     */
    static void squareLimbs(Field25519 h, long a0, long a1, long a2, long a3, long a4) {
        long d0 = 2 * a0;
        long d1 = 2 * a1;
        long d2 = 2 * a2;
        long d3 = 2 * a3;
        double da0 = a0;
        double da1 = a1;
        double da2 = a2;
        double da3 = a3;
        double da4 = a4;
        double dd0 = 2 * da0;
        double dd1 = 2 * da1;
        double dd2 = 2 * da2;
        double dd3 = 2 * da3;

        // Column k: terms of weight 2^(51k), then 19 times those of weight 2^(51(k+5)).
        long s0 = a0 * a0 + times19Fast(d1 * a4 + d2 * a3);
        long s1 = d0 * a1 + times19Fast(d2 * a4 + a3 * a3);
        long s2 = d0 * a2 + a1 * a1 + times19Fast(d3 * a4);
        long s3 = d0 * a3 + d1 * a2 + times19Fast(a4 * a4);
        long s4 = d0 * a4 + d1 * a3 + a2 * a2;

        double t0 = (da0 * da0 - s0) + 19 * (dd1 * da4 + dd2 * da3);
        double t1 = (dd0 * da1 - s1) + 19 * (dd2 * da4 + da3 * da3);
        double t2 = (dd0 * da2 + da1 * da1) + (19 * (dd3 * da4) - s2);
        double t3 = (dd0 * da3 + dd1 * da2) + (19 * (da4 * da4) - s3);
        double t4 = (dd0 * da4 + dd1 * da3) + (da2 * da2 - s4);

        // The carry round of carry(), with the low-latency multiplication by 19 that suits the
        // long chains of dependent squarings in invert().
        long c0 = (s0 & MASK51) + times19Fast(high(s4, t4));
        long c1 = (s1 & MASK51) + high(s0, t0);
        long c2 = (s2 & MASK51) + high(s1, t1);
        long c3 = (s3 & MASK51) + high(s2, t2);
        long c4 = (s4 & MASK51) + high(s3, t3);
        h.l0 = (c0 & MASK51) + times19Fast(c4 >>> 51);
        h.l1 = (c1 & MASK51) + (c0 >>> 51);
        h.l2 = (c2 & MASK51) + (c1 >>> 51);
        h.l3 = (c3 & MASK51) + (c2 >>> 51);
        h.l4 = (c4 & MASK51) + (c3 >>> 51);
    }

    /**
     * floor(S / 2^51) for a column sum 0 &lt;= S &lt; 2^113, given s = S mod 2^64 (as a signed long)
     * and t within 2^63 of S - s = q * 2^64; see the comment at {@link #ROUND}.
     */
    private static long high(long s, double t) {
        long q = Double.doubleToRawLongBits(t + ROUND) - ROUND_BITS;
        return (q << 13) + (s >> 51);
    }

    /**
     * Stores column values c_k (each non-negative and &lt; 2^62) as tight limbs of h with one
     * round of carries, all independent of each other so they do not form a serial chain: each
     * limb keeps its low 51 bits and receives the carry c_(k-1) >> 51 &lt; 2^11 from below, limb 0
     * receives 19 * (c_4 >> 51) &lt; 2^15.3 (2^255 = 19). Hence every limb is &lt; 2^51 + 2^16.
     */
    private static void carry(Field25519 h, long c0, long c1, long c2, long c3, long c4) {
        h.l0 = (c0 & MASK51) + times19(c4 >>> 51);
        h.l1 = (c1 & MASK51) + (c0 >>> 51);
        h.l2 = (c2 & MASK51) + (c1 >>> 51);
        h.l3 = (c3 & MASK51) + (c2 >>> 51);
        h.l4 = (c4 & MASK51) + (c3 >>> 51);
    }

    /*
     * Two ways to multiply by 19 (2^255 = 19 mod p), chosen by measurement: an imul is one
     * instruction and suits throughput-bound code; shifts and adds have lower latency and suit
     * the carry path of a chain of squarings.
     */
    private static long times19(long x) {
        return 19 * x;
    }

    private static long times19Fast(long x) {
        return x + (x << 1) + (x << 4);
    }

    /**
     * Swaps f and g when swap == 1 and leaves them when swap == 0, without a branch: the mask is
     * all ones or all zeros, so the same instructions and memory accesses run either way.
     */
    static void cswap(Field25519 f, Field25519 g, int swap) {
        long mask = -(long) swap;
        long t;
        t = mask & (f.l0 ^ g.l0);
        f.l0 ^= t;
        g.l0 ^= t;
        t = mask & (f.l1 ^ g.l1);
        f.l1 ^= t;
        g.l1 ^= t;
        t = mask & (f.l2 ^ g.l2);
        f.l2 ^= t;
        g.l2 ^= t;
        t = mask & (f.l3 ^ g.l3);
        f.l3 ^= t;
        g.l3 ^= t;
        t = mask & (f.l4 ^ g.l4);
        f.l4 ^= t;
        g.l4 ^= t;
    }

    /**
     * h = f^(p-2) = f^-1 (Fermat; 0 maps to 0). Input tight; output tight. A fixed chain of 254
     * squarings and 11 multiplications, so the time does not depend on f. The comments track
     * the exponent reached; p - 2 = 2^255 - 21 = (2^250 - 1) * 2^5 + 11.
     */
    static void invert(Field25519 h, Field25519 f) {
        Field25519 z2 = new Field25519();
        Field25519 z11 = new Field25519();
        Field25519 t = new Field25519();
        Field25519 r = new Field25519();
        Field25519 e10 = new Field25519();
        Field25519 e50 = new Field25519();
        square(z2, f);                 // 2
        squareTimes(t, z2, 2);         // 8
        mul(t, t, f);                  // 9
        mul(z11, t, z2);               // 11
        square(r, z11);                // 22
        mul(r, r, t);                  // 31 = 2^5 - 1
        squareTimes(t, r, 5);
        mul(r, t, r);                  // 2^10 - 1
        e10.set(r);
        squareTimes(t, r, 10);
        mul(r, t, r);                  // 2^20 - 1
        squareTimes(t, r, 20);
        mul(r, t, r);                  // 2^40 - 1
        squareTimes(t, r, 10);
        mul(r, t, e10);                // 2^50 - 1
        e50.set(r);
        squareTimes(t, r, 50);
        mul(r, t, r);                  // 2^100 - 1
        squareTimes(t, r, 100);
        mul(r, t, r);                  // 2^200 - 1
        squareTimes(t, r, 50);
        mul(r, t, e50);                // 2^250 - 1
        squareTimes(t, r, 5);          // 2^255 - 2^5
        mul(h, t, z11);                // 2^255 - 21
        z2.setZero();
        z11.setZero();
        t.setZero();
        r.setZero();
        e10.setZero();
        e50.setZero();
    }

    /**
     * Sets this element from 32 little-endian bytes, ignoring the most significant bit as RFC 7748
     * §5 requires. Values in [p, 2^255) are accepted unreduced; the arithmetic handles them. Tight.
     */
    void decode(byte[] in) {
        long w0 = readLong(in, 0);
        long w1 = readLong(in, 8);
        long w2 = readLong(in, 16);
        long w3 = readLong(in, 24) & Long.MAX_VALUE;
        l0 = w0 & MASK51;
        l1 = ((w0 >>> 51) | (w1 << 13)) & MASK51;
        l2 = ((w1 >>> 38) | (w2 << 26)) & MASK51;
        l3 = ((w2 >>> 25) | (w3 << 39)) & MASK51;
        l4 = w3 >>> 12;
    }

    /**
     * Writes the unique representative in [0, p) as 32 little-endian bytes. Input loose. The
     * reduction is branch-free: two carry passes bring every limb below 2^51 (value &lt; 2^255),
     * then q = 1 exactly when value + 19 &gt;= 2^255, i.e. value &gt;= p, and value - q*p is
     * computed as value + 19q with bit 255 dropped.
     */
    void encode(byte[] out) {
        long c0 = l0;
        long c1 = l1;
        long c2 = l2;
        long c3 = l3;
        long c4 = l4;
        for (int pass = 0; pass < 2; pass++) {
            c1 += c0 >>> 51;
            c0 &= MASK51;
            c2 += c1 >>> 51;
            c1 &= MASK51;
            c3 += c2 >>> 51;
            c2 &= MASK51;
            c4 += c3 >>> 51;
            c3 &= MASK51;
            c0 += 19 * (c4 >>> 51);
            c4 &= MASK51;
        }
        // Loose input carries at most 4 out of l4 in pass 1, so afterwards the value is below
        // 2^255 + 76. If pass 2 still carries out of l4, what remains is below 76, so the folded
        // c0 stays below 2^51: after two passes every limb is < 2^51 and the value < 2^255.
        long q = (c0 + 19) >>> 51;
        q = (c1 + q) >>> 51;
        q = (c2 + q) >>> 51;
        q = (c3 + q) >>> 51;
        q = (c4 + q) >>> 51;
        c0 += 19 * q;
        c1 += c0 >>> 51;
        c0 &= MASK51;
        c2 += c1 >>> 51;
        c1 &= MASK51;
        c3 += c2 >>> 51;
        c2 &= MASK51;
        c4 += c3 >>> 51;
        c3 &= MASK51;
        c4 &= MASK51;
        writeLong(out, 0, c0 | (c1 << 51));
        writeLong(out, 8, (c1 >>> 13) | (c2 << 38));
        writeLong(out, 16, (c2 >>> 26) | (c3 << 25));
        writeLong(out, 24, (c3 >>> 39) | (c4 << 12));
    }

    private static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    private static void writeLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
