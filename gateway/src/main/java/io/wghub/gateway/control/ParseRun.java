package io.wghub.gateway.control;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One pass over a config's lines: sections, keys and comments, stopping at the first error. */
final class ParseRun {
    /** The comment wghub's "peer add" writes to name a peer; any case and spacing, as for keys. */
    private static final Pattern NAME_COMMENT =
            Pattern.compile("[ \\t]*(?i:name)[ \\t]*=(.*)", Pattern.DOTALL);

    private final String source;
    private final Warnings warnings;
    private final PeerChecks checks = new PeerChecks();
    private final List<PeerConfig> peers = new ArrayList<>();
    /** Keys seen in the current section, to the line of their first appearance. */
    private final Map<ConfigKey, Integer> seen = new EnumMap<>(ConfigKey.class);
    private Section section;
    private InterfaceDraft interfaceDraft;
    private InterfaceConfig iface;
    private PeerDraft peer;
    private int firstPeerLine;

    ParseRun(String source) {
        this.source = source;
        this.warnings = new Warnings(source);
    }

    WgConfig run(String text) throws ConfigException {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            // CRLF files are common; the CR must not end up in a name or a value.
            line(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line, i + 1);
        }
        closeSection();
        if (iface == null) {
            throw new ConfigException(source, firstPeerLine == 0 ? 1 : firstPeerLine,
                    "no [Interface] section; start the file with [Interface] and its PrivateKey");
        }
        return new WgConfig(iface, peers, warnings.list());
    }

    private void line(String raw, int n) throws ConfigException {
        int hash = raw.indexOf('#');
        String content = ConfigText.trim(hash < 0 ? raw : raw.substring(0, hash));
        if (content.isEmpty()) {
            if (hash >= 0) {
                comment(raw.substring(hash + 1), n);
            }
        } else if (content.charAt(0) == '[') {
            header(content, n);
        } else {
            keyValue(content, n);
        }
    }

    private void comment(String text, int n) throws ConfigException {
        Matcher m = NAME_COMMENT.matcher(text);
        if (!m.matches()) {
            return;
        }
        if (peer == null) {
            warnings.add(n, "a '# Name =' comment names a peer only inside its [Peer] section, so this"
                    + " one names nothing; move it below the [Peer] line it belongs to");
            return;
        }
        try {
            peer.name(ConfigText.trim(m.group(1)), n);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, n, e.getMessage());
        }
    }

    private void header(String content, int n) throws ConfigException {
        int close = content.indexOf(']');
        if (close < 0) {
            throw new ConfigException(source, n,
                    "section header has no closing ']'; write [Interface] or [Peer]");
        }
        if (close != content.length() - 1) {
            throw new ConfigException(source, n, "text after the section header's ']'; a section line"
                    + " holds only [Interface] or [Peer], and perhaps a # comment");
        }
        String name = ConfigText.trim(content.substring(1, close));
        Section next = Section.find(name);
        if (next == null) {
            Section near = Section.nearest(name);
            throw new ConfigException(source, n, "unknown section " + Quote.value("[" + name + "]")
                    + (near != null ? "; did you mean " + near.header() + "?"
                            : "; a wg-quick file has one [Interface] and a [Peer] for each peer"));
        }
        closeSection();
        if (next == Section.INTERFACE) {
            if (interfaceDraft != null) {
                throw new ConfigException(source, n, "a second [Interface] (the first is on line "
                        + interfaceDraft.line() + "); a file configures one interface: merge the two");
            }
            interfaceDraft = new InterfaceDraft(n, checks);
        } else {
            peer = new PeerDraft(n, checks, warnings);
            firstPeerLine = firstPeerLine == 0 ? n : firstPeerLine;
        }
        section = next;
        seen.clear();
    }

    /** Finishes the section being read: a [Peer] or [Interface] missing its key fails here. */
    private void closeSection() throws ConfigException {
        if (peer != null) {
            peers.add(peer.build(source));
            peer = null;
        } else if (section == Section.INTERFACE && iface == null) {
            iface = interfaceDraft.build(source);
        }
    }

    private void keyValue(String content, int n) throws ConfigException {
        int eq = content.indexOf('=');
        // The line itself is not quoted: it may well be a key pasted on a line of its own.
        if (eq < 0) {
            throw new ConfigException(source, n, "the line has no '='; write settings as Key = Value,"
                    + " like ListenPort = 51820");
        }
        String name = ConfigText.trim(content.substring(0, eq));
        String value = ConfigText.trim(content.substring(eq + 1));
        if (name.isEmpty()) {
            throw new ConfigException(source, n, "no key before '='; write settings as Key = Value,"
                    + " like ListenPort = 51820");
        }
        ConfigKey key = ConfigKey.find(name);
        if (key == null) {
            throw new ConfigException(source, n, unknownKey(name));
        }
        if (section == null) {
            throw new ConfigException(source, n, key.spelling() + " comes before any section; put it under "
                    + key.section().header());
        }
        if (key.section() != section) {
            throw new ConfigException(source, n, key.spelling() + " belongs in " + key.section().header()
                    + ", not in " + section.header() + "; move it there");
        }
        if (key.kind() == ConfigKey.Kind.NOT_APPLIED) {
            warnings.notApplied(key, n);
            return;
        }
        Integer first = key.kind() == ConfigKey.Kind.ONCE ? seen.putIfAbsent(key, n) : null;
        if (first != null) {
            throw new ConfigException(source, n, key.spelling() + " appears twice in this "
                    + section.header() + " section (first on line " + first + "); keep one"
                    + (key == ConfigKey.PUBLIC_KEY ? ", or start a new [Peer] for the second peer" : ""));
        }
        if (value.isEmpty()) {
            throw new ConfigException(source, n, key.spelling() + " has no value; " + key.hint()
                    + ", or delete the line");
        }
        try {
            if (section == Section.INTERFACE) {
                interfaceDraft.apply(key, value, n);
            } else {
                peer.apply(key, value, n);
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, n, e.getMessage());
        }
    }

    private String unknownKey(String name) {
        if (name.equalsIgnoreCase("name")) {
            return "Name is not a setting; a peer's name is a comment line inside its [Peer],"
                    + " written as # Name = alice";
        }
        String where = section == null ? " before any section" : " in " + section.header();
        ConfigKey near = ConfigKey.nearest(name, section);
        if (near != null) {
            return "unknown key " + Quote.value(name) + where + "; did you mean " + near.spelling() + "?";
        }
        if (section == null) {
            return "unknown key " + Quote.value(name) + where + "; a wg-quick file starts with [Interface]";
        }
        return "unknown key " + Quote.value(name) + where + "; the keys of " + section.header() + " are "
                + ConfigKey.listOf(section);
    }
}
