package io.wghub.gateway.crypto;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/** TAI64N timestamps as carried in WireGuard handshake initiations for replay protection. */
public final class Tai64n {

    public static final int LENGTH = 12;

    /** TAI64 label of the Unix epoch as WireGuard computes it: 2^62 plus 10 leap seconds. */
    private static final long BASE = 0x400000000000000AL;

    /**
     * Nanoseconds are rounded down to a multiple of 2^24 (about 16.8 ms) so the timestamp does not
     * reveal a precise clock; that is the largest power of two under the 20 ms between initiations
     * at WireGuard's 50-per-second limit, so successive initiations still carry increasing stamps.
     */
    private static final int WHITENER_MASK = (1 << 24) - 1;

    private static final Clock CLOCK = Clock.systemUTC();

    private Tai64n() {
    }

    /** Writes the current wall-clock time to out[off..off+12). */
    public static void now(byte[] out, int off) {
        Instant now = CLOCK.instant();
        encode(now.getEpochSecond(), now.getNano(), out, off);
    }

    /** Writes the whitened TAI64N label of the given Unix time to out[off..off+12). */
    public static void encode(long epochSecond, int nanos, byte[] out, int off) {
        if (nanos < 0 || nanos >= 1_000_000_000) {
            throw new IllegalArgumentException("nanos out of range: " + nanos);
        }
        Objects.checkFromIndexSize(off, LENGTH, out.length);
        long seconds = BASE + epochSecond;
        for (int i = 0; i < 8; i++) {
            out[off + i] = (byte) (seconds >>> (56 - 8 * i));
        }
        int whitened = nanos & ~WHITENER_MASK;
        for (int i = 0; i < 4; i++) {
            out[off + 8 + i] = (byte) (whitened >>> (24 - 8 * i));
        }
    }

    /** True if timestamp a is strictly later than b; both are 12-byte big-endian labels. */
    public static boolean isAfter(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, 0, LENGTH, b, 0, LENGTH) > 0;
    }
}
