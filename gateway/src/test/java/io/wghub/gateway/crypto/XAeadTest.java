package io.wghub.gateway.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** draft-irtf-cfrg-xchacha-03 known answers for {@link XAead}. */
class XAeadTest {

    private static final HexFormat HEX = HexFormat.of();

    private static final byte[] NONCE = HEX.parseHex("404142434445464748494a4b4c4d4e4f5051525354555657");
    private static final byte[] CIPHERTEXT = HEX.parseHex(
            "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb"
            + "731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452"
            + "2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9"
            + "21f9664c97637da9768812f615c68b13b52e");
    private static final byte[] TAG = HEX.parseHex("c0875924c1c7987947deafd8780acf49");

    @Test
    void hChaCha20Section221() {
        byte[] key = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] nonce = HEX.parseHex("000000090000004a0000000031415927");
        byte[] out = new byte[32];
        XAead.hChaCha20(key, nonce, out);
        assertEquals("82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc", HEX.formatHex(out));
    }

    @Test
    void appendixA31Seal() {
        byte[] pt = AeadTest.SUNSCREEN;
        byte[] out = new byte[pt.length + 16];
        XAead.seal(AeadTest.KEY_80, NONCE, pt, 0, pt.length, AeadTest.AAD, out, 0);
        assertArrayEquals(CIPHERTEXT, Arrays.copyOf(out, pt.length));
        assertArrayEquals(TAG, Arrays.copyOfRange(out, pt.length, out.length));
    }

    @Test
    void appendixA31OpenAndTamper() {
        byte[] sealed = Arrays.copyOf(CIPHERTEXT, CIPHERTEXT.length + 16);
        System.arraycopy(TAG, 0, sealed, CIPHERTEXT.length, 16);
        byte[] plain = new byte[CIPHERTEXT.length];
        assertTrue(XAead.open(AeadTest.KEY_80, NONCE, sealed, 0, sealed.length, AeadTest.AAD, plain, 0));
        assertArrayEquals(AeadTest.SUNSCREEN, plain);

        for (int i : new int[] {0, 50, sealed.length - 1}) {
            byte[] bad = sealed.clone();
            bad[i] ^= 4;
            assertFalse(XAead.open(AeadTest.KEY_80, NONCE, bad, 0, bad.length, AeadTest.AAD, plain, 0));
        }
        byte[] badNonce = NONCE.clone();
        badNonce[23] ^= 1;
        assertFalse(XAead.open(AeadTest.KEY_80, badNonce, sealed, 0, sealed.length, AeadTest.AAD, plain, 0));
        badNonce = NONCE.clone();
        badNonce[0] ^= 1;
        assertFalse(XAead.open(AeadTest.KEY_80, badNonce, sealed, 0, sealed.length, AeadTest.AAD, plain, 0));
        assertFalse(XAead.open(AeadTest.KEY_80, NONCE, sealed, 0, 15, AeadTest.AAD, plain, 0));
    }

    /** WireGuard's cookie reply: a 16-byte cookie sealed with the MAC1 as AD. */
    @Test
    void cookieShapedRoundTrip() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0x11);
        byte[] cookie = new byte[16];
        Arrays.fill(cookie, (byte) 0x22);
        byte[] mac1 = new byte[16];
        byte[] out = new byte[32];
        XAead.seal(key, NONCE, cookie, 0, 16, mac1, out, 0);
        byte[] back = new byte[16];
        assertTrue(XAead.open(key, NONCE, out, 0, 32, mac1, back, 0));
        assertArrayEquals(cookie, back);
    }
}
