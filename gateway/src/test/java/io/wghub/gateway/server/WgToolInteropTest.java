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

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * wghub in wireguard-go mode ({@code wghub [-f] IF}) driven only by the real wg(8) over its UAPI socket and by
 * {@code ip}, against a real wireguard-go peer in another namespace: the detached form, every {@code wg show}
 * view, transfer counters that match wireguard-go's to the byte, showconf/setconf/addconf/syncconf, fwmark,
 * listen-port and private-key changes, peer removal, and malformed requests on the raw socket.
 */
@Timeout(60)
class WgToolInteropTest {
    private static final Duration CONNECT = Duration.ofSeconds(15);

    private HubTopology net;
    private Netns hubNs;
    private WireguardGoPeer peer;
    private Path dir;
    private String ifname;
    /** The foreground wghub (its pid is java's own: ip netns exec execs it). */
    private Process hub;
    /** The detached wghub, once found. */
    private ProcessHandle daemon;
    private Path hubLog;

    @BeforeEach
    void setUp() throws IOException {
        Requirements.require(WgToolInteropTest.class, "wireguard-go", "wg", "ip", "ping", "ss");
        dir = TempDirs.create("wghub-wgtool");
        hubLog = dir.resolve("hub.log");
        ifname = UapiSockets.freeName("wgt");
        net = HubTopology.create("wth");
        hubNs = net.hubNs();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (hub != null && hub.isAlive()) {
                hub.destroy();
                if (!hub.waitFor(10, TimeUnit.SECONDS)) {
                    hub.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            DetachedWghub.stop(daemon, ifname);
        } finally {
            Cleanup.closeAll(net, () -> TempDirs.delete(dir));
        }
    }

    // ---------------------------------------------------------------- the detached form

    @Test
    void detachedFormReturnsOnlyOnceItsSocketExistsAndStopsCleanlyOnSigterm() throws Exception {
        Path out = dir.resolve("detached.log");
        List<String> command = new ArrayList<>(List.of(hubNs.exec()));
        command.addAll(wghub(ifname));
        // Output to a file: the test reads it after the process ends.
        Process parent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertTrue(parent.waitFor(60, TimeUnit.SECONDS), "the detaching wghub did not return");
        boolean socketAtExit = Files.exists(socket()); // checked at once: the parent returned, so it must exist
        assertEquals(0, parent.exitValue(), () -> "detached wghub exit status; output:\n" + read(out));
        assertTrue(socketAtExit, () -> socket() + " did not exist when the detaching wghub returned; output:\n" + read(out));

        daemon = DetachedWghub.find(ifname).orElseThrow(() -> new AssertionError("no background wghub -f " + ifname
                + " process; output:\n" + read(out)));
        assertTrue(daemon.isAlive());
        assertNotEquals(parent.pid(), daemon.pid(), "the background process is a new one");

        // As wireguard-go starts one: no key, no peers, a random port, no fwmark, MTU 1420, link down.
        String[] device = wg("show", ifname, "dump").strip().split("\t");
        assertEquals(4, device.length, Arrays.toString(device));
        assertEquals("(none)", device[0], "no private key yet");
        assertEquals("(none)", device[1], "no public key yet");
        int port = Integer.parseInt(device[2]);
        assertTrue(port > 0 && port <= 65535, "a random listen port: " + port);
        assertEquals("off", device[3]);
        assertEquals("", wg("show", ifname, "peers"));
        String link = hubNs.ip("link", "show", "dev", ifname);
        assertTrue(link.contains(" mtu 1420 "), link);
        assertFalse(flags(link).contains("UP"), "the link is down: " + link);

        ProcessHandle background = daemon;
        Processes.check("kill", "-TERM", Long.toString(background.pid()));
        background.onExit().get(30, TimeUnit.SECONDS);
        assertFalse(Files.exists(socket()), "the socket is removed on SIGTERM");
        assertFalse(hubNs.ip("link", "show").contains(ifname + ":"), "the interface is gone");
        String log = read(out);
        assertFalse(log.contains("WARNING") || log.contains("SEVERE"), log);
    }

    /**
     * wireguard-go's detached child gets /dev/null as stdin, stdout and stderr (unless LOG_LEVEL is set), so a
     * caller reading its output through a pipe (`out=$(wg-quick up wg0 2>&1)`, `wg-quick up wg0 | tee log`, CI
     * runners) sees end-of-file as soon as the foreground process returns. wghub's child inherits the caller's
     * stdout and stderr (UserspaceCommand.detach: Redirect.INHERIT), so such a caller hangs until the interface
     * is deleted.
     */
    @Test
    void detachedFormReleasesTheCallersPipes() throws Exception {
        List<String> command = new ArrayList<>(List.of(hubNs.exec()));
        command.addAll(wghub(ifname));
        Process parent = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = parent.getInputStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        assertTrue(parent.waitFor(60, TimeUnit.SECONDS), "the detaching wghub did not return");
        assertEquals(0, parent.exitValue());
        daemon = DetachedWghub.find(ifname).orElseThrow();
        try {
            output.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            fail("the background wghub still holds the caller's stdout/stderr pipe open after the foreground process returned");
        }
    }

    // ---------------------------------------------------------------- wg drives the hub

    @Test
    void wgConfiguresAndInspectsTheHubAgainstWireguardGo() throws Exception {
        peer = net.addPeer("wtp");
        Netns peerNs = peer.netns();
        Netns.Link link = net.link(0);
        startForeground(false);

        String hubPrivate = wgOut("genkey");
        String hubPublic = publicKeyOf(hubPrivate);
        String psk = WireguardGoPeer.genpsk();
        // The peer is ready before the hub gets its key, so every message the hub sends reaches a configured peer.
        peer.configure(51821).address("10.79.0.2/24").addPeer(hubPublic, psk, null, "10.79.0.0/24", 0).up();
        String peerKey = peer.publicKey();
        String peerEndpoint = link.b().endpoint(false, 51821);
        long started = System.currentTimeMillis() / 1000;

        assertEquals("", wg("set", ifname, "private-key", secretFile("hub.key", hubPrivate).toString(),
                "listen-port", "51820", "peer", peerKey, "allowed-ips", "10.79.0.2/32", "endpoint", peerEndpoint,
                "persistent-keepalive", "25", "preshared-key", secretFile("psk", psk).toString()));
        hubNs.ip("address", "add", "10.79.0.1/24", "dev", ifname);
        hubNs.ip("link", "set", ifname, "up");

        Ping.awaitReachable(hubNs, "10.79.0.2", CONNECT, this::diagnostics);
        assertAllReceived(Ping.run(hubNs, "10.79.0.2", 5));
        assertAllReceived(Ping.run(peerNs, "10.79.0.1", 5));

        // wg show IF dump: every field.
        String[] device = deviceDump();
        assertEquals(hubPrivate, device[0]);
        assertEquals(hubPublic, device[1]);
        assertEquals("51820", device[2]);
        assertEquals("off", device[3]);
        String[] line = peerDump(peerKey);
        assertEquals(psk, line[1]);
        assertEquals(peerEndpoint, line[2]);
        assertEquals("10.79.0.2/32", line[3]);
        long handshake = Long.parseLong(line[4]);
        long now = System.currentTimeMillis() / 1000;
        assertTrue(handshake >= started - 1 && handshake <= now + 1,
                "latest handshake " + handshake + " is not between the start " + started + " and now " + now);
        assertTrue(Long.parseLong(line[5]) > 0 && Long.parseLong(line[6]) > 0, "transfer: " + Arrays.toString(line));
        assertEquals("25", line[7]);

        // Transfer: the hub's counts agree with `wg show IF transfer` and, crosswise, with wireguard-go's own.
        assertCountersMatchThePeer(peerKey, hubPublic);

        // The human views.
        String show = wg("show", ifname);
        for (String expected : List.of("interface: " + ifname, "public key: " + hubPublic, "private key: (hidden)",
                "listening port: 51820", "peer: " + peerKey, "preshared key: (hidden)", "endpoint: " + peerEndpoint,
                "allowed ips: 10.79.0.2/32", "latest handshake: ", "transfer: ", "persistent keepalive: every 25 seconds")) {
            assertTrue(show.contains(expected), () -> "`wg show " + ifname + "` lacks \"" + expected + "\":\n" + show);
        }
        assertEquals(hubPublic + "\n", wg("show", ifname, "public-key"));
        assertEquals(hubPrivate + "\n", wg("show", ifname, "private-key"));
        assertEquals("51820\n", wg("show", ifname, "listen-port"));
        assertEquals("off\n", wg("show", ifname, "fwmark"));
        assertEquals(peerKey + "\n", wg("show", ifname, "peers"));
        assertEquals(peerKey + "\t" + psk + "\n", wg("show", ifname, "preshared-keys"));
        assertEquals(peerKey + "\t" + peerEndpoint + "\n", wg("show", ifname, "endpoints"));
        assertEquals(peerKey + "\t10.79.0.2/32\n", wg("show", ifname, "allowed-ips"));
        assertEquals(peerKey + "\t25\n", wg("show", ifname, "persistent-keepalive"));
        assertEquals(peerKey + "\t" + handshake + "\n", wg("show", ifname, "latest-handshakes"));
        String[] transfer = wg("show", ifname, "transfer").strip().split("\t");
        assertEquals(3, transfer.length, Arrays.toString(transfer));
        assertEquals(peerKey, transfer[0]);
        assertTrue(Long.parseLong(transfer[1]) > 0 && Long.parseLong(transfer[2]) > 0, Arrays.toString(transfer));

        // showconf -> setconf round trip. setconf replaces the peers, so the session is redone.
        String showconf = wg("showconf", ifname);
        String expectedConf = "[Interface]\nListenPort = 51820\nPrivateKey = " + hubPrivate + "\n\n[Peer]\nPublicKey = "
                + peerKey + "\nPresharedKey = " + psk + "\nAllowedIPs = 10.79.0.2/32\nEndpoint = " + peerEndpoint
                + "\nPersistentKeepalive = 25\n";
        assertEquals(expectedConf, showconf.strip() + "\n");
        long handshakeBefore = handshakeNanos(peerKey);
        assertEquals("", wg("setconf", ifname, secretFile("round.conf", showconf).toString()));
        assertEquals(showconf, wg("showconf", ifname), "setconf of showconf's output changes nothing visible");
        Ping.awaitReachable(hubNs, "10.79.0.2", CONNECT, this::diagnostics);
        assertAllReceived(Ping.run(hubNs, "10.79.0.2", 3));
        long handshakeAfterSetconf = handshakeNanos(peerKey);
        assertTrue(handshakeAfterSetconf > handshakeBefore,
                "setconf replaced the peer, so a new handshake happened: " + handshakeBefore + " -> " + handshakeAfterSetconf);

        // addconf adds a second peer.
        String secondKey = publicKeyOf(wgOut("genkey"));
        assertEquals("", wg("addconf", ifname, secretFile("add.conf",
                "[Peer]\nPublicKey = " + secondKey + "\nAllowedIPs = 10.79.0.3/32\n").toString()));
        assertEquals(Set.of(peerKey, secondKey), lines(wg("show", ifname, "peers")));
        assertEquals(Set.of(peerKey + "\t10.79.0.2/32", secondKey + "\t10.79.0.3/32"),
                lines(wg("show", ifname, "allowed-ips")));
        assertEquals(handshakeAfterSetconf, handshakeNanos(peerKey), "addconf leaves the first peer's session alone");

        // syncconf with the second peer dropped removes it and keeps the first peer's session.
        String full = wg("showconf", ifname);
        String synced = Arrays.stream(full.split("\n\n"))
                .filter(section -> !section.contains(secondKey))
                .collect(Collectors.joining("\n\n"));
        assertTrue(synced.contains(peerKey) && !synced.contains(secondKey), synced);
        String peerSideHandshake = peer.peerDump(hubPublic)[4];
        assertEquals("", wg("syncconf", ifname, secretFile("sync.conf", synced).toString()));
        assertEquals(peerKey + "\n", wg("show", ifname, "peers"));
        assertEquals(handshakeAfterSetconf, handshakeNanos(peerKey), "syncconf kept the session");
        assertAllReceived(Ping.run(hubNs, "10.79.0.2", 5));
        assertEquals(handshakeAfterSetconf, handshakeNanos(peerKey), "the pings needed no new handshake");
        assertEquals(peerSideHandshake, peer.peerDump(hubPublic)[4], "wireguard-go saw no new handshake either");

        // fwmark: shown by wg, and set on the UDP sockets themselves.
        assertEquals("", wg("set", ifname, "fwmark", "0x1234"));
        assertEquals("0x1234\n", wg("show", ifname, "fwmark"));
        assertEquals("0x1234", deviceDump()[3]);
        assertSocketsCarry(51820, "0x1234");
        assertAllReceived(Ping.run(hubNs, "10.79.0.2", 3));

        // listen-port: the hub rebinds (keeping the mark and the session); the peer, told the new port, gets through.
        assertEquals("", wg("set", ifname, "listen-port", "51830"));
        assertEquals("51830\n", wg("show", ifname, "listen-port"));
        assertSocketsCarry(51830, "0x1234");
        String oldPortSockets = hubSockets(51820);
        assertTrue(oldPortSockets.isEmpty(), "the old port is closed:\n" + oldPortSockets);
        peer.wg("set", peer.ifname(), "peer", hubPublic, "endpoint", link.a().endpoint(false, 51830));
        assertAllReceived(Ping.run(peerNs, "10.79.0.1", 5));
        assertEquals(hubPublic + "\t" + link.a().endpoint(false, 51830) + "\n",
                peer.wg("show", peer.ifname(), "endpoints"), "the hub's replies come from the new port");
        assertEquals(handshakeAfterSetconf, handshakeNanos(peerKey), "the rebind kept the session");

        // private-key: a new key changes the public key.
        String newPrivate = wgOut("genkey");
        assertEquals("", wg("set", ifname, "private-key", secretFile("new.key", newPrivate).toString()));
        assertEquals(publicKeyOf(newPrivate) + "\n", wg("show", ifname, "public-key"));
        assertEquals(newPrivate + "\n", wg("show", ifname, "private-key"));
        assertNotEquals(hubPublic, publicKeyOf(newPrivate));

        // Peer removal.
        assertEquals("", wg("set", ifname, "peer", peerKey, "remove"));
        assertEquals("", wg("show", ifname, "peers"));
        assertEquals(1, wg("show", ifname, "dump").strip().split("\n").length);

        // SIGTERM: exit 0, socket and interface gone.
        hub.destroy();
        assertTrue(hub.waitFor(30, TimeUnit.SECONDS), "wghub did not stop on SIGTERM");
        assertEquals(0, hub.exitValue(), this::hubLogText);
        assertFalse(Files.exists(socket()), "the socket is removed");
        assertFalse(hubNs.ip("link", "show").contains(ifname + ":"), "the interface is gone");
    }

    /**
     * Both sides count every authenticated WireGuard message by its UDP payload size, handshakes included (a
     * 148-byte initiation, a 92-byte response, 32-byte keepalives, data as 32 + padded plaintext). So once nothing
     * is in flight, what the hub sent is exactly what wireguard-go received and vice versa. Polled: a keepalive
     * may be on the wire between two reads.
     */
    private void assertCountersMatchThePeer(String peerKey, String hubPublic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String last = "";
        while (System.nanoTime() - deadline < 0) {
            String[] before = peerDump(peerKey);
            String transfer = wg("show", ifname, "transfer").strip();
            String[] theirs = peer.peerDump(hubPublic);
            String[] after = peerDump(peerKey);
            String[] theirsAfter = peer.peerDump(hubPublic);
            long rx = Long.parseLong(before[5]);
            long tx = Long.parseLong(before[6]);
            last = "hub rx/tx " + rx + "/" + tx + " then " + after[5] + "/" + after[6] + "; `wg show transfer` "
                    + transfer + "; wireguard-go rx/tx " + theirs[5] + "/" + theirs[6] + " then " + theirsAfter[5]
                    + "/" + theirsAfter[6];
            boolean settled = before[5].equals(after[5]) && before[6].equals(after[6])
                    && theirs[5].equals(theirsAfter[5]) && theirs[6].equals(theirsAfter[6]);
            if (settled) {
                assertEquals(peerKey + "\t" + rx + "\t" + tx, transfer, "`wg show transfer` agrees with the dump");
                if (tx == Long.parseLong(theirs[5]) && rx == Long.parseLong(theirs[6])) {
                    return;
                }
            }
            try {
                Thread.sleep(200); // no event marks "nothing in flight"; bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        fail("the hub's tx/rx never matched wireguard-go's rx/tx: " + last + "\n" + diagnostics());
    }

    // ---------------------------------------------------------------- malformed requests on the raw socket

    @Test
    void malformedRequestsGetAnErrnoOrAHangupAndTheSocketKeepsServing() throws Exception {
        startForeground(true); // WG_PROCESS_FOREGROUND=1 instead of -f
        String key = wgOut("genkey");
        wg("set", ifname, "private-key", secretFile("hub.key", key).toString(), "listen-port", "51820");

        // An unknown key: errno=-22 (EINVAL), as wireguard-go; the connection stays usable.
        try (Uapi uapi = new Uapi(socket())) {
            uapi.send("set=1\nbogus=1\n\n");
            Reply reply = uapi.reply();
            assertEquals("errno=-22\n\n", reply.text());
            assertFalse(reply.closed());
            uapi.send("get=1\n\n");
            Reply get = uapi.reply();
            assertTrue(get.text().contains("listen_port=51820\n") && get.text().endsWith("errno=0\n\n"), get.text());
        }
        // A bad line after a good one: refused as a whole, nothing applied.
        try (Uapi uapi = new Uapi(socket())) {
            uapi.send("set=1\nlisten_port=4242\nbogus=1\n\n");
            assertEquals("errno=-22\n\n", uapi.reply().text());
        }
        assertEquals("51820\n", wg("show", ifname, "listen-port"), "nothing of the refused request was applied");
        // A line without '=': errno=-71 (EPROTO), as wireguard-go; still open.
        try (Uapi uapi = new Uapi(socket())) {
            uapi.send("set=1\nnoequals\n\n");
            Reply reply = uapi.reply();
            assertEquals("errno=-71\n\n", reply.text());
            assertFalse(reply.closed());
        }
        // An unknown operation: no reply, the connection is closed (wireguard-go does the same).
        try (Uapi uapi = new Uapi(socket())) {
            uapi.send("get=2\n\n");
            Reply reply = uapi.reply();
            assertEquals("", reply.text());
            assertTrue(reply.closed());
        }
        // get=1 not followed by the blank line: errno=-22, then closed (as wireguard-go).
        try (Uapi uapi = new Uapi(socket())) {
            uapi.send("get=1\nx\n");
            Reply reply = uapi.reply();
            assertEquals("errno=-22\n\n", reply.text());
            assertTrue(uapi.reply().closed(), "closed after the error");
        }
        // A 70,000-byte line inside set=1: a nonzero errno, then closed (wireguard-go: errno=-5, wghub: -22).
        try (Uapi uapi = new Uapi(socket())) {
            uapi.send("set=1\n" + "a".repeat(70_000) + "\n\n");
            Reply reply = uapi.reply();
            assertTrue(reply.text().matches("errno=-[1-9][0-9]*\n\n"), reply.text());
            assertTrue(reply.closed() || uapi.reply().closed(), "closed after an over-long line");
        }
        // A 70,000-byte operation line: closed without a reply (as wireguard-go).
        try (Uapi uapi = new Uapi(socket())) {
            uapi.send("x".repeat(70_000) + "\n");
            Reply reply = uapi.reply();
            assertEquals("", reply.text());
            assertTrue(reply.closed());
        }

        // The socket still serves wg, reads and writes.
        assertTrue(Files.exists(socket()));
        String[] device = deviceDump();
        assertEquals(key, device[0]);
        assertEquals("51820", device[2]);
        assertEquals("", wg("set", ifname, "listen-port", "51821"));
        assertEquals("51821\n", wg("show", ifname, "listen-port"));
        String log = hubLogText();
        assertFalse(log.contains("WARNING") || log.contains("SEVERE"), "no internal errors were logged:\n" + log);
    }

    // ---------------------------------------------------------------- helpers

    /** Starts wghub in the foreground in hubNs (with -f, or with WG_PROCESS_FOREGROUND=1) and awaits its socket. */
    private void startForeground(boolean byEnvironment) throws IOException {
        List<String> command = new ArrayList<>(List.of(hubNs.exec()));
        command.addAll(byEnvironment ? wghub(ifname) : wghub("-f", ifname));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(hubLog.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (byEnvironment) {
            builder.environment().put("WG_PROCESS_FOREGROUND", "1");
        }
        hub = builder.start();
        try {
            Processes.awaitFile(socket(), hub, Duration.ofSeconds(30));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + hubLogText(), e);
        }
    }

    private static List<String> wghub(String... args) {
        List<String> command = new ArrayList<>(Processes.wghub(args));
        command.add(1, "--enable-native-access=ALL-UNNAMED");
        return command;
    }

    private Path socket() {
        return UapiSockets.path(ifname);
    }

    /** Runs wg (from the root namespace: the socket is global) and fails unless it exits 0; returns stdout. */
    private String wg(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "wg";
        System.arraycopy(args, 0, command, 1, args.length);
        Processes.Result result = Processes.run(command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + result.exitCode() + ": " + result.stderr()
                    + "\n" + hubLogText());
        }
        return result.stdout();
    }

    private String wgOut(String... args) {
        return wg(args).strip();
    }

    private static String publicKeyOf(String privateKey) {
        return Processes.check((privateKey + "\n").getBytes(StandardCharsets.US_ASCII), "wg", "pubkey").strip();
    }

    private Path secretFile(String name, String content) throws IOException {
        return TempDirs.writePrivate(dir.resolve(name), content.endsWith("\n") ? content : content + "\n");
    }

    private String[] deviceDump() {
        String[] fields = wg("show", ifname, "dump").split("\n")[0].split("\t");
        assertEquals(4, fields.length, Arrays.toString(fields));
        return fields;
    }

    private String[] peerDump(String key) {
        String dump = wg("show", ifname, "dump");
        for (String line : dump.split("\n")) {
            String[] fields = line.split("\t");
            if (fields.length == 8 && fields[0].equals(key)) {
                return fields;
            }
        }
        throw new AssertionError("no peer " + key + " in the dump of " + ifname + ":\n" + dump);
    }

    /** The peer's last handshake in nanoseconds since the epoch, read through the UAPI (wg prints seconds only). */
    private long handshakeNanos(String publicKeyBase64) throws IOException {
        String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(publicKeyBase64));
        Map<String, Long> seconds = new HashMap<>();
        Map<String, Long> nanos = new HashMap<>();
        try (Uapi uapi = new Uapi(socket())) {
            uapi.send("get=1\n\n");
            String current = null;
            for (String line : uapi.reply().text().split("\n")) {
                String[] kv = line.split("=", 2);
                if (kv.length != 2) {
                    continue;
                }
                switch (kv[0]) {
                    case "public_key" -> current = kv[1];
                    case "last_handshake_time_sec" -> seconds.put(current, Long.parseLong(kv[1]));
                    case "last_handshake_time_nsec" -> nanos.put(current, Long.parseLong(kv[1]));
                    default -> { }
                }
            }
        }
        assertTrue(seconds.containsKey(hex), "no peer " + publicKeyBase64 + " in the get=1 reply");
        return seconds.get(hex) * 1_000_000_000L + nanos.get(hex);
    }

    /** `ss -uanpe` lines of the hub's UDP sockets on {@code port} (the hub's pid is java's: ip netns exec execs it). */
    private String hubSockets(int port) {
        String ss = hubNs.check("ss", "-uanpe");
        return ss.lines().filter(l -> l.contains("pid=" + hub.pid() + ",") && l.matches(".*:" + port + "\\s.*"))
                .collect(Collectors.joining("\n"));
    }

    private void assertSocketsCarry(int port, String mark) {
        String sockets = hubSockets(port);
        assertFalse(sockets.isEmpty(), "the hub has no UDP socket on port " + port + ":\n" + hubNs.check("ss", "-uanpe"));
        for (String line : sockets.split("\n")) {
            assertTrue(line.contains(" fwmark:" + mark + " "), "SO_MARK " + mark + " is not set on\n" + line);
        }
    }

    private static Set<String> lines(String text) {
        return text.lines().collect(Collectors.toSet());
    }

    /** The flags between '<' and '>' in `ip link show` output. */
    private static List<String> flags(String link) {
        Matcher m = Pattern.compile("<([^>]*)>").matcher(link);
        return m.find() ? List.of(m.group(1).split(",")) : List.of();
    }

    private void assertAllReceived(Ping.Result result) {
        assertTrue(result.allReceived(), () -> "lost pings:\n" + result.output() + "\n" + diagnostics());
    }

    private String diagnostics() {
        String hubDump;
        try {
            hubDump = Processes.run("wg", "show", ifname, "dump").stdout();
        } catch (RuntimeException | AssertionError e) {
            hubDump = e.toString();
        }
        return "hub dump:\n" + hubDump + "\n" + hubLogText() + (peer == null ? "" : "\npeer dump:\n" + peer.dump()
                + "\n" + peer.log());
    }

    private String hubLogText() {
        return "--- wghub " + ifname + " ---\n" + read(hubLog);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(no output)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** What came back on a raw UAPI connection: the reply's text (up to its blank line), and whether the server hung up. */
    private record Reply(String text, boolean closed) {
    }

    /** A raw UAPI connection: requests written as given, replies read with a deadline. */
    private static final class Uapi implements AutoCloseable {
        private static final Pattern END = Pattern.compile("(?s)(.*?errno=-?\\d+\n\n)(.*)");
        private final SocketChannel channel;
        private String pending = "";
        private boolean closed;

        Uapi(Path socket) throws IOException {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        }

        /**
         * Writes the request. A server that hangs up part-way through a long request (EPIPE) is not an error here:
         * what it replied before hanging up is still read by {@link #reply()}.
         */
        void send(String request) {
            ByteBuffer buffer = ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1));
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                // the hang-up shows as end-of-stream or ECONNRESET when reading
            }
        }

