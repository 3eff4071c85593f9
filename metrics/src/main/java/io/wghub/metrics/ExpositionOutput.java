package io.wghub.metrics;

import java.io.IOException;
import java.io.OutputStream;

/** A reusable buffered byte sink for exposition text: pre-encoded bytes and decimal integers, no allocation per write. */
final class ExpositionOutput {

    private static final int SIZE = 16 * 1024;
    /** An unsigned 64-bit value has at most 20 decimal digits; a signed one 19 plus the sign. */
    private static final int MAX_DIGITS = 20;

    private final byte[] buf = new byte[SIZE];
    private int pos;
    private OutputStream out;

    /** Starts writing to {@code sink}; whatever an earlier scrape left unflushed is dropped. */
    void open(OutputStream sink) {
        out = sink;
        pos = 0;
    }

    /** Forgets the sink and anything not flushed (the caller owns and closes the sink). */
    void detach() {
        out = null;
        pos = 0;
    }

    void write(byte[] bytes) throws IOException {
        int len = bytes.length;
        if (len > SIZE - pos) {
            flush();
            if (len > SIZE) {
                out.write(bytes, 0, len);
                return;
            }
        }
        System.arraycopy(bytes, 0, buf, pos, len);
        pos += len;
    }

    void write(byte b) throws IOException {
        if (pos == SIZE) {
            flush();
        }
        buf[pos++] = b;
    }

    /** {@code v} read as an unsigned 64-bit integer: a counter that wrapped stays non-negative. */
    void writeUnsigned(long v) throws IOException {
        room();
        unsignedDigits(v);
    }

    void writeSigned(long v) throws IOException {
        room();
        if (v < 0) {
            buf[pos++] = '-';
            if (v == Long.MIN_VALUE) {
                unsignedDigits(v); // -v overflows; 9223372036854775808 is its unsigned reading
                return;
            }
            v = -v;
        }
        digits(v);
    }

    /** Writes the digits of {@code v} read as unsigned; the caller has made room for {@link #MAX_DIGITS}. */
    private void unsignedDigits(long v) {
        if (v >= 0) {
            digits(v);
            return;
        }
        // Long.toUnsignedString without its String: the quotient by 10 fits a signed long.
        long q = (v >>> 1) / 5;
        digits(q);
        buf[pos++] = (byte) ('0' + (v - q * 10));
    }

    /** Writes the digits of {@code v >= 0}; the caller has made room for {@link #MAX_DIGITS}. */
    private void digits(long v) {
        int n = 1;
        for (long t = v; t >= 10; t /= 10) {
            n++;
        }
        int end = pos + n;
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        pos = end;
    }

    private void room() throws IOException {
        if (SIZE - pos < MAX_DIGITS + 1) {
            flush();
        }
    }

    /** Writes out what is buffered. */
    void flush() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }
}
