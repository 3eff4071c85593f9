package io.wghub.gateway.server;

import io.wghub.gateway.testing.Cleanup;
import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Ping;
import io.wghub.gateway.testing.WireguardGoPeer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** A hub's namespace, wireguard-go peers in their own joined to it by veth, and a {@link RunningHub}; closed hub first. */
final class HubTopology implements AutoCloseable {
    static final int HUB_PORT = 51820;
    static final int PEER_PORT = 51821;

    private final Netns hubNs;
    private final String hubKey = RunningHub.newPrivateKey();
    private final List<Netns> peerNamespaces = new ArrayList<>();
    private final List<Netns.Link> links = new ArrayList<>();
    private final List<WireguardGoPeer> peers = new ArrayList<>();
    private RunningHub hub;

    private HubTopology(Netns hubNs) {
        this.hubNs = hubNs;
    }

    /** Only the hub's namespace, named {@code hubPrefix} plus digits. */
    static HubTopology create(String hubPrefix) {
        return new HubTopology(Netns.create(hubPrefix));
    }

    /** The hub's namespace and one peer ({@link #addPeer}); whatever was made is closed again if a step fails. */
    static HubTopology withOnePeer(String hubPrefix, String peerPrefix) {
        HubTopology topology = create(hubPrefix);
        try {
            topology.addPeer(peerPrefix);
        } catch (RuntimeException | AssertionError e) {
            Cleanup.closeAll(topology);
            throw e;
        }
        return topology;
    }

    /**
     * Peer number {@code peerCount()}: a namespace named {@code prefix} plus digits, a veth link to the hub's (the
     * hub's end is {@code a}), and a down, unconfigured wireguard-go in it.
     */
    WireguardGoPeer addPeer(String prefix) {
        Netns netns = Netns.create(prefix);
        peerNamespaces.add(netns);
        links.add(Netns.veth(hubNs, netns));
        WireguardGoPeer peer = WireguardGoPeer.start(netns);
        peers.add(peer);
        return peer;
    }

    /** Peer {@code i}'s inner IPv4 address: 10.77.0.(i + 2). */
    static String v4(int i) {
        return "10.77.0." + (i + 2);
    }

    /** Peer {@code i}'s inner IPv6 address: fd77::(i + 2). */
    static String v6(int i) {
        return "fd77::" + (i + 2);
    }

    /**
     * The hub's file: [Interface] with its key, ListenPort 51820 and Address 10.77.0.1/24 (plus fd77::1/64 if
     * {@code dualStack}), then a [Peer] per peer allowed {@link #v4}/32 (plus {@link #v6}/128); no PSK, no endpoint.
     */
    String config(boolean dualStack) {
        StringBuilder config = new StringBuilder("[Interface]\nPrivateKey = " + hubKey + "\nListenPort = " + HUB_PORT
                + "\nAddress = 10.77.0.1/24" + (dualStack ? ", fd77::1/64" : "") + "\n");
        for (int i = 0; i < peers.size(); i++) {
            config.append("[Peer]\nPublicKey = ").append(peers.get(i).publicKey()).append("\nAllowedIPs = ").append(v4(i))
                    .append("/32").append(dualStack ? ", " + v6(i) + "/128" : "").append('\n');
        }
        return config.toString();
    }

    /** Starts the hub in its namespace from {@code config}. */
    RunningHub startHub(String config, GatewayOptions options) throws Exception {
        hub = RunningHub.start(hubNs, config, options);
        return hub;
    }

    /**
     * Sets peer {@code i} up: port 51821, address {@link #v4}/24 (plus {@link #v6}/64), the hub as its peer with
     * {@code psk} and {@code hubEndpoint} (either may be null: no endpoint, it only answers) routing 10.77.0.0/24
     * (plus fd77::/64), link up.
     */
    WireguardGoPeer configurePeer(int i, boolean dualStack, String psk, String hubEndpoint) {
        WireguardGoPeer peer = peers.get(i);
        peer.configure(PEER_PORT).address(v4(i) + "/24");
        if (dualStack) {
            peer.address(v6(i) + "/64");
        }
        return peer.addPeer(hubPublicKey(), psk, hubEndpoint, dualStack ? "10.77.0.0/24,fd77::/64" : "10.77.0.0/24", 0).up();
    }

    /**
     * The usual dual-stack pair: the hub on {@code config(true)} with default options, peer 0 with no PSK reaching it
     * over the IPv4 underlay; returns once the peer pings 10.77.0.1 (bounded by {@code timeout}).
     */
    void connectDualStack(Duration timeout, Supplier<String> diagnostics) throws Exception {
        startHub(config(true), GatewayOptions.defaults());
        configurePeer(0, true, null, link(0).a().endpoint(false, HUB_PORT));
        Ping.awaitReachable(peerNs(0), "10.77.0.1", timeout, diagnostics);
    }

    Netns hubNs() {
        return hubNs;
    }

    String hubKey() {
        return hubKey;
    }

    String hubPublicKey() {
        return RunningHub.publicKeyOf(hubKey);
    }

    /** The hub, once started. */
    RunningHub hub() {
        return hub;
    }

    Netns peerNs(int i) {
        return peerNamespaces.get(i);
    }

    Netns.Link link(int i) {
        return links.get(i);
    }

    WireguardGoPeer peer(int i) {
        return peers.get(i);
    }

    /** Hub log and non-zero drop counters, then each peer's dump and wireguard-go log, for failure messages. */
    String diagnostics() {
        StringBuilder out = new StringBuilder("\nhub log: " + (hub == null ? "-" : hub.lines())
                + "\nhub drops: " + (hub == null ? "-" : hub.dropSummary()));
        for (WireguardGoPeer peer : peers) {
            out.append("\npeer ").append(peer.ifname()).append(" dump:\n").append(dumpOf(peer))
                    .append("\npeer log:\n").append(peer.log());
        }
        return out.toString();
    }

    /** The peer's dump, or why there is none (a test may have stopped it). */
    private static String dumpOf(WireguardGoPeer peer) {
        try {
            return peer.dump();
        } catch (RuntimeException | AssertionError e) {
            return "(" + e.getMessage() + ")";
        }
    }

    /** Hub first, then the peers' processes, then their namespaces, the hub's last: a live process keeps its namespace. */
    @Override
    public void close() {
        List<AutoCloseable> resources = new ArrayList<>();
        resources.add(hub);
        resources.addAll(peers);
        resources.addAll(peerNamespaces);
        resources.add(hubNs);
        Cleanup.closeAll(resources.toArray(AutoCloseable[]::new));
    }
}
