package io.wghub.gateway.server;

import io.wghub.gateway.testing.Cleanup;
import io.wghub.gateway.testing.Lines;
import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Ping;
import io.wghub.gateway.testing.Processes;
import io.wghub.gateway.testing.Requirements;
import io.wghub.gateway.testing.TempDirs;
import io.wghub.gateway.testing.UapiSockets;
import io.wghub.gateway.testing.WireguardGoPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reload under traffic, end to end: `wghub up FILE` runs as its own process in a namespace with
 * three wireguard-go peers A, B and C in theirs (veth underlays). The file starts with A and C;
 * while the hub pings A continuously (a counted ping, so its loss figure is exact), the file is
 * rewritten to add B and drop C and `wghub reload` is run. A loses no packet and keeps its
 * session (same latest handshake on both sides, counters not reset); B connects; C's traffic
 * stops and C is gone from the dump. Then two broken files: `wghub reload` refuses the first with
 * its file:line (exit 1, nothing signalled), and a bare SIGHUP with the second is logged as
 * "reload refused"; neither changes the running configuration.
 */
class ReloadUnderTrafficTest {
    private static final Duration CONNECT = Duration.ofSeconds(15);
    private static final int HUB_PORT = 51820;
    private static final int PEER_PORT = 51821;
    private static final String HUB_IP = "10.66.0.1";
    private static final String A_IP = "10.66.0.2";
    private static final String B_IP = "10.66.0.3";
    private static final String C_IP = "10.66.0.4";
    /** The continuous ping: 360 requests 50 ms apart (18 s); all the changes take about 7 s (~150 requests). */
    private static final int PING_COUNT = 360;

    private HubTopology net;
    private WireguardGoPeer a;
    private WireguardGoPeer b;
    private WireguardGoPeer c;
    private Path dir;
    private WghubProcess hub;
    private CountedPing ping;

    @BeforeEach
    void setUp() throws IOException {
        Requirements.require(ReloadUnderTrafficTest.class, "wireguard-go", "wg", "ip", "ping");
        dir = TempDirs.create("wghub-reload");
    }

    @AfterEach
    void tearDown() {
        // Processes first: a live process keeps its namespace alive past "ip netns del".
        Cleanup.closeAll(ping, hub, net, () -> TempDirs.delete(dir));
    }

