package io.wghub.gateway.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every key wg(8) and wg-quick(8) accept, with its section and how wghub treats it. */
enum ConfigKey {
    PRIVATE_KEY("PrivateKey", Section.INTERFACE, Kind.ONCE,
            "put a key from 'wghub genkey' after '='"),
    ADDRESS("Address", Section.INTERFACE, Kind.LIST,
            "write it like Address = 10.0.0.1/24, fd00::1/64"),
    LISTEN_PORT("ListenPort", Section.INTERFACE, Kind.ONCE,
            "write it like ListenPort = 51820"),
    FW_MARK("FwMark", Section.INTERFACE, Kind.ONCE,
            "write it like FwMark = 0x1234, or FwMark = off"),
    MTU("MTU", Section.INTERFACE, Kind.ONCE,
            "write it like MTU = 1420"),
    DNS("DNS", Section.INTERFACE, Kind.NOT_APPLIED,
            "set DNS on the clients instead"),
    TABLE("Table", Section.INTERFACE, Kind.NOT_APPLIED,
            "wghub adds no routes of its own; route the peers' networks to this interface"
                    + " in the host's network configuration"),
    PRE_UP("PreUp", Section.INTERFACE, Kind.NOT_APPLIED,
            "wghub runs no hook commands; use ExecStartPre= in a systemd unit instead"),
    POST_UP("PostUp", Section.INTERFACE, Kind.NOT_APPLIED,
            "wghub runs no hook commands; use ExecStartPost= in a systemd unit instead"),
    PRE_DOWN("PreDown", Section.INTERFACE, Kind.NOT_APPLIED,
            "wghub runs no hook commands; use ExecStop= in a systemd unit instead"),
    POST_DOWN("PostDown", Section.INTERFACE, Kind.NOT_APPLIED,
            "wghub runs no hook commands; use ExecStopPost= in a systemd unit instead"),
    SAVE_CONFIG("SaveConfig", Section.INTERFACE, Kind.NOT_APPLIED,
            "wghub never writes its running state back to this file; edit the file"
                    + " (or use 'wghub peer add') to change peers"),
    PUBLIC_KEY("PublicKey", Section.PEER, Kind.ONCE,
            "put the peer's public key (what 'wg pubkey' prints on the peer) after '='"),
    PRESHARED_KEY("PresharedKey", Section.PEER, Kind.ONCE,
            "put a key from 'wghub genpsk' after '='"),
    ALLOWED_IPS("AllowedIPs", Section.PEER, Kind.LIST,
            "write it like AllowedIPs = 10.0.0.2/32, fd00::2/128"),
    ENDPOINT("Endpoint", Section.PEER, Kind.ONCE,
            "write it like Endpoint = vpn.example.com:51820"),
    PERSISTENT_KEEPALIVE("PersistentKeepalive", Section.PEER, Kind.ONCE,
            "write it like PersistentKeepalive = 25, or off");

    /** How often a key may appear in its section and whether wghub uses it. */
    enum Kind {
        /** At most once per section. */
        ONCE,
        /** Comma-separated; repeated lines add to the list, as in wg-quick. */
        LIST,
        /** Understood by wg-quick but not acted on by wghub: accepted with a warning. */
        NOT_APPLIED
    }

    private final String spelling;
    private final Section section;
    private final Kind kind;
    private final String hint;

    ConfigKey(String spelling, Section section, Kind kind, String hint) {
        this.spelling = spelling;
        this.section = section;
        this.kind = kind;
        this.hint = hint;
    }

    /** The spelling wg and wg-quick use in their documentation and output. */
    String spelling() {
        return spelling;
    }

    Section section() {
        return section;
    }

    Kind kind() {
        return kind;
    }

    /**
     * For a {@link Kind#NOT_APPLIED} key, what to do instead; for the others, how to write a
     * value (used when the value is missing).
     */
    String hint() {
        return hint;
    }

    /** The key called {@code name}, in any case as wg accepts; or null. */
    static ConfigKey find(String name) {
        for (ConfigKey k : values()) {
            if (k.spelling.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        return null;
    }

    /** The closest key to a misspelled {@code name}, preferring keys of {@code section}; or null. */
    static ConfigKey nearest(String name, Section section) {
        ConfigKey best = null;
        int bestScore = Integer.MAX_VALUE;
        for (ConfigKey k : values()) {
            if (!EditDistance.isClose(name, k.spelling)) {
                continue;
            }
            int edits = EditDistance.distance(name.toLowerCase(Locale.ROOT), k.spelling.toLowerCase(Locale.ROOT));
            // Fewer edits win; on a tie, a key of the section being read.
            int score = edits * 2 + (k.section == section ? 0 : 1);
            if (score < bestScore) {
                best = k;
                bestScore = score;
            }
        }
        return best;
    }

    /** "PublicKey, PresharedKey, ..." for {@code section}, in the order of wg's documentation. */
    static String listOf(Section section) {
        List<String> names = new ArrayList<>();
        for (ConfigKey k : values()) {
            if (k.section == section) {
                names.add(k.spelling);
            }
        }
        return String.join(", ", names);
    }
}
