package io.wghub.metrics;

import java.nio.charset.StandardCharsets;

/**
 * Renders the text pieces of the exposition formats that are written once and reused: escaped label blocks and the
 * metadata lines of a metric family, for Prometheus text 0.0.4 and OpenMetrics 1.0.
 */
final class ExpositionText {

    /** The metric types the streamed series use. */
    enum Type { COUNTER, GAUGE }

    private ExpositionText() {
    }

    /**
     * {@code {n1="v1",n2="v2"}} in UTF-8, values escaped; names must be valid label names, in the order to print
     * (Prometheus' own writers sort them by name).
     */
    static byte[] labels(String[] names, String[] values) {
        StringBuilder b = new StringBuilder(64);
        b.append('{');
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(names[i]).append("=\"");
            escape(values[i], true, b);
            b.append('"');
        }
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The metadata lines of a family. Prometheus text names a counter by its sample name ({@code x_total}) and has no
     * UNIT; OpenMetrics names the family without {@code _total} and puts TYPE, UNIT, HELP in that order.
     *
     * @param name the family name without {@code _total}; with a unit it ends in {@code _unit}
     * @param unit the OpenMetrics unit, or null
     */
    static byte[] header(ScrapeFormat format, Type type, String name, String unit, String help) {
        String typeName = type == Type.COUNTER ? "counter" : "gauge";
        StringBuilder b = new StringBuilder(160);
        if (format == ScrapeFormat.OPENMETRICS) {
            b.append("# TYPE ").append(name).append(' ').append(typeName).append('\n');
            if (unit != null) {
                b.append("# UNIT ").append(name).append(' ').append(unit).append('\n');
            }
            b.append("# HELP ").append(name).append(' ');
            escape(help, true, b);
        } else {
            String family = type == Type.COUNTER ? name + "_total" : name;
            b.append("# HELP ").append(family).append(' ');
            escape(help, false, b);
            b.append('\n').append("# TYPE ").append(family).append(' ').append(typeName);
        }
        return b.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The sample name of a family: {@code x_total} for a counter in both formats. */
    static byte[] sampleName(Type type, String name) {
        return (type == Type.COUNTER ? name + "_total" : name).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Escapes backslash, newline and (where asked) double quote, as both formats require for label values and
     * OpenMetrics also for HELP; Prometheus text leaves quotes in HELP as they are.
     */
    static void escape(String s, boolean quote, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quote ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }
}
