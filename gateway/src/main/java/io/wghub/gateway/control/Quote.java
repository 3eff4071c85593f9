package io.wghub.gateway.control;

/** Puts text from a config file into one-line error messages: escaped, shortened, never a key. */
final class Quote {
    /** Longer values are cut: the message must stay readable and the user has the file anyway. */
    private static final int MAX_SHOWN = 48;

    private Quote() {
    }

    /**
     * The value in double quotes, escaped and shortened; a value that could be (part of) a key is
     * replaced by a description, because it may be a private or pre-shared key typed into the
     * wrong place.
     */
    static String value(String s) {
        if (looksLikeKey(s)) {
            return "(a " + s.length() + "-character value that looks like a key, not shown)";
        }
        String shown = s;
        if (s.length() > MAX_SHOWN) {
            int cut = Character.isHighSurrogate(s.charAt(MAX_SHOWN - 1)) ? MAX_SHOWN - 1 : MAX_SHOWN;
            shown = s.substring(0, cut) + "...";
        }
        return '"' + escape(shown) + '"';
    }

    /**
     * At least 16 characters, all from the base64 alphabet, not only digits: a key or a large
     * part of one. Sixteen base64 characters are 96 bits, too much of a secret to print.
     */
    static boolean looksLikeKey(String s) {
        if (s.length() < 16) {
            return false;
        }
        boolean allDigits = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=';
            if (!base64) {
                return false;
            }
            allDigits &= c >= '0' && c <= '9';
        }
        return !allDigits;
    }

    /** Escapes quotes and backslashes as well as what {@link #oneLine} escapes. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else {
                appendVisible(out, c);
            }
        }
        return out.toString();
    }

    /**
     * Replaces control characters and Unicode line or paragraph separators by a \\u escape of
     * four hex digits, so that a message is one line however odd its input (a path holding a newline, an OS error text).
     */
    static String oneLine(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            appendVisible(out, s.charAt(i));
        }
        return out.toString();
    }

    private static void appendVisible(StringBuilder out, char c) {
        int type = Character.getType(c);
        boolean invisible = type == Character.CONTROL || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT
                || (type == Character.SPACE_SEPARATOR && c != ' ');
        if (invisible) {
            out.append(String.format("\\u%04x", (int) c));
        } else {
            out.append(c);
        }
    }
}
