package io.wghub.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Integers come out exactly as Long.toString / Long.toUnsignedString would print them; buffering loses nothing. */
class ExpositionOutputTest {

    private static final long[] EDGES = {0, 1, 9, 10, 99, 100, 1_000_000_007L, 9_007_199_254_740_993L,
        Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, -2, -9, -10, -11, -1_000_000L};

    @Test
    void unsignedAndSignedIntegers() throws IOException {
        Random r = new Random(11);
        long[] values = new long[EDGES.length + 10_000];
        System.arraycopy(EDGES, 0, values, 0, EDGES.length);
        for (int i = EDGES.length; i < values.length; i++) {
            // every magnitude: shift a random long right by 0..63 bits, either sign
            long v = r.nextLong() >> r.nextInt(64);
            values[i] = v;
        }
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ExpositionOutput out = new ExpositionOutput();
        out.open(sink);
        StringBuilder want = new StringBuilder();
        for (long v : values) {
            out.writeUnsigned(v);
            out.write((byte) ' ');
            out.writeSigned(v);
            out.write((byte) '\n');
            want.append(Long.toUnsignedString(v)).append(' ').append(v).append('\n');
        }
        out.flush();
        out.detach();
        assertEquals(want.toString(), sink.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void writesAcrossTheBufferAndLargerThanIt() throws IOException {
        byte[] small = "abcdefghij".getBytes(StandardCharsets.US_ASCII);
        byte[] large = new byte[40_000];
        new Random(5).nextBytes(large);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        ExpositionOutput out = new ExpositionOutput();
        out.open(sink);
        for (int i = 0; i < 5_000; i++) {
            out.write(small);
            want.write(small);
            if (i % 1_000 == 999) {
                out.write(large);
                want.write(large);
            }
            out.writeUnsigned(i);
            want.writeBytes(Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
        assertArrayEquals(want.toByteArray(), sink.toByteArray());
    }

    @Test
    void detachDropsWhatAFailedScrapeLeft() throws IOException {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ExpositionOutput out = new ExpositionOutput();
        out.open(first);
        out.write("half a line".getBytes(StandardCharsets.US_ASCII));
        out.detach();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        out.open(second);
        out.writeSigned(-42);
        out.flush();
        assertEquals("", first.toString(StandardCharsets.US_ASCII));
        assertEquals("-42", second.toString(StandardCharsets.US_ASCII));
    }
}
