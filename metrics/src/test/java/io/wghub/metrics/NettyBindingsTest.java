package io.wghub.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Event-loop and buffer-pool figures of the gateway's Netty objects appear on the scrape. */
class NettyBindingsTest {

    @Test
    void eventLoopsAndAllocators() {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try (WghubMetrics m = new WghubMetrics(new FakeHub(), PeersMode.NONE)) {
            m.bindEventLoops(group);
            m.bindAllocator(PooledByteBufAllocator.DEFAULT);
            if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p && p != PooledByteBufAllocator.DEFAULT) {
                m.bindAllocator(p);
            }
            String text = m.scrape(ScrapeFormat.PROMETHEUS_TEXT);
            assertTrue(text.contains("wghub_event_loop_pending_tasks{loop=\"1\"}"), text);
            assertTrue(text.contains("wghub_event_loop_cpu_seconds_total{loop=\"1\"}"), text);
            assertTrue(text.contains("netty_allocator_memory_used{"), text);
            assertTrue(text.contains("netty_allocator_pooled_arenas{"), text);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
