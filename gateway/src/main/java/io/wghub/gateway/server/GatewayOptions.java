package io.wghub.gateway.server;

import io.wghub.gateway.timer.TimerConstants;

import java.util.Objects;

/**
 * How a gateway runs, beyond its configuration file.
 *
 * @param threads                       event loops (each with one UDP socket and one TUN queue)
 * @param timers                        {@link TimerConstants#PRODUCTION}; only tests build others,
 *                                      and no option, file key or variable selects them
 * @param handshakesPerSecondBeforeLoad handshake messages per second one loop takes before it
 *                                      is "under load" and asks for cookies (0: always)
 * @param offload                       let the TUN hand over TCP super-packets and partial
 *                                      checksums (TSO, cut and completed by wghub), and send
 *                                      runs of equal datagrams as one UDP GSO write; what the
 *                                      kernel refuses is left off, as all of it is when false
 */
public record GatewayOptions(int threads, TimerConstants timers, int handshakesPerSecondBeforeLoad, boolean offload) {
    /**
     * About 40 % of one core's measured handshake capacity (docs/performance.md: ~2,600/s), so a
     * flood of initiations cannot starve the data packets on the same loop.
     */
    public static final int DEFAULT_HANDSHAKES_PER_SECOND = 1024;

    public GatewayOptions {
        Objects.requireNonNull(timers, "timers");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (handshakesPerSecondBeforeLoad < 0) {
            throw new IllegalArgumentException("handshakesPerSecondBeforeLoad must be 0 or more");
        }
    }

    /** The same options with the offloads on or off. */
    public GatewayOptions withOffload(boolean on) {
        return new GatewayOptions(threads, timers, handshakesPerSecondBeforeLoad, on);
    }

    /** One loop per core, production timers, the default load threshold, offloads on. */
    public static GatewayOptions defaults() {
        return new GatewayOptions(Runtime.getRuntime().availableProcessors(), TimerConstants.PRODUCTION,
                DEFAULT_HANDSHAKES_PER_SECOND, true);
    }
}
