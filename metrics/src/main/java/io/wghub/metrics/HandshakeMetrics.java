package io.wghub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Handshake counters and duration histogram, recorded from the data path without allocation or lookups. */
public final class HandshakeMetrics {

    /**
     * Histogram buckets (seconds): one message costs a few X25519 operations, 0.1 to 0.2 ms on one core
     * (docs/performance.md: 2,665 full handshakes/s, both sides' work); the upper buckets show a starved loop.
     */
    static final double[] BUCKETS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1};

    private static final int RESULTS = HandshakeResult.values().length;

    private final Counter[] counters;
    private final Timer duration;

    /** Registers {@code wghub_handshakes_total{role,result}} and {@code wghub_handshake_duration_seconds}. */
    public HandshakeMetrics(MeterRegistry registry) {
        HandshakeRole[] roles = HandshakeRole.values();
        HandshakeResult[] results = HandshakeResult.values();
        counters = new Counter[roles.length * RESULTS];
        for (HandshakeRole role : roles) {
            for (HandshakeResult result : results) {
                counters[role.ordinal() * RESULTS + result.ordinal()] = Counter.builder("wghub.handshakes")
                        .description("Handshakes by our role and outcome")
                        .tag("role", role.label())
                        .tag("result", result.label())
                        .register(registry);
            }
        }
        Duration[] slos = new Duration[BUCKETS.length];
        for (int i = 0; i < BUCKETS.length; i++) {
            slos[i] = Duration.ofNanos((long) (BUCKETS[i] * 1e9));
        }
        duration = Timer.builder("wghub.handshake.duration")
                .description("Time to process one handshake message (initiation or response, valid or not)")
                .serviceLevelObjectives(slos)
                .register(registry);
    }

    /** Counts one handshake outcome. */
    public void record(HandshakeRole role, HandshakeResult result) {
        counters[role.ordinal() * RESULTS + result.ordinal()].increment();
    }

    /** Records the time one handshake message took to process, in nanoseconds (ignored if negative). */
    public void recordDuration(long nanos) {
        if (nanos >= 0) {
            duration.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
