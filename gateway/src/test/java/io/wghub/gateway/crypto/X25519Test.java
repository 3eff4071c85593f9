package io.wghub.gateway.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 7748 known answers and WireGuard-specific behaviour of {@link X25519}. */
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
}
