package io.wghub.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses exposition text into "name{labels}" to value, for assertions. */
final class Exposition {

    private Exposition() {
    }

    static Map<String, Double> samples(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int cut = line.lastIndexOf(' ');
            String value = line.substring(cut + 1);
            out.put(line.substring(0, cut), switch (value) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(value);
            });
        }
        return out;
    }

    /** The label block the writers print for a peer (labels sorted by name). */
    static String peer(String iface, FakeHub.Peer p) {
        return "{allowed_ips=\"" + p.allowedIps() + "\",friendly_name=\"" + p.name() + "\",interface=\"" + iface
                + "\",public_key=\"" + p.key() + "\"}";
    }
}
