package io.wghub.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;

/** Scrape-time collector of {@code wghub_packets_dropped_total{reason}} over {@link HubSource#forEachDrop}. */
final class DropCollector implements MultiCollector {

    private static final MetricMetadata DROPPED = new MetricMetadata("wghub_packets_dropped",
            "Datagrams and packets dropped by the data path, by reason");

    private final HubSource source;
    private final Map<String, Labels> labels = new HashMap<>();
    private final List<CounterDataPointSnapshot> points = new ArrayList<>();
    private final ObjLongConsumer<String> add = this::add;

    DropCollector(HubSource source) {
        this.source = source;
    }

    @Override
    public synchronized MetricSnapshots collect() {
        try {
            source.forEachDrop(add);
            return MetricSnapshots.of(new CounterSnapshot(DROPPED, points));
        } finally {
            points.clear();
        }
    }

    /**
     * A counter as a non-negative double: a negative long is read as the unsigned 64-bit value it wrapped to,
     * so one bad counter cannot fail the whole scrape (the model rejects negative counters).
     */
    static double unsigned(long v) {
        return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
    }

    private void add(String reason, long count) {
        Labels l = labels.get(reason);
        if (l == null) {
            l = Labels.of("reason", reason);
            labels.put(reason, l);
        }
        points.add(new CounterDataPointSnapshot(unsigned(count), l, null, 0));
    }
}
