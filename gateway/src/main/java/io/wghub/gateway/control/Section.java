package io.wghub.gateway.control;

import java.util.Locale;

/** The two section kinds of a wg-quick file. */
enum Section {
    INTERFACE("Interface"),
    PEER("Peer");

    private final String title;

    Section(String title) {
        this.title = title;
    }

    /** As written in a file: "[Interface]". */
    String header() {
        return "[" + title + "]";
    }

    /** The section called {@code name} (any case, as wg reads it), or null. */
    static Section find(String name) {
        for (Section s : values()) {
            if (s.title.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        return null;
    }

    /** The section whose name is at most two edits from {@code name}, for a "did you mean"; or null. */
    static Section nearest(String name) {
        for (Section s : values()) {
            if (EditDistance.isClose(name, s.title)) {
                return s;
            }
        }
        return null;
    }
}
