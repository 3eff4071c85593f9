package io.wghub.gateway.control.uapi;

import io.wghub.gateway.route.Prefix;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.stream.Collectors;

/** Set requests as comparable text (records compare their key arrays by identity). */
final class Describe {
    private Describe() {
    }

    static String request(SetRequest r) {
        StringBuilder out = new StringBuilder()
                .append("private_key=").append(key(r.privateKey())).append('\n')
                .append("listen_port=").append(r.listenPort()).append('\n')
                .append("fwmark=").append(r.fwmark() == null ? "null" : Integer.toUnsignedString(r.fwmark()))
                .append('\n')
                .append("replace_peers=").append(r.replacePeers()).append('\n');
        for (PeerChange p : r.peers()) {
            out.append(peer(p));
        }
        return out.toString();
    }

    static String peer(PeerChange p) {
        return "peer " + key(p.publicKey()) + " remove=" + p.remove() + " update_only=" + p.updateOnly()
                + " psk=" + key(p.presharedKey()) + " endpoint=" + endpoint(p.endpoint())
                + " keepalive=" + p.persistentKeepalive() + " replace_allowed_ips=" + p.replaceAllowedIps()
                + " allowed_ips=" + p.allowedIps().stream().map(Prefix::toString).collect(Collectors.joining(","))
                + '\n';
    }

    static String key(byte[] key) {
        return key == null ? "null" : Keys.hex(key);
    }

    /** The address family is part of the text: an IPv4-mapped IPv6 endpoint is not an IPv4 one. */
    static String endpoint(InetSocketAddress a) {
        if (a == null) {
            return "null";
        }
        String family = a.getAddress() instanceof Inet6Address ? "v6" : "v4";
        return family + ":" + EndpointLiteral.format(a);
    }
}
