package io.wghub.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pending tasks and thread CPU time of each event loop, labelled by the loop's position. */
class EventLoopCollectorTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Map<String, Double> scrape() {
        try (WghubMetrics m = new WghubMetrics(new FakeHub(), PeersMode.NONE)) {
            m.bindEventLoops(group);
            return Exposition.samples(m.scrape(ScrapeFormat.PROMETHEUS_TEXT));
        }
    }

    @Test
    void pendingTasksAreTheTasksQueuedBehindABusyLoop() throws Exception {
        EventExecutor second = loops().get(1);
        CountDownLatch running = new CountDownLatch(1);
        second.submit(() -> {
            running.countDown();
            release.await();
            return null;
        });
        running.await();
        for (int i = 0; i < 3; i++) {
            second.execute(() -> { });
        }
        Map<String, Double> s = scrape();
        ScrapeTest.assertValue(0, s.get("wghub_event_loop_pending_tasks{loop=\"0\"}"));
        ScrapeTest.assertValue(3, s.get("wghub_event_loop_pending_tasks{loop=\"1\"}"));
    }

    @Test
    void cpuSecondsCoverWhatTheLoopThreadSpent() throws Exception {
        EventExecutor first = loops().get(0);
        // The loop spins until its own thread has used 50 ms of CPU, as measured by that thread.
        long spent = first.submit(() -> {
            var threads = ManagementFactory.getThreadMXBean();
            long start = threads.getCurrentThreadCpuTime();
            long now;
            do {
                now = threads.getCurrentThreadCpuTime();
            } while (now - start < 50_000_000L);
            return now;
        }).get();
        Map<String, Double> s = scrape();
        Double cpu = s.get("wghub_event_loop_cpu_seconds_total{loop=\"0\"}");
        assertTrue(cpu != null && cpu >= spent / 1e9, "loop 0 CPU " + cpu + " s, its thread measured " + spent / 1e9 + " s");
        assertTrue(s.containsKey("wghub_event_loop_cpu_seconds_total{loop=\"1\"}"), s.keySet().toString());
    }

    @Test
    void anExecutorWithoutOneThreadIsRefused() {
        try (WghubMetrics m = new WghubMetrics(new FakeHub(), PeersMode.NONE)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.bindEventLoops(List.of(GlobalEventExecutor.INSTANCE)));
            assertEquals("event loop 0 is a io.netty.util.concurrent.GlobalEventExecutor, not a single-threaded Netty"
                    + " event loop", e.getMessage());
        }
    }

    private List<EventExecutor> loops() {
        List<EventExecutor> loops = new ArrayList<>();
        group.forEach(loops::add);
        return loops;
    }
}
