package io.wghub.gateway.server;

import io.wghub.gateway.testing.Cleanup;
import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Processes;
import io.wghub.gateway.testing.Requirements;
import io.wghub.gateway.testing.TempDirs;
import io.wghub.gateway.testing.UapiSockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed configuration files through the real commands, each a JVM of its own: `wghub up FILE`
 * in a fresh namespace exits 1 with exactly one stderr line "wghub: FILE:LINE: what is wrong; fix"
 * naming the right line, and leaves no interface, UAPI socket or pid file (these run 4 at a time);
 * `wghub reload FILE`, with each file written over the one a running hub was started from, refuses
 * them the same way, signals nothing, and the hub keeps its configuration. (The parser-level corpus is control/MalformedConfigTest; this one is smaller
 * and runs the processes.)
 */
class BadConfigCommandTest {
    /** Separate JVMs at a time: enough to overlap their start-up, few enough for a small machine. */
    private static final int PARALLEL = 4;

    private static final String PRIV = RunningHub.newPrivateKey();
    private static final String SELF = RunningHub.publicKeyOf(PRIV);
    private static final String PUB1 = RunningHub.publicKeyOf(RunningHub.newPrivateKey());
    private static final String PUB2 = RunningHub.publicKeyOf(RunningHub.newPrivateKey());
    private static final String PSK = RunningHub.publicKeyOf(RunningHub.newPrivateKey());

    private static final String I = "[Interface]";
    private static final String PK = "PrivateKey = " + PRIV;
    private static final String P = "[Peer]";
    private static final String P1 = "PublicKey = " + PUB1;
    private static final String P2 = "PublicKey = " + PUB2;

    /** One malformed file: the line its error must name and a piece of what the message must say. */
    record Case(String name, int line, String fragment, String text) {
    }

    private static Case bad(String name, int line, String fragment, String... lines) {
        return new Case(name, line, fragment, String.join("\n", lines) + "\n");
    }

