package io.wghub.metrics;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Metrics endpoint settings: listen address, optional TLS (PEM certificate chain and PKCS#8 key),
 * optional client-certificate CA (enables required client auth), and the per-peer series mode.
 */
public record MetricsConfig(InetSocketAddress listen, Path tlsCert, Path tlsKey, Path tlsClientCa, PeersMode peers) {

    /** prometheus_wireguard_exporter's port, on loopback only. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:9586";

    /** Checks that TLS settings come in a usable combination. */
    public MetricsConfig {
        if (listen == null) {
            throw new IllegalArgumentException("metrics: listen address is missing");
        }
        if (peers == null) {
            peers = PeersMode.ALL;
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("metrics: TLS needs both a certificate and a key file");
        }
        if (tlsClientCa != null && tlsCert == null) {
            throw new IllegalArgumentException("metrics: client-certificate authentication needs TLS (certificate and key)");
        }
    }

    /** Plain HTTP on {@code listen} ("HOST:PORT"), every peer. */
    public static MetricsConfig plain(String listen) {
        return new MetricsConfig(parseListen(listen), null, null, null, PeersMode.ALL);
    }

    /** The defaults: plain HTTP on 127.0.0.1:9586, every peer. */
    public static MetricsConfig defaults() {
        return plain(DEFAULT_LISTEN);
    }

    /** True when the endpoint speaks HTTPS. */
    public boolean tls() {
        return tlsCert != null;
    }

    /** True when clients must present a certificate issued by {@link #tlsClientCa}. */
    public boolean clientAuth() {
        return tlsClientCa != null;
    }

    /** A copy serving HTTPS with this certificate chain and key. */
    public MetricsConfig withTls(Path cert, Path key) {
        return new MetricsConfig(listen, cert, key, tlsClientCa, peers);
    }

    /** A copy requiring client certificates issued by this CA (PEM). */
    public MetricsConfig withClientCa(Path ca) {
        return new MetricsConfig(listen, tlsCert, tlsKey, ca, peers);
    }

    /** A copy with another per-peer series mode. */
    public MetricsConfig withPeers(PeersMode mode) {
        return new MetricsConfig(listen, tlsCert, tlsKey, tlsClientCa, mode);
    }

    /**
     * Parses {@code --metrics-listen}: "HOST:PORT", "[IPV6]:PORT" or ":PORT" (all addresses); port 0 picks
     * a free port. The exception's message is one line naming the bad value.
     */
    public static InetSocketAddress parseListen(String text) {
        String bad = "bad --metrics-listen '" + text + "': ";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(bad + "expected HOST:PORT");
        }
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(bad + "expected HOST:PORT");
        }
        String host = t.substring(0, colon);
        String portText = t.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException(bad + "write IPv6 addresses in brackets, e.g. [::1]:9586");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(bad + "port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(bad + "port out of range 0-65535");
        }
        if (host.isEmpty()) {
            return new InetSocketAddress(port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(bad + "unknown host '" + host + "'");
        }
    }
}
