package io.wghub.gateway.route;

import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.util.Objects;

/** Reads and writes prefixes in the text form wg uses ("10.0.0.0/24", "fd00::/64"). */
final class PrefixText {
    private static final String EXAMPLE = "such as 10.0.0.0/24 or fd00::/64";

    private PrefixText() {
    }

    static Prefix parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        if (s.isEmpty()) {
            throw fail(s, " is empty: expected an IP prefix " + EXAMPLE);
        }
        int slash = s.indexOf('/');
        String addressText = slash < 0 ? s : s.substring(0, slash);
        byte[] address = parseAddress(s, addressText);
        int max = address.length * 8;
        int length = slash < 0 ? max : parseLength(s, addressText, s.substring(slash + 1), max);
        return Prefix.of(address, length);
    }

    private static byte[] parseAddress(String s, String a) {
        if (a.isEmpty()) {
            throw fail(s, " has no address before \"/\": expected an IP prefix " + EXAMPLE);
        }
        // Netty would quietly accept these forms, but they name a socket address, not a network.
        if (a.indexOf('[') >= 0 || a.indexOf(']') >= 0) {
            throw fail(s, ": brackets are not part of a prefix; write it like fd00::1/128");
        }
        if (a.indexOf('%') >= 0) {
            throw fail(s, ": zone ids such as %eth0 are not allowed in a prefix;"
                    + " write the bare address like fe80::/64");
        }
        byte[] bytes = a.indexOf(':') >= 0 ? parseIpv6(s, a) : parseIpv4(s, a);
        if (bytes == null) {
            throw fail(s, " is not an IP address: expected an IPv4 or IPv6 literal " + EXAMPLE);
        }
        return bytes;
    }

    /** Dotted quad; null if malformed. Leading zeros are refused: some tools read them as octal. */
    private static byte[] parseIpv4(String s, String a) {
        if (!NetUtil.isValidIpV4Address(a)) {
            return null;
        }
        for (String octet : a.split("\\.")) {
            if (octet.length() > 1 && octet.charAt(0) == '0') {
                throw fail(s, ": IPv4 octet \"" + octet + "\" has a leading zero, which some tools"
                        + " read as octal; write it without leading zeros");
            }
        }
        return NetUtil.createByteArrayFromIpAddressString(a);
    }

    /**
     * Colon-hex form, possibly ending in a dotted quad; null if malformed. The dotted tail is
     * turned into two hex groups first because Netty either rejects it or rewrites ::a.b.c.d
     * into an IPv4-mapped address, which would change the network.
     */
    private static byte[] parseIpv6(String s, String a) {
        int lastColon = a.lastIndexOf(':');
        int firstDot = a.indexOf('.');
        String hex = a;
        if (firstDot >= 0) {
            if (firstDot < lastColon) {
                return null;
            }
            byte[] v4 = parseIpv4(s, a.substring(lastColon + 1));
            if (v4 == null) {
                return null;
            }
            int tail = Bits.int32(v4, 0);
            hex = a.substring(0, lastColon + 1) + Integer.toHexString(tail >>> 16) + ':'
                    + Integer.toHexString(tail & 0xffff);
        }
        Inet6Address parsed = NetUtil.getByName(hex, false);
        return parsed == null ? null : parsed.getAddress();
    }

    private static int parseLength(String s, String addressText, String lengthText, int max) {
        if (lengthText.isEmpty()) {
            throw fail(s, ": missing prefix length after \"/\"; write it like " + addressText
                    + "/" + max);
        }
        String family = max == 32 ? "IPv4" : "IPv6";
        boolean digits = lengthText.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits) {
            throw fail(s, ": prefix length \"" + escape(lengthText) + "\" is not a number; write a"
                    + " decimal 0.." + max + " for " + family + " like " + addressText + "/" + max);
        }
        // Long digit strings are out of range anyway; checking the length first avoids overflow.
        int length = lengthText.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(lengthText);
        if (length > max) {
            throw fail(s, ": prefix length must be 0.." + max + " for " + family);
        }
        return length;
    }

    /**
     * The canonical text: dotted quad for IPv4, RFC 5952 (compressed, lowercase) for IPv6, with
     * IPv4-mapped addresses keeping their dotted tail as inet_ntop (and so wg show) prints them.
     */
    static String format(Prefix p) {
        String address;
        if (p.isIpv4()) {
            address = NetUtil.intToIpAddress((int) (p.high() >>> 32));
        } else {
            try {
                // Inet6Address keeps ::ffff:a.b.c.d as IPv6, where InetAddress would turn it into IPv4.
                address = NetUtil.toAddressString(Inet6Address.getByAddress(null, p.address(), -1), true);
            } catch (UnknownHostException e) {
                throw new AssertionError("16 bytes are always an IPv6 address", e);
            }
        }
        return address + '/' + p.length();
    }

    private static IllegalArgumentException fail(String input, String problem) {
        return new IllegalArgumentException('"' + escape(input) + '"' + problem);
    }

    /** Keeps the message on one line even if the input holds control characters or quotes. */
    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
