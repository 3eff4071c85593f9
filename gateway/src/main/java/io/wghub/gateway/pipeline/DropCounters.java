package io.wghub.gateway.pipeline;

import io.wghub.gateway.DropReason;

import java.util.concurrent.atomic.LongAdder;

/** How many datagrams and packets the data path dropped, by reason; shared by all event loops. */
public final class DropCounters {
    private static final DropReason[] REASONS = DropReason.values();

    private final LongAdder[] counts = new LongAdder[REASONS.length];

    public DropCounters() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public void count(DropReason reason) {
        counts[reason.ordinal()].increment();
    }

    /** Counts {@code n} drops at once (e.g. the datagrams of one failed segmented write). */
    public void count(DropReason reason, int n) {
        counts[reason.ordinal()].add(n);
    }

    public long get(DropReason reason) {
        return counts[reason.ordinal()].sum();
    }
}
