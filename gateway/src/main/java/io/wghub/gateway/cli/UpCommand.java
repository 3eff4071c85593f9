package io.wghub.gateway.cli;

import io.wghub.gateway.control.ConfigException;
import io.wghub.gateway.control.ConfigParser;
import io.wghub.gateway.control.WgConfig;
import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.server.Gateway;
import io.wghub.gateway.server.GatewayException;
import io.wghub.gateway.server.GatewayOptions;
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
        Gateway gateway;
        try {
            gateway = Gateway.start(parsed, name, GatewayOptions.defaults());
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
