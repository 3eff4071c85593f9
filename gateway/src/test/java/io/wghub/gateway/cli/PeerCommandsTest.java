package io.wghub.gateway.cli;

import io.wghub.gateway.control.ConfigException;
import io.wghub.gateway.control.ConfigParser;
import io.wghub.gateway.control.FakeUapiServer;
import io.wghub.gateway.control.PeerConfig;
import io.wghub.gateway.control.UapiClient;
import io.wghub.gateway.control.WgConfig;
import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.crypto.X25519;
import io.wghub.gateway.route.Prefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** wghub peer add, remove and list, run in-process against temporary files and a scripted UAPI socket. */
class PeerCommandsTest {
    static final String HUB_PRIVATE = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
    static final String HUB = "# my hub\n[Interface]\nPrivateKey = " + HUB_PRIVATE + "\n"
            + "Address = 10.100.0.1/24, fd00:100::1/64   # inner\nListenPort = 51820\n";

    record Run(int exit, String out, String err) {
    }

    @TempDir
    Path dir;
    Path run;
    Path file;

    @BeforeEach
    void setUp() throws Exception {
        run = Files.createDirectory(dir.resolve("run"));
        System.setProperty(UapiClient.DIR_PROPERTY, run.toString());
        file = dir.resolve("wg0.conf");
        Files.writeString(file, HUB);
    }

    @AfterEach
    void tearDown() {
        System.clearProperty(UapiClient.DIR_PROPERTY);
    }

