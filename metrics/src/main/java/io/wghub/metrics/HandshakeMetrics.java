package io.wghub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Handshake counters and duration histogram, recorded from the data path without allocation or lookups. */
public final class HandshakeMetrics {

    /** Histogram buckets (seconds): LAN round trips up to several REKEY_TIMEOUT retries. */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

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
                .description("Time from sending an initiation to consuming the valid response")
                .serviceLevelObjectives(slos)
                .register(registry);
    }

    /** Counts one handshake outcome. */
    public void record(HandshakeRole role, HandshakeResult result) {
        counters[role.ordinal() * RESULTS + result.ordinal()].increment();
    }

    /** Records one completed handshake's duration in nanoseconds (ignored if negative). */
    public void recordDuration(long nanos) {
        if (nanos >= 0) {
            duration.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
