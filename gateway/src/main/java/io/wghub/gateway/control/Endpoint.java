package io.wghub.gateway.control;

import java.util.Objects;

/**
 * Where a peer can be reached: a host name or IP literal and a UDP port.
 *
 * <p>Host names are kept as written and resolved later, by whoever sends the first packet.
 *
 * @param host a host name, an IPv4 literal, or an IPv6 literal without brackets (possibly with
 *             a %zone)
 * @param port 1 to 65535
 */
public record Endpoint(String host, int port) {
    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
            throw new IllegalArgumentException("host must be non-empty and without brackets");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
        }
    }

    /** As wg writes it: "vpn.example.com:51820", "192.0.2.1:51820", "[fd00::1]:51820". */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
