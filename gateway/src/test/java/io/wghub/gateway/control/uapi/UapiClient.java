package io.wghub.gateway.control.uapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A test client for the UAPI socket: sends raw text and reads one reply (up to its errno line and blank line). */
final class UapiClient implements AutoCloseable {
    /** What {@link #reply()} returns when the server closed the connection before replying. */
    static final String EOF = "<EOF>";

    private final SocketChannel channel;
    private final ByteBuffer input = ByteBuffer.allocate(1 << 16).flip();

    UapiClient(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
    }

    UapiClient send(String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        return this;
    }

    /** Reads up to and including "errno=N\n\n"; what was read then EOF if the server hung up first. */
    String reply() throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        String line;
        do {
            line = readLine();
            if (line == null) {
                return text.toString(StandardCharsets.UTF_8) + EOF;
            }
            text.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
        } while (!line.startsWith("errno="));
        String blank = readLine();
        if (blank == null) {
            return text.toString(StandardCharsets.UTF_8) + EOF;
        }
        text.writeBytes((blank + "\n").getBytes(StandardCharsets.UTF_8));
        return text.toString(StandardCharsets.UTF_8);
    }

    /** True if the server closed the connection (reads end of stream). */
    boolean closedByServer() throws IOException {
        try {
            return readByte() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = readByte();
            if (b < 0) {
                return null;
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    private int readByte() throws IOException {
        if (!input.hasRemaining()) {
            input.clear();
            int n = channel.read(input);
            input.flip();
            if (n < 0) {
                return -1;
            }
        }
        return input.get() & 0xff;
    }

    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
