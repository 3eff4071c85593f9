package io.wghub.gateway.control;

import io.wghub.gateway.route.Prefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the comma-separated lists of Address and AllowedIPs. */
final class AddressText {
    private AddressText() {
    }

    /** The trimmed entries of a list value; an empty entry is an error, as it is a stray comma. */
    static List<String> entries(String value, String key) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String entry = ConfigText.trim(part);
            if (entry.isEmpty()) {
                throw new IllegalArgumentException(key + " has an empty entry (two commas in a row,"
                        + " or one at an end); remove the extra comma");
            }
            out.add(entry);
        }
        return out;
    }

    /** "10.0.0.1/24" keeps 10.0.0.1; a bare address is a /32 or /128, as "ip address add" reads it. */
    static InterfaceAddress interfaceAddress(String entry) {
        Prefix network = prefix(entry, "Address", "10.0.0.1/24 or fd00::1/64");
        return new InterfaceAddress(host(entry).address(), network.length());
    }

    static Prefix allowedIp(String entry) {
        return prefix(entry, "AllowedIPs", "10.0.0.2/32 or fd00::/64");
    }

    /** Whether the entry names an address inside its network rather than the network itself. */
    static boolean hasHostBits(String entry, Prefix network) {
        return entry.indexOf('/') >= 0 && !Arrays.equals(host(entry).address(), network.address());
    }

    /** The address part alone, as a full-length prefix; only called once the entry parsed. */
    private static Prefix host(String entry) {
        int slash = entry.indexOf('/');
        return Prefix.parse(slash < 0 ? entry : entry.substring(0, slash));
    }

    private static Prefix prefix(String entry, String key, String examples) {
        if (Quote.looksLikeKey(entry)) {
            // Prefix's own message would quote the text, and this one may be a key pasted in.
            throw new IllegalArgumentException(key + " has an entry that is not an IP address but "
                    + Quote.value(entry) + "; write addresses like " + examples);
        }
        try {
            return Prefix.parse(entry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " " + e.getMessage() + "; write addresses like "
                    + examples, e);
        }
    }
}
