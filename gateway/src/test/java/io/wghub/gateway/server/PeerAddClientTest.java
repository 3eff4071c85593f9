package io.wghub.gateway.server;

import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Ping;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * `wghub peer add` against a running `wghub up`: the client config it prints, given unchanged to
 * wg-quick in another namespace (with wireguard-go, or the kernel's WireGuard where present),
 * connects and pings the hub over IPv4 and IPv6; `peer remove` then cuts it off.
 */
class PeerAddClientTest {
    private Netns hubNs;
    private Netns clientNs;
    private Path dir;
    private Process hub;
    private Path clientConf;

    @BeforeEach
    void setUp() throws IOException {
        boolean ready = Processes.isRoot() && Processes.onPath("wg-quick") && Processes.onPath("wireguard-go")
                && Processes.onPath("ping");
        if (!ready) {
            System.out.println("SKIPPED PeerAddClientTest: needs root, wg-quick, wireguard-go and ping (.ci/run installs them)");
        }
        assumeTrue(ready, "needs root, wg-quick, wireguard-go and ping");
        dir = Files.createTempDirectory("wghub-peeradd", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        hubNs = Netns.create("pah");
        clientNs = Netns.create("pac");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (clientConf != null && clientNs != null) {
            Processes.run(clientNs.exec("wg-quick", "down", clientConf.toString()));
        }
        if (hub != null && hub.isAlive()) {
            hub.destroy();
            if (!hub.waitFor(20, TimeUnit.SECONDS)) {
                hub.destroyForcibly();
            }
        }
        if (clientNs != null) {
            clientNs.close();
        }
        if (hubNs != null) {
            hubNs.close();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Test
    void printedClientConfigConnectsThroughWgQuick() throws Exception {
        Netns.Link link = Netns.veth(hubNs, clientNs);
        String name = "wgpa" + ThreadLocalRandom.current().nextInt(100_000);
        Path hubConf = dir.resolve(name + ".conf");
        Files.writeString(hubConf, "[Interface]\nPrivateKey = " + RunningHub.newPrivateKey() + "\nListenPort = 51820\n"
                + "Address = 10.100.0.1/24, fd00:100::1/64\n");
        startHub(hubConf);

        Processes.Result add = Processes.run(Processes.wghub("peer", "add", "laptop", "--config", hubConf.toString(),
                "--endpoint", link.a().endpoint(false, 51820)).toArray(String[]::new));
        assertEquals(0, add.exitCode(), add.stderr());
        assertTrue(add.stderr().contains("running " + name), "applied to the running hub: " + add.stderr());

        String clientName = "wgpc" + ThreadLocalRandom.current().nextInt(100_000);
        clientConf = dir.resolve(clientName + ".conf");
        Files.writeString(clientConf, add.stdout());
        Files.setPosixFilePermissions(clientConf, PosixFilePermissions.fromString("rw-------"));
        List<String> up = new ArrayList<>(List.of(clientNs.exec("env", "WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1",
                "wg-quick", "up", clientConf.toString())));
        Processes.Result wgQuick = Processes.run(up.toArray(String[]::new));
        assertEquals(0, wgQuick.exitCode(), "wg-quick up: " + wgQuick.stderr());

        Ping.awaitReachable(clientNs, "10.100.0.1", Duration.ofSeconds(15), this::hubDump);
        assertTrue(Ping.run(clientNs, "10.100.0.1", 5).allReceived(), this::hubDump);
        assertTrue(Ping.run(clientNs, "fd00:100::1", 5).allReceived(), this::hubDump);
        assertTrue(Ping.run(hubNs, "10.100.0.2", 5).allReceived(), "the hub reaches the client too: " + hubDump());

        Processes.Result remove = Processes.run(Processes.wghub("peer", "remove", "laptop", "--config",
                hubConf.toString()).toArray(String[]::new));
        assertEquals(0, remove.exitCode(), remove.stderr());
        assertEquals("", Processes.check("wg", "show", name, "peers"), "removed from the running hub");
        assertEquals(0, Ping.run(clientNs, "10.100.0.1", 3, Duration.ofMillis(200), Duration.ofSeconds(1)).received(),
                "a removed peer is cut off");
    }

    private void startHub(Path conf) throws IOException {
        List<String> command = new ArrayList<>(List.of(hubNs.exec()));
        command.addAll(Processes.wghub("up", conf.toString()));
        hub = new ProcessBuilder(command).redirectError(dir.resolve("hub.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(hub.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("wghub: ready:")) {
                Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> { }));
                return;
            }
        }
        fail("wghub up exited without a ready line: " + Files.readString(dir.resolve("hub.err")));
    }

    private String hubDump() {
        try {
            return "hub stderr:\n" + Files.readString(dir.resolve("hub.err"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
