package io.wghub.gateway.control;

import io.wghub.gateway.route.Prefix;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Talks to a running interface over WireGuard's cross-platform UAPI socket, DIR/IF.sock. */
public final class UapiClient {
    /** System property naming the socket directory (tests point it at a temporary one). */
    public static final String DIR_PROPERTY = "wghub.uapi.dir";
    public static final String DEFAULT_DIR = "/var/run/wireguard";
    static final long TIMEOUT_MILLIS = 10_000;
    /** Far beyond the reply for any real number of peers, yet bounded. */
    private static final int MAX_REPLY = 64 << 20;
    private static final HexFormat HEX = HexFormat.of();
    private static final Map<Integer, String> ERRNO_NAMES = Map.of(1, "EPERM", 2, "ENOENT", 5, "EIO",
            12, "ENOMEM", 22, "EINVAL", 71, "EPROTO", 98, "EADDRINUSE", 95, "EOPNOTSUPP");

    private final String interfaceName;

    /**
     * One peer as {@code get=1} reports it.
     *
     * @param endpoint as wg prints it ("192.0.2.1:51820", "[fd00::1]:51820"), or null while unknown
     * @param lastHandshakeSeconds seconds since the epoch, 0 for never
     */
    public record PeerStatus(byte[] publicKey, String endpoint, long lastHandshakeSeconds, long rxBytes,
                             long txBytes, List<Prefix> allowedIps) {
        public PeerStatus {
            publicKey = publicKey.clone();
            allowedIps = List.copyOf(allowedIps);
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }
    }

    /** The socket does not exist or nobody listens on it: the interface is not running. */
    public static final class NotRunningException extends IOException {
        private static final long serialVersionUID = 1L;

        NotRunningException(String message) {
            super(message);
        }
    }

    public UapiClient(String interfaceName) {
        this.interfaceName = Objects.requireNonNull(interfaceName, "interfaceName");
    }

    /** $wghub.uapi.dir, else /var/run/wireguard, where wg(8) and wireguard-go look. */
    public static Path socketDir() {
        String dir = System.getProperty(DIR_PROPERTY);
        return Path.of(dir == null || dir.isEmpty() ? DEFAULT_DIR : dir);
    }

    public Path socket() {
        return socketDir().resolve(interfaceName + ".sock");
    }

    /** Whether the interface's socket exists (a crashed process may leave a stale one behind). */
    public boolean isRunning() {
        return Files.exists(socket());
    }

    /** Adds the peer, or updates it: its pre-shared key and exactly these allowed IPs. */
    public void setPeer(byte[] publicKey, byte[] presharedKey, List<Prefix> allowedIps) throws IOException {
        StringBuilder request = new StringBuilder("set=1\npublic_key=").append(HEX.formatHex(publicKey)).append('\n');
        if (presharedKey != null) {
            request.append("preshared_key=").append(HEX.formatHex(presharedKey)).append('\n');
        }
        request.append("replace_allowed_ips=true\n");
        for (Prefix p : allowedIps) {
            request.append("allowed_ip=").append(p).append('\n');
        }
        checkErrno(exchange(request.append('\n').toString()));
    }

    /** Removes the peer; removing one the interface does not have is not an error. */
    public void removePeer(byte[] publicKey) throws IOException {
        checkErrno(exchange("set=1\npublic_key=" + HEX.formatHex(publicKey) + "\nremove=true\n\n"));
    }

    /** The interface's peers, in the order it reports them. */
    public List<PeerStatus> peers() throws IOException {
        String reply = exchange("get=1\n\n");
        checkErrno(reply);
        List<PeerStatus> peers = new ArrayList<>();
        PeerBuilder peer = null;
        for (String line : reply.split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            try {
                if (key.equals("public_key")) {
                    if (peer != null) {
                        peers.add(peer.build());
                    }
                    peer = new PeerBuilder(HEX.parseHex(value));
                } else if (peer != null) {
                    peer.set(key, value);
                }
            } catch (IllegalArgumentException e) {
                throw new IOException(interfaceName + " sent a malformed " + key + " line in its get=1 reply");
            }
        }
        if (peer != null) {
            peers.add(peer.build());
        }
        return peers;
    }

    /** Collects one peer's lines of a get=1 reply. */
    private static final class PeerBuilder {
        private final byte[] publicKey;
        private final List<Prefix> allowedIps = new ArrayList<>();
        private String endpoint;
        private long handshake;
        private long rx;
        private long tx;

        PeerBuilder(byte[] publicKey) {
            this.publicKey = publicKey;
        }

        void set(String key, String value) {
            switch (key) {
                case "endpoint" -> endpoint = value;
                case "last_handshake_time_sec" -> handshake = Long.parseLong(value);
                case "rx_bytes" -> rx = Long.parseUnsignedLong(value);
                case "tx_bytes" -> tx = Long.parseUnsignedLong(value);
                case "allowed_ip" -> allowedIps.add(Prefix.parse(value));
                default -> {
                    // preshared_key (never kept), persistent_keepalive_interval, protocol_version, ...
                }
            }
        }

        PeerStatus build() {
            return new PeerStatus(publicKey, endpoint, handshake, rx, tx, allowedIps);
        }
    }

    private void checkErrno(String reply) throws IOException {
        String errno = null;
        for (String line : reply.split("\n")) {
            if (line.startsWith("errno=")) {
                errno = line.substring(6);
            }
        }
        if (errno == null) {
            throw new IOException(interfaceName + " replied without an errno line; is " + socket()
                    + " a WireGuard UAPI socket?");
        }
        if (!errno.equals("0")) {
            String name;
            try {
                name = ERRNO_NAMES.getOrDefault(Math.abs(Integer.parseInt(errno)), "");
            } catch (NumberFormatException e) {
                name = "";
            }
            throw new IOException(interfaceName + " refused the request: errno=" + errno
                    + (name.isEmpty() ? "" : " (" + name + ")") + "; its log says why");
        }
    }

    /** Sends one request and reads the reply up to and including its empty line. */
    private String exchange(String request) throws IOException {
        Path socket = socket();
        if (!Files.exists(socket)) {
            throw new NotRunningException(interfaceName + " is not running (no " + socket + ")");
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (ConnectException e) {
                throw new NotRunningException(interfaceName + " is not running (nothing listens on " + socket + ")");
            }
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            return readReply(channel);
        }
    }

    private String readReply(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        // The reply ends with an empty line; a reply of only "\n" is empty too.
        boolean afterNewline = true;
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new IOException(interfaceName + " did not answer within " + TIMEOUT_MILLIS / 1000
                            + " s on " + socket());
                }
                selector.select(left);
                selector.selectedKeys().clear();
                int n = channel.read(buffer.clear());
                if (n < 0) {
                    throw new IOException(interfaceName + " closed " + socket() + " before its reply ended");
                }
                reply.write(buffer.array(), 0, n);
                if (reply.size() > MAX_REPLY) {
                    throw new IOException(interfaceName + " sent a reply larger than " + (MAX_REPLY >> 20) + " MiB");
                }
                for (int i = 0; i < n; i++) {
                    boolean newline = buffer.get(i) == '\n';
                    if (newline && afterNewline) {
                        return reply.toString(StandardCharsets.UTF_8);
                    }
                    afterNewline = newline;
                }
            }
        }
    }
}
