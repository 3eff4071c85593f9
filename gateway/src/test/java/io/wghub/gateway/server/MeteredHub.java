package io.wghub.gateway.server;

import io.wghub.gateway.testing.Cleanup;
import io.wghub.gateway.testing.LoopbackForward;
import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Ping;
import io.wghub.gateway.testing.Scrape;
import io.wghub.gateway.testing.TempDirs;
import io.wghub.gateway.testing.UapiSockets;
import io.wghub.gateway.testing.WireguardGoPeer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * `wghub up` as a process in a test namespace, serving its metrics where it does by default
 * (127.0.0.1:9586 of that namespace), wireguard-go peers in namespaces of their own joined by
 * veth, and the metrics page forwarded to this JVM's loopback. Public for deploy-test's live
 * Prometheus test.
 */
public final class MeteredHub implements AutoCloseable {
    /** The hub's inner address, in 10.77.0.0/24 with the peers' ({@link #peerIp}). */
    public static final String HUB_IP = "10.77.0.1";
    private static final int METRICS_PORT = 9586;

    private final HubTopology net;
    private final int peers;
    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private WghubProcess hub;
    private LoopbackForward metrics;

    private MeteredHub(HubTopology net, int peers, Path dir) {
        this.net = net;
        this.peers = peers;
        this.dir = dir;
    }

    /**
     * The namespaces: the hub's, named {@code prefix} plus digits, with IPv6 router solicitations off (the kernel
     * would send them into the TUN, each a no_route drop), and {@code peers} wireguard-go peers, down and
     * unconfigured. Nothing of the hub runs yet.
     */
    public static MeteredHub create(String prefix, int peers) throws IOException {
        HubTopology net = HubTopology.create(prefix);
        try {
            net.hubNs().check("sysctl", "-q", "-w", "net.ipv6.conf.default.router_solicitations=0");
            for (int i = 0; i < peers; i++) {
                net.addPeer(prefix + "p");
            }
            return new MeteredHub(net, peers, TempDirs.create("wghub-metered"));
        } catch (RuntimeException | AssertionError | IOException e) {
            Cleanup.closeAll(net);
            throw e;
        }
    }

    /**
     * Writes the hub's file, an interface named uniquely (its UAPI socket is global) with key, port 51820 and
     * address 10.77.0.1/24, a [Peer] per wireguard-go peer (no endpoint: they connect), then {@code extraPeers}
     * (whole [Peer] sections, may be empty); starts `wghub up` on it and forwards its metrics port.
     */
    public void start(String extraPeers) throws IOException, InterruptedException {
        String name = UapiSockets.freeName("wm");
        Path conf = TempDirs.writePrivate(dir.resolve(name + ".conf"), net.config(false) + extraPeers);
        hub = WghubProcess.up(net.hubNs(), conf, dir.resolve("run"));
        metrics = LoopbackForward.to(net.hubNs(), METRICS_PORT);
    }

    /**
     * Sets wireguard-go peer {@code i} up with the hub (over its veth, IPv4) as its only peer, no persistent
     * keepalive, and returns once it pings the hub through the tunnel.
     */
    public void connect(int i, Duration timeout) {
        net.configurePeer(i, false, null, net.link(i).a().endpoint(false, HubTopology.HUB_PORT));
        Ping.awaitReachable(net.peerNs(i), HUB_IP, timeout, this::diagnostics);
    }

    /** Wireguard-go peer {@code i}'s inner address, 10.77.0.(i + 2), its AllowedIPs at the hub as a /32. */
    public static String peerIp(int i) {
        return HubTopology.v4(i);
    }

    /** Where the hub's metrics endpoint answers from this JVM's namespace: {@code 127.0.0.1:PORT}. */
    public String metricsTarget() {
        return metrics.hostPort();
    }

    /** GET /metrics, parsed; fails unless it answers 200. */
    public Scrape scrape() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + metricsTarget() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> "GET /metrics: " + response.body());
        return Scrape.parse(response.body());
    }

    /** The hub's interface (and UAPI socket) name. */
    public String interfaceName() {
        return hub.name();
    }

    /** {@code wg show IF dump} of the hub. */
    public String dump() {
        return hub.dump();
    }

    /** The hub's dump line of the peer with {@code publicKey}, split on tabs; fails if there is none. */
    public String[] dumpLine(String publicKey) {
        String dump = dump();
        for (String line : dump.split("\n")) {
            String[] fields = line.split("\t");
            if (fields.length == 8 && fields[0].equals(publicKey)) {
                return fields;
            }
        }
        throw new AssertionError("no peer " + publicKey + " in the hub's dump:\n" + dump);
    }

    /** The process id of the hub's JVM. */
    public long pid() {
        return hub.pid();
    }

    public String hubPublicKey() {
        return net.hubPublicKey();
    }

    public Netns hubNs() {
        return net.hubNs();
    }

    public Netns peerNs(int i) {
        return net.peerNs(i);
    }

    /** The veth link of peer {@code i}: end {@code a} in the hub's namespace, {@code b} in the peer's. */
    public Netns.Link link(int i) {
        return net.link(i);
    }

    public WireguardGoPeer peer(int i) {
        return net.peer(i);
    }

    /** The hub's log and dump, each peer's dump and wireguard-go log, for failure messages. */
    public String diagnostics() {
        StringBuilder out = new StringBuilder("\nhub log:\n" + (hub == null ? "-" : hub.stderr())
                + "\nhub dump:\n" + (hub == null ? "-" : hub.dumpQuietly()));
        for (int i = 0; i < peers; i++) {
            WireguardGoPeer peer = net.peer(i);
            out.append("\npeer ").append(peer).append(" dump:\n");
            try {
                out.append(peer.dump());
            } catch (RuntimeException | AssertionError e) {
                out.append('(').append(e.getMessage()).append(')');
            }
            out.append('\n').append(peer.log());
        }
        return out.toString();
    }

    /** The forward, the hub, the peers and namespaces, the HTTP client, the files. */
    @Override
    public void close() {
        Cleanup.closeAll(metrics, hub, net, http, () -> TempDirs.delete(dir));
    }
}
