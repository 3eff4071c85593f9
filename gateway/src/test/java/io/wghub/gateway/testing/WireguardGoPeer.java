package io.wghub.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real wireguard-go interface running inside a {@link Netns}, configured through {@code wg} and {@code ip}. */
public final class WireguardGoPeer implements AutoCloseable {
    private final Netns netns;
    private final String ifname;
    private final Path dir;
    private final Path logFile;
    private final Process process;
    private final String privateKey;
    private final String publicKey;
    private int keyFiles;
    private int listenPort;
    private boolean closed;

    private WireguardGoPeer(Netns netns, String ifname, Path dir, Process process, String privateKey, String publicKey) {
        this.netns = netns;
        this.ifname = ifname;
        this.dir = dir;
        this.logFile = dir.resolve("wireguard-go.log");
        this.process = process;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * Starts {@code wireguard-go -f wgpNNNNN} inside {@code netns} (its log goes to a temp dir) and returns once its
     * UAPI socket exists; also generates its key pair. The interface is down and unconfigured.
     */
    public static WireguardGoPeer start(Netns netns) {
        Path dir;
        try {
            dir = TempDirs.create("wghub-wgp");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process = null;
        try {
            String privateKey = Processes.check("wg", "genkey").trim();
            String publicKey = Processes.check((privateKey + "\n").getBytes(StandardCharsets.US_ASCII), "wg", "pubkey").trim();
            // The UAPI socket directory is shared by all namespaces, so the name must be unique system-wide.
            String ifname = UapiSockets.freeName("wgp");
            Path log = dir.resolve("wireguard-go.log");
            process = new ProcessBuilder(netns.exec("env", "WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1",
                    "LOG_LEVEL=debug", "wireguard-go", "-f", ifname))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            WireguardGoPeer peer = new WireguardGoPeer(netns, ifname, dir, process, privateKey, publicKey);
            try {
                Processes.awaitFile(UapiSockets.path(ifname), process, Duration.ofSeconds(20));
                UapiSockets.awaitListening(UapiSockets.path(ifname), process);
            } catch (AssertionError e) {
                String tail = peer.log();
                peer.close();
                throw new AssertionError(e.getMessage() + "\n" + tail, e);
            }
            return peer;
        } catch (IOException e) {
            abandon(process, dir);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | AssertionError e) {
            abandon(process, dir);
            throw e;
        }
    }

    /** A fresh pre-shared key from {@code wg genpsk}, base64. */
    public static String genpsk() {
        return Processes.check("wg", "genpsk").trim();
    }

    public Netns netns() {
        return netns;
    }

    /** The interface name (also the UAPI socket's name), unique system-wide. */
    public String ifname() {
        return ifname;
    }

    /** This interface's public key, base64. */
    public String publicKey() {
        return publicKey;
    }

    /** This interface's private key, base64. */
    public String privateKey() {
        return privateKey;
    }

    /** The port given to {@link #configure}, or 0 before it. */
    public int listenPort() {
        return listenPort;
    }

    /** Sets the private key (from a 0600 file) and the UDP listen port. */
    public WireguardGoPeer configure(int listenPort) {
        wg("set", ifname, "private-key", keyFile(privateKey).toString(), "listen-port", Integer.toString(listenPort));
        this.listenPort = listenPort;
        return this;
    }

    /**
     * Adds or updates peer {@code publicKeyB64} with allowed IPs {@code allowedIps} (comma-separated); the
     * pre-shared key and endpoint ({@code host:port} or {@code [v6]:port}) may be null; keepalive 0 means off.
     */
    public WireguardGoPeer addPeer(String publicKeyB64, String pskB64OrNull, String endpointOrNull, String allowedIps,
            int persistentKeepalive) {
        List<String> command = new ArrayList<>(List.of("set", ifname, "peer", publicKeyB64, "allowed-ips", allowedIps));
        if (pskB64OrNull != null) {
            command.add("preshared-key");
            command.add(keyFile(pskB64OrNull).toString());
        }
        if (endpointOrNull != null) {
            command.add("endpoint");
            command.add(endpointOrNull);
        }
        command.add("persistent-keepalive");
        command.add(persistentKeepalive > 0 ? Integer.toString(persistentKeepalive) : "off");
        wg(command.toArray(String[]::new));
        return this;
    }

    /** Runs {@code wg args...} against the UAPI socket (from the root namespace; the socket is global). */
    public String wg(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "wg";
        System.arraycopy(args, 0, command, 1, args.length);
        return checkWithLog(command);
    }

    /** Adds inner address {@code cidr} to the interface; IPv6 addresses get {@code nodad} so they work at once. */
    public WireguardGoPeer address(String cidr) {
        if (cidr.contains(":")) {
            checkWithLog("ip", "-n", netns.name(), "address", "add", cidr, "dev", ifname, "nodad");
        } else {
            checkWithLog("ip", "-n", netns.name(), "address", "add", cidr, "dev", ifname);
        }
        return this;
    }

    /** Brings the interface up (wireguard-go's default MTU, 1420). */
    public WireguardGoPeer up() {
        checkWithLog("ip", "-n", netns.name(), "link", "set", ifname, "up");
        return this;
    }

    /** Routes {@code cidr} into the tunnel. */
    public WireguardGoPeer route(String cidr) {
        checkWithLog("ip", "-n", netns.name(), "route", "add", cidr, "dev", ifname);
        return this;
    }

    /**
     * {@code wg show IF dump}: a line "private-key public-key listen-port fwmark", then per peer "public-key
     * preshared-key endpoint allowed-ips latest-handshake rx-bytes tx-bytes persistent-keepalive" (tab-separated).
     */
    public String dump() {
        return wg("show", ifname, "dump");
    }

    /** The dump line of peer {@code publicKeyB64}, split on tabs; fails if there is none. */
    public String[] peerDump(String publicKeyB64) {
        for (String line : dump().split("\n")) {
            String[] fields = line.split("\t");
            if (fields.length >= 8 && fields[0].equals(publicKeyB64)) {
                return fields;
            }
        }
        throw new AssertionError("no peer " + publicKeyB64 + " on " + ifname + ":\n" + dump());
    }

    /** The last 60 lines of wireguard-go's output (LOG_LEVEL=debug), headed by the interface name, for failure messages. */
    public String log() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            int from = Math.max(0, lines.size() - 60);
            return "--- wireguard-go " + ifname + " in " + netns.name() + " (last " + (lines.size() - from) + " of "
                    + lines.size() + " lines) ---\n" + String.join("\n", lines.subList(from, lines.size()));
        } catch (IOException e) {
            return "--- wireguard-go " + ifname + ": no log (" + e + ") ---";
        }
    }

    /** Stops wireguard-go (SIGTERM, then SIGKILL after 10 s), removes its socket if left behind and the temp dir. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(UapiSockets.path(ifname));
            } catch (IOException ignored) {
                // best effort: a stale socket only blocks this (random) name
            }
            deleteTree(dir);
        }
    }

    @Override
    public String toString() {
        return ifname + "@" + netns.name();
    }

    private String checkWithLog(String... command) {
        Processes.Result result = Processes.run(command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + result.exitCode() + ": "
                    + result.stderr() + "\n" + log());
        }
        return result.stdout();
    }

    private Path keyFile(String base64) {
        try {
            return TempDirs.writePrivate(dir.resolve("key" + keyFiles++), base64 + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void abandon(Process process, Path dir) {
        if (process != null) {
            process.destroyForcibly();
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) {
        try {
            TempDirs.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
