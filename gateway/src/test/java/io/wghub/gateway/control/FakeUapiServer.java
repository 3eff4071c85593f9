package io.wghub.gateway.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A UAPI socket DIR/IF.sock for tests: records each request and answers it as told. */
public final class FakeUapiServer implements AutoCloseable {
    private final Path socket;
    private final ServerSocketChannel server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile Function<String, String> replies;
    private final Thread acceptor;

    /** @param replies from a request (without its final empty line) to the whole reply, empty line included */
    public FakeUapiServer(Path dir, String interfaceName, Function<String, String> replies) throws IOException {
        this.socket = dir.resolve(interfaceName + ".sock");
        this.replies = replies;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = Thread.ofPlatform().daemon().name("fake-uapi").start(this::serve);
    }

    /** Answers errno=0 to every set and {@code getReply} (ending in errno=0 and an empty line) to every get. */
    public static FakeUapiServer ok(Path dir, String interfaceName, String getReply) throws IOException {
        return new FakeUapiServer(dir, interfaceName, r -> r.startsWith("get=1") ? getReply : "errno=0\n\n");
    }

    public List<String> requests() {
        return requests;
    }

    public void replies(Function<String, String> replies) {
        this.replies = replies;
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                ByteArrayOutputStream in = new ByteArrayOutputStream();
                ByteBuffer buffer = ByteBuffer.allocate(4096);
                String text = "";
                while (!text.endsWith("\n\n") && client.read(buffer.clear()) > 0) {
                    in.write(buffer.array(), 0, buffer.position());
                    text = in.toString(StandardCharsets.UTF_8);
                }
                String request = text.endsWith("\n\n") ? text.substring(0, text.length() - 1) : text;
                requests.add(request);
                client.write(ByteBuffer.wrap(replies.apply(request).getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(socket);
    }
}
