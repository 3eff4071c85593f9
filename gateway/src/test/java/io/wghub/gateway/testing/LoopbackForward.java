package io.wghub.gateway.testing;

import io.wghub.tun.NetNamespace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Forwards TCP connections from a loopback port of this JVM's namespace to a port on the loopback
 * of a test namespace, so tools running here (an HTTP client, Prometheus) reach a server inside it.
 * Traffic never leaves the two loopback interfaces.
 */
public final class LoopbackForward implements AutoCloseable {
    private final Netns netns;
    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private LoopbackForward(Netns netns, int targetPort) throws IOException {
        this.netns = netns;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().name("forward-" + netns.name()).start(this::acceptLoop);
    }

    /** Listens on 127.0.0.1 (any free port) and connects each client to 127.0.0.1:{@code targetPort} inside {@code netns}. */
    public static LoopbackForward to(Netns netns, int targetPort) throws IOException {
        return new LoopbackForward(netns, targetPort);
    }

    /** Where to connect: {@code 127.0.0.1:PORT}. */
    public String hostPort() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            open.add(client);
            Socket target;
            try {
                // Created on a thread inside the namespace, so the connection is made there; usable from any thread after.
                target = NetNamespace.call(netns.name(), () -> new Socket(InetAddress.getLoopbackAddress(), targetPort));
            } catch (Exception refused) {
                close(client); // the client sees the connection closed, as if refused
                continue;
            }
            open.add(target);
            pump(client, target);
            pump(target, client);
        }
    }

    /** Copies {@code from} to {@code to} until either side ends, then closes both. */
    private void pump(Socket from, Socket to) {
        Thread.ofVirtual().start(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ended) {
                // one side closed: fall through and close both
            } finally {
                close(from);
                close(to);
            }
        });
    }

    private void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already broken
        }
        open.remove(socket);
    }

    /** Stops accepting and closes every forwarded connection. */
    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        acceptor.join();
        for (Socket socket : open) {
            close(socket);
        }
    }

    @Override
    public String toString() {
        return hostPort() + " -> " + netns.name() + ":127.0.0.1:" + targetPort;
    }
}