    @Test
    void addAndRemovePeersWhileTrafficFlows() throws Exception {
        net = HubTopology.create("wrh");
        a = net.addPeer("wra");
        b = net.addPeer("wrb");
        c = net.addPeer("wrc");
        Netns hubNs = net.hubNs();
        Netns aNs = a.netns();
        Netns bNs = b.netns();
        Netns cNs = c.netns();

        String hubKey = net.hubKey();
        String hubPub = net.hubPublicKey();
        // Each peer knows where the hub is; the hub learns the peers' endpoints from their handshakes.
        connectToHub(a, A_IP, net.link(0), hubPub);
        connectToHub(b, B_IP, net.link(1), hubPub);
        connectToHub(c, C_IP, net.link(2), hubPub);

        String name = UapiSockets.freeName("wr");
        Path conf = dir.resolve(name + ".conf");
        writeAtomically(conf, hubConfig(hubKey, true, false, true));
        hub = WghubProcess.up(hubNs, conf, dir.resolve("run"));
        Supplier<String> diag = this::diagnostics;

        // B is not in the file yet: the hub ignores its handshakes.
        Ping.Result bBefore = Ping.run(bNs, HUB_IP, 2, Duration.ofMillis(200), Duration.ofSeconds(1));
        assertEquals(0, bBefore.received(), () -> "B got through before it was added:\n" + bBefore.output() + diag.get());

        Ping.awaitReachable(aNs, HUB_IP, CONNECT, diag);
        Ping.awaitReachable(cNs, HUB_IP, CONNECT, diag);
        assertEquals(List.of(a.publicKey(), c.publicKey()), peerKeys(hub.dump()), diag);

        Map<String, String[]> before = peers(hub.dump());
        String aHandshakeAtHub = before.get(a.publicKey())[4];
        String hubHandshakeAtA = a.peerDump(hubPub)[4];
        assertFalse("0".equals(aHandshakeAtHub), () -> "the hub saw no handshake from A" + diag.get());
        // Handshake times have whole-second resolution: let the clock leave the second of A's
        // handshake, so a handshake caused by the reload could not hide in it (a clock wait, not a sync).
        long handshakeSecond = Long.parseLong(aHandshakeAtHub);
        while (Instant.now().getEpochSecond() <= handshakeSecond) {
            Thread.sleep(50);
        }

        ping = CountedPing.start(hubNs, A_IP, PING_COUNT, Duration.ofMillis(50));
        ping.awaitReplies(10, Duration.ofSeconds(10));

        // 1. Add B, remove C: rewrite the file atomically, then `wghub reload`.
        writeAtomically(conf, hubConfig(hubKey, true, true, false));
        Processes.Result reload = hub.command("reload", conf.toString(), "--interface", name);
        assertEquals(0, reload.exitCode(), () -> "wghub reload: " + reload.stderr() + diag.get());
        assertTrue(reload.stdout().contains("reload of " + conf + " requested"), reload.stdout());
        String reloaded = hub.awaitStderr("reloaded:", Duration.ofSeconds(20));
        assertTrue(reloaded.contains(name + ": reloaded: 2 change(s), 2 peer(s)"), reloaded);
        // The log line is written after the change is applied, so the dump already shows it.
        Map<String, String[]> afterReload = peers(hub.dump());
        assertEquals(List.of(a.publicKey(), b.publicKey()), peerKeys(hub.dump()), diag);
        assertEquals(B_IP + "/32", afterReload.get(b.publicKey())[3], diag);
        assertEquals(String.join("|", configView(before.get(a.publicKey()))),
                String.join("|", configView(afterReload.get(a.publicKey()))), () -> "A was touched by the reload" + diag.get());

        // 2. B connects, both ways.
        Ping.awaitReachable(bNs, HUB_IP, CONNECT, diag);
        assertAll(Ping.run(bNs, HUB_IP, 5), diag);
        assertAll(Ping.run(hubNs, B_IP, 3), diag);

        // 3. C's traffic stops, both ways, and the hub has no C.
        Ping.Result fromC = Ping.run(cNs, HUB_IP, 3, Duration.ofMillis(200), Duration.ofSeconds(1));
        assertTrue(fromC.transmitted() == 3 && fromC.received() == 0, () -> "C after removal:\n" + fromC.output() + diag.get());
        Ping.Result toC = Ping.run(hubNs, C_IP, 2, Duration.ofMillis(200), Duration.ofSeconds(1));
        assertEquals(0, toC.received(), () -> "hub to C after removal:\n" + toC.output() + diag.get());
        assertFalse(hub.dump().contains(c.publicKey()), diag);

        Map<String, List<String>> running = configViews(hub.dump());

        // 4. A broken file through `wghub reload`: refused with its line, nothing signalled or changed.
        String broken = hubConfig(hubKey, true, true, false);
        int badKeyLine = lineOf(broken, "PublicKey = " + b.publicKey());
        writeAtomically(conf, broken.replace("PublicKey = " + b.publicKey(),
                "PublicKey = " + b.publicKey().substring(0, 20) + "!" + b.publicKey().substring(21)));
        Processes.Result refused = hub.command("reload", conf.toString(), "--interface", name);
        assertEquals(1, refused.exitCode(), () -> "a broken file was accepted: " + refused.stdout() + refused.stderr());
        String[] refusedLines = refused.stderr().strip().split("\n");
        assertEquals(1, refusedLines.length, refused.stderr());
        assertTrue(refusedLines[0].startsWith("wghub: " + conf + ":" + badKeyLine + ": "), refusedLines[0]);
        assertTrue(refusedLines[0].endsWith("(nothing was reloaded)"), refusedLines[0]);
        assertFalse(refused.stdout().contains("requested"), refused.stdout());
        assertEquals(running, configViews(hub.dump()), diag);

        // 5. The same through a bare SIGHUP (another broken line): logged as refused, nothing changes.
        String broken2 = hubConfig(hubKey, true, true, false);
        int badCidrLine = lineOf(broken2, "AllowedIPs = " + B_IP + "/32");
        writeAtomically(conf, broken2.replace("AllowedIPs = " + B_IP + "/32", "AllowedIPs = " + B_IP + "/33"));
        long pid = Long.parseLong(Files.readAllLines(hub.pidFile()).get(0).strip()); // line 2: the file it runs
        assertEquals(hub.pid(), pid, "the pid file names the hub");
        Processes.check("kill", "-HUP", Long.toString(pid));
        String refusedLog = hub.awaitStderr("reload refused", Duration.ofSeconds(20));
        assertTrue(refusedLog.contains(name + ": reload refused, the running configuration is unchanged: " + conf + ":"
                + badCidrLine + ": "), refusedLog);
        assertEquals(running, configViews(hub.dump()), diag);
        assertTrue(hub.process().isAlive(), diag);
        // Exactly one reload applied and one refused: `wghub reload` did not signal the broken file.
        assertEquals(1, hub.stderrCount("reloaded:"), hub::stderr);
        assertEquals(1, hub.stderrCount("reload refused"), hub::stderr);

        // 6. A: no loss across all of it, and the same session.
        assertTrue(ping.isRunning(), () -> "the continuous ping ended before the reloads were done; raise PING_COUNT:\n"
                + ping.output());
        System.out.println("ReloadUnderTrafficTest: all changes done after " + ping.replies() + " of " + PING_COUNT
                + " pings to A");
        Ping.Result continuous = ping.await(Duration.ofSeconds(60));
        assertEquals(PING_COUNT, continuous.transmitted(), continuous::output);
        assertEquals(PING_COUNT, continuous.received(), () -> "A lost " + continuous.lost() + " of " + PING_COUNT
                + " pings across the reloads:\n" + continuous.output() + diag.get());
        String[] aAfter = peers(hub.dump()).get(a.publicKey());
        assertEquals(aHandshakeAtHub, aAfter[4], () -> "the hub re-handshook with A" + diag.get());
        assertEquals(hubHandshakeAtA, a.peerDump(hubPub)[4], () -> "A re-handshook with the hub" + diag.get());
        String[] aBefore = before.get(a.publicKey());
        assertTrue(Long.parseLong(aAfter[5]) > Long.parseLong(aBefore[5])
                && Long.parseLong(aAfter[6]) > Long.parseLong(aBefore[6]), () -> "A's counters were reset: before "
                + String.join(" ", aBefore) + ", after " + String.join(" ", aAfter));

        // 7. A clean stop: exit 0, pid file and socket gone.
        assertEquals(0, hub.stop(), hub::stderr);
        assertFalse(Files.exists(hub.pidFile()), "pid file left behind");
        assertFalse(Files.exists(UapiSockets.path(name)), "UAPI socket left behind");
    }

