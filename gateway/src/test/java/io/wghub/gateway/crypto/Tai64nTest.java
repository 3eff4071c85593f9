package io.wghub.gateway.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Encoding, whitening and ordering of {@link Tai64n} timestamps. */
class Tai64nTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesKnownValues() {
        assertEquals("400000000000000a00000000", encode(0, 0));
        // 1_700_000_000 = 0x6553f100; 123_456_789 = 0x075bcd15, whitened to 0x07000000.
        assertEquals("400000006553f10a07000000", encode(1_700_000_000L, 123_456_789));
        assertEquals("3ffffffffffffffb00000000", encode(-15, 0));
    }

    @Test
    void writesAtOffset() {
        byte[] out = new byte[20];
        Tai64n.encode(1_700_000_000L, 0, out, 5);
        assertEquals("0000000000400000006553f10a00000000000000", HEX.formatHex(out));
    }

    @Test
    void whitensNanosecondsDownToMultiplesOf2To24() {
        assertEquals("00000000", nanosHex(16_777_215));
        assertEquals("01000000", nanosHex(16_777_216));
        assertEquals("01000000", nanosHex(33_554_431));
        assertEquals("3b000000", nanosHex(999_999_999));
        for (int n = 0; n < 1_000_000_000; n += 9_999_991) {
            byte[] out = new byte[12];
            Tai64n.encode(0, n, out, 0);
            int nanos = ((out[8] & 0xff) << 24) | ((out[9] & 0xff) << 16) | ((out[10] & 0xff) << 8) | (out[11] & 0xff);
            assertEquals(0, nanos % (1 << 24));
            assertTrue(nanos <= n && n - nanos < (1 << 24));
        }
    }

    @Test
    void nowIsCloseToTheWallClock() {
        long before = Instant.now().getEpochSecond();
        byte[] now = new byte[12];
        Tai64n.now(now, 0);
        long after = Instant.now().getEpochSecond();
        long seconds = 0;
        for (int i = 0; i < 8; i++) {
            seconds = (seconds << 8) | (now[i] & 0xff);
        }
        long unix = seconds - 0x400000000000000AL;
        assertTrue(unix >= before && unix <= after);
        assertEquals(0, now[11]);
        assertEquals(0, now[10]);
        assertEquals(0, now[9]);
    }

    @Test
    void isAfterIsAStrictUnsignedOrder() {
        byte[] t0 = at(100, 0);
        byte[] t1 = at(100, 16_777_216);
        byte[] t2 = at(101, 0);
        assertTrue(Tai64n.isAfter(t1, t0));
        assertTrue(Tai64n.isAfter(t2, t1));
        assertFalse(Tai64n.isAfter(t0, t1));
        assertFalse(Tai64n.isAfter(t0, t0.clone()));
        // Same whitened bucket: not newer, so a replayed-within-16ms initiation is refused.
        assertFalse(Tai64n.isAfter(at(100, 5), at(100, 0)));

        byte[] low = new byte[12];
        byte[] high = new byte[12];
        low[11] = 0x7f;
        high[11] = (byte) 0x80;
        assertTrue(Tai64n.isAfter(high, low));
        assertFalse(Tai64n.isAfter(low, high));
        byte[] zero = new byte[12];
        assertTrue(Tai64n.isAfter(now(), zero));
    }

    @Test
    void nowIsMonotoneAcrossCalls() throws InterruptedException {
        byte[] a = now();
        Thread.sleep(40);
        byte[] b = now();
        assertTrue(Tai64n.isAfter(b, a));
    }

    private static byte[] now() {
        byte[] out = new byte[12];
        Tai64n.now(out, 0);
        return out;
    }

    private static byte[] at(long s, int n) {
        byte[] out = new byte[12];
        Tai64n.encode(s, n, out, 0);
        return out;
    }

    private static String encode(long s, int n) {
        return HEX.formatHex(at(s, n));
    }

    private static String nanosHex(int n) {
        byte[] out = at(0, n);
        assertArrayEquals(HEX.parseHex("400000000000000a"), java.util.Arrays.copyOf(out, 8));
        return HEX.formatHex(out, 8, 12);
    }
}
