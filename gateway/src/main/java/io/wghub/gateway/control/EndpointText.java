package io.wghub.gateway.control;

import io.wghub.gateway.route.Prefix;

/** Reads an Endpoint value: "host:port", "192.0.2.1:51820" or "[fd00::1]:51820". */
final class EndpointText {
    private static final String EXAMPLES =
            "write it like vpn.example.com:51820, 192.0.2.1:51820 or [fd00::1]:51820";
    /** The longest DNS name (RFC 1035), which also keeps a garbage value from being taken as one. */
    private static final int MAX_HOST_LENGTH = 253;

    private EndpointText() {
    }

    static Endpoint parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw fail(text, "has '[' without a matching ']'");
            }
            String rest = text.substring(close + 1);
            if (rest.isEmpty()) {
                throw fail(text, "has no port");
            }
            if (rest.charAt(0) != ':') {
                throw fail(text, "needs ':' and a port right after ']'");
            }
            host = text.substring(1, close);
            port = rest.substring(1);
            checkBracketedHost(text, host);
        } else {
            if (text.indexOf(']') >= 0 || text.indexOf('[') >= 0) {
                throw fail(text, "has ']' without a matching '['");
            }
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw fail(text, "has no port");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException("Endpoint " + Quote.value(text)
                        + " looks like an IPv6 address without brackets; write it like [fd00::1]:51820");
            }
            checkPlainHost(text, host);
        }
        return new Endpoint(host, port(text, port));
    }

    private static void checkBracketedHost(String text, String host) {
        int zone = host.indexOf('%');
        String address = zone < 0 ? host : host.substring(0, zone);
        boolean ipv6 = address.indexOf(':') >= 0 && address.indexOf('/') < 0 && isPrefix(address);
        if (!ipv6) {
            throw fail(text, "has brackets around something that is not an IPv6 address;"
                    + " brackets are only for IPv6");
        }
        if (zone >= 0) {
            String name = host.substring(zone + 1);
            if (name.isEmpty() || !name.chars().allMatch(EndpointText::isNameChar)) {
                throw fail(text, "has an invalid zone after '%'; use an interface name,"
                        + " like [fe80::1%eth0]:51820");
            }
        }
    }

    private static void checkPlainHost(String text, String host) {
        if (host.isEmpty()) {
            throw fail(text, "has no host before the port");
        }
        if (host.length() > MAX_HOST_LENGTH || !host.chars().allMatch(EndpointText::isNameChar)) {
            throw fail(text, "is not a host name or IP address");
        }
        // Something made of digits and dots is meant as an IPv4 address, so hold it to that.
        boolean dotted = host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        if (dotted && !isPrefix(host)) {
            throw fail(text, "is not a valid IPv4 address");
        }
    }

    private static boolean isNameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_';
    }

    private static boolean isPrefix(String address) {
        try {
            Prefix.parse(address);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(String text, String port) {
        if (port.isEmpty()) {
            throw fail(text, "has no port after ':'");
        }
        if (!port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("Endpoint port " + Quote.value(port)
                    + " is not a number; use 1 to 65535, like vpn.example.com:51820");
        }
        // Leading zeros are harmless; a long digit string is out of range without overflowing int.
        String significant = port.replaceFirst("^0+(?=.)", "");
        int value = significant.length() > 5 ? -1 : Integer.parseInt(significant);
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException("Endpoint port " + Quote.value(port)
                    + " is out of range; use 1 to 65535");
        }
        return value;
    }

    private static IllegalArgumentException fail(String text, String problem) {
        return new IllegalArgumentException("Endpoint " + Quote.value(text) + " " + problem + "; "
                + EXAMPLES);
    }
}