    static Run wghub(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run peer(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "peer";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--config";
        full[args.length + 2] = file.toString();
        return wghub(full);
    }

    static String hubPublic() {
        byte[] pub = new byte[32];
        X25519.publicKey(KeyEncoding.fromBase64(HUB_PRIVATE, "test"), pub);
        return KeyEncoding.toBase64(pub);
    }

    static String publicOf(byte[] privateKey) {
        byte[] pub = new byte[32];
        X25519.publicKey(privateKey, pub);
        return KeyEncoding.toBase64(pub);
    }

    private static void assertOneLineError(Run r) {
        assertEquals(1, r.exit(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("wghub: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void addAppendsThePeerKeepingTheFileAndPrintsTheClientConfig() throws Exception {
        Run r = peer("add", "alice", "--endpoint", "vpn.example.com:51820");
        assertEquals(0, r.exit(), r.err());
        String text = Files.readString(file);
        assertTrue(text.startsWith(HUB + "\n[Peer]\n# Name = alice\nPublicKey = "), text);
        WgConfig hub = ConfigParser.parse(text, "wg0.conf");
        PeerConfig added = hub.peers().get(0);
        assertEquals("alice", added.name());
        assertEquals(List.of(Prefix.parse("10.100.0.2/32"), Prefix.parse("fd00:100::2/128")), added.allowedIps());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        WgConfig client = ConfigParser.parse(r.out(), "client");
        byte[] clientPrivate = client.iface().privateKey();
        assertEquals(KeyEncoding.toBase64(added.publicKey()), publicOf(clientPrivate));
        assertEquals("[10.100.0.2/32, fd00:100::2/128]", client.iface().addresses().toString());
        PeerConfig toHub = client.peers().get(0);
        assertEquals(hubPublic(), KeyEncoding.toBase64(toHub.publicKey()));
        assertArrayEquals(added.presharedKey(), toHub.presharedKey());
        assertEquals("vpn.example.com:51820", toHub.endpoint().toString());
        assertEquals(List.of(Prefix.parse("10.100.0.0/24"), Prefix.parse("fd00:100::/64")), toHub.allowedIps());
        assertEquals(25, toHub.persistentKeepalive());
        String clientKey = KeyEncoding.toBase64(clientPrivate);
        assertFalse(text.contains(clientKey), "the client's private key is not kept");
        assertFalse(r.err().contains(clientKey), "nor logged");
        assertTrue(r.err().contains("wghub: wg0 is not running; the peer is in " + file + " and takes effect when it starts\n"),
                r.err());
        assertFalse(r.err().contains("Endpoint ="), "no note when --endpoint is given");
    }

    @Test
    void withoutEndpointTheClientHasNoneAndANoteSaysWhatToAdd() {
        Run r = peer("add", "bob");
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains("Endpoint"), r.out());
        assertTrue(r.err().contains("'Endpoint = HUB_HOST:51820'"), r.err());
    }

    @Test
    void eachAddTakesTheNextAddressAndNamesAreUnique() throws Exception {
        assertEquals(0, peer("add", "a").exit());
        assertEquals(0, peer("add", "b").exit());
        String before = Files.readString(file);
        Run dup = peer("add", "a");
        assertOneLineError(dup);
        assertTrue(dup.err().contains("a peer named \"a\" exists already"), dup.err());
        assertEquals(before, Files.readString(file));
        List<PeerConfig> peers = ConfigParser.read(file).peers();
        assertEquals("[10.100.0.3/32, fd00:100::3/128]", peers.get(1).allowedIps().toString());
        // Removing "a" frees .2, which the next peer gets.
        assertEquals(0, peer("remove", "a").exit());
        assertEquals(0, peer("add", "c").exit());
        assertEquals("[10.100.0.2/32, fd00:100::2/128]", ConfigParser.read(file).peers().get(1).allowedIps().toString());
    }

    @Test
    void badNamesEndpointsAndConfigsAreOneLineErrorsThatChangeNothing() throws Exception {
        for (String[] args : List.of(new String[] {"add", ""}, new String[] {"add", " x"},
                new String[] {"add", "a\nb"}, new String[] {"add", hubPublic()},
                new String[] {"add", "x", "--endpoint", "nope"}, new String[] {"add", "x", "--endpoint", "h:1\nPublicKey = x"},
                new String[] {"add", "x", "--interface", "a/b"}, new String[] {"remove", "nobody"},
                new String[] {"remove", hubPublic()})) {
            Run r = peer(args);
            assertOneLineError(r);
            assertEquals(HUB, Files.readString(file), String.join(" ", args));
        }
        assertFalse(peer("remove", hubPublic()).err().contains(hubPublic()), "what looks like a key is not repeated");
        Files.writeString(file, "[Interface]\nPrivateKey = " + HUB_PRIVATE + "\n");
        Run noAddress = peer("add", "x");
        assertOneLineError(noAddress);
        assertTrue(noAddress.err().contains("add one, like Address = 10.100.0.1/24"), noAddress.err());
        Run missing = wghub("peer", "add", "x", "--config", dir.resolve("missing.conf").toString());
        assertOneLineError(missing);
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void addAppliesThePeerToTheRunningHub() throws Exception {
        try (FakeUapiServer server = FakeUapiServer.ok(run, "wg0", "errno=0\n\n")) {
            Run r = peer("add", "alice");
            assertEquals(0, r.exit(), r.err());
            assertFalse(r.err().contains("not running"), r.err());
            assertTrue(r.err().contains("and the running wg0"), r.err());
            PeerConfig added = ConfigParser.read(file).peers().get(0);
            HexFormat hex = HexFormat.of();
            assertEquals(List.of("set=1\npublic_key=" + hex.formatHex(added.publicKey()) + "\npreshared_key="
                    + hex.formatHex(added.presharedKey()) + "\nreplace_allowed_ips=true\nallowed_ip=10.100.0.2/32\n"
                    + "allowed_ip=fd00:100::2/128\n"), server.requests());
        }
    }

    @Test
    void aHubThatRefusesTheChangeLeavesTheFileAsItWas() throws Exception {
        try (FakeUapiServer server = new FakeUapiServer(run, "wg0", req -> "errno=-22\n\n")) {
            Run r = peer("add", "alice");
            assertOneLineError(r);
            assertTrue(r.err().contains("not changed: the running wg0 did not take the change"), r.err());
            assertEquals(HUB, Files.readString(file));
            server.replies(req -> "errno=0\n\n");
            assertEquals(0, peer("add", "alice").exit());
            server.replies(req -> "errno=-5\n\n");
            String withAlice = Files.readString(file);
            assertOneLineError(peer("remove", "alice"));
            assertEquals(withAlice, Files.readString(file));
        }
    }

    @Test
    void removeTakesOutExactlyTheSectionByNameOrKey() throws Exception {
        String a = KeyEncoding.toBase64(new byte[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
        String b = KeyEncoding.toBase64(new byte[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2});
        String c = KeyEncoding.toBase64(new byte[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3});
        String peerA = "[Peer]\n# Name = a\nPublicKey = " + a + "\nAllowedIPs = 10.100.0.2/32\n# Endpoint = old.example:1\n";
        String peerB = "# the office router\n[Peer]  # b\n# Name = b\nPublicKey = " + b + "\nAllowedIPs = 10.100.0.3/32, 192.168.0.0/24\n";
        String peerC = "# c has no name\n[Peer]\nPublicKey = " + c + "\nAllowedIPs = 10.100.0.4/32\n";
        Files.writeString(file, HUB + "\n" + peerA + "\n" + peerB + "\n" + peerC);
        try (FakeUapiServer server = FakeUapiServer.ok(run, "wg0", "errno=0\n\n")) {
            Run r = peer("remove", "b");
            assertEquals(0, r.exit(), r.err());
            assertEquals(HUB + "\n" + peerA + "\n" + peerC, Files.readString(file));
            assertEquals(List.of("set=1\npublic_key=" + HexFormat.of().formatHex(KeyEncoding.fromBase64(b, "b"))
                    + "\nremove=true\n"), server.requests());
            assertEquals(0, peer("remove", c).exit());
            assertEquals(HUB + "\n" + peerA, Files.readString(file), "the last section goes with the blank line before it");
            assertEquals(0, peer("remove", "a").exit());
            assertEquals(HUB, Files.readString(file));
        }
    }

    @Test
    void aCrlfFileStaysCrlf() throws Exception {
        String crlf = HUB.replace("\n", "\r\n");
        Files.writeString(file, crlf);
        assertEquals(0, peer("add", "w").exit());
        String text = Files.readString(file);
        assertTrue(text.startsWith(crlf + "\r\n[Peer]\r\n# Name = w\r\n"), text);
        assertFalse(text.replace("\r\n", "").contains("\n"));
        assertEquals(0, peer("remove", "w").exit());
        assertEquals(crlf, Files.readString(file));
    }

    @Test
    void listShowsTheFileAndWhatTheRunningHubReports() throws Exception {
        peer("add", "alice");
        peer("add", "bob");
        List<PeerConfig> peers = ConfigParser.read(file).peers();
        String alice = KeyEncoding.toBase64(peers.get(0).publicKey());
        String bob = KeyEncoding.toBase64(peers.get(1).publicKey());
        Run stopped = peer("list");
        assertEquals(0, stopped.exit(), stopped.err());
        List<String> lines = stopped.out().lines().toList();
        assertEquals(3, lines.size(), stopped.out());
        assertTrue(lines.get(0).startsWith("NAME   PUBLIC KEY"), lines.get(0));
        assertEquals("alice  " + alice + "  10.100.0.2/32, fd00:100::2/128  -         -                 -", lines.get(1));
        assertTrue(stopped.err().contains("wg0 is not running"), stopped.err());

        HexFormat hex = HexFormat.of();
        long now = System.currentTimeMillis() / 1000;
        byte[] stranger = new byte[32];
        stranger[5] = 7;
        String get = "private_key=" + hex.formatHex(new byte[32]) + "\nlisten_port=51820\n"
                + "public_key=" + hex.formatHex(peers.get(0).publicKey()) + "\nendpoint=198.51.100.7:41723\n"
                + "last_handshake_time_sec=" + (now - 182) + "\nrx_bytes=1289748\ntx_bytes=466944\n"
                + "allowed_ip=10.100.0.2/32\nallowed_ip=fd00:100::2/128\n"
                + "public_key=" + hex.formatHex(stranger) + "\nlast_handshake_time_sec=0\nrx_bytes=0\ntx_bytes=0\n"
                + "allowed_ip=10.100.0.99/32\nerrno=0\n\n";
        try (FakeUapiServer server = FakeUapiServer.ok(run, "wg0", get)) {
            Run running = peer("list");
            assertEquals(0, running.exit(), running.err());
            List<String> rows = running.out().lines().toList();
            assertEquals(4, rows.size(), running.out());
            List<String> a = List.of(rows.get(1).split(" {2,}"));
            assertEquals(List.of("alice", alice, "10.100.0.2/32, fd00:100::2/128", "198.51.100.7:41723"), a.subList(0, 4));
            String tail = a.get(4) + "|" + a.get(5);
            assertTrue(tail.equals("3 minutes, 2 seconds ago|1.23 MiB received, 456.00 KiB sent")
                    || tail.startsWith("3 minutes, 3 seconds ago|"), tail);
            assertEquals(List.of("bob", bob, "10.100.0.3/32, fd00:100::3/128", "-", "not in the running wg0", "-"),
                    List.of(rows.get(2).split(" {2,}")));
            assertEquals(List.of("-", KeyEncoding.toBase64(stranger), "10.100.0.99/32", "-", "never", "0 B received, 0 B sent"),
                    List.of(rows.get(3).split(" {2,}")));
            assertTrue(running.err().contains("1 peer(s) of the running wg0 are not in"), running.err());
        }
    }

    @Test
    void qrPrintsTheSameClientConfigAsACode() throws Exception {
        Run r = peer("add", "phone", "--qr", "--endpoint", "[2001:db8::1]:51820");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().chars().allMatch(ch -> ch == '\n' || "▀▄█ ".indexOf(ch) >= 0), "only half blocks");
        String decoded = PeerQrDecoder.decode(r.out());
        WgConfig client = ConfigParser.parse(decoded, "qr");
        PeerConfig added = ConfigParser.read(file).peers().get(0);
        assertEquals(KeyEncoding.toBase64(added.publicKey()), publicOf(client.iface().privateKey()));
        assertEquals("[2001:db8::1]:51820", client.peers().get(0).endpoint().toString());
        assertTrue(decoded.startsWith("[Interface]\nPrivateKey = "), decoded);
    }

    @Test
    void theInterfaceIsTheFileNameOrTheOption() throws Exception {
        try (FakeUapiServer server = FakeUapiServer.ok(run, "hub7", "errno=0\n\n")) {
            assertEquals(0, peer("add", "x", "--interface", "hub7").exit());
            assertEquals(1, server.requests().size());
        }
        Path other = dir.resolve("notconf.txt");
        Files.writeString(other, HUB);
        Run r = wghub("peer", "list", "--config", other.toString());
        assertOneLineError(r);
        assertTrue(r.err().contains("pass --interface NAME"), r.err());
    }

    @Test
    void theClientConfigParsesAndIsCanonical() throws ConfigException {
        Run r = peer("add", "z", "--endpoint", "192.0.2.1:51820");
        String[] lines = r.out().split("\n");
        assertEquals("[Interface]", lines[0]);
        assertTrue(lines[1].startsWith("PrivateKey = "));
        assertEquals("Address = 10.100.0.2/32, fd00:100::2/128", lines[2]);
        assertEquals("", lines[3]);
        assertEquals("[Peer]", lines[4]);
        assertEquals("PublicKey = " + hubPublic(), lines[5]);
        assertTrue(lines[6].startsWith("PresharedKey = "));
        assertEquals(List.of("AllowedIPs = 10.100.0.0/24, fd00:100::/64", "Endpoint = 192.0.2.1:51820",
                "PersistentKeepalive = 25"), List.of(lines).subList(7, 10));
        assertEquals(10, lines.length);
    }
}
