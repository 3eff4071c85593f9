package io.wghub.gateway.control;

import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.crypto.X25519;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fixed keys for config texts, "{NAME}" placeholders for them, and a check that none leaks. */
final class TestKeys {
    private static final Random RANDOM = new Random(20240611);
    static final byte[] PRIV_BYTES = bytes();
    static final String PRIV = KeyEncoding.toBase64(PRIV_BYTES);
    static final String SELF = publicOf(PRIV_BYTES);
    static final String PUB1 = KeyEncoding.toBase64(bytes());
    static final String PUB2 = KeyEncoding.toBase64(bytes());
    static final String PUB3 = KeyEncoding.toBase64(bytes());
    static final String PSK = KeyEncoding.toBase64(bytes());

    private static final Map<String, String> PLACEHOLDERS = Map.ofEntries(
            Map.entry("PRIV", PRIV),
            Map.entry("SELF", SELF),
            Map.entry("PUB1", PUB1),
            Map.entry("PUB2", PUB2),
            Map.entry("PUB3", PUB3),
            Map.entry("PSK", PSK),
            // A character outside base64 in the middle of a real key.
            Map.entry("PRIV_BADCHAR", PRIV.substring(0, 20) + "!" + PRIV.substring(21)),
            // One character short.
            Map.entry("PUB1_SHORT", PUB1.substring(0, 43)),
            // 44 characters that decode to 31 bytes: the final group holds one byte.
            Map.entry("PSK_31", PSK.substring(0, 41) + "A=="),
            // The last character before '=' sets the 2 bits past the 32 bytes ('B' is 000001).
            Map.entry("PUB1_BITS", PUB1.substring(0, 42) + "B="));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Z0-9_]+)}");
    private static final Pattern KEY_LINE =
            Pattern.compile("(?im)^[ \\t]*(?:private|public|preshared)key[ \\t]*=([^#\\n]*)");
    /** Ten base64 characters (60 bits) do not turn up in an English message by chance. */
    private static final int WINDOW = 10;

    private TestKeys() {
    }

    static byte[] bytes() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return b;
    }

    static String publicOf(byte[] privateKey) {
        byte[] pub = new byte[32];
        X25519.publicKey(privateKey, pub);
        return KeyEncoding.toBase64(pub);
    }

    /** Replaces each "{NAME}" by its key text. */
    static String fill(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = PLACEHOLDERS.get(m.group(1));
            if (key == null) {
                throw new IllegalArgumentException("no test key called " + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(key));
        }
        return m.appendTail(out).toString();
    }

    /**
     * Everything in {@code fileText} that is key material: every test key (wherever it was
     * pasted) and every value of a PrivateKey, PublicKey or PresharedKey line, valid or not.
     */
    static List<String> keyMaterial(String fileText) {
        List<String> out = new ArrayList<>(PLACEHOLDERS.values());
        Matcher m = KEY_LINE.matcher(fileText);
        while (m.find()) {
            String value = m.group(1).strip();
            if (value.length() >= WINDOW) {
                out.add(value);
            }
        }
        return out;
    }

    /** The first stretch of key material found in {@code message}, or null if there is none. */
    static String leak(String message, String fileText) {
        for (String key : keyMaterial(fileText)) {
            for (int i = 0; i + WINDOW <= key.length(); i++) {
                String window = key.substring(i, i + WINDOW);
                if (message.contains(window)) {
                    return window;
                }
            }
        }
        return null;
    }
}
