package io.wghub.gateway.control;

import io.wghub.gateway.crypto.KeyEncoding;

/** Reads a 32-byte key from its base64 text exactly as strictly as wg does. */
final class KeyText {
    private static final String EXPECTED =
            "expected 44 characters of base64 ending in '=' (32 bytes), as 'wg genkey' prints";
    private static final String ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private KeyText() {
    }

    /**
     * @param what the key's name for the message (e.g. "PublicKey"); the text itself is never
     *             repeated, as it may be secret
     * @throws IllegalArgumentException one line saying what is wrong and what is expected
     */
    static byte[] parse(String text, String what) {
        byte[] key = KeyEncoding.fromBase64(text, what);
        // 44 characters ending in "==" decode to 31 bytes, which KeyEncoding lets through.
        if (key.length != KeyEncoding.KEY_LENGTH) {
            throw new IllegalArgumentException(what + ": not a valid key (it decodes to " + key.length
                    + " bytes): " + EXPECTED);
        }
        // 43 characters carry 258 bits; wg refuses a key whose 2 spare bits are set, and so must
        // we, or a file wg rejects would work here and two spellings would mean one key.
        int last = ALPHABET.indexOf(text.charAt(KeyEncoding.BASE64_LENGTH - 2));
        if ((last & 3) != 0) {
            throw new IllegalArgumentException(what + ": not a valid key (its last character before"
                    + " '=' sets bits beyond the 32 bytes): " + EXPECTED);
        }
        return key;
    }
}
