package io.wghub.gateway.server;

import io.wghub.gateway.testing.Cleanup;
import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Processes;
import io.wghub.gateway.testing.Requirements;
import io.wghub.gateway.testing.TempDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * `wghub up` as a separate process in a test namespace: the embedded default (key kept 0600 in
 * the state directory), a config file's addresses and routes, clean shutdown on SIGTERM and
 * SIGINT with exit 0, shutdown when the interface is deleted from outside, and refusal of a bad file.
 */
class UpCommandTest {
    private Netns ns;
    private Path dir;
    private WghubProcess hub;

    @BeforeEach
    void setUp() throws IOException {
        Requirements.require(UpCommandTest.class, "ip");
        ns = Netns.create("wu");
        dir = TempDirs.create("wghub-up");
    }

    @AfterEach
    void tearDown() {
        Cleanup.closeAll(hub, ns, () -> TempDirs.delete(dir));
    }

    /** Starts `wghub up ARGS` in the namespace and returns its "ready" line. */
    private String start(String... args) throws Exception {
        hub = WghubProcess.start(ns, null, Map.of("WGHUB_STATE_DIR", dir.resolve("state").toString()), args);
        return hub.readyLine();
    }

    private int awaitExit() throws Exception {
        return hub.awaitExit("wghub up did not exit");
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

        hub.process().destroy(); // SIGTERM to java itself: `ip netns exec` execs its command
        assertEquals(0, awaitExit(), hub::stderr);
        assertFalse(ns.ip("link", "show").contains("wg0"), "the interface is gone after shutdown");

        String second = start("up");
        assertEquals(first, second, "the second run uses the kept key, port and name");
        Processes.check("kill", "-INT", Long.toString(hub.pid()));
        assertEquals(0, awaitExit(), hub::stderr);
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

        hub.process().destroy();
        assertEquals(0, awaitExit(), hub::stderr);
        assertFalse(ns.ip("link", "show").contains("hubx"));
        assertFalse(ns.ip("route", "show").contains("10.99.0.0/16"), "the route is gone");
    }

    @Test
    void interfaceDeletedFromOutsideEndsTheProcessCleanly() throws Exception {
        start("up", "--interface", "wgdel");
        ns.ip("link", "del", "wgdel");
        assertEquals(0, awaitExit(), hub::stderr);
        assertTrue(hub.stderr().contains("wgdel: the interface was deleted from outside; shutting down"), hub::stderr);
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
}
