package io.wghub.bench;

import io.wghub.metrics.HubSource;
import io.wghub.metrics.PeerVisitor;
import io.wghub.metrics.PeersMode;
import io.wghub.metrics.ScrapeFormat;
import io.wghub.metrics.WghubMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjLongConsumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of one /metrics scrape (collect and format, as the endpoint does it, minus the socket write) of a hub
 * with 10,000 peers: every peer (text and OpenMetrics), top:100, and none. Run with {@code -prof gc} for
 * gc.alloc.rate.norm (bytes allocated per scrape).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScrapeBenchmark {

    private static final int PEERS = 10_000;
    private static final String[] REASONS = {"truncated", "oversized", "unknown_type", "reserved_nonzero", "invalid_mac1",
        "cookie_required", "invalid_initiation", "replayed_initiation", "initiation_flood", "invalid_response",
        "invalid_cookie_reply", "unknown_receiver", "keypair_expired", "decrypt_failed", "replayed_packet",
        "invalid_inner_packet", "unallowed_source", "no_route", "no_endpoint", "staged_queue_full",
        "handshake_timeout", "tun_write_failed", "udp_send_failed"};

    /** A 10,000-peer hub over arrays, as the gateway's peer table would present it. */
    static final class Hub implements HubSource {
        final String[] keys = new String[PEERS];
        final String[] allowed = new String[PEERS];
        final String[] names = new String[PEERS];
        final long[] rx = new long[PEERS];
        final long[] tx = new long[PEERS];
        final long[] handshake = new long[PEERS];
        final long[] drops = new long[REASONS.length];

        Hub() {
            Random r = new Random(1);
            long now = System.currentTimeMillis() / 1000;
            byte[] key = new byte[32];
            for (int i = 0; i < PEERS; i++) {
                r.nextBytes(key);
                keys[i] = java.util.Base64.getEncoder().encodeToString(key);
                allowed[i] = "10.8." + (i >> 8) + "." + (i & 255) + "/32,fd00::" + Integer.toHexString(i) + "/128";
                names[i] = i % 2 == 0 ? "laptop-" + i : "";
                rx[i] = r.nextLong(1L << 40);
                tx[i] = r.nextLong(1L << 40);
                handshake[i] = i % 10 == 0 ? 0 : now - r.nextInt(600);
            }
        }

        /** Traffic moves between scrapes. */
        void tick() {
            for (int i = 0; i < PEERS; i += 7) {
                rx[i] += 1500;
                tx[i] += 148;
            }
        }

        @Override
        public String interfaceName() {
            return "wg0";
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public void forEachPeer(PeerVisitor v) {
            for (int i = 0; i < PEERS; i++) {
                v.peer(keys[i], allowed[i], names[i], rx[i], tx[i], handshake[i], rx[i] / 1400, tx[i] / 1400, i & 63, i & 3);
            }
        }

        @Override
        public void forEachDrop(ObjLongConsumer<String> c) {
            for (int i = 0; i < REASONS.length; i++) {
                c.accept(REASONS[i], drops[i]);
            }
        }

        @Override
        public long cookieRepliesSent() {
            return 0;
        }

        @Override
        public boolean underLoad() {
            return false;
        }
    }

    /** Counts bytes and discards them, like a socket that takes everything at once. */
    static final class Sink extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    @Param({"all", "all-openmetrics", "top:100", "none"})
    public String mode;

    private Hub hub;
    private WghubMetrics metrics;
    private ScrapeFormat format;
    private final Sink sink = new Sink();

    @Setup
    public void setUp() {
        hub = new Hub();
        boolean om = mode.endsWith("-openmetrics");
        format = om ? ScrapeFormat.OPENMETRICS : ScrapeFormat.PROMETHEUS_TEXT;
        metrics = new WghubMetrics(hub, PeersMode.parse(om ? mode.substring(0, mode.indexOf('-')) : mode));
    }

    @Setup(Level.Invocation)
    public void traffic() {
        hub.tick();
    }

    @TearDown
    public void tearDown() {
        metrics.close();
    }

    /** One scrape; returns the body size so the work cannot be eliminated. */
    @Benchmark
    public long scrape() throws IOException {
        long before = sink.bytes;
        metrics.scrape(sink, format);
        return sink.bytes - before;
    }
}