    static List<Case> cases() {
        return List.of(
                bad("bad base64 in a key", 2, "PrivateKey: not a valid key (a character outside base64)",
                        I, "PrivateKey = " + PRIV.substring(0, 20) + "!" + PRIV.substring(21)),
                bad("key one character short", 4, "PublicKey: not a valid key (43 characters): expected 44",
                        I, PK, P, "PublicKey = " + PUB1.substring(0, 43)),
                bad("key of 31 bytes", 5, "PresharedKey: not a valid key (it decodes to 31 bytes)",
                        I, PK, P, P1, "PresharedKey = " + PSK.substring(0, 41) + "A=="),
                bad("bad key in the third peer", 19, "PublicKey: not a valid key",
                        "# hub", I, PK, "ListenPort = 51820", "Address = 10.9.0.1/24", "",
                        "# Name = alice", P, P1, "AllowedIPs = 10.9.0.2/32", "",
                        "# Name = bob", P, P2, "AllowedIPs = 10.9.0.3/32", "",
                        "# Name = carol", P, "PublicKey = " + PUB1.substring(0, 30) + "*" + PUB1.substring(31), "AllowedIPs = 10.9.0.4/32"),
                bad("duplicate peer", 8, "the same PublicKey is already given on line 4",
                        I, PK, P, P1, "AllowedIPs = 10.0.0.2/32", "", P, P1),
                bad("peer with the interface's own key", 4, "PublicKey is this interface's own public key",
                        I, PK, P, "PublicKey = " + SELF),
                bad("AllowedIPs prefix too long (bad CIDR)", 5, "AllowedIPs \"10.0.0.0/33\": prefix length must be 0..32",
                        I, PK, P, P1, "AllowedIPs = 10.0.0.0/33"),
                bad("AllowedIPs not an address", 5, "AllowedIPs \"10.0.0.256/32\" is not an IP address",
                        I, PK, P, P1, "AllowedIPs = 10.0.0.1/32, 10.0.0.256/32"),
                bad("Address prefix too long", 3, "Address \"fd00::1/129\": prefix length must be 0..128",
                        I, PK, "Address = 10.0.0.1/24, fd00::1/129"),
                bad("network routed to two peers", 8, "AllowedIPs 10.0.0.0/24 is already routed to the [Peer] on line 3",
                        I, PK, P, P1, "AllowedIPs = 10.0.0.0/24", P, P2, "AllowedIPs = 10.0.0.0/24"),
                bad("ListenPort out of range", 3, "ListenPort \"70000\" is out of range; use 0 to 65535",
                        I, PK, "ListenPort = 70000"),
                bad("ListenPort not a number", 3, "ListenPort \"51820x\" is not a number", I, PK, "ListenPort = 51820x"),
                bad("unknown section", 3, "unknown section \"[Peers]\"; did you mean [Peer]?", I, PK, "[Peers]", P1),
                bad("section header without ]", 3, "section header has no closing ']'", I, PK, "[Peer", P1),
                bad("two [Interface] sections", 5, "a second [Interface] (the first is on line 1)",
                        I, PK, P, P1, I, "ListenPort = 1"),
                bad("no [Interface]", 2, "no [Interface] section", "# only peers", P, P1),
                bad("missing PrivateKey", 1, "[Interface] has no PrivateKey", I, "ListenPort = 51820", P, P1),
                bad("[Peer] without PublicKey", 3, "[Peer] has no PublicKey", I, PK, P, "AllowedIPs = 10.0.0.2/32", P, P2),
                bad("unknown key", 5, "unknown key \"AllowedIP\" in [Peer]; did you mean AllowedIPs?",
                        I, PK, P, P1, "AllowedIP = 10.0.0.2/32"),
                bad("[Peer] key in [Interface]", 3, "AllowedIPs belongs in [Peer], not in [Interface]",
                        I, PK, "AllowedIPs = 10.0.0.0/24"),
                bad("missing =", 3, "the line has no '='", I, PK, "ListenPort 51820"),
                bad("PrivateKey twice", 3, "PrivateKey appears twice in this [Interface] section (first on line 2)", I, PK, PK),
                bad("Endpoint port out of range", 5, "Endpoint port \"70000\" is out of range; use 1 to 65535",
                        I, PK, P, P1, "Endpoint = 192.0.2.1:70000"),
                bad("Endpoint IPv6 without brackets", 5, "looks like an IPv6 address without brackets",
                        I, PK, P, P1, "Endpoint = fd00::1:51820"),
                bad("PersistentKeepalive out of range", 5, "PersistentKeepalive \"65536\" is out of range",
                        I, PK, P, P1, "PersistentKeepalive = 65536"),
                bad("MTU too small", 3, "MTU \"100\" is out of range; use 576 to 65455", I, PK, "MTU = 100"),
                bad("FwMark not a number", 3, "FwMark \"mark\" is not a number", I, PK, "FwMark = mark"),
                bad("key pasted into AllowedIPs", 5, "not an IP address but (a 44-character value that looks like a key",
                        I, PK, P, P1, "AllowedIPs = " + PSK),
                bad("NUL byte", 2, "the file contains a NUL byte", I, PK + "\0"));
    }

    private Path dir;
    private Netns hubNs;
    private WghubProcess hub;

    @BeforeEach
    void setUp() throws IOException {
        Requirements.require(BadConfigCommandTest.class, "ip", "wg");
        dir = TempDirs.create("wghub-badconf");
    }

    @AfterEach
    void tearDown() {
        Cleanup.closeAll(hub, hubNs, () -> TempDirs.delete(dir));
    }

