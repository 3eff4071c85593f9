package io.wghub.gateway.control.uapi;

import io.wghub.tun.InterfaceName;
import io.wghub.tun.TunException;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;

/** Serves the UAPI on /var/run/wireguard/INTERFACE.sock so that wg(8) drives wghub as it drives wireguard-go. */
public final class UapiServer implements AutoCloseable {
    /** Where wg looks for userspace interfaces' sockets. */
    public static final Path DEFAULT_SOCKET_DIR = Path.of("/var/run/wireguard");
    /** Clients served at once; more are disconnected at once (wg uses one at a time). */
    static final int MAX_CLIENTS = 64;
    private static final long JOIN_MILLIS = 2000;
    private static final Logger LOG = Logger.getLogger("io.wghub.gateway");

    private final String interfaceName;
    private final SocketFile.Bound bound;
    private final DeviceGate device;
    private final Map<SocketChannel, Thread> clients = new HashMap<>();
    private boolean closed;
    private final Thread acceptor;

    private UapiServer(String interfaceName, SocketFile.Bound bound, UapiDevice device) {
        this.interfaceName = interfaceName;
        this.bound = bound;
        this.device = new DeviceGate(device, interfaceName);
        this.acceptor = Thread.ofPlatform().daemon().name("uapi-" + interfaceName + "-accept")
                .unstarted(this::acceptLoop);
    }

    /** Serves {@code device} on {@link #DEFAULT_SOCKET_DIR}/INTERFACE.sock. */
    public static UapiServer start(String interfaceName, UapiDevice device) throws IOException {
        return start(DEFAULT_SOCKET_DIR, interfaceName, device);
    }

    /**
     * Serves {@code device} on {@code socketDir}/INTERFACE.sock (mode 0600; the directory is created
     * 0755 if missing). A stale socket file is replaced.
     *
     * @throws IllegalArgumentException if the name is not a valid Linux interface name
     * @throws IOException              if another process already serves the interface, or the socket
     *                                  cannot be created
     */
    public static UapiServer start(Path socketDir, String interfaceName, UapiDevice device) throws IOException {
        Objects.requireNonNull(socketDir, "socketDir");
        Objects.requireNonNull(device, "device");
        try {
            InterfaceName.validate(interfaceName);
        } catch (TunException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        UapiServer server = new UapiServer(interfaceName, SocketFile.bind(socketDir, interfaceName), device);
        server.acceptor.start();
        LOG.info(() -> interfaceName + ": UAPI listening on " + server.bound.path());
        return server;
    }

    /** The socket file clients connect to. */
    public Path socketPath() {
        return bound.path();
    }

    public String interfaceName() {
        return interfaceName;
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel client;
            try {
                client = bound.channel().accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!bound.channel().isOpen()) {
                    return;
                }
                LOG.warning(() -> interfaceName + ": UAPI: accept failed: " + e.getMessage());
                if (!pause()) {
                    return;
                }
                continue;
            }
            admit(client);
        }
    }

    /** Waits a little after a failed accept (such as EMFILE) so as not to spin; false if interrupted. */
    private static boolean pause() {
        try {
            Thread.sleep(100);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void admit(SocketChannel client) {
        synchronized (clients) {
            if (!closed && clients.size() < MAX_CLIENTS) {
                Thread thread = Thread.ofVirtual().name("uapi-" + interfaceName + "-client").unstarted(() -> {
                    try {
                        new UapiConnection(client, device, interfaceName).run();
                    } finally {
                        synchronized (clients) {
                            clients.remove(client);
                        }
                    }
                });
                clients.put(client, thread);
                thread.start();
                return;
            }
            if (!closed) {
                LOG.warning(() -> interfaceName + ": UAPI: " + MAX_CLIENTS + " clients connected; refusing another");
            }
        }
        closeQuietly(client);
    }

    /**
     * Removes the socket file, stops accepting, and disconnects every client (waiting briefly for
     * one inside {@link UapiDevice#apply} to finish). Idempotent.
     */
    @Override
    public void close() {
        synchronized (clients) {
            if (closed) {
                return;
            }
            closed = true;
        }
        SocketFile.delete(bound);
        closeQuietly(bound.channel());
        join(acceptor);
        List<Map.Entry<SocketChannel, Thread>> open;
        synchronized (clients) {
            open = new ArrayList<>(clients.entrySet());
        }
        for (Map.Entry<SocketChannel, Thread> client : open) {
            closeQuietly(client.getKey());
        }
        for (Map.Entry<SocketChannel, Thread> client : open) {
            join(client.getValue());
        }
        LOG.info(() -> interfaceName + ": UAPI stopped");
    }

    private static void join(Thread thread) {
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Nothing more to do with it.
        }
    }
}
