package io.wghub.gateway.server;

import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * `wghub up` as a separate process in a test namespace: the embedded default (key kept 0600 in
 * the state directory), a config file's addresses and routes, clean shutdown on SIGTERM and
 * SIGINT with exit 0, shutdown when the interface is deleted from outside, and refusal of a bad file.
 */
class UpCommandTest {
    private Netns ns;
    private Path dir;
    private Process process;

    @BeforeEach
    void setUp() throws IOException {
        boolean ready = Processes.isRoot() && Processes.onPath("ip");
        if (!ready) {
            System.out.println("SKIPPED UpCommandTest: needs root and ip (creates namespaces and TUN interfaces)");
        }
        assumeTrue(ready, "needs root and ip");
        ns = Netns.create("wu");
        dir = Files.createTempDirectory("wghub-up", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (ns != null) {
            ns.close();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Starts `wghub up ARGS` in the namespace and returns its "ready" line. */
    private String start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ns.exec()));
        command.addAll(Processes.wghub(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("stderr.log").toFile());
        builder.environment().put("WGHUB_STATE_DIR", dir.resolve("state").toString());
        process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.startsWith("wghub: ready:")) {
                // Keep draining stdout so the process never blocks on a full pipe (its own thread:
                // the common pool may have a single worker, which Processes needs).
                Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> { }));
                return line;
            }
        }
        fail("wghub up exited without a ready line; stdout:\n" + seen + "stderr:\n" + stderr());
        return null;
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("stderr.log"));
    }

    private int awaitExit() throws Exception {
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "wghub up did not exit");
        return process.exitValue();
    }

    @Test
    void embeddedDefaultKeepsItsKeyAndShutsDownOnSigterm() throws Exception {
        String first = start("up");
        Path conf = dir.resolve("state").resolve("wg0.conf");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)));
        String key = Files.readAllLines(conf).stream().filter(l -> l.startsWith("PrivateKey")).findFirst().orElseThrow()
                .split("=", 2)[1].trim();
        assertTrue(first.contains("interface wg0, UDP port 51820, public key " + RunningHub.publicKeyOf(key)), first);
        String addresses = ns.ip("address", "show", "dev", "wg0");
        assertTrue(addresses.contains("10.100.0.1/24") && addresses.contains("fd00:100::1/64"), addresses);

        process.destroy(); // SIGTERM to java itself: `ip netns exec` execs its command
        assertEquals(0, awaitExit(), this::stderrQuietly);
        assertFalse(ns.ip("link", "show").contains("wg0"), "the interface is gone after shutdown");

        String second = start("up");
        assertEquals(first, second, "the second run uses the kept key, port and name");
        Processes.check("kill", "-INT", Long.toString(process.pid()));
        assertEquals(0, awaitExit(), this::stderrQuietly);
    }

    @Test
    void configFileRoutesAreRemovedOnShutdown() throws Exception {
        Path conf = dir.resolve("hubx.conf");
        Files.writeString(conf, "[Interface]\nPrivateKey = " + RunningHub.newPrivateKey() + "\nListenPort = 51999\n"
                + "Address = 10.88.0.1/24\nMTU = 1380\n"
                + "[Peer]\nPublicKey = " + RunningHub.publicKeyOf(RunningHub.newPrivateKey()) + "\n"
                + "AllowedIPs = 10.88.0.2/32, 10.99.0.0/16, fd99::/64\n");
        String ready = start("up", conf.toString());
        assertTrue(ready.contains("interface hubx, UDP port 51999"), ready);
        String link = ns.ip("link", "show", "dev", "hubx");
        assertTrue(link.contains("mtu 1380") && link.contains("UP"), link);
        String routes4 = ns.ip("route", "show", "dev", "hubx");
        assertTrue(routes4.contains("10.99.0.0/16"), routes4);
        assertFalse(routes4.contains("10.88.0.2"), "covered by the address's subnet, as wg-quick skips it: " + routes4);
        assertTrue(ns.ip("-6", "route", "show", "dev", "hubx").contains("fd99::/64"));

        process.destroy();
        assertEquals(0, awaitExit(), this::stderrQuietly);
        assertFalse(ns.ip("link", "show").contains("hubx"));
        assertFalse(ns.ip("route", "show").contains("10.99.0.0/16"), "the route is gone");
    }

    @Test
    void interfaceDeletedFromOutsideEndsTheProcessCleanly() throws Exception {
        start("up", "--interface", "wgdel");
        ns.ip("link", "del", "wgdel");
        assertEquals(0, awaitExit(), this::stderrQuietly);
        assertTrue(stderr().contains("wgdel: the interface was deleted from outside; shutting down"), this::stderrQuietly);
    }

    @Test
    void badFileIsRefusedWithItsLineAndChangesNothing() throws Exception {
        Path conf = dir.resolve("bad0.conf");
        Files.writeString(conf, "[Interface]\nPrivateKey = " + RunningHub.newPrivateKey() + "\nListenPort = 70000\n");
        List<String> command = new ArrayList<>(List.of(ns.exec()));
        command.addAll(Processes.wghub("up", conf.toString()));
        Processes.Result result = Processes.run(command.toArray(String[]::new));
        assertEquals(1, result.exitCode());
        String[] lines = result.stderr().strip().split("\n");
        assertEquals(1, lines.length, result.stderr());
        assertTrue(lines[0].startsWith("wghub: " + conf + ":3: "), lines[0]);
        assertFalse(ns.ip("link", "show").contains("bad0"), "no interface was created");
    }

    private String stderrQuietly() {
        try {
            return stderr();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
