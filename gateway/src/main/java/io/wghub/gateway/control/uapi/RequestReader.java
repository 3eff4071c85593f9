package io.wghub.gateway.control.uapi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/** Reads '\n'-terminated lines of at most a fixed length from a channel into buffers it wipes on close. */
final class RequestReader implements AutoCloseable {
    private final ReadableByteChannel channel;
    private final ByteBuffer input = ByteBuffer.allocate(8192).flip();
    private final byte[] line;

    RequestReader(ReadableByteChannel channel, int maxLineBytes) {
        this.channel = channel;
        this.line = new byte[maxLineBytes];
    }

    /** The buffer {@link #readLine()} fills; valid up to the length it returned. */
    byte[] line() {
        return line;
    }

    /**
     * Reads the next line into {@link #line()} without its '\n'.
     *
     * @return its length, or -1 at end of stream (bytes of an unfinished line are dropped)
     * @throws UapiException EINVAL if the line is longer than the limit; the reader is then
     *                       in the middle of that line and the connection should be closed
     */
    int readLine() throws IOException, UapiException {
        int length = 0;
        while (true) {
            int b = readByte();
            if (b < 0) {
                return -1;
            }
            if (b == '\n') {
                return length;
            }
            if (length == line.length) {
                throw UapiException.invalid("a line is longer than " + line.length + " bytes");
            }
            line[length++] = (byte) b;
        }
    }

    /** The next byte (0..255), or -1 at end of stream. */
    int readByte() throws IOException {
        if (!input.hasRemaining()) {
            input.clear();
            int n;
            do {
                n = channel.read(input);
            } while (n == 0);
            input.flip();
            if (n < 0) {
                return -1;
            }
        }
        return input.get() & 0xff;
    }

    /** Overwrites what was read (it may have held private keys). */
    @Override
    public void close() {
        Arrays.fill(input.array(), (byte) 0);
        input.clear().flip();
        Arrays.fill(line, (byte) 0);
    }
}