    private static void connectToHub(WireguardGoPeer peer, String ip, Netns.Link link, String hubPub) {
        peer.configure(PEER_PORT).address(ip + "/24")
                .addPeer(hubPub, null, link.a().endpoint(false, HUB_PORT), "10.66.0.0/24", 0).up();
    }

    private String hubConfig(String hubKey, boolean withA, boolean withB, boolean withC) {
        StringBuilder text = new StringBuilder("[Interface]\nPrivateKey = " + hubKey + "\nListenPort = " + HUB_PORT
                + "\nAddress = " + HUB_IP + "/24\n");
        if (withA) {
            text.append("\n# Name = a\n[Peer]\nPublicKey = ").append(a.publicKey()).append("\nAllowedIPs = ").append(A_IP)
                    .append("/32\n");
        }
        if (withB) {
            text.append("\n# Name = b\n[Peer]\nPublicKey = ").append(b.publicKey()).append("\nAllowedIPs = ").append(B_IP)
                    .append("/32\n");
        }
        if (withC) {
            text.append("\n# Name = c\n[Peer]\nPublicKey = ").append(c.publicKey()).append("\nAllowedIPs = ").append(C_IP)
                    .append("/32\n");
        }
        return text.toString();
    }

    private static int lineOf(String text, String line) {
        List<String> lines = text.lines().toList();
        int index = lines.indexOf(line);
        assertTrue(index >= 0, "no line " + line);
        return index + 1;
    }

