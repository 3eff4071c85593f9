package io.wghub.gateway.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/** Keys in the text form wg(8) reads and prints: 32 bytes as 44 characters of base64. */
public final class KeyEncoding {
    public static final int KEY_LENGTH = 32;
    public static final int BASE64_LENGTH = 44;
    private static final String EXPECTED =
            "expected 44 characters of base64 ending in '=' (32 bytes), as 'wg genkey' prints";

    private KeyEncoding() {
    }

    public static String toBase64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }

    /**
     * Parses a key as wg does: exactly 44 base64 characters, the last one '='.
     *
     * @param what names the key in the error (e.g. "PrivateKey"); the value itself is never
     *             repeated in an error, as it may be secret
     * @throws IllegalArgumentException one line saying what is wrong and what is expected
     */
    public static byte[] fromBase64(String text, String what) {
        String expected = EXPECTED;
        if (text.length() != BASE64_LENGTH || text.charAt(BASE64_LENGTH - 1) != '=') {
            throw new IllegalArgumentException(what + ": not a valid key (" + text.length()
                    + " characters): " + expected);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": not a valid key (a character outside base64): " + expected);
        }
        // 44 characters ending in "==" are valid base64 of 31 bytes.
        if (key.length != KEY_LENGTH) {
            Arrays.fill(key, (byte) 0);
            throw new IllegalArgumentException(what + ": not a valid key (it decodes to " + key.length
                    + " bytes): " + expected);
        }
        // wg refuses a last character whose two unused bits are set; so do we, so that a key
        // accepted here is accepted by wg too.
        if (!MessageDigest.isEqual(toBase64(key).getBytes(StandardCharsets.US_ASCII),
                text.getBytes(StandardCharsets.US_ASCII))) {
            Arrays.fill(key, (byte) 0);
            throw new IllegalArgumentException(what + ": not a valid key (its last character before '=' has stray"
                    + " bits, so it is not the base64 of 32 bytes): " + expected);
        }
        return key;
    }
}
