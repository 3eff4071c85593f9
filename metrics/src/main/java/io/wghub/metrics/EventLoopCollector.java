package io.wghub.metrics;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Scrape-time collector of {@code wghub_event_loop_pending_tasks{loop}} and
 * {@code wghub_event_loop_cpu_seconds_total{loop}} for the data path's event loops.
 *
 * <p>Load is the CPU time of each loop's thread (user and system, so the kernel's work in the
 * loop's sendmmsg, recvmmsg and TUN calls counts): read from the kernel at scrape time, it costs
 * the data path nothing, whereas timing busy periods inside the loop would cost clock reads on
 * every wakeup. A loop blocked in epoll_wait uses no CPU, so {@code rate()} is the loop's
 * utilisation, 1 being its core saturated.
 */
final class EventLoopCollector implements MultiCollector {

    private static final MetricMetadata PENDING = new MetricMetadata("wghub_event_loop_pending_tasks",
            "Tasks queued on each data-path event loop");
    private static final MetricMetadata CPU = new MetricMetadata("wghub_event_loop_cpu_seconds",
            "CPU time (user and system) of each data-path event loop's thread", Unit.SECONDS);

    private final List<SingleThreadEventExecutor> loops = new ArrayList<>();
    private final List<Labels> labels = new ArrayList<>();
    private final long[] threadIds;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean cpuTime;

    /**
     * @param executors the loops in lane order; label {@code loop} is the position ("0".."N-1"). Starts
     *                  any loop whose thread is not running yet, to learn the thread.
     * @throws IllegalArgumentException when one is not a single-threaded executor (it has no one thread to measure)
     */
    EventLoopCollector(Iterable<? extends EventExecutor> executors) {
        for (EventExecutor executor : executors) {
            if (!(executor instanceof SingleThreadEventExecutor loop)) {
                throw new IllegalArgumentException("event loop " + loops.size() + " is a "
                        + executor.getClass().getName() + ", not a single-threaded Netty event loop");
            }
            labels.add(Labels.of("loop", Integer.toString(loops.size())));
            loops.add(loop);
        }
        threadIds = new long[loops.size()];
        for (int i = 0; i < threadIds.length; i++) {
            threadIds[i] = loops.get(i).threadProperties().id();
        }
        // On by default in HotSpot on Linux; where it is not, the CPU series is left out rather than made up.
        cpuTime = threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
    }

    @Override
    public MetricSnapshots collect() {
        List<GaugeDataPointSnapshot> pending = new ArrayList<>(loops.size());
        List<CounterDataPointSnapshot> cpu = new ArrayList<>(loops.size());
        for (int i = 0; i < loops.size(); i++) {
            pending.add(new GaugeDataPointSnapshot(loops.get(i).pendingTasks(), labels.get(i), null));
            // -1 once the thread has ended (the loop shut down): no point rather than a counter reset.
            long nanos = cpuTime ? threads.getThreadCpuTime(threadIds[i]) : -1;
            if (nanos >= 0) {
                cpu.add(new CounterDataPointSnapshot(nanos / 1e9, labels.get(i), null, 0));
            }
        }
        return MetricSnapshots.of(new GaugeSnapshot(PENDING, pending), new CounterSnapshot(CPU, cpu));
    }
}
