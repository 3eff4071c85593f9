package io.wghub.gateway.cli;

import com.google.zxing.WriterException;
import io.wghub.gateway.control.AddressAllocator;
import io.wghub.gateway.control.ConfigException;
import io.wghub.gateway.control.ConfigStore;
import io.wghub.gateway.control.Endpoint;
import io.wghub.gateway.control.PeerConfig;
import io.wghub.gateway.control.WgConfig;
import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.crypto.X25519;
import io.wghub.gateway.route.Prefix;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code wghub peer add NAME}: a new peer in the hub's file and running interface, and its client config on stdout. */
@Command(name = "add", description = {
        "Add a peer: make its keys and a pre-shared key, give it the next free addresses of the hub's subnets,"
                + " append it to the hub's file, apply it to the running hub, and print its client config."})
final class PeerAddCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "the peer's name, kept as '# Name = NAME' in its [Peer]")
    String name;

    @Mixin
    PeerOptions options;

    @Option(names = "--endpoint", paramLabel = "HOST:PORT", description = "where clients reach the hub, e.g. vpn.example.com:51820")
    String endpoint;

    @Option(names = "--qr", description = "print the client config as a QR code (for the WireGuard mobile apps) instead of text")
    boolean qr;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] clientPrivate = new byte[X25519.KEY_LENGTH];
        byte[] psk = new byte[KeyEncoding.KEY_LENGTH];
        byte[] hubPrivate = null;
        try {
            checkName(name);
            Endpoint hubEndpoint = endpoint == null ? null : PeerClientConfig.endpoint(endpoint);
            Path file = options.file();
            String interfaceName = options.interfaceName();
            X25519.generatePrivateKey(clientPrivate);
            byte[] clientPublic = new byte[X25519.KEY_LENGTH];
            X25519.publicKey(clientPrivate, clientPublic);
            new SecureRandom().nextBytes(psk);
            PeerConfig peer;
            WgConfig hub;
            String shown;
            boolean applied;
            try (ConfigStore.Locked locked = lock(file, err)) {
                String text = locked.read();
                hub = locked.config();
                refuseDuplicate(hub, file);
                List<Prefix> addresses = AddressAllocator.next(hub, file.toString());
                peer = new PeerConfig(clientPublic, psk, addresses, null, null, name, 0);
                // Made before the file changes: a peer whose client config was never shown is of no use.
                hubPrivate = hub.iface().privateKey();
                byte[] hubPublic = new byte[X25519.KEY_LENGTH];
                X25519.publicKey(hubPrivate, hubPublic);
                String client = PeerClientConfig.text(clientPrivate, addresses, hubPublic, psk, hubEndpoint,
                        PeerClientConfig.hubSubnets(hub.iface()));
                shown = qr ? PeerQr.render(client) : client;
                locked.write(PeerSections.append(text, hub, peer, file.toString()));
                applied = PeerHub.apply(locked, text, file, interfaceName,
                        c -> c.setPeer(clientPublic, psk, addresses),
                        interfaceName + " is not running; the peer is in " + file + " and takes effect when it starts",
                        err);
            }
            String ips = peer.allowedIps().stream().map(Prefix::toString).collect(Collectors.joining(", "));
            err.println("wghub: added peer \"" + name + "\" (" + ips + ", public key "
                    + KeyEncoding.toBase64(clientPublic) + ") to " + file + (applied ? " and the running " + interfaceName : ""));
            if (hubEndpoint == null) {
                String port = hub.iface().listenPort() != null ? hub.iface().listenPort().toString() : "PORT";
                err.println("wghub: note: the client config has no Endpoint; add 'Endpoint = HUB_HOST:" + port
                        + "' to its [Peer], HUB_HOST being this hub's public name or address, or pass --endpoint HUB_HOST:" + port
                        + (hub.iface().listenPort() == null ? " (set ListenPort in " + file + ": without it the port changes at every start)" : ""));
            }
            out.print(shown);
            out.flush();
            return 0;
        } catch (ConfigException e) {
            err.println("wghub: " + e.getMessage());
            return 1;
        } catch (WriterException e) {
            err.println("wghub: the client config is too large for a QR code; run without --qr and copy the text");
            return 1;
        } finally {
            Arrays.fill(clientPrivate, (byte) 0);
            Arrays.fill(psk, (byte) 0);
            if (hubPrivate != null) {
                Arrays.fill(hubPrivate, (byte) 0);
            }
        }
    }

    /** Locks the file; for the default file, first makes it (with a new key) if this is its first use. */
    private ConfigStore.Locked lock(Path file, PrintWriter err) throws ConfigException {
        if (!options.isDefault()) {
            options.requireFile();
            return ConfigStore.lock(file);
        }
        Path dir = file.getParent();
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new ConfigException(dir.toString(), "cannot create the state directory (" + e.getMessage()
                    + "); set WGHUB_STATE_DIR to a writable directory, or pass --config FILE");
        }
        ConfigStore.Locked locked = ConfigStore.lock(file);
        try {
            if (!locked.exists()) {
                EmbeddedDefault.ensure(dir);
                err.println("wghub: made " + file + " with a new key: the default interface that 'wghub up' runs");
            }
            return locked;
        } catch (IOException | ConfigException | RuntimeException e) {
            locked.close();
            throw e instanceof ConfigException c ? c : new ConfigException(file.toString(), "cannot create it ("
                    + e.getMessage() + "); set WGHUB_STATE_DIR to a writable directory, or pass --config FILE");
        }
    }

    private static void checkName(String name) throws ConfigException {
        try {
            new PeerConfig(new byte[KeyEncoding.KEY_LENGTH], null, List.of(), null, null, name, 0);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("peer add", "the peer name " + e.getMessage().replaceFirst("^name ", "")
                    + "; choose one like alice-laptop");
        }
        boolean key;
        try {
            Arrays.fill(KeyEncoding.fromBase64(name, "NAME"), (byte) 0);
            key = true;
        } catch (IllegalArgumentException e) {
            key = false;
        }
        if (key) {
            throw new ConfigException("peer add", "the peer name looks like a public key, so 'peer remove' could not"
                    + " tell them apart; choose another, like alice-laptop");
        }
    }

    private void refuseDuplicate(WgConfig config, Path file) throws ConfigException {
        for (PeerConfig p : config.peers()) {
            if (name.equals(p.name())) {
                throw new ConfigException(file.toString(), p.line(), "a peer named \"" + name + "\" exists already;"
                        + " choose another name, or remove it first with 'wghub peer remove " + name + "'");
            }
        }
    }
}
