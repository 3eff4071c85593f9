package io.wghub.gateway.control;

import java.util.Locale;

/** Levenshtein distance, to suggest the key or section a typo probably meant. */
final class EditDistance {
    /** Two edits catch a missing, doubled or swapped letter without matching unrelated words. */
    private static final int MAX_EDITS = 2;

    private EditDistance() {
    }

    /** Whether {@code typed} is a likely misspelling of {@code known}, ignoring case. */
    static boolean isClose(String typed, String known) {
        // The distance is at least the difference in length; skipping early also bounds the work
        // on an absurdly long line.
        if (Math.abs(typed.length() - known.length()) > MAX_EDITS) {
            return false;
        }
        int d = distance(typed.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
        // A distance as long as the typed word means nothing of it was kept (e.g. "ab" vs "MTU").
        return d <= MAX_EDITS && d < typed.length();
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
