package io.wghub.gateway.cli;

import java.util.Locale;

/** Times and byte counts as {@code wg show} prints them: "3 minutes, 2 seconds ago", "1.23 MiB". */
final class PeerFormat {
    private PeerFormat() {
    }

    /** How long ago {@code epochSeconds} was, or "never" for 0. */
    static String ago(long epochSeconds, long nowSeconds) {
        if (epochSeconds == 0) {
            return "never";
        }
        if (epochSeconds == nowSeconds) {
            return "Now";
        }
        if (epochSeconds > nowSeconds) {
            return "in the future (the system clock went back)";
        }
        return duration(nowSeconds - epochSeconds) + " ago";
    }

    /** "1 year, 2 days, 3 hours, 4 minutes, 5 seconds", leaving out the zero parts. */
    static String duration(long seconds) {
        long[] units = {365L * 24 * 3600, 24 * 3600, 3600, 60, 1};
        String[] names = {"year", "day", "hour", "minute", "second"};
        StringBuilder out = new StringBuilder();
        long left = seconds;
        for (int i = 0; i < units.length; i++) {
            long n = left / units[i];
            left %= units[i];
            if (n != 0) {
                out.append(out.isEmpty() ? "" : ", ").append(n).append(' ').append(names[i]).append(n == 1 ? "" : "s");
            }
        }
        return out.toString();
    }

    /** As wg: whole bytes below 1 KiB, else two decimals of KiB, MiB, GiB or TiB. */
    static String bytes(long b) {
        if (Long.compareUnsigned(b, 1024) < 0) {
            return b + " B";
        }
        // UAPI counters are unsigned 64-bit.
        double value = b >= 0 ? b : (b >>> 1) * 2.0;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        value /= 1024;
        while (unit < units.length - 1 && value >= 1024) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f %s", value, units[unit]);
    }

    static String transfer(long rx, long tx) {
        return bytes(rx) + " received, " + bytes(tx) + " sent";
    }
}
