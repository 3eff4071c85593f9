package io.wghub.gateway.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.digests.Blake2sDigest;
import org.junit.jupiter.api.Test;

/** Known-answer and aliasing tests for {@link Blake2s}. */
class Blake2sTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc7693AppendixBAbc() {
        byte[] out = new byte[32];
        Blake2s.hash(out, "abc".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(HEX.parseHex("508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982"), out);
    }

    /** RFC 7693 Appendix E blake2s_selftest: keyed and unkeyed, output lengths 16/20/28/32. */
    @Test
    void rfc7693AppendixESelfTest() {
        int[] mdLens = {16, 20, 28, 32};
        int[] inLens = {0, 3, 64, 65, 255, 1024};
        Blake2sDigest grand = new Blake2sDigest(256);
        byte[] md = new byte[32];
        for (int outLen : mdLens) {
            for (int inLen : inLens) {
                byte[] in = selftestSeq(inLen, inLen);
                Blake2sDigest unkeyed = new Blake2sDigest(outLen * 8);
                unkeyed.update(in, 0, inLen);
                unkeyed.doFinal(md, 0);
                grand.update(md, 0, outLen);

                byte[] key = selftestSeq(outLen, outLen);
                if (outLen == Blake2s.MAC_LENGTH) {
                    // The WireGuard MAC shape: 16-byte key, 16-byte output, through our own code.
                    Blake2s.mac(key, in, 0, inLen, md, 0);
                } else {
                    Blake2sDigest keyed = new Blake2sDigest(key, outLen, null, null);
                    keyed.update(in, 0, inLen);
                    keyed.doFinal(md, 0);
                }
                grand.update(md, 0, outLen);
            }
        }
        byte[] result = new byte[32];
        grand.doFinal(result, 0);
        assertArrayEquals(HEX.parseHex("6a411f08ce25adcdfb02aba641451cec53c598b24f4fc787fbdc88797f4c1dfe"), result);
    }

    /** The unkeyed 32-byte-output half of the self-test, through {@link Blake2s#hash}. */
    @Test
    void hashMatchesGenericDigestOnSelftestInputs() {
        for (int inLen : new int[] {0, 3, 64, 65, 255, 1024}) {
            byte[] in = selftestSeq(inLen, inLen);
            byte[] expected = new byte[32];
            Blake2sDigest d = new Blake2sDigest(256);
            d.update(in, 0, inLen);
            d.doFinal(expected, 0);
            byte[] out = new byte[32];
            Blake2s.hash(out, in);
            assertArrayEquals(expected, out);
            byte[] padded = new byte[inLen + 7];
            System.arraycopy(in, 0, padded, 5, inLen);
            Arrays.fill(out, (byte) 0);
            Blake2s.hash(out, padded, 5, inLen);
            assertArrayEquals(expected, out);
        }
    }

    @Test
    void hashOfPartsEqualsHashOfConcatenationAndMayAliasAPart() {
        Random r = new Random(1);
        byte[] a = new byte[32];
        byte[] b = new byte[77];
        r.nextBytes(a);
        r.nextBytes(b);
        byte[] concat = new byte[a.length + b.length];
        System.arraycopy(a, 0, concat, 0, a.length);
        System.arraycopy(b, 0, concat, a.length, b.length);
        byte[] expected = new byte[32];
        Blake2s.hash(expected, concat, 0, concat.length);

        byte[] out = new byte[32];
        Blake2s.hash(out, a, b);
        assertArrayEquals(expected, out);

        // WireGuard's h = HASH(h || x) pattern.
        Blake2s.hash(a, a, b);
        assertArrayEquals(expected, a);
    }

    @Test
    void macIsBlake2s128NotTruncatedBlake2s256() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        byte[] in = "mac input".getBytes(StandardCharsets.US_ASCII);
        byte[] mac = new byte[16];
        Blake2s.mac(key, in, 0, in.length, mac, 0);

        byte[] expected = new byte[16];
        Blake2sDigest d = new Blake2sDigest(key, 16, null, null);
        d.update(in, 0, in.length);
        d.doFinal(expected, 0);
        assertArrayEquals(expected, mac);

        byte[] long32 = new byte[32];
        Blake2sDigest d32 = new Blake2sDigest(key, 32, null, null);
        d32.update(in, 0, in.length);
        d32.doFinal(long32, 0);
        assertFalse(Arrays.equals(mac, Arrays.copyOf(long32, 16)));
    }

    @Test
    void twoPartMacEqualsMacOfConcatenation() {
        Random r = new Random(2);
        for (int keyLen : new int[] {16, 32}) {
            byte[] key = new byte[keyLen];
            r.nextBytes(key);
            byte[] ip = new byte[20];
            r.nextBytes(ip);
            byte[] whole = new byte[18];
            System.arraycopy(ip, 2, whole, 0, 16);
            whole[16] = (byte) 0xca;
            whole[17] = (byte) 0x6c;
            byte[] port = {0, (byte) 0xca, (byte) 0x6c};

            byte[] expected = new byte[16];
            Blake2s.mac(key, whole, 0, whole.length, expected, 0);
            byte[] out = new byte[20];
            Blake2s.mac(key, ip, 2, 16, port, 1, 2, out, 4);
            assertArrayEquals(expected, Arrays.copyOfRange(out, 4, 20));
        }
    }

    @Test
    void macRejectsBadKeyLengths() {
        byte[] out = new byte[16];
        assertThrows(IllegalArgumentException.class, () -> Blake2s.mac(new byte[0], out, 0, 0, out, 0));
        assertThrows(IllegalArgumentException.class, () -> Blake2s.mac(new byte[33], out, 0, 0, out, 0));
    }

    /** A failed call must not leave the per-thread digest half-fed. */
    @Test
    void outOfBoundsCallDoesNotCorruptNextHash() {
        byte[] out = new byte[32];
        // The null part is only reached after the first part has been absorbed.
        assertThrows(NullPointerException.class, () -> Blake2s.hash(out, new byte[100], null));
        Blake2s.hash(out, "abc".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(HEX.parseHex("508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982"), out);
    }

    /** RFC 7693 Appendix E's deterministic Fibonacci-style generator. */
    private static byte[] selftestSeq(int len, int seed) {
        byte[] out = new byte[len];
        int a = 0xDEAD4BAD * seed;
        int b = 1;
        for (int i = 0; i < len; i++) {
            int t = a + b;
            a = b;
            b = t;
            out[i] = (byte) (t >>> 24);
        }
        return out;
    }
}
