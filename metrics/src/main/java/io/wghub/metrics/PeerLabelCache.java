package io.wghub.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * Each peer's label block ({@code {allowed_ips=..,friendly_name=..,interface=..,public_key=..}}, escaped, UTF-8) by
 * public key, rendered once and again only when the peer's allowed IPs, name or the interface name change.
 */
final class PeerLabelCache {

    /** Sorted by name, as prometheus_wireguard_exporter and Prometheus' own writers print them. */
    private static final String[] NAMES = {"allowed_ips", "friendly_name", "interface", "public_key"};

    private final Map<String, Entry> byKey = new HashMap<>();
    private int generation;
    private int seen;

    /** Starts a scrape: what is not looked up from now to {@link #evictUnseen} is forgotten then. */
    void begin() {
        generation++;
        seen = 0;
    }

    /** The label block of one peer; allocates only when the peer is new or its labels changed. */
    byte[] labels(String iface, String key, String allowedIps, String name) {
        Entry e = byKey.get(key);
        if (e == null || !e.matches(iface, allowedIps, name)) {
            e = new Entry(iface, allowedIps, name,
                    ExpositionText.labels(NAMES, new String[] {allowedIps, name, iface, key}));
            byKey.put(key, e);
        }
        if (e.generation != generation) {
            e.generation = generation;
            seen++;
        }
        return e.block;
    }

    /** Drops the blocks of peers not looked up since {@link #begin} (removed, or out of the top N). */
    void evictUnseen() {
        if (byKey.size() > seen) {
            int g = generation;
            byKey.values().removeIf(e -> e.generation != g);
        }
    }

    int size() {
        return byKey.size();
    }

    /** One peer's labels as they were rendered. */
    private static final class Entry {
        final String iface;
        final String allowedIps;
        final String name;
        final byte[] block;
        int generation;

        Entry(String iface, String allowedIps, String name, byte[] block) {
            this.iface = iface;
            this.allowedIps = allowedIps;
            this.name = name;
            this.block = block;
        }

        boolean matches(String i, String a, String n) {
            return iface.equals(i) && allowedIps.equals(a) && name.equals(n);
        }
    }
}
