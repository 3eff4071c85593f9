package io.wghub.gateway.control.uapi;

import io.wghub.gateway.route.Prefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real wg(8) against UapiServer with a fake device on /var/run/wireguard/wguNNNNN.sock; no kernel interface exists. */
@Timeout(60)
class WgToolTest {
    private static final byte[] PRIV = Keys.privateKey(11);
    private static final byte[] PUB_A = Keys.key(12);
    private static final byte[] PUB_B = Keys.key(13);
    private static final byte[] PSK = Keys.key(14);

    @TempDir
    Path dir;
    private String name;
    private RecordingDevice device;
    private UapiServer server;

    /** What a wg command did. */
    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void start() throws IOException {
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean wg = onPath("wg");
        if (!root || !wg) {
            System.out.println("SKIPPED WgToolTest: needs root and wg (wireguard-tools) on PATH");
        }
        assumeTrue(root && wg, "needs root and wg on PATH");
        name = "wgu" + (10000 + new Random().nextInt(90000));
        device = new RecordingDevice();
        server = UapiServer.start(name, device);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static boolean onPath(String command) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, command))) {
                return true;
            }
        }
        return false;
    }

    private static Run wg(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("wg"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "wg did not finish");
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    private static Run ok(Run run) {
        assertEquals(0, run.exit(), "wg failed: " + run.err());
        return run;
    }

    private Path keyFile(byte[] key) throws IOException {
        Path file = Files.createTempFile(dir, "key", "");
        Files.writeString(file, Keys.b64(key) + "\n");
        return file;
    }

    private void showSample() throws Exception {
        device.snapshot(new DeviceSnapshot(PRIV, 51820, 0x1234, List.of(
                new PeerSnapshot(PUB_A, PSK, new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 51820),
                        1_700_000_000_500_000_000L, 1000, 2000, 25,
                        List.of(Prefix.parse("10.0.0.2/32"), Prefix.parse("fd00::2/128"))),
                new PeerSnapshot(PUB_B, null, null, 0, 0, 0, 0, List.of()))));
    }

    @Test
    void showDumpPrintsTheSnapshot() throws Exception {
        showSample();
        String expected = Keys.b64(PRIV) + "\t" + Keys.b64(Keys.publicOf(PRIV)) + "\t51820\t0x1234\n"
                + Keys.b64(PUB_A) + "\t" + Keys.b64(PSK) + "\t192.0.2.1:51820\t10.0.0.2/32,fd00::2/128"
                + "\t1700000000\t1000\t2000\t25\n"
                + Keys.b64(PUB_B) + "\t(none)\t(none)\t(none)\t0\t0\t0\toff\n";
        assertEquals(expected, ok(wg("show", name, "dump")).out());
        assertEquals(Keys.b64(Keys.publicOf(PRIV)) + "\n", ok(wg("show", name, "public-key")).out());
        assertTrue(ok(wg("show", "interfaces")).out().contains(name), "wg lists the socket's interface");
        assertEquals(List.of(), device.applied(), "show only reads");
    }

    @Test
    void showconfPrintsTheSnapshot() throws Exception {
        showSample();
        String expected = "[Interface]\n"
                + "ListenPort = 51820\n"
                + "FwMark = 0x1234\n"
                + "PrivateKey = " + Keys.b64(PRIV) + "\n"
                + "\n"
                + "[Peer]\n"
                + "PublicKey = " + Keys.b64(PUB_A) + "\n"
                + "PresharedKey = " + Keys.b64(PSK) + "\n"
                + "AllowedIPs = 10.0.0.2/32, fd00::2/128\n"
                + "Endpoint = 192.0.2.1:51820\n"
                + "PersistentKeepalive = 25\n"
                + "\n"
                + "[Peer]\n"
                + "PublicKey = " + Keys.b64(PUB_B) + "\n";
        assertEquals(expected, ok(wg("showconf", name)).out());
    }

    @Test
    void setSendsTheExpectedRequest() throws Exception {
        ok(wg("set", name, "private-key", keyFile(PRIV).toString(), "listen-port", "51999",
                "peer", Keys.b64(PUB_A), "allowed-ips", "10.0.0.2/32", "endpoint", "127.0.0.1:5000",
                "persistent-keepalive", "25", "preshared-key", keyFile(PSK).toString()));
        assertEquals(1, device.applied().size());
        assertEquals("private_key=" + Keys.hex(PRIV) + "\nlisten_port=51999\nfwmark=null\nreplace_peers=false\n"
                + "peer " + Keys.hex(PUB_A) + " remove=false update_only=false psk=" + Keys.hex(PSK)
                + " endpoint=v4:127.0.0.1:5000 keepalive=25 replace_allowed_ips=true allowed_ips=10.0.0.2/32\n",
                Describe.request(device.applied().get(0)));

        ok(wg("set", name, "peer", Keys.b64(PUB_A), "remove"));
        assertEquals("private_key=null\nlisten_port=null\nfwmark=null\nreplace_peers=false\n"
                + "peer " + Keys.hex(PUB_A) + " remove=true update_only=false psk=null endpoint=null keepalive=null"
                + " replace_allowed_ips=false allowed_ips=\n", Describe.request(device.applied().get(1)));
    }

    @Test
    void setconfAndAddconfSendTheFile() throws Exception {
        Path conf = dir.resolve("wg.conf");
        Files.writeString(conf, "[Interface]\n"
                + "PrivateKey = " + Keys.b64(PRIV) + "\n"
                + "ListenPort = 51821\n"
                + "FwMark = 0x10\n"
                + "\n"
                + "[Peer]\n"
                + "PublicKey = " + Keys.b64(PUB_A) + "\n"
                + "PresharedKey = " + Keys.b64(PSK) + "\n"
                + "AllowedIPs = 10.0.0.1/24, fd00::/64\n"
                + "Endpoint = [2001:db8::1]:51820\n"
                + "PersistentKeepalive = 10\n"
                + "\n"
                + "[Peer]\n"
                + "PublicKey = " + Keys.b64(PUB_B) + "\n");
        ok(wg("setconf", name, conf.toString()));
        ok(wg("addconf", name, conf.toString()));
        String peers = "peer " + Keys.hex(PUB_A) + " remove=false update_only=false psk=" + Keys.hex(PSK)
                + " endpoint=v6:[2001:db8::1]:51820 keepalive=10 replace_allowed_ips=true"
                + " allowed_ips=10.0.0.0/24,fd00::/64\n"
                + "peer " + Keys.hex(PUB_B) + " remove=false update_only=false psk=null endpoint=null"
                + " keepalive=null replace_allowed_ips=true allowed_ips=\n";
        String head = "private_key=" + Keys.hex(PRIV) + "\nlisten_port=51821\nfwmark=16\n";
        assertEquals(2, device.applied().size());
        assertEquals(head + "replace_peers=true\n" + peers, Describe.request(device.applied().get(0)));
        assertEquals(head + "replace_peers=false\n" + peers, Describe.request(device.applied().get(1)));
    }

    @Test
    void wgReportsTheDevicesErrno() throws Exception {
        device.refuseWith(new UapiException(UapiException.EADDRINUSE, "port taken"));
        Run run = wg("set", name, "listen-port", "51822");
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("Address already in use"), run.err());
    }
}
