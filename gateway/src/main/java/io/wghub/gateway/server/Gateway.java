package io.wghub.gateway.server;

import io.netty.buffer.PooledByteBufAllocator;
import io.wghub.gateway.control.InterfaceAddress;
import io.wghub.gateway.control.PeerConfig;
import io.wghub.gateway.control.WgConfig;
import io.wghub.gateway.control.uapi.UapiDevice;
import io.wghub.gateway.control.uapi.UapiException;
import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.noise.LocalIdentity;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.pipeline.DataPath;
import io.wghub.gateway.pipeline.DataPlane;
import io.wghub.gateway.route.Prefix;
import io.wghub.metrics.MetricsConfig;
import io.wghub.metrics.MetricsServer;
import io.wghub.metrics.WghubMetrics;
import io.wghub.tun.LinkConfig;
import io.wghub.tun.TunDevice;
import io.wghub.tun.TunException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running WireGuard interface: the TUN device with its addresses and routes, the data path
 * on its event loops, and the peers of a configuration. {@link #start} brings it all up or
 * nothing; {@link #close} takes down everything it set up.
 */
public final class Gateway implements AutoCloseable {
    /** wg-quick's default: 1500 minus the 80 bytes of IPv6 + UDP + WireGuard overhead. */
    public static final int DEFAULT_MTU = 1420;

    private final DataPlane plane;
    private final TunDevice device;
    /** Set once the link is being configured, so a failure or close can undo what was added. */
    private volatile LinkConfig link;
    private final DataPath path;
    private final GatewayDevice uapiDevice;
    private volatile WghubMetrics metrics;
    private volatile MetricsServer metricsServer;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean goneReported = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private Gateway(DataPlane plane, TunDevice device, DataPath path) {
        this.plane = plane;
        this.device = device;
        this.path = path;
        this.uapiDevice = new GatewayDevice(plane, path);
    }

    /**
     * Brings up interface {@code interfaceName} in the calling thread's network namespace with
     * {@code config}, or, when it is null, as wireguard-go starts one: no key, no peers, MTU 1420,
     * link down, no addresses (wg-quick or the UAPI configure the rest). On failure everything
     * already set up is taken down again.
     *
     * @throws GatewayException with a one-line message saying what failed and how to fix it
     */
    public static Gateway start(WgConfig config, String interfaceName, GatewayOptions options) throws GatewayException {
        List<PeerConfig> peerConfigs = config == null ? List.of() : config.peers();
        List<InetSocketAddress> endpoints = resolveEndpoints(peerConfigs);
        int mtu = config != null && config.iface().mtu() != null ? config.iface().mtu() : DEFAULT_MTU;
        LocalIdentity identity = config == null ? null : new LocalIdentity(config.iface().privateKey());
        DataPlane plane = new DataPlane(interfaceName, identity, options.timers(), mtu, PooledByteBufAllocator.DEFAULT);
        for (int i = 0; i < peerConfigs.size(); i++) {
            PeerConfig pc = peerConfigs.get(i);
            Peer peer = plane.peers().add(pc.publicKey(), pc.presharedKey());
            peer.endpoint(endpoints.get(i));
            peer.name(pc.name());
            for (Prefix prefix : pc.allowedIps()) {
                plane.allowedIps().insert(prefix, peer);
            }
        }

        TunDevice device;
        try {
            device = options.offload() ? TunDevice.createWithOffloads(interfaceName) : TunDevice.create(interfaceName);
        } catch (TunException e) {
            takeDown(plane, null, null, null);
            throw new GatewayException(e.getMessage(), e);
        }
        Gateway gateway;
        try {
            gateway = new Gateway(plane, device, new DataPath(plane, options.threads(),
                    options.handshakesPerSecondBeforeLoad(), options.offload()));
        } catch (RuntimeException e) { // e.g. epoll unavailable: the TUN must not outlive the failure
            takeDown(plane, device, null, null);
            throw new GatewayException(interfaceName + ": cannot start the event loops: " + e.getMessage(), e);
        }
        try {
            int port = config != null && config.iface().listenPort() != null ? config.iface().listenPort() : 0;
            gateway.path.start(device, port, gateway::interfaceGone);
            if (config != null && config.iface().fwMark() != null) {
                gateway.path.fwmark(config.iface().fwMark());
            }
            gateway.link = LinkConfig.open(device);
            if (config != null) {
                configureLink(gateway.link, config, mtu, plane);
            } else {
                gateway.link.setMtu(mtu);
            }
            long now = System.nanoTime();
            for (PeerConfig pc : peerConfigs) {
                if (pc.persistentKeepalive() != null) {
                    plane.peers().byPublicKey(pc.publicKey()).timers().setPersistentKeepalive(pc.persistentKeepalive(), now);
                }
            }
            plane.log().event("up: " + peerConfigs.size() + " peer(s), UDP port " + gateway.port() + ", MTU " + mtu
                    + ", offloads: " + gateway.path.offloads()
                    + (identity != null ? ", public key " + KeyEncoding.toBase64(identity.publicKey()) : ", no private key yet"));
            return gateway;
        } catch (IOException e) {
            gateway.close();
            throw new GatewayException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gateway.close();
            throw new GatewayException(interfaceName + ": interrupted while starting", e);
        } catch (RuntimeException e) {
            gateway.close();
            throw new GatewayException(interfaceName + ": cannot start: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""), e);
        }
    }

    /** Resolves each peer's Endpoint (null where none); names are looked up now, as wg-quick does. */
    static List<InetSocketAddress> resolveEndpoints(List<PeerConfig> peers) throws GatewayException {
        List<InetSocketAddress> endpoints = new ArrayList<>();
        for (PeerConfig pc : peers) {
            if (pc.endpoint() == null) {
                endpoints.add(null);
                continue;
            }
            try {
                InetAddress address = InetAddress.getByName(pc.endpoint().host());
                endpoints.add(new InetSocketAddress(address, pc.endpoint().port()));
            } catch (UnknownHostException e) {
                throw new GatewayException("line " + pc.line() + ": Endpoint " + pc.endpoint()
                        + ": cannot resolve the host name; check the name and DNS, or use an IP address");
            }
        }
        return endpoints;
    }

    private static void configureLink(LinkConfig link, WgConfig config, int mtu, DataPlane plane) throws TunException {
        link.setMtu(mtu);
        for (InterfaceAddress address : config.iface().addresses()) {
            link.addAddress(inet(address.address()), address.prefixLength());
        }
        link.setUp();
        List<Prefix> skipped = new ArrayList<>();
        for (Prefix prefix : RoutePlan.routes(config.iface().addresses(), config.peers(), skipped)) {
            link.addRoute(inet(prefix.address()), prefix.length());
        }
        for (Prefix prefix : skipped) {
            plane.log().event("warning: AllowedIPs " + prefix + ": wghub up adds no default route; for a full tunnel"
                    + " run wg-quick with WG_QUICK_USERSPACE_IMPLEMENTATION=wghub (fwmark policy routing)");
        }
    }

    private static InetAddress inet(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    public DataPlane plane() {
        return plane;
    }

    /** The sockets' SO_MARK, 0 for none. */
    public int fwmark() {
        return path.fwmark();
    }

    public int port() {
        return path.port();
    }

    public String interfaceName() {
        return device.name();
    }

    /**
     * Serves /metrics, /healthz and /readyz for this interface until it closes; /readyz answers 503
     * once shutdown begins.
     *
     * @throws GatewayException when the listen address cannot be used or TLS files are bad
     */
    public void serveMetrics(MetricsConfig config) throws GatewayException {
        WghubMetrics registry = new WghubMetrics(new GatewayHubSource(plane, path, () -> !closing.get()), config.peers());
        registry.bindEventLoops(path.group());
        registry.bindAllocator(PooledByteBufAllocator.DEFAULT);
        try {
            metricsServer = MetricsServer.start(config, registry);
        } catch (IOException | RuntimeException e) {
            registry.close();
            throw new GatewayException(e.getMessage(), e);
        }
        metrics = registry;
        plane.handshakeMetrics(registry.handshakes());
        plane.log().event("metrics on " + (config.tls() ? "https://" : "http://")
                + config.listen().getHostString() + ":" + metricsServer.localAddress().getPort() + "/metrics");
    }

    /** The interface's public key, or null while it has no private key. */
    public byte[] publicKey() {
        LocalIdentity identity = plane.protocolIdentity();
        return identity == null ? null : identity.publicKey();
    }

    /** The live interface as the UAPI sees it. */
    public UapiDevice device() {
        return uapiDevice;
    }

    /**
     * Applies a re-read configuration file, changing only what differs (like `wg syncconf`);
     * unchanged peers keep their sessions. Addresses, MTU and routes are not changed.
     *
     * @return how many changes were applied
     * @throws GatewayException when an endpoint does not resolve or the change cannot be applied;
     *                          then nothing changed
     */
    public int reload(WgConfig config) throws GatewayException {
        List<InetSocketAddress> endpoints = resolveEndpoints(config.peers());
        try {
            int changes = Reload.apply(this, config, endpoints);
            plane.log().event("reloaded: " + changes + " change(s), " + config.peers().size() + " peer(s)");
            return changes;
        } catch (UapiException e) {
            throw new GatewayException(e.getMessage(), e);
        }
    }

    /** Completes once the gateway has been taken down, by {@link #close} or because the interface was deleted. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    private void interfaceGone() {
        // Every lane's queue reports the deletion; one report is enough.
        if (closing.get() || !goneReported.compareAndSet(false, true)) {
            return;
        }
        plane.log().event("the interface was deleted from outside; shutting down");
        // Not on the event loop that noticed: closing waits for that loop to stop.
        Thread.ofPlatform().name("wghub-shutdown").start(this::close);
    }

    /** Takes down routes, addresses, sockets and the interface, zeroes every key; idempotent. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            closed.join();
            return;
        }
        try {
            uapiDevice.close(); // no UAPI set or reload may add keys or peers while, or after, they are zeroed
            takeDown(plane, device, link, path);
            if (metricsServer != null) {
                metricsServer.close();
                metrics.close();
            }
            plane.log().event("down");
        } finally {
            closed.complete(null);
        }
    }

    private static void takeDown(DataPlane plane, TunDevice device, LinkConfig link, DataPath path) {
        if (path != null) {
            try {
                path.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (link != null) {
            try {
                link.close();
            } catch (TunException e) {
                plane.log().event("warning: " + e.getMessage());
            }
        }
        if (device != null) {
            device.close();
        }
        plane.removeAllPeers();
        plane.destroyIdentity();
    }
}
