package io.wghub.tun;

import java.nio.charset.StandardCharsets;

/** Checks a Linux interface name before any system call, so a bad name fails with a precise message. */
public final class InterfaceName {

    /** IFNAMSIZ is 16 and includes the terminating NUL. */
    public static final int MAX_BYTES = 15;

    private InterfaceName() {}

    /** Throws a one-line TunException saying what is wrong unless the name is 1-15 printable ASCII bytes. */
    public static void validate(String name) throws TunException {
        if (name == null || name.isEmpty()) {
            throw new TunException("interface name is empty: give a name of 1 to " + MAX_BYTES
                    + " characters, e.g. wg0");
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw new TunException("interface name \"" + printable(name) + "\" is " + bytes.length
                    + " bytes, Linux allows at most " + MAX_BYTES + " (IFNAMSIZ 16 with the NUL): "
                    + "choose a shorter name");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new TunException("interface name \"" + name
                    + "\" is reserved by Linux: choose another name, e.g. wg0");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            // The kernel rejects '/', ':' and whitespace; other non-printable or non-ASCII bytes are legal there
            // but break 'ip' output and config files, and some UTF-8 bytes count as spaces in the kernel's ctype.
            if (c == '/' || c == ':' || c <= ' ' || c >= 0x7f) {
                throw new TunException("interface name \"" + printable(name) + "\" has the character "
                        + describe(c) + " at index " + i
                        + ", not allowed: use printable ASCII without '/', ':' or spaces, e.g. wg0");
            }
        }
    }

    private static String describe(char c) {
        return c > ' ' && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c > ' ' && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return b.toString();
    }
}
