package io.wghub.gateway.cli;

import io.wghub.gateway.control.ConfigException;
import io.wghub.gateway.control.ConfigStore;
import io.wghub.gateway.control.PeerConfig;
import io.wghub.gateway.control.WgConfig;
import io.wghub.gateway.crypto.KeyEncoding;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code wghub peer remove NAME|KEY}: takes a peer out of the hub's file and its running interface. */
@Command(name = "remove", description = "Remove a peer, by name or public key, from the hub's file and the running hub.")
final class PeerRemoveCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME|KEY", description = "the peer's name or its public key (base64)")
    String which;

    @Mixin
    PeerOptions options;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path file = options.file();
            String interfaceName = options.interfaceName();
            PeerConfig peer;
            boolean applied;
            options.requireFile();
            try (ConfigStore.Locked locked = ConfigStore.lock(file)) {
                String text = locked.read();
                WgConfig old = locked.config();
                peer = find(old, file);
                locked.write(PeerSections.remove(text, old, peer, file.toString()));
                byte[] key = peer.publicKey();
                applied = PeerHub.apply(locked, text, file, interfaceName, c -> c.removePeer(key),
                        interfaceName + " is not running; the peer is gone from " + file
                                + ", so it will not be there when it starts", err);
            }
            err.println("wghub: removed peer " + (peer.name() != null ? "\"" + peer.name() + "\" " : "")
                    + "(public key " + KeyEncoding.toBase64(peer.publicKey()) + ") from " + file
                    + (applied ? " and the running " + interfaceName : ""));
            return 0;
        } catch (ConfigException e) {
            err.println("wghub: " + e.getMessage());
            return 1;
        }
    }

    /** The peer named {@code which}, else the one whose public key it is. */
    private PeerConfig find(WgConfig config, Path file) throws ConfigException {
        List<PeerConfig> named = config.peers().stream().filter(p -> which.equals(p.name())).toList();
        if (named.size() > 1) {
            throw new ConfigException(file.toString(), named.get(1).line(), "two peers are named \"" + which
                    + "\" (the first on line " + named.get(0).line() + "); remove one by its public key instead");
        }
        if (named.size() == 1) {
            return named.get(0);
        }
        byte[] key;
        try {
            key = KeyEncoding.fromBase64(which, "key");
        } catch (IllegalArgumentException e) {
            key = null;
        }
        for (PeerConfig p : config.peers()) {
            if (key != null && Arrays.equals(key, p.publicKey())) {
                return p;
            }
        }
        // What looks like a key is not repeated: it may be a private key pasted by mistake.
        boolean keyLike = key != null || which.matches("[A-Za-z0-9+/=]{16,}");
        throw new ConfigException(file.toString(), (keyLike ? "no peer has that name or public key"
                : "no peer is named \"" + which + "\"") + "; 'wghub peer list"
                + (options.isDefault() ? "" : " --config " + file) + "' shows the peers");
    }
}
