package io.wghub.gateway.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Collects what was read but not applied, as one-line warnings in line order. */
final class Warnings {
    private record Entry(int line, String text) {
    }

    private final String source;
    private final List<Entry> entries = new ArrayList<>();
    /** Lines of each not-applied key, so that a key repeated (PostUp, typically) warns once. */
    private final Map<ConfigKey, List<Integer>> notApplied = new LinkedHashMap<>();

    Warnings(String source) {
        this.source = source;
    }

    void add(int line, String text) {
        entries.add(new Entry(line, text));
    }

    void notApplied(ConfigKey key, int line) {
        notApplied.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
    }

    /** "SOURCE:LINE: text" for each warning, ordered by line. */
    List<String> list() {
        List<Entry> all = new ArrayList<>(entries);
        notApplied.forEach((key, lines) -> {
            String others = lines.subList(1, lines.size()).stream().map(String::valueOf)
                    .collect(Collectors.joining(", "));
            String also = lines.size() == 1 ? ""
                    : " (also on line" + (lines.size() > 2 ? "s " : " ") + others + ")";
            all.add(new Entry(lines.get(0), key.spelling() + also
                    + " is a wg-quick setting that wghub does not apply; " + key.hint()));
        });
        all.sort(Comparator.comparingInt(Entry::line));
        List<String> out = new ArrayList<>(all.size());
        for (Entry e : all) {
            out.add(Quote.oneLine(source + ":" + e.line() + ": " + e.text()));
        }
        return out;
    }
}
