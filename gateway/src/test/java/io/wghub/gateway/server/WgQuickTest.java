package io.wghub.gateway.server;

import io.wghub.gateway.testing.Cleanup;
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
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real wg-quick bringing a wghub interface up and down in a test namespace, with
 * WG_QUICK_USERSPACE_IMPLEMENTATION pointing at a wrapper that runs wghub (so wg-quick runs `wrapper IF`, the
 * detached form, then wg setconf, ip address, ip link, routes), against a wireguard-go peer: a plain config, and
 * a full-tunnel one (AllowedIPs = 0.0.0.0/0) whose fwmark policy routing only works if wghub puts the fwmark on
 * its UDP sockets (SO_MARK).
 */
@Timeout(60)
class WgQuickTest {
    private static final Duration CONNECT = Duration.ofSeconds(15);
    /** What wg-quick's own stderr may hold besides its "[#] command" lines, and wghub's log lines (INFO only). */
    private static final List<Pattern> EXPECTED_STDERR = List.of(
            Pattern.compile("\\[#] .*"),
            Pattern.compile("Error: Unknown device type\\."), // `ip link add IF type wireguard`: no kernel module
            Pattern.compile("\\[!] Missing WireGuard kernel module\\. Falling back to slow userspace implementation\\."),
            Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\S+ INFO .*"));

    private HubTopology net;
    private Netns hubNs;
    private Netns peerNs;
    private Netns.Link link;
    private WireguardGoPeer peer;
    private Path dir;
    private Path wrapper;
    private Path conf;
    private String ifname;
    private String hubPrivate;
    private String hubPublic;
    /** The background wghub that wg-quick started, once found. */
    private ProcessHandle daemon;

    @BeforeEach
    void setUp() throws IOException {
        Requirements.require(WgQuickTest.class, "wireguard-go", "wg", "wg-quick", "bash", "ip", "ping", "nft", "sysctl", "ss");
        dir = TempDirs.create("wghub-wgquick");
        ifname = UapiSockets.freeName("wgq");
        conf = dir.resolve(ifname + ".conf"); // wg-quick takes the interface name from the file name
        wrapper = dir.resolve("wghub");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(wrapper, "#!/bin/sh\nexec " + quote(java) + " --enable-native-access=ALL-UNNAMED -cp "
                + quote(System.getProperty("java.class.path")) + " " + DetachedWghub.MAIN_CLASS + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        hubPrivate = Processes.check("wg", "genkey").strip();
        hubPublic = Processes.check((hubPrivate + "\n").getBytes(StandardCharsets.US_ASCII), "wg", "pubkey").strip();

        net = HubTopology.withOnePeer("wqh", "wqp");
        hubNs = net.hubNs();
        peerNs = net.peerNs(0);
        link = net.link(0);
        peer = net.peer(0);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            DetachedWghub.stop(daemon, ifname);
        } finally {
            // Rules, routes and the nft table of wg-quick live in the namespace and go with it.
            Cleanup.closeAll(net, () -> TempDirs.delete(dir));
        }
    }

    @Test
    void upPingsThePeerAndDownRemovesEverything() throws Exception {
        peer.configure(51821).address("10.79.0.2/24").addPeer(hubPublic, null, null, "10.79.0.0/24", 0).up();
        writeConf("[Interface]\nPrivateKey = " + hubPrivate + "\nAddress = 10.79.0.1/24\n\n[Peer]\nPublicKey = "
                + peer.publicKey() + "\nAllowedIPs = 10.79.0.2/32\nEndpoint = " + link.b().endpoint(false, 51821) + "\n");

        String stderr = wgQuick("up");
        assertTrue(stderr.contains("[#] " + wrapper + " " + ifname), "wg-quick fell back to wghub:\n" + stderr);
        assertEquals(hubPublic + "\n", Processes.check("wg", "show", ifname, "public-key"), "wg setconf applied the key");
        assertEquals("off\n", Processes.check("wg", "show", ifname, "fwmark"), "no fwmark without a default route");
        assertTrue(hubNs.ip("-4", "address", "show", "dev", ifname).contains("inet 10.79.0.1/24"));
        String linkShow = hubNs.ip("link", "show", "dev", ifname);
        assertTrue(linkShow.contains(",UP") && linkShow.contains(" mtu 1420 "), linkShow);

        Ping.awaitReachable(hubNs, "10.79.0.2", CONNECT, this::diagnostics);
        assertAllReceived(Ping.run(hubNs, "10.79.0.2", 5));
        assertAllReceived(Ping.run(peerNs, "10.79.0.1", 5));

        down();
    }

    /**
     * With AllowedIPs = 0.0.0.0/0 wg-quick sets fwmark 51820 and routes every unmarked packet into the tunnel
     * (table 51820). The peer's endpoint here is an address hubNs reaches only through its default route, which
     * wg-quick's `suppress_prefixlength 0` rule hides from unmarked packets: so the encapsulated packets get out
     * only if wghub applied the fwmark to its UDP sockets; without SO_MARK they would loop into the tunnel.
     */
    @Test
    void fullTunnelWorksThroughFwmarkPolicyRouting() throws Exception {
        String endpointHost = "10.201.0.2";
        peerNs.ip("address", "add", endpointHost + "/32", "dev", link.b().ifname());
        hubNs.ip("route", "add", "default", "via", link.b().host(false), "dev", link.a().ifname());
        assertAllReceived(Ping.run(hubNs, endpointHost, 1)); // the underlay path, before any tunnel
        peer.configure(51821).address("10.79.0.2/24").address("10.79.1.1/32")
                .addPeer(hubPublic, null, null, "10.79.0.0/24", 0).up();
        writeConf("[Interface]\nPrivateKey = " + hubPrivate + "\nAddress = 10.79.0.1/24\n\n[Peer]\nPublicKey = "
                + peer.publicKey() + "\nAllowedIPs = 0.0.0.0/0\nEndpoint = " + endpointHost + ":51821\n");

        String stderr = wgQuick("up");
        assertTrue(stderr.contains("[#] wg set " + ifname + " fwmark 51820"), stderr);
        assertEquals("0xca6c\n", Processes.check("wg", "show", ifname, "fwmark"));
        String rules = hubNs.ip("-4", "rule", "show");
        assertTrue(rules.contains("not from all fwmark 0xca6c lookup 51820")
                && rules.contains("lookup main suppress_prefixlength 0"), rules);
        assertTrue(hubNs.ip("-4", "route", "show", "table", "51820").contains("default dev " + ifname));
        hubNs.check("nft", "list", "table", "ip", "wg-quick-" + ifname);
        // The premise: unmarked, the endpoint routes into the tunnel; only the mark takes it to the veth.
        String unmarked = hubNs.ip("route", "get", endpointHost);
        assertTrue(unmarked.contains(" dev " + ifname + " "), unmarked);
        String marked = hubNs.ip("route", "get", endpointHost, "mark", "51820");
        assertTrue(marked.contains(" dev " + link.a().ifname() + " "), marked);
        assertSocketsMarked("0xca6c");

        Ping.awaitReachable(hubNs, "10.79.0.2", CONNECT, this::diagnostics);
        assertAllReceived(Ping.run(hubNs, "10.79.0.2", 3));
        assertAllReceived(Ping.run(hubNs, "10.79.1.1", 5)); // routed only by the tunnel's 0.0.0.0/0
        String[] hubAtPeer = peer.peerDump(hubPublic);
        assertTrue(hubAtPeer[2].startsWith(link.a().host(false) + ":"),
                "the encapsulated packets came over the veth from " + hubAtPeer[2]);

        down();
        String after = hubNs.ip("-4", "rule", "show");
        assertFalse(after.contains("51820") || after.contains("suppress_prefixlength"), "the rules are removed:\n" + after);
        Processes.Result table = Processes.run(hubNs.exec("nft", "list", "table", "ip", "wg-quick-" + ifname));
        assertNotEquals(0, table.exitCode(), "the nft table is removed:\n" + table.stdout());
    }

    /**
     * `wg-quick down`: exits 0 with a clean stderr; the interface is gone; the background wghub notices and
     * exits, removing its UAPI socket (both awaited).
     */
    private void down() throws Exception {
        daemon = DetachedWghub.find(ifname).orElseThrow(() -> new AssertionError("no background wghub for " + ifname));
        ProcessHandle background = daemon;
        String stderr = wgQuick("down");
        assertTrue(stderr.contains("[#] ip link delete dev " + ifname), stderr);
        Processes.Result show = Processes.run(hubNs.exec("ip", "link", "show", "dev", ifname));
        assertNotEquals(0, show.exitCode(), "the interface is gone:\n" + show.stdout());
        try {
            background.onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            fail("wghub did not exit after wg-quick down deleted " + ifname + "\n" + log("up"));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.exists(socket())) { // the process is gone; the file cannot signal its own absence
            if (System.nanoTime() - deadline > 0) {
                fail(socket() + " was left behind\n" + log("up"));
            }
            Thread.sleep(50);
        }
        // The detached wghub logs to /var/run/wghub/IF.log (it must not keep wg-quick's stderr open).
        Path backgroundLog = Path.of("/var/run/wghub", ifname + ".log");
        String wghubLog = Files.readString(backgroundLog);
        Files.deleteIfExists(backgroundLog);
        assertTrue(wghubLog.contains(ifname + ": the interface was deleted from outside; shutting down"), wghubLog);
        assertCleanStderr("up", log("up"));
        assertCleanStderr("up", wghubLog);
    }

    /** Runs `wg-quick ACTION CONF` in hubNs; fails unless it exits 0 with only expected stderr lines; returns stderr. */
    private String wgQuick(String action) throws Exception {
        // Files, so the whole output can be shown when something fails.
        Path out = dir.resolve(action + ".out");
        Path err = dir.resolve(action + ".err");
        ProcessBuilder builder = new ProcessBuilder(hubNs.exec("wg-quick", action, conf.toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("WG_QUICK_USERSPACE_IMPLEMENTATION", wrapper.toString());
        Process process = builder.start();
        if (!process.waitFor(50, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("wg-quick " + action + " did not finish; stderr:\n" + log(action));
        }
        String stderr = Files.readString(err);
        assertEquals(0, process.exitValue(), () -> "wg-quick " + action + " failed; stdout:\n" + log(action + ".out")
                + "\nstderr:\n" + stderr);
        assertCleanStderr(action, stderr);
        return stderr;
    }

    private static void assertCleanStderr(String action, String stderr) {
        List<String> unexpected = stderr.lines()
                .filter(line -> EXPECTED_STDERR.stream().noneMatch(p -> p.matcher(line).matches()))
                .collect(Collectors.toList());
        assertTrue(unexpected.isEmpty(), () -> "wg-quick " + action + " printed " + unexpected + "; all of its stderr:\n"
                + stderr);
    }

    private String log(String name) {
        Path file = dir.resolve(name.contains(".") ? name : name + ".err");
        try {
            return Files.exists(file) ? Files.readString(file) : "(none)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void writeConf(String text) throws IOException {
        TempDirs.writePrivate(conf, text);
    }

    /** Every UDP socket of the background wghub carries SO_MARK {@code mark}, as `ss -e` reports it. */
    private void assertSocketsMarked(String mark) {
        ProcessHandle background = DetachedWghub.find(ifname).orElseThrow(() -> new AssertionError("no background wghub for " + ifname));
        String ss = hubNs.check("ss", "-uanpe");
        List<String> sockets = ss.lines().filter(l -> l.contains("pid=" + background.pid() + ",")).toList();
        assertFalse(sockets.isEmpty(), "wghub has no UDP socket:\n" + ss);
        for (String line : sockets) {
            assertTrue(line.contains(" fwmark:" + mark + " "), "SO_MARK " + mark + " is not set on\n" + line);
        }
    }

    private Path socket() {
        return UapiSockets.path(ifname);
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private void assertAllReceived(Ping.Result result) {
        assertTrue(result.allReceived(), () -> "lost pings:\n" + result.output() + "\n" + diagnostics());
    }

    private String diagnostics() {
        return "hub dump:\n" + Processes.run("wg", "show", ifname, "dump").stdout()
                + "\nhub rules:\n" + Processes.run(hubNs.exec("ip", "rule")).stdout()
                + "\nwg-quick up stderr and wghub's log:\n" + log("up")
                + "\npeer dump:\n" + peer.dump() + "\n" + peer.log();
    }
}
