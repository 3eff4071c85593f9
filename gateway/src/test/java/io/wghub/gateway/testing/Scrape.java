package io.wghub.gateway.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One /metrics page in the Prometheus text format, parsed into samples that tests look up by name and labels. */
public final class Scrape {
    /** One line of the page: metric name, labels in the order written, value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final String text;
    private final List<Sample> samples;

    private Scrape(String text, List<Sample> samples) {
        this.text = text;
        this.samples = samples;
    }

    /** Parses {@code text}; a line that is not a comment, blank or a well-formed sample fails with that line. */
    public static Scrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                try {
                    samples.add(sample(line));
                } catch (IndexOutOfBoundsException | NumberFormatException e) {
                    throw new AssertionError("not a sample line: " + line);
                }
            }
        }
        return new Scrape(text, samples);
    }

    /** The page as served. */
    public String text() {
        return text;
    }

    public List<Sample> samples() {
        return samples;
    }

    /**
     * The value of the one sample named {@code name} whose labels include {@code labelPairs} (name, value,
     * name, value, ...); fails unless exactly one matches.
     */
    public double value(String name, String... labelPairs) {
        List<Sample> found = find(name, labelPairs);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples of " + name + " with labels " + String.join(",", labelPairs)
                    + " on the page (expected one):\n" + text);
        }
        return found.getFirst().value();
    }

    /** The samples named {@code name} whose labels include {@code labelPairs}. */
    public List<Sample> find(String name, String... labelPairs) {
        if (labelPairs.length % 2 != 0) {
            throw new IllegalArgumentException("label names and values come in pairs: " + String.join(",", labelPairs));
        }
        List<Sample> found = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.name().equals(name) && matches(sample.labels(), labelPairs)) {
                found.add(sample);
            }
        }
        return found;
    }

    /** Label {@code label} to value for every sample named {@code name}, e.g. each drop reason's count. */
    public Map<String, Double> byLabel(String name, String label) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Sample sample : find(name)) {
            out.put(sample.labels().get(label), sample.value());
        }
        return out;
    }

    private static boolean matches(Map<String, String> labels, String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
                return false;
            }
        }
        return true;
    }

    /** {@code name{a="x",b="y"} value [timestamp]} or {@code name value [timestamp]}, with \\, \" and \n escapes in values. */
    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf("=\"", i);
                if (eq < 0) {
                    throw new AssertionError("malformed labels in: " + line);
                }
                String label = line.substring(i, eq);
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = line.substring(i).strip().split(" ");
        if (name.isEmpty() || rest.length < 1 || rest[0].isEmpty()) {
            throw new AssertionError("not a sample line: " + line);
        }
        double value = switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(rest[0]);
        };
        return new Sample(name, labels, value);
    }
}
