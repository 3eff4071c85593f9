package io.wghub.metrics;

import java.util.Locale;

/** Which peers get per-peer series ({@code --metrics-peers=all|none|top:N}); {@code limit} only for TOP. */
public record PeersMode(Kind kind, int limit) {

    /** The three modes. */
    public enum Kind { ALL, NONE, TOP }

    /** Every peer. */
    public static final PeersMode ALL = new PeersMode(Kind.ALL, 0);
    /** No per-peer series (hub series and peer counts by state stay). */
    public static final PeersMode NONE = new PeersMode(Kind.NONE, 0);

    /** Validates the limit. */
    public PeersMode {
        if (kind == null) {
            throw new IllegalArgumentException("peers mode kind is null");
        }
        if (kind == Kind.TOP && limit < 1) {
            throw new IllegalArgumentException("top:N needs N >= 1, got " + limit);
        }
        if (kind != Kind.TOP && limit != 0) {
            throw new IllegalArgumentException("only top:N takes a limit");
        }
    }

    /** The N peers with the most bytes (received plus sent). */
    public static PeersMode top(int n) {
        return new PeersMode(Kind.TOP, n);
    }

    /** Parses "all", "none" or "top:N"; the message of the exception names the bad value. */
    public static PeersMode parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("all")) {
            return ALL;
        }
        if (t.equals("none")) {
            return NONE;
        }
        if (t.startsWith("top:")) {
            try {
                int n = Integer.parseInt(t.substring(4));
                if (n >= 1) {
                    return top(n);
                }
            } catch (NumberFormatException e) {
                // fall through to the common message
            }
        }
        throw new IllegalArgumentException("bad --metrics-peers '" + text + "': expected all, none or top:N with N >= 1");
    }

    @Override
    public String toString() {
        return kind == Kind.TOP ? "top:" + limit : kind.name().toLowerCase(Locale.ROOT);
    }
}
