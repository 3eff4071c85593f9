package io.wghub.gateway.server;

import io.wghub.gateway.testing.Cleanup;
import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Ping;
import io.wghub.gateway.testing.Processes;
import io.wghub.gateway.testing.Requirements;
import io.wghub.gateway.testing.TempDirs;
import io.wghub.gateway.testing.UapiSockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * `wghub peer add` against a running `wghub up`: the client config it prints, given unchanged to
 * wg-quick in another namespace (with wireguard-go, or the kernel's WireGuard where present),
 * connects and pings the hub over IPv4 and IPv6; `peer remove` then cuts it off.
 */
class PeerAddClientTest {
    private Netns hubNs;
    private Netns clientNs;
    private Path dir;
    private WghubProcess hub;
    private Path clientConf;

    @BeforeEach
    void setUp() throws IOException {
        Requirements.require(PeerAddClientTest.class, "wg-quick", "wireguard-go", "ping");
        dir = TempDirs.create("wghub-peeradd");
        hubNs = Netns.create("pah");
        clientNs = Netns.create("pac");
    }

    @AfterEach
    void tearDown() {
        if (clientConf != null && clientNs != null) {
            Processes.run(clientNs.exec("wg-quick", "down", clientConf.toString()));
        }
        Cleanup.closeAll(hub, clientNs, hubNs, () -> TempDirs.delete(dir));
    }

    @Test
    void printedClientConfigConnectsThroughWgQuick() throws Exception {
        Netns.Link link = Netns.veth(hubNs, clientNs);
        String name = UapiSockets.freeName("wgpa");
        Path hubConf = dir.resolve(name + ".conf");
        Files.writeString(hubConf, "[Interface]\nPrivateKey = " + RunningHub.newPrivateKey() + "\nListenPort = 51820\n"
                + "Address = 10.100.0.1/24, fd00:100::1/64\n");
        hub = WghubProcess.start(hubNs, null, Map.of(), "up", hubConf.toString());

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

    private String hubDump() {
        return "hub stderr:\n" + hub.stderr();
    }
}
