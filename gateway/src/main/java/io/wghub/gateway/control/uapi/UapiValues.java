package io.wghub.gateway.control.uapi;

import java.util.Arrays;

/** Reads set=1 values as wireguard-go does: 64-digit hex keys, plain decimal numbers, "true" flags. */
final class UapiValues {
    static final int KEY_BYTES = 32;
    static final int KEY_HEX_DIGITS = 2 * KEY_BYTES;
    /** Longest value quoted in an error message; the rest is cut off. */
    private static final int MAX_QUOTED = 64;

    private UapiValues() {
    }

    /**
     * Decodes a key written as 64 hex digits (either case) in {@code line[from..to)}. The error
     * names the key but never quotes it: it may be a secret.
     */
    static byte[] key(byte[] line, int from, int to, String name) throws UapiException {
        int length = to - from;
        if (length != KEY_HEX_DIGITS) {
            throw UapiException.invalid(name + ": expected " + KEY_HEX_DIGITS + " hex digits (32 bytes), got "
                    + length + " characters");
        }
        byte[] key = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) {
            int high = hexDigit(line[from + 2 * i]);
            int low = hexDigit(line[from + 2 * i + 1]);
            if ((high | low) < 0) {
                Arrays.fill(key, (byte) 0);
                throw UapiException.invalid(name + ": not hexadecimal; expected " + KEY_HEX_DIGITS
                        + " digits 0-9, a-f");
            }
            key[i] = (byte) (high << 4 | low);
        }
        return key;
    }

    private static int hexDigit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** A decimal 0..max: digits only (leading zeros allowed, no sign or space), as Go's ParseUint. */
    static long unsigned(String value, long max, String name) throws UapiException {
        int start = 0;
        boolean digits = !value.isEmpty();
        for (int i = 0; i < value.length() && digits; i++) {
            char c = value.charAt(i);
            digits = c >= '0' && c <= '9';
        }
        if (!digits) {
            throw UapiException.invalid(name + ": " + quote(value) + " is not a decimal number 0.." + max);
        }
        while (start < value.length() - 1 && value.charAt(start) == '0') {
            start++;
        }
        String significant = value.substring(start);
        // Nineteen digits could overflow a long; every maximum used here has fewer.
        long number = significant.length() > 18 ? Long.MAX_VALUE : Long.parseLong(significant);
        if (number > max) {
            throw UapiException.invalid(name + ": " + quote(value) + " is out of range 0.." + max);
        }
        return number;
    }

    /** The flags (replace_peers, remove, update_only, replace_allowed_ips) accept only "true". */
    static void requireTrue(String value, String name) throws UapiException {
        if (!value.equals("true")) {
            throw UapiException.invalid(name + ": " + quote(value) + " is not allowed; the only value is true");
        }
    }

    static boolean isZero(byte[] key) {
        int bits = 0;
        for (byte b : key) {
            bits |= b;
        }
        return bits == 0;
    }

    /** A value for an error message: quoted, on one line, cut to a sane length. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_QUOTED) + 8).append('"');
        for (int i = 0; i < value.length() && i < MAX_QUOTED; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\x%02x", (int) c & 0xff));
            } else {
                out.append(c);
            }
        }
        if (value.length() > MAX_QUOTED) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}