    private static void assertAll(Ping.Result result, Supplier<String> diag) {
        assertTrue(result.allReceived(), () -> "lost pings:\n" + result.output() + diag.get());
    }

    private String diagnostics() {
        StringBuilder out = new StringBuilder("\n--- hub ---\n");
        if (hub != null) {
            out.append(hub.dumpQuietly()).append(hub.stderr());
        }
        for (WireguardGoPeer peer : new WireguardGoPeer[] {a, b, c}) {
            if (peer != null) {
                out.append('\n').append(peer.log());
            }
        }
        return out.toString();
    }

    // ---- helpers shared with BadConfigCommandTest ----

    /** Writes {@code text} to a temp file next to {@code file} (0600) and renames it over {@code file}. */
    static void writeAtomically(Path file, String text) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), ".new-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** `wg show IF dump` peer lines by public key, in the dump's order (fields split on tabs). */
    static Map<String, String[]> peers(String dump) {
        Map<String, String[]> out = new java.util.LinkedHashMap<>();
        List<String> lines = dump.lines().toList();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] fields = line.split("\t");
            out.put(fields[0], fields);
        }
        return out;
    }

    static List<String> peerKeys(String dump) {
        return List.copyOf(peers(dump).keySet());
    }

    /** What a reload may change or must keep: key, PSK, endpoint, allowed IPs, latest handshake, keepalive. */
    static List<String> configView(String[] fields) {
        return List.of(fields[0], fields[1], fields[2], fields[3], fields[4], fields[7]);
    }

    /** The interface line and every peer's {@link #configView}, sorted by key. */
    static Map<String, List<String>> configViews(String dump) {
        Map<String, List<String>> out = new TreeMap<>();
        out.put("", List.of(dump.lines().findFirst().orElse("")));
        peers(dump).forEach((key, fields) -> out.put(key, configView(fields)));
        return out;
    }

    /**
     * `ping -n -c COUNT -i INTERVAL -W 2 ADDR` in a namespace in the background. Counted, so it ends on its
     * own after waiting for the last reply: its statistics are exact, with no request in flight at the end.
     */
    static final class CountedPing implements AutoCloseable {
        private static final Pattern COUNTS = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");
        private static final Pattern REPLY = Pattern.compile("bytes from .*icmp_seq=");

        private final Process process;
        private final Lines lines;

        private CountedPing(Process process) {
            this.process = process;
            this.lines = new Lines(process.getInputStream(), "counted-ping-" + process.pid());
        }

        static CountedPing start(Netns ns, String address, int count, Duration interval) throws IOException {
            String seconds = String.format(java.util.Locale.ROOT, "%.3f", interval.toNanos() / 1e9);
            return new CountedPing(new ProcessBuilder(ns.exec("ping", "-n", "-c", Integer.toString(count), "-i", seconds,
                    "-W", "2", address)).redirectErrorStream(true).start());
        }

        /** Waits until {@code n} replies came back (fails otherwise). */
        void awaitReplies(int n, Duration timeout) throws InterruptedException {
            assertTrue(lines.awaitCount(REPLY, n, timeout), () -> "fewer than " + n + " replies:\n" + output());
        }

        boolean isRunning() {
            return process.isAlive();
        }

        /** Replies so far. */
        long replies() {
            return lines.count(REPLY);
        }

        String output() {
            return lines.text();
        }

        /** Waits for ping to finish and returns its counts. */
        Ping.Result await(Duration timeout) throws InterruptedException {
            assertTrue(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS), "ping did not finish:\n" + output());
            lines.awaitEnd(Duration.ofSeconds(5));
            String text = output();
            Matcher m = COUNTS.matcher(text);
            assertTrue(m.find(), "no statistics from ping:\n" + text);
            return new Ping.Result(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), text);
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
