package io.wghub.gateway.control;

import io.wghub.gateway.crypto.KeyEncoding;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a {@link WgConfig} as canonical wg-quick text.
 *
 * <p>Setting names are spelt and ordered as wg prints them, keys are base64, lists joined with ", ", a
 * peer's name is a "# Name = X" line first in its section, and a blank line separates sections.
 *
 * <p>{@code ConfigParser.parse(write(c), any)} equals {@code c} for a config without warnings.
 * Not written: the warnings, and so the settings they are about (DNS, Table, PreUp, PostUp,
 * PreDown, PostDown, SaveConfig), as wghub does not keep them; nor comments other than names,
 * nor the {@code line} fields, which equality ignores.
 */
public final class ConfigWriter {
    private ConfigWriter() {
    }

    /**
     * @throws IllegalArgumentException if the text would not parse back, for a rule the records
     *                                  alone do not enforce (two peers with one key, a network
     *                                  routed to two peers, an MTU below 1280 with IPv6)
     */
    public static String write(WgConfig config) {
        StringBuilder out = new StringBuilder(256 + 256 * config.peers().size());
        writeInterface(out, config.iface());
        for (PeerConfig peer : config.peers()) {
            out.append('\n');
            writePeer(out, peer);
        }
        String text = out.toString();
        // Parsing the result back costs little next to writing a file, and it guarantees that
        // wghub never saves a file it would then refuse to start with.
        try {
            ConfigParser.parse(text, "(written configuration)");
        } catch (ConfigException e) {
            throw new IllegalArgumentException("this configuration cannot be written: " + e.getMessage(), e);
        }
        return text;
    }

    private static void writeInterface(StringBuilder out, InterfaceConfig iface) {
        out.append("[Interface]\n");
        line(out, "PrivateKey", KeyEncoding.toBase64(iface.privateKey()));
        if (!iface.addresses().isEmpty()) {
            line(out, "Address", join(iface.addresses()));
        }
        if (iface.listenPort() != null) {
            line(out, "ListenPort", iface.listenPort().toString());
        }
        if (iface.fwMark() != null) {
            line(out, "FwMark", "0x" + Integer.toHexString(iface.fwMark()));
        }
        if (iface.mtu() != null) {
            line(out, "MTU", iface.mtu().toString());
        }
    }

    private static void writePeer(StringBuilder out, PeerConfig peer) {
        out.append("[Peer]\n");
        if (peer.name() != null) {
            out.append("# Name = ").append(peer.name()).append('\n');
        }
        line(out, "PublicKey", KeyEncoding.toBase64(peer.publicKey()));
        if (peer.presharedKey() != null) {
            line(out, "PresharedKey", KeyEncoding.toBase64(peer.presharedKey()));
        }
        if (!peer.allowedIps().isEmpty()) {
            line(out, "AllowedIPs", join(peer.allowedIps()));
        }
        if (peer.endpoint() != null) {
            line(out, "Endpoint", peer.endpoint().toString());
        }
        if (peer.persistentKeepalive() != null) {
            line(out, "PersistentKeepalive", peer.persistentKeepalive().toString());
        }
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append(" = ").append(value).append('\n');
    }

    private static String join(List<?> values) {
        return values.stream().map(Object::toString).collect(Collectors.joining(", "));
    }
}
