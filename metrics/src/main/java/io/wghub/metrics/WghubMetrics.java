package io.wghub.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.concurrent.EventExecutor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * The hub's metrics: a Micrometer registry (JVM/process binders, hub meters, the drop collector) and the per-peer
 * series, which are streamed by {@link PeerCollector} ahead of the registry's output in the same response.
 */
public final class WghubMetrics implements AutoCloseable {

    private final HubSource source;
    private final PrometheusRegistry prometheus;
    private final PrometheusMeterRegistry registry;
    private final HandshakeMetrics handshakes;
    private final JvmGcMetrics gc;
    private final PeerCollector peers;

    /** Builds the registry for {@code source}, with per-peer series as {@code peers} says. */
    public WghubMetrics(HubSource source, PeersMode peers) {
        this(source, peers, () -> System.currentTimeMillis() / 1000);
    }

    /** As above with an injectable wall clock in Unix seconds (for "active" peers; tests). */
    public WghubMetrics(HubSource source, PeersMode peers, LongSupplier nowEpochSeconds) {
        this.source = source;
        prometheus = new PrometheusRegistry();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheus, Clock.SYSTEM);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);

        FunctionCounter.builder("wghub.cookie.replies.sent", source, HubSource::cookieRepliesSent)
                .description("Cookie replies sent to initiations under load")
                .register(registry);
        FunctionCounter.builder("wghub.tun.super.packets", source, HubSource::tunSuperPackets)
                .description("TCP super-packets read from the TUN and cut into segments (TSO offload)")
                .register(registry);
        Gauge.builder("wghub.under.load", source, s -> s.underLoad() ? 1 : 0)
                .description("1 while the hub is under load and demands cookies, else 0")
                .register(registry);
        handshakes = new HandshakeMetrics(registry);

        prometheus.register(new DropCollector(source));
        this.peers = new PeerCollector(source, peers, nowEpochSeconds);
    }

    /** The recorder the data path calls for handshake outcomes and durations. */
    public HandshakeMetrics handshakes() {
        return handshakes;
    }

    /** The Micrometer registry, for further binders or meters. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The source this registry reads; its {@link HubSource#ready()} drives {@code /readyz}. */
    public HubSource source() {
        return source;
    }

    /**
     * Adds {@code wghub_event_loop_pending_tasks{loop}} and {@code wghub_event_loop_cpu_seconds_total{loop}} for the
     * data path's event loops, labelled by their position (the lane index); once, after the loops have started.
     */
    public void bindEventLoops(Iterable<? extends EventExecutor> executors) {
        prometheus.register(new EventLoopCollector(executors));
    }

    /** Adds {@code netty_allocator_*} buffer-pool figures for an allocator (e.g. PooledByteBufAllocator.DEFAULT). */
    public void bindAllocator(ByteBufAllocatorMetricProvider allocator) {
        new NettyAllocatorMetrics(allocator).bindTo(registry);
    }

    /**
     * Writes one scrape in {@code format} to {@code out}: the per-peer families first, then the registry's, whose
     * writer ends an OpenMetrics exposition with {@code # EOF}. Family order is free in both formats.
     */
    public void scrape(OutputStream out, ScrapeFormat format) throws IOException {
        peers.write(out, format);
        registry.scrape(out, format.contentType());
    }

    /** One scrape as a string (tests, debugging). */
    public String scrape(ScrapeFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            scrape(out, format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
