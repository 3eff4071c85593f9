package io.wghub.gateway.cli;

import io.wghub.gateway.control.ConfigException;
import io.wghub.gateway.control.ConfigParser;
import io.wghub.gateway.control.PeerConfig;
import io.wghub.gateway.control.WgConfig;
import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.route.Prefix;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Appends or cuts out one [Peer] section of a config's text, every other byte kept, the result checked. */
final class PeerSections {
    private enum Kind { BLANK, COMMENT, HEADER, SETTING }

    private PeerSections() {
    }

    /** The section as {@code ConfigWriter} writes one, with the name line first. */
    static String section(PeerConfig peer) {
        StringBuilder out = new StringBuilder("[Peer]\n");
        if (peer.name() != null) {
            out.append("# Name = ").append(peer.name()).append('\n');
        }
        out.append("PublicKey = ").append(KeyEncoding.toBase64(peer.publicKey())).append('\n');
        byte[] psk = peer.presharedKey();
        if (psk != null) {
            out.append("PresharedKey = ").append(KeyEncoding.toBase64(psk)).append('\n');
        }
        if (!peer.allowedIps().isEmpty()) {
            out.append("AllowedIPs = ").append(peer.allowedIps().stream().map(Prefix::toString)
                    .collect(Collectors.joining(", "))).append('\n');
        }
        if (peer.endpoint() != null) {
            out.append("Endpoint = ").append(peer.endpoint()).append('\n');
        }
        if (peer.persistentKeepalive() != null) {
            out.append("PersistentKeepalive = ").append(peer.persistentKeepalive()).append('\n');
        }
        return out.toString();
    }

    /**
     * {@code text} with {@code peer}'s section appended after a blank line, in the file's line
     * ending.
     *
     * @throws ConfigException if the result would not parse to {@code old} plus {@code peer}
     */
    static String append(String text, WgConfig old, PeerConfig peer, String source) throws ConfigException {
        String nl = text.contains("\r\n") ? "\r\n" : "\n";
        StringBuilder out = new StringBuilder(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            out.append(nl);
        }
        if (!text.isEmpty() && !endsWithBlankLine(out)) {
            out.append(nl);
        }
        out.append(section(peer).replace("\n", nl));
        List<PeerConfig> expected = new ArrayList<>(old.peers());
        expected.add(peer);
        return checked(out.toString(), old, expected, source);
    }

    /**
     * {@code text} without the [Peer] section whose header is on line {@code peer.line()}: from
     * the comment lines right above its header (when a blank line sets them apart) to the next
     * section's own comment lines, or to the end with the blank lines before it.
     *
     * @throws ConfigException if the result would not parse to {@code old} without {@code peer}
     */
    static String remove(String text, WgConfig old, PeerConfig peer, String source) throws ConfigException {
        List<Integer> starts = lineStarts(text);
        int lines = starts.size();
        int header = peer.line() - 1;
        if (header < 0 || header >= lines || kind(line(text, starts, header)) != Kind.HEADER) {
            throw new ConfigException(source, "the [Peer] section to remove is not where it was read; run the command again");
        }
        int next = header + 1;
        while (next < lines && kind(line(text, starts, next)) != Kind.HEADER) {
            next++;
        }
        int from = commentsAbove(text, starts, header);
        int to;
        if (next < lines) {
            to = commentsAbove(text, starts, next);
        } else {
            to = lines;
            while (from > 0 && kind(line(text, starts, from - 1)) == Kind.BLANK) {
                from--;
            }
        }
        int cutFrom = starts.get(from);
        int cutTo = to < lines ? starts.get(to) : text.length();
        String result = text.substring(0, cutFrom) + text.substring(cutTo);
        List<PeerConfig> expected = new ArrayList<>(old.peers());
        expected.removeIf(p -> p.line() == peer.line());
        return checked(result, old, expected, source);
    }

    private static String checked(String text, WgConfig old, List<PeerConfig> expected, String source)
            throws ConfigException {
        WgConfig parsed;
        try {
            parsed = ConfigParser.parse(text, source);
        } catch (ConfigException e) {
            throw new ConfigException(source, "not changed, as the changed text would not parse: " + e.getMessage());
        }
        if (!parsed.iface().equals(old.iface()) || !parsed.peers().equals(expected)) {
            throw new ConfigException(source, "not changed, as the edit would have changed more than the one peer;"
                    + " make the change by hand");
        }
        return text;
    }

    /** The first of the comment lines directly above line {@code header} that a blank line (or the start) sets apart; else {@code header}. */
    private static int commentsAbove(String text, List<Integer> starts, int header) {
        int first = header;
        while (first > 0 && kind(line(text, starts, first - 1)) == Kind.COMMENT) {
            first--;
        }
        return first < header && (first == 0 || kind(line(text, starts, first - 1)) == Kind.BLANK) ? first : header;
    }

    private static boolean endsWithBlankLine(CharSequence text) {
        String s = text.toString();
        return s.endsWith("\n\n") || s.endsWith("\n\r\n");
    }

    /** Offsets where each line begins, numbered as the parser numbers them (a final newline starts no line). */
    private static List<Integer> lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            starts.add(at);
            int nl = text.indexOf('\n', at);
            at = nl < 0 ? text.length() : nl + 1;
        }
        return starts;
    }

    private static String line(String text, List<Integer> starts, int index) {
        int end = index + 1 < starts.size() ? starts.get(index + 1) : text.length();
        return text.substring(starts.get(index), end);
    }

    /** As the parser sees the line: what is left before any '#', trimmed. */
    private static Kind kind(String line) {
        int hash = line.indexOf('#');
        String content = (hash < 0 ? line : line.substring(0, hash)).strip();
        if (content.isEmpty()) {
            return hash < 0 ? Kind.BLANK : Kind.COMMENT;
        }
        return content.charAt(0) == '[' ? Kind.HEADER : Kind.SETTING;
    }
}
