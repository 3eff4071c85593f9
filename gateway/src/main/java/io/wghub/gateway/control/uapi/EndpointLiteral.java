package io.wghub.gateway.control.uapi;

import io.netty.util.NetUtil;
import io.wghub.gateway.route.Prefix;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/** UAPI endpoints: "192.0.2.1:51820" or "[2001:db8::1]:51820" ("%zone" allowed in the brackets); never host names. */
final class EndpointLiteral {
    private static final String EXPECTED = "expected IPv4:port or [IPv6]:port";

    private EndpointLiteral() {
    }

    /** Parses an endpoint value; wg resolves host names itself, so only IP literals are accepted. */
    static InetSocketAddress parse(String value) throws UapiException {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) <= ' ' || value.charAt(i) >= 0x7f) {
                throw fail(value, "contains a space, control or non-ASCII character");
            }
        }
        String host;
        String port;
        String zone = null;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || close + 1 >= value.length() || value.charAt(close + 1) != ':') {
                throw fail(value, "needs ']:' and a port after the IPv6 address");
            }
            host = value.substring(1, close);
            port = value.substring(close + 2);
            int percent = host.indexOf('%');
            if (percent >= 0) {
                zone = host.substring(percent + 1);
                host = host.substring(0, percent);
            }
            if (host.indexOf(':') < 0) {
                throw fail(value, "has brackets around something that is not an IPv6 address");
            }
        } else {
            int colon = value.lastIndexOf(':');
            if (colon < 0) {
                throw fail(value, "has no port");
            }
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw fail(value, "has an IPv6 address without brackets");
            }
        }
        int portNumber = (int) UapiValues.unsigned(port, 0xffff, "endpoint port");
        return new InetSocketAddress(address(value, host, zone), portNumber);
    }

    private static InetAddress address(String value, String host, String zone) throws UapiException {
        boolean v6 = host.indexOf(':') >= 0;
        byte[] bytes;
        try {
            // Prefix's parser takes exactly the literals Go's netip does (no leading zeros, no names).
            bytes = Prefix.parse(host + (v6 ? "/128" : "/32")).address();
        } catch (IllegalArgumentException e) {
            throw fail(value, "does not start with an IP address literal (wg resolves host names before sending)");
        }
        try {
            if (!v6) {
                return Inet4Address.getByAddress(bytes);
            }
            // Inet6Address keeps ::ffff:a.b.c.d as IPv6, as wireguard-go does; InetAddress would not.
            return Inet6Address.getByAddress(null, bytes, zone == null ? -1 : scope(value, zone));
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    /** A zone: a numeric scope id or the name of an existing interface. */
    private static int scope(String value, String zone) throws UapiException {
        if (!zone.isEmpty() && zone.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return (int) UapiValues.unsigned(zone, Integer.MAX_VALUE, "endpoint zone");
        }
        NetworkInterface nif = null;
        try {
            nif = zone.isEmpty() ? null : NetworkInterface.getByName(zone);
        } catch (SocketException e) {
            // Treated as an unknown interface.
        }
        if (nif == null) {
            throw fail(value, "names zone " + UapiValues.quote(zone) + ", which is no interface here");
        }
        return nif.getIndex();
    }

    private static UapiException fail(String value, String problem) {
        return UapiException.invalid("endpoint " + UapiValues.quote(value) + " " + problem + "; " + EXPECTED);
    }

    /** As wireguard-go prints it: "192.0.2.1:51820", "[2001:db8::1]:51820", without a zone. */
    static String format(InetSocketAddress endpoint) {
        InetAddress address = endpoint.getAddress();
        if (address == null) {
            return endpoint.getHostString() + ":" + endpoint.getPort();
        }
        if (address instanceof Inet6Address) {
            return "[" + NetUtil.toAddressString(address, true) + "]:" + endpoint.getPort();
        }
        return NetUtil.toAddressString(address) + ":" + endpoint.getPort();
    }
}
