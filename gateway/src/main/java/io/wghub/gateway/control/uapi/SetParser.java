package io.wghub.gateway.control.uapi;

import io.wghub.gateway.route.Prefix;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns the key=value lines of one set=1 request, fed one at a time, into a {@link SetRequest}. */
final class SetParser {
    private static final Set<String> INTERFACE_KEYS = Set.of("private_key", "listen_port", "fwmark", "replace_peers");
    private static final Set<String> PEER_KEYS = Set.of("remove", "update_only", "preshared_key", "endpoint",
            "persistent_keepalive_interval", "replace_allowed_ips", "allowed_ip", "protocol_version");

    private byte[] privateKey;
    private Integer listenPort;
    private Integer fwmark;
    private boolean replacePeers;
    private final List<PeerChange> peers = new ArrayList<>();
    private PeerChangeDraft peer;
    private int lineNumber;

    /**
     * Reads one line (without its '\n') from {@code line[0..length)}; the bytes are not kept, so the
     * caller may wipe them afterwards.
     *
     * @throws UapiException with a one-line reason that starts with the line number and never
     *                       quotes a private or preshared key
     */
    void line(byte[] line, int length) throws UapiException {
        lineNumber++;
        int equals = -1;
        for (int i = 0; i < length && equals < 0; i++) {
            if (line[i] == '=') {
                equals = i;
            }
        }
        if (equals < 0) {
            throw new UapiException(UapiException.EPROTO, "line " + lineNumber + " has no '='; expected key=value");
        }
        String key = new String(line, 0, equals, StandardCharsets.ISO_8859_1);
        try {
            if (key.equals("public_key")) {
                startPeer(UapiValues.key(line, equals + 1, length, key));
            } else if (key.equals("private_key")) {
                requireInterfaceSection(key);
                privateKey = UapiValues.key(line, equals + 1, length, key);
            } else if (key.equals("preshared_key")) {
                requirePeerSection(key).presharedKey(UapiValues.key(line, equals + 1, length, key));
            } else {
                String value = new String(line, equals + 1, length - equals - 1, StandardCharsets.ISO_8859_1);
                if (peer == null) {
                    interfaceLine(key, value);
                } else {
                    peerLine(key, value);
                }
            }
        } catch (UapiException e) {
            throw new UapiException(e.errno(), "line " + lineNumber + ": " + e.getMessage());
        }
    }

    private void startPeer(byte[] publicKey) {
        if (peer != null) {
            peers.add(peer.build());
        }
        peer = new PeerChangeDraft(publicKey);
    }

    private void interfaceLine(String key, String value) throws UapiException {
        switch (key) {
            case "listen_port" -> listenPort = (int) UapiValues.unsigned(value, 0xffff, key);
            case "fwmark" -> fwmark = (int) UapiValues.unsigned(value, 0xffff_ffffL, key);
            case "replace_peers" -> {
                UapiValues.requireTrue(value, key);
                replacePeers = true;
            }
            default -> {
                if (PEER_KEYS.contains(key)) {
                    throw UapiException.invalid("peer key " + UapiValues.quote(key)
                            + " before any public_key line; a peer's lines follow its public_key=");
                }
                throw unknown(key);
            }
        }
    }

    private void peerLine(String key, String value) throws UapiException {
        switch (key) {
            case "remove" -> {
                UapiValues.requireTrue(value, key);
                peer.remove();
            }
            case "update_only" -> {
                UapiValues.requireTrue(value, key);
                peer.updateOnly();
            }
            case "endpoint" -> peer.endpoint(EndpointLiteral.parse(value));
            case "persistent_keepalive_interval" -> peer.persistentKeepalive((int) UapiValues.unsigned(value, 0xffff, key));
            case "replace_allowed_ips" -> {
                UapiValues.requireTrue(value, key);
                peer.replaceAllowedIps();
            }
            case "allowed_ip" -> peer.allowedIp(allowedIp(value));
            case "protocol_version" -> {
                if (!value.equals("1")) {
                    throw UapiException.invalid("protocol_version: " + UapiValues.quote(value)
                            + " is not supported; the only version is 1");
                }
            }
            default -> {
                if (INTERFACE_KEYS.contains(key)) {
                    throw UapiException.invalid("interface key " + UapiValues.quote(key)
                            + " after a public_key line; interface keys come before the first peer");
                }
                throw unknown(key);
            }
        }
    }

    /** An address, '/', and a prefix length, as Go's netip.ParsePrefix takes it; host bits are masked. */
    private static Prefix allowedIp(String value) throws UapiException {
        boolean clean = value.indexOf('/') > 0;
        for (int i = 0; i < value.length() && clean; i++) {
            clean = value.charAt(i) > ' ' && value.charAt(i) < 0x7f;
        }
        try {
            if (clean) {
                return Prefix.parse(value);
            }
        } catch (IllegalArgumentException e) {
            // Reported below, in the UAPI's own words.
        }
        throw UapiException.invalid("allowed_ip: " + UapiValues.quote(value)
                + " is not an IP prefix such as 10.0.0.0/24 or fd00::/64");
    }

    private void requireInterfaceSection(String key) throws UapiException {
        if (peer != null) {
            throw UapiException.invalid("interface key " + UapiValues.quote(key)
                    + " after a public_key line; interface keys come before the first peer");
        }
    }

    private PeerChangeDraft requirePeerSection(String key) throws UapiException {
        if (peer == null) {
            throw UapiException.invalid("peer key " + UapiValues.quote(key)
                    + " before any public_key line; a peer's lines follow its public_key=");
        }
        return peer;
    }

    private static UapiException unknown(String key) {
        return UapiException.invalid("unknown key " + UapiValues.quote(key));
    }

    /** The request read so far. */
    SetRequest finish() {
        if (peer != null) {
            peers.add(peer.build());
            peer = null;
        }
        return new SetRequest(privateKey, listenPort, fwmark, replacePeers, peers);
    }
}
