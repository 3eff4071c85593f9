package io.wghub.gateway.control;

/** Parses the number-like values: ListenPort, MTU, FwMark and PersistentKeepalive. */
final class Values {
    private static final long NOT_A_NUMBER = -1;
    /** Stands for any value too large for every key, so that long digit strings cannot overflow. */
    private static final long TOO_LARGE = Long.MAX_VALUE;

    private Values() {
    }

    static int listenPort(String text) {
        long v = decimal(text);
        String range = "use " + InterfaceConfig.MIN_PORT + " to " + InterfaceConfig.MAX_PORT;
        check(v, InterfaceConfig.MIN_PORT, InterfaceConfig.MAX_PORT, "ListenPort", text,
                range + " (0 lets the system pick)", range);
        return (int) v;
    }

    static int mtu(String text) {
        long v = decimal(text);
        String range = "use " + InterfaceConfig.MIN_MTU + " to " + InterfaceConfig.MAX_MTU;
        check(v, InterfaceConfig.MIN_MTU, InterfaceConfig.MAX_MTU, "MTU", text,
                range + " (1420 is usual)", range);
        return (int) v;
    }

    /** "off" and 0 both mean no mark, as in wg; null stands for both. */
    static Integer fwMark(String text) {
        if (text.equalsIgnoreCase("off")) {
            return null;
        }
        boolean hex = text.length() > 2 && text.charAt(0) == '0'
                && (text.charAt(1) == 'x' || text.charAt(1) == 'X');
        long v = hex ? hexadecimal(text.substring(2)) : decimal(text);
        String range = "use 0 to 4294967295 (0xffffffff), or off";
        check(v, 0, 0xffff_ffffL, "FwMark", text,
                "use a decimal or 0x-hex number from 0 to 0xffffffff, or off", range);
        return v == 0 ? null : (int) v;
    }

    /** "off" and 0 both mean no keepalive, as in wg; null stands for both. */
    static Integer persistentKeepalive(String text) {
        if (text.equalsIgnoreCase("off")) {
            return null;
        }
        long v = decimal(text);
        String range = "use seconds from 0 to " + PeerConfig.MAX_KEEPALIVE + " (25 is usual), or off";
        check(v, 0, PeerConfig.MAX_KEEPALIVE, "PersistentKeepalive", text, range, range);
        return v == 0 ? null : (int) v;
    }

    private static void check(long v, long min, long max, String key, String text,
                              String notNumberFix, String rangeFix) {
        if (v == NOT_A_NUMBER) {
            throw new IllegalArgumentException(key + " " + Quote.value(text) + " is not a number; "
                    + notNumberFix);
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " " + Quote.value(text) + " is out of range; "
                    + rangeFix);
        }
    }

    /** Plain decimal digits only: no sign, no spaces, no underscores. */
    private static long decimal(String text) {
        return digits(text, 10);
    }

    private static long hexadecimal(String text) {
        return digits(text, 16);
    }

    private static long digits(String text, int radix) {
        if (text.isEmpty()) {
            return NOT_A_NUMBER;
        }
        long v = 0;
        for (int i = 0; i < text.length(); i++) {
            int d = Character.digit(text.charAt(i), radix);
            // Character.digit also accepts non-ASCII digits; wg reads ASCII only.
            if (d < 0 || text.charAt(i) > 'f') {
                return NOT_A_NUMBER;
            }
            if (v != TOO_LARGE) {
                v = v * radix + d;
                if (v > 0xffff_ffffL) {
                    v = TOO_LARGE;
                }
            }
        }
        return v;
    }
}