    @Test
    void theCorpusIsLargeAndVaried() {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 20, "at least 20 files");
        assertEquals(cases.size(), cases.stream().map(Case::name).distinct().count(), "distinct names");
        assertEquals(cases.size(), cases.stream().map(Case::text).distinct().count(), "distinct files");
        assertTrue(cases.stream().map(Case::line).distinct().count() >= 5, "errors on many different lines");
    }

    @Test
    void upRefusesEachFileWithItsLineAndCreatesNothing() throws Exception {
        Path runDir = dir.resolve("run");
        String prefix = "wb" + ThreadLocalRandom.current().nextInt(10_000, 100_000);
        List<Case> cases = cases();
        List<String> failures = runAll(cases, index -> {
            Case c = cases.get(index);
            // The interface name comes from the file name; unique system-wide (the socket directory is global).
            String name = prefix + String.format("%02d", index);
            Path file = dir.resolve(name + ".conf");
            try (Netns ns = Netns.create("wbc")) {
                Files.writeString(file, c.text(), StandardCharsets.UTF_8);
                List<String> command = new ArrayList<>(List.of(ns.exec()));
                command.addAll(WghubProcess.commandLine(runDir, "up", file.toString()));
                Processes.Result result = Processes.run(command.toArray(String[]::new));
                List<String> problems = new ArrayList<>(checkRefusal(c, file, result, ""));
                if (!result.stdout().isEmpty()) {
                    problems.add("printed on stdout: " + result.stdout());
                }
                String links = ns.ip("-o", "link", "show");
                if (links.lines().count() != 1 || !links.contains(": lo:")) {
                    problems.add("links in the namespace besides lo:\n" + links);
                }
                if (Files.exists(UapiSockets.path(name))) {
                    problems.add("a UAPI socket was created: " + UapiSockets.path(name));
                    Files.deleteIfExists(UapiSockets.path(name));
                }
                if (Files.exists(runDir.resolve(name + ".pid"))) {
                    problems.add("a pid file was written");
                }
                return problems;
            }
        });
        assertTrue(failures.isEmpty(), () -> failures.size() + " of " + cases.size() + " files not refused as they should be:\n"
                + String.join("\n", failures));
    }

    @Test
    void reloadRefusesEachFileAndTheRunningHubKeepsItsConfiguration() throws Exception {
        Path runDir = dir.resolve("run");
        String name = UapiSockets.freeName("wbh");
        Path good = dir.resolve(name + ".conf");
        String goodText = "[Interface]\n" + PK + "\nListenPort = 51820\nAddress = 10.9.0.1/24\n\n"
                + "# Name = alice\n[Peer]\n" + P1 + "\nAllowedIPs = 10.9.0.2/32\n\n"
                + "# Name = bob\n[Peer]\n" + P2 + "\nPresharedKey = " + PSK + "\nAllowedIPs = 10.9.0.3/32, 10.10.0.0/16\n";
        Files.writeString(good, goodText, StandardCharsets.UTF_8);
        hubNs = Netns.create("wbh");
        hub = WghubProcess.up(hubNs, good, runDir);
        String dumpBefore = hub.dump();
        assertEquals(List.of(PUB1, PUB2), ReloadUnderTrafficTest.peerKeys(dumpBefore));
        String addressesBefore = hubNs.ip("-o", "address", "show", "dev", name);
        String routesBefore = hubNs.ip("route", "show", "dev", name);

        // As a user would: edit the hub's own file (atomically), then `wghub reload` it. One file, so
        // one case at a time; whatever the command does, a signalled hub would re-read this file.
        List<Case> cases = cases();
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            ReloadUnderTrafficTest.writeAtomically(good, c.text());
            Processes.Result result = hub.command("reload", good.toString(), "--interface", name);
            for (String problem : checkRefusal(c, good, result, " (nothing was reloaded)")) {
                failures.add("[" + c.name() + "] " + problem);
            }
            if (result.stdout().contains("requested")) {
                failures.add("[" + c.name() + "] it says a reload was requested: " + result.stdout());
            }
        }
        ReloadUnderTrafficTest.writeAtomically(good, goodText);
        assertTrue(failures.isEmpty(), () -> failures.size() + " problems with " + cases.size() + " files:\n"
                + String.join("\n", failures));

        assertTrue(hub.process().isAlive(), hub::stderr);
        assertEquals(dumpBefore, hub.dump(), "the running configuration changed");
        assertEquals(addressesBefore, hubNs.ip("-o", "address", "show", "dev", name));
        assertEquals(routesBefore, hubNs.ip("route", "show", "dev", name));

        // A good reload after them all: its log line is the first reload line, so no bad file was signalled.
        Processes.Result ok = hub.command("reload", good.toString(), "--interface", name);
        assertEquals(0, ok.exitCode(), ok::stderr);
        String reloaded = hub.awaitStderr("reloaded:", Duration.ofSeconds(20));
        assertTrue(reloaded.contains(name + ": reloaded: 0 change(s), 2 peer(s)"), reloaded);
        assertEquals(1, hub.stderrCount("reload"), () -> "reload log lines besides the good one:\n" + hub.stderr());
        assertEquals(dumpBefore, hub.dump(), "a reload of the same file changed something");
        assertEquals(0, hub.stop(), hub::stderr);
    }

    /**
     * What is wrong with {@code result} as a refusal of {@code c}: exit 1 and exactly one stderr line
     * "wghub: FILE:LINE: message" + {@code suffix}, the message saying what is wrong and how to fix it,
     * with no key material from the file in it.
     */
    private static List<String> checkRefusal(Case c, Path file, Processes.Result result, String suffix) {
        List<String> problems = new ArrayList<>();
        if (result.exitCode() != 1) {
            problems.add("exit status " + result.exitCode() + ", not 1");
        }
        String[] lines = result.stderr().strip().split("\n");
        if (lines.length != 1) {
            problems.add(lines.length + " stderr lines, not 1: " + result.stderr());
            return problems;
        }
        String line = lines[0];
        String head = "wghub: " + file + ":" + c.line() + ": ";
        if (!line.startsWith(head)) {
            problems.add("does not start with \"" + head + "\": " + line);
        }
        if (!line.contains(c.fragment())) {
            problems.add("does not say \"" + c.fragment() + "\": " + line);
        }
        if (!line.endsWith(suffix)) {
            problems.add("does not end with \"" + suffix + "\": " + line);
        }
        if (!line.contains("; ") && !line.contains(": expected ")) {
            problems.add("says no fix: " + line);
        }
        String leak = leak(line, c.text());
        if (leak != null) {
            problems.add("shows key material (" + leak + "): " + line);
        }
        return problems;
    }

    private static final Pattern KEYISH = Pattern.compile("[A-Za-z0-9+/=!*]{20,}");

    /** A 10-character stretch of a key-like value of {@code text} found in {@code message}, or null. */
    private static String leak(String message, String text) {
        Set<String> keys = new HashSet<>(List.of(PRIV, SELF, PUB1, PUB2, PSK));
        Matcher m = KEYISH.matcher(text);
        while (m.find()) {
            keys.add(m.group());
        }
        for (String key : keys) {
            for (int i = 0; i + 10 <= key.length(); i++) {
                if (message.contains(key.substring(i, i + 10))) {
                    return key.substring(i, i + 10);
                }
            }
        }
        return null;
    }

    @FunctionalInterface
    private interface CaseRun {
        List<String> run(int index) throws Exception;
    }

    /** Runs every case, {@link #PARALLEL} at a time on threads of their own; returns the problems, each named by its case. */
    private static List<String> runAll(List<Case> cases, CaseRun run) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, Thread.ofPlatform().name("bad-config-", 0).factory());
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                int index = i;
                results.add(pool.submit(() -> run.run(index)));
            }
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                String label = "[" + cases.get(i).name() + "] ";
                try {
                    for (String problem : results.get(i).get(5, TimeUnit.MINUTES)) {
                        failures.add(label + problem);
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(label + "failed: " + e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    failures.add(label + "timed out");
                }
            }
            return failures;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }
}