        /**
         * Reads one reply (through its "errno=N" line and the blank line after it), or what came before the server
         * hung up; fails if neither happens within 5 s.
         */
        Reply reply() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(pending.getBytes(StandardCharsets.ISO_8859_1));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            channel.configureBlocking(false);
            try (Selector selector = Selector.open()) { // closing it deregisters the channel, so send() blocks again
                channel.register(selector, SelectionKey.OP_READ);
                ByteBuffer buffer = ByteBuffer.allocate(65536);
                while (true) {
                    Matcher m = END.matcher(out.toString(StandardCharsets.ISO_8859_1));
                    if (m.matches()) {
                        pending = m.group(2);
                        return new Reply(m.group(1), false);
                    }
                    if (closed) {
                        return new Reply(out.toString(StandardCharsets.ISO_8859_1), true);
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("no reply and no hang-up within 5 s; got: "
                                + out.toString(StandardCharsets.ISO_8859_1));
                    }
                    selector.select(Math.max(1, left / 1_000_000));
                    selector.selectedKeys().clear();
                    int n;
                    try {
                        n = channel.read(buffer);
                    } catch (IOException reset) {
                        n = -1; // ECONNRESET: the server closed with our request unread
                    }
                    if (n < 0) {
                        closed = true;
                    } else if (n > 0) {
                        out.write(buffer.array(), 0, n);
                        buffer.clear();
                    }
                }
            } finally {
                if (channel.isOpen()) {
                    // The selector is closed by now; a deregistered channel may block again.
                    channel.configureBlocking(true);
                }
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
