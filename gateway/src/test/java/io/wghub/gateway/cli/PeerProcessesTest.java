package io.wghub.gateway.cli;

import io.wghub.gateway.control.ConfigParser;
import io.wghub.gateway.control.InterfaceAddress;
import io.wghub.gateway.control.PeerConfig;
import io.wghub.gateway.control.UapiClient;
import io.wghub.gateway.control.WgConfig;
import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** wghub peer as separate processes: many at once on one file, and the default file in the state directory. */
class PeerProcessesTest {
    private static final int PARALLEL = 50;

    @TempDir
    Path dir;

    /** A wghub command line with light JVM settings (50 start at once) and the UAPI directory in {@code dir}. */
    private List<String> command(String... args) throws Exception {
        List<String> command = new ArrayList<>(Processes.wghub(args));
        Path run = Files.createDirectories(dir.resolve("run"));
        command.addAll(1, List.of("-D" + UapiClient.DIR_PROPERTY + "=" + run, "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xmx64m"));
        return command;
    }

    @Test
    void fiftyParallelAddsEndWithFiftyDistinctPeers() throws Exception {
        Path file = dir.resolve("wg0.conf");
        Files.writeString(file, PeerCommandsTest.HUB);
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            processes.add(new ProcessBuilder(command("peer", "add", "n" + i, "--config", file.toString(),
                    "--endpoint", "hub.example:51820"))
                    .redirectOutput(dir.resolve("out" + i).toFile()).redirectError(dir.resolve("err" + i).toFile()).start());
        }
        for (int i = 0; i < PARALLEL; i++) {
            Process p = processes.get(i);
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                processes.forEach(Process::destroyForcibly);
                fail("peer add n" + i + " did not finish");
            }
            assertEquals(0, p.exitValue(), "n" + i + ": " + Files.readString(dir.resolve("err" + i)));
        }
        WgConfig config = ConfigParser.read(file);
        List<PeerConfig> peers = config.peers();
        assertEquals(PARALLEL, peers.size());
        Set<String> names = peers.stream().map(PeerConfig::name).collect(Collectors.toSet());
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < PARALLEL; i++) {
            expected.add("n" + i);
        }
        assertEquals(expected, names);
        assertEquals(PARALLEL, peers.stream().map(p -> KeyEncoding.toBase64(p.publicKey())).distinct().count());
        assertEquals(PARALLEL, peers.stream().map(p -> p.allowedIps().get(0)).distinct().count(), "IPv4");
        assertEquals(PARALLEL, peers.stream().map(p -> p.allowedIps().get(1)).distinct().count(), "IPv6");
        assertTrue(peers.stream().allMatch(p -> p.allowedIps().get(0).isIpv4() && !p.allowedIps().get(1).isIpv4()));
        assertTrue(Files.readString(file).startsWith(PeerCommandsTest.HUB), "the hub's own text is kept");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        // Each process printed the client config of the peer it added.
        Map<String, PeerConfig> byName = new HashMap<>();
        peers.forEach(p -> byName.put(p.name(), p));
        for (int i = 0; i < PARALLEL; i++) {
            WgConfig client = ConfigParser.parse(Files.readString(dir.resolve("out" + i)), "out" + i);
            PeerConfig mine = byName.get("n" + i);
            assertEquals(KeyEncoding.toBase64(mine.publicKey()), PeerCommandsTest.publicOf(client.iface().privateKey()));
            assertEquals(mine.allowedIps(), client.iface().addresses().stream().map(InterfaceAddress::network).toList());
        }
    }

    /**
     * Processes killed (SIGKILL) at random points leave the old file or a new one, never a torn
     * one, and their locks die with them: every command that finished has its peer in the file.
     */
    @Test
    void killedCommandsLeaveAWholeFileAndNoLock() throws Exception {
        Path file = dir.resolve("wg0.conf");
        Files.writeString(file, PeerCommandsTest.HUB);
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            processes.add(new ProcessBuilder(command("peer", "add", "k" + i, "--config", file.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start());
        }
        java.util.Random random = new java.util.Random();
        for (int i = 0; i < processes.size(); i += 2) {
            Thread.sleep(random.nextInt(150));
            processes.get(i).destroyForcibly();
        }
        Set<String> finished = new HashSet<>();
        for (int i = 0; i < processes.size(); i++) {
            assertTrue(processes.get(i).waitFor(300, TimeUnit.SECONDS));
            if (processes.get(i).exitValue() == 0) {
                finished.add("k" + i);
            }
        }
        List<PeerConfig> peers = ConfigParser.read(file).peers();
        Set<String> names = peers.stream().map(PeerConfig::name).collect(Collectors.toSet());
        assertEquals(peers.size(), names.size());
        assertTrue(names.containsAll(finished), names + " lacks some of " + finished);
        assertTrue(finished.size() >= 10, "the ones not killed finish: " + finished);
        Process after = new ProcessBuilder(command("peer", "add", "after", "--config", file.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(after.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, after.exitValue(), "no lock is left behind by the killed ones");
        assertEquals(peers.size() + 1, ConfigParser.read(file).peers().size());
    }

    @Test
    void withoutConfigTheDefaultFileIsMadeInTheStateDirectory() throws Exception {
        Path state = dir.resolve("state");
        ProcessBuilder add = new ProcessBuilder(command("peer", "add", "first"));
        add.environment().put("WGHUB_STATE_DIR", state.toString());
        Process p = add.redirectError(dir.resolve("err").toFile()).redirectOutput(dir.resolve("out").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("err"));
        assertEquals(0, p.exitValue(), err);
        Path file = state.resolve("wg0.conf");
        assertTrue(err.contains("made " + file), err);
        assertTrue(err.contains("wghub: wg0 is not running; the peer is in " + file + " and takes effect when it starts"), err);
        WgConfig config = ConfigParser.read(file);
        assertEquals("[10.100.0.1/24, fd00:100::1/64]", config.iface().addresses().toString());
        assertEquals("first", config.peers().get(0).name());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertTrue(Files.readString(dir.resolve("out")).contains("Address = 10.100.0.2/32, fd00:100::2/128"));

        ProcessBuilder list = new ProcessBuilder(command("peer", "list"));
        list.environment().put("WGHUB_STATE_DIR", state.toString());
        Process l = list.redirectError(dir.resolve("err2").toFile()).redirectOutput(dir.resolve("out2").toFile()).start();
        assertTrue(l.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, l.exitValue(), Files.readString(dir.resolve("err2")));
        assertTrue(Files.readString(dir.resolve("out2")).lines().anyMatch(line -> line.startsWith("first  ")));
    }
}
