package io.wghub.gateway.cli;

import io.wghub.gateway.control.ConfigException;
import io.wghub.gateway.control.ConfigParser;
import io.wghub.gateway.control.PeerConfig;
import io.wghub.gateway.control.UapiClient;
import io.wghub.gateway.control.WgConfig;
import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.route.Prefix;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code wghub peer list}: one line per peer, from the hub's file and, when it runs, the interface's state. */
@Command(name = "list", description = {
        "List the hub's peers: name, public key, allowed IPs, endpoint, latest handshake and transfer.",
        "Handshake and transfer come from the running hub; '-' when it is not running."})
final class PeerListCommand implements Callable<Integer> {
    private static final String[] HEADER = {"NAME", "PUBLIC KEY", "ALLOWED IPS", "ENDPOINT", "LATEST HANDSHAKE", "TRANSFER"};

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    PeerOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = options.file();
        WgConfig config;
        String interfaceName;
        try {
            interfaceName = options.interfaceName();
            // No lock: files are only ever replaced whole, so a read sees the old one or the new one.
            config = ConfigParser.read(file);
        } catch (ConfigException e) {
            err.println("wghub: " + e.getMessage() + (options.isDefault() && !file.toFile().exists()
                    ? " ('wghub up' or 'wghub peer add NAME' makes it)" : ""));
            return 1;
        }
        Map<String, UapiClient.PeerStatus> running = null;
        try {
            running = new LinkedHashMap<>();
            for (UapiClient.PeerStatus status : new UapiClient(interfaceName).peers()) {
                running.put(KeyEncoding.toBase64(status.publicKey()), status);
            }
        } catch (UapiClient.NotRunningException e) {
            running = null;
        } catch (IOException e) {
            running = null;
            err.println("wghub: warning: cannot read the state of the running " + interfaceName + ": " + e.getMessage());
        }
        long now = System.currentTimeMillis() / 1000;
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (PeerConfig peer : config.peers()) {
            String key = KeyEncoding.toBase64(peer.publicKey());
            UapiClient.PeerStatus status = running == null ? null : running.remove(key);
            String endpoint = status != null && status.endpoint() != null ? status.endpoint()
                    : peer.endpoint() != null ? peer.endpoint().toString() : "-";
            rows.add(new String[] {peer.name() != null ? peer.name() : "-", key, join(peer.allowedIps()), endpoint,
                    status != null ? PeerFormat.ago(status.lastHandshakeSeconds(), now)
                            : running != null ? "not in the running " + interfaceName : "-",
                    status == null ? "-" : PeerFormat.transfer(status.rxBytes(), status.txBytes())});
        }
        if (running != null) {
            for (Map.Entry<String, UapiClient.PeerStatus> e : running.entrySet()) {
                UapiClient.PeerStatus s = e.getValue();
                rows.add(new String[] {"-", e.getKey(), join(s.allowedIps()), s.endpoint() != null ? s.endpoint() : "-",
                        PeerFormat.ago(s.lastHandshakeSeconds(), now), PeerFormat.transfer(s.rxBytes(), s.txBytes())});
            }
            if (!running.isEmpty()) {
                err.println("wghub: note: " + running.size() + " peer(s) of the running " + interfaceName + " are not in "
                        + file + " and go away when it restarts");
            }
        }
        if (rows.size() == 1) {
            err.println("wghub: " + file + " has no peers; add one with 'wghub peer add NAME'");
            return 0;
        }
        print(out, rows);
        if (running == null) {
            err.println("wghub: note: " + interfaceName + " is not running, so there is no handshake or transfer to show");
        }
        out.flush();
        return 0;
    }

    private static String join(List<Prefix> prefixes) {
        return prefixes.isEmpty() ? "-" : prefixes.stream().map(Prefix::toString).collect(Collectors.joining(", "));
    }

    /** Columns padded to their widest cell, two spaces apart; the last one unpadded. */
    private static void print(PrintWriter out, List<String[]> rows) {
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(width[i] - row[i].length() + 2));
                }
            }
            out.println(line);
        }
    }
}
