package io.wghub.gateway.cli;

import io.wghub.gateway.control.ConfigException;
import io.wghub.gateway.control.ConfigParser;
import io.wghub.gateway.control.WgConfig;
import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.server.Gateway;
import io.wghub.gateway.server.GatewayException;
import io.wghub.gateway.server.GatewayOptions;
import io.wghub.metrics.MetricsConfig;
import io.wghub.metrics.PeersMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** `wghub up [CONFIG] [--interface NAME]`: runs one interface in the foreground until SIGINT or SIGTERM. */
@Command(name = "up", description = {
        "Bring up a WireGuard interface from a wg-quick file and serve it in the foreground.",
        "Without CONFIG, runs the embedded default: wg0 on UDP port 51820, addresses " + EmbeddedDefault.ADDRESSES
                + ", with a key made once and kept in the state directory ($WGHUB_STATE_DIR, /var/lib/wghub for root)."})
final class UpCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG", description = "wg-quick file, e.g. /etc/wireguard/wg0.conf")
    Path config;

    @Option(names = "--interface", paramLabel = "NAME", description = "interface name (default: CONFIG's file name without .conf)")
    String interfaceName;

    @Option(names = "--metrics-listen", paramLabel = "HOST:PORT", defaultValue = MetricsConfig.DEFAULT_LISTEN,
            description = "where to serve /metrics, /healthz, /readyz (default: ${DEFAULT-VALUE})")
    String metricsListen;

    @Option(names = "--no-offload", description = "no offloads: read the TUN one packet at a time (no TCP segmentation or checksum offload), one UDP write per datagram (no GSO)")
    boolean noOffload;

    @Option(names = "--no-metrics", description = "serve no metrics endpoint")
    boolean noMetrics;

    @Option(names = "--metrics-peers", paramLabel = "all|none|top:N", defaultValue = "all",
            description = "which peers get per-peer series (default: ${DEFAULT-VALUE}); top:N by traffic, for huge hubs")
    String metricsPeers;

    @Option(names = "--metrics-tls-cert", paramLabel = "FILE", description = "serve metrics over HTTPS with this certificate (PEM)")
    Path metricsTlsCert;

    @Option(names = "--metrics-tls-key", paramLabel = "FILE", description = "the certificate's private key (PEM, PKCS#8, unencrypted)")
    Path metricsTlsKey;

    @Option(names = "--metrics-tls-client-ca", paramLabel = "FILE", description = "require client certificates signed by this CA (PEM)")
    Path metricsTlsClientCa;

    @Override
    public Integer call() {
        LogSetup.oneLine();
        PrintStream err = System.err;
        WgConfig parsed;
        String name;
        Path file = config;
        try {
            if (file == null) {
                file = EmbeddedDefault.ensure(EmbeddedDefault.stateDir());
                name = interfaceName != null ? interfaceName : EmbeddedDefault.INTERFACE;
            } else {
                name = interfaceName != null ? interfaceName : ConfigParser.interfaceName(file);
            }
            parsed = ConfigParser.read(file);
        } catch (ConfigException e) {
            err.println("wghub: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("wghub: cannot create the default configuration in " + EmbeddedDefault.stateDir() + ": "
                    + e.getMessage() + "; set WGHUB_STATE_DIR to a writable directory");
            return 1;
        }
        for (String warning : parsed.warnings()) {
            err.println("wghub: warning: " + warning);
        }
        MetricsConfig metrics = null;
        if (!noMetrics) {
            try {
                metrics = MetricsConfig.plain(metricsListen).withPeers(PeersMode.parse(metricsPeers));
                if (metricsTlsCert != null || metricsTlsKey != null) {
                    metrics = metrics.withTls(metricsTlsCert, metricsTlsKey);
                }
                if (metricsTlsClientCa != null) {
                    metrics = metrics.withClientCa(metricsTlsClientCa);
                }
            } catch (IllegalArgumentException e) {
                err.println("wghub: " + e.getMessage());
                return 1;
            }
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(parsed, name, GatewayOptions.defaults().withOffload(!noOffload));
            if (metrics != null) {
                try {
                    gateway.serveMetrics(metrics);
                } catch (GatewayException e) {
                    gateway.close();
                    throw e;
                }
            }
        } catch (GatewayException e) {
            err.println("wghub: " + file + ": " + e.getMessage());
            return 1;
        }
        Path served = file;
        return Serving.serve(gateway, served, () -> {
            String publicKey = KeyEncoding.toBase64(gateway.publicKey());
            System.out.println("wghub: ready: interface " + gateway.interfaceName() + ", UDP port " + gateway.port()
                    + ", public key " + publicKey);
            if (config == null) {
                printDefaultHelp(served, publicKey, gateway.port());
            }
        });
    }

    private static void printDefaultHelp(Path file, String publicKey, int port) {
        System.out.println("wghub: running the embedded default from " + file + " (addresses " + EmbeddedDefault.ADDRESSES + ")");
        System.out.println("wghub: to add a peer, run `wghub peer add NAME`, or append to that file and run `wghub reload`:");
        System.out.println("    [Peer]");
        System.out.println("    PublicKey = <the peer's public key>");
        System.out.println("    AllowedIPs = 10.100.0.2/32, fd00:100::2/128");
        System.out.println("wghub: the peer's own config then needs:");
        System.out.println("    [Peer]");
        System.out.println("    PublicKey = " + publicKey);
        System.out.println("    Endpoint = <this host>:" + port);
        System.out.println("    AllowedIPs = 10.100.0.0/24, fd00:100::/64");
    }
}
