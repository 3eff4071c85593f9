package io.wghub.gateway.noise;

import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.crypto.X25519;
import io.wghub.gateway.peer.Keypair;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.peer.PeerTable;
import io.wghub.gateway.testing.Processes;
import io.wghub.gateway.testing.UapiSockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The protocol core against a real wireguard-go over loopback UDP: our handshake messages as
 * initiator and as responder, then transport packets both ways. Needs root and wireguard-go.
 */
class HandshakeInteropTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private String ifname;
    private Process wireguardGo;
    private Path keyDir;
    private DatagramSocket socket;
    private int wgPort;

    @BeforeEach
    void start() throws Exception {
        boolean ready = Processes.isRoot() && Processes.onPath("wireguard-go") && Processes.onPath("wg");
        if (!ready) {
            System.out.println("SKIPPED HandshakeInteropTest: needs root, wireguard-go and wg (.ci/run installs them)");
        }
        assumeTrue(ready, "needs root, wireguard-go and wg");
        ifname = "wghubt" + ThreadLocalRandom.current().nextInt(100_000);
        Path sock = Path.of("/var/run/wireguard", ifname + ".sock");
        ProcessBuilder builder = new ProcessBuilder("wireguard-go", "-f", ifname).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD", "1");
        wireguardGo = builder.start();
        Sockets.awaitFile(sock, wireguardGo);
        UapiSockets.awaitListening(sock, wireguardGo);
        keyDir = Files.createTempDirectory("wghub-interop", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        socket.setSoTimeout(10_000);
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            wgPort = probe.getLocalPort();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (socket != null) {
            socket.close();
        }
        if (wireguardGo != null) {
            wireguardGo.destroy();
            if (!wireguardGo.waitFor(10, TimeUnit.SECONDS)) {
                wireguardGo.destroyForcibly();
            }
        }
        if (keyDir != null) {
            try (var files = Files.list(keyDir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(keyDir);
        }
    }

    private Path writeKey(String name, byte[] key) throws IOException {
        Path file = keyDir.resolve(name);
        Files.writeString(file, KeyEncoding.toBase64(key) + "\n");
        return file;
    }

    private byte[] receive(int expectedType) throws IOException {
        byte[] buffer = new byte[2048];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            byte[] data = Arrays.copyOf(buffer, packet.getLength());
            if ((data[0] & 0xff) == expectedType) {
                return data;
            }
        }
    }

    private void send(byte[] data) throws IOException {
        socket.send(new DatagramPacket(data, data.length, LOOPBACK, wgPort));
    }

    private static ByteBuffer keepalive(Keypair keypair) {
        ByteBuffer message = ByteBuffer.allocate(64);
        assertNull(Transport.seal(keypair, message, 0, 1420, System.nanoTime()));
        return message;
    }

    /** Configures wireguard-go with its key, port and us as its peer; returns its public key. */
    private byte[] configure(byte[] ourPublic, byte[] psk, String... extra) throws IOException {
        byte[] wgPrivate = new byte[32];
        X25519.generatePrivateKey(wgPrivate);
        String[] base = {"wg", "set", ifname, "private-key", writeKey("wg.key", wgPrivate).toString(),
                "listen-port", Integer.toString(wgPort), "peer", KeyEncoding.toBase64(ourPublic),
                "allowed-ips", "10.213.0.2/32"};
        String[] command = Arrays.copyOf(base, base.length + extra.length + (psk == null ? 0 : 2));
        System.arraycopy(extra, 0, command, base.length, extra.length);
        if (psk != null) {
            command[base.length + extra.length] = "preshared-key";
            command[base.length + extra.length + 1] = writeKey("psk", psk).toString();
        }
        Processes.check(command);
        Processes.check("ip", "link", "set", ifname, "up");
        byte[] wgPublic = new byte[32];
        X25519.publicKey(wgPrivate, wgPublic);
        return wgPublic;
    }

    private static byte[] psk(boolean withPsk) {
        if (!withPsk) {
            return null;
        }
        byte[] psk = new byte[32];
        new SecureRandom().nextBytes(psk);
        return psk;
    }

    @ParameterizedTest(name = "pre-shared key: {0}")
    @ValueSource(booleans = {false, true})
    void weInitiateAndWireguardGoResponds(boolean withPsk) throws Exception {
        byte[] psk = psk(withPsk);
        byte[] ourPrivate = new byte[32];
        X25519.generatePrivateKey(ourPrivate);
        LocalIdentity us = new LocalIdentity(ourPrivate);
        byte[] wgPublic = configure(us.publicKey(), psk);
        PeerTable peers = new PeerTable();
        Peer them = peers.add(wgPublic, psk);
        HandshakeProtocol protocol = new HandshakeProtocol(us, peers);
        CookieChecker cookies = new CookieChecker(us);

        send(protocol.createInitiation(them, System.nanoTime()));
        byte[] response = receive(Messages.TYPE_RESPONSE);
        assertTrue(cookies.validMac1(response), "wireguard-go's mac1 verifies under our key");
        Consumed consumed = protocol.consumeResponse(response, System.nanoTime());
        assertTrue(consumed.ok(), () -> "response dropped: " + consumed.drop());
        Keypair keypair = protocol.beginSession(them, System.nanoTime());

        // Our keepalive confirms the session; turning on its persistent keepalive makes it send one back.
        ByteBuffer ours = keepalive(keypair);
        send(Arrays.copyOf(ours.array(), ours.limit()));
        Processes.check("wg", "set", ifname, "peer", KeyEncoding.toBase64(us.publicKey()),
                "endpoint", "127.0.0.1:" + socket.getLocalPort(), "persistent-keepalive", "1");
        ByteBuffer theirs = ByteBuffer.wrap(receive(Messages.TYPE_TRANSPORT));
        Transport.Received received = new Transport.Received();
        assertNull(Transport.open(peers.indices(), theirs, System.nanoTime(), received));
        assertSame(keypair, received.keypair());
        assertEquals(0, theirs.remaining(), "a keepalive is an empty payload");
        String transfer = Processes.check("wg", "show", ifname, "transfer");
        assertTrue(transfer.contains(KeyEncoding.toBase64(us.publicKey())), transfer);
        assertFalse(transfer.trim().endsWith("\t0\t0"), "wireguard-go counted traffic: " + transfer);
    }

    @ParameterizedTest(name = "pre-shared key: {0}")
    @ValueSource(booleans = {false, true})
    void wireguardGoInitiatesAndWeRespond(boolean withPsk) throws Exception {
        byte[] psk = psk(withPsk);
        byte[] ourPrivate = new byte[32];
        X25519.generatePrivateKey(ourPrivate);
        LocalIdentity us = new LocalIdentity(ourPrivate);
        byte[] wgPublic = configure(us.publicKey(), psk,
                "endpoint", "127.0.0.1:" + socket.getLocalPort(), "persistent-keepalive", "1");
        PeerTable peers = new PeerTable();
        Peer them = peers.add(wgPublic, psk);
        HandshakeProtocol protocol = new HandshakeProtocol(us, peers);
        CookieChecker cookies = new CookieChecker(us);

        byte[] initiation = receive(Messages.TYPE_INITIATION);
        assertTrue(cookies.validMac1(initiation), "wireguard-go's mac1 verifies under our key");
        Consumed consumed = protocol.consumeInitiation(initiation, System.nanoTime());
        assertTrue(consumed.ok(), () -> "initiation dropped: " + consumed.drop());
        assertSame(them, consumed.peer());
        send(protocol.createResponse(them, System.nanoTime()));
        Keypair keypair = protocol.beginSession(them, System.nanoTime());

        ByteBuffer theirs = ByteBuffer.wrap(receive(Messages.TYPE_TRANSPORT));
        Transport.Received received = new Transport.Received();
        assertNull(Transport.open(peers.indices(), theirs, System.nanoTime(), received));
        assertSame(keypair, received.keypair());
        assertTrue(them.keypairs().confirm(keypair), "its first packet confirms our responder session");

        ByteBuffer ours = keepalive(keypair);
        send(Arrays.copyOf(ours.array(), ours.limit()));
        // wireguard-go counts received bytes only for packets that authenticate.
        String before = Processes.check("wg", "show", ifname, "transfer");
        ByteBuffer second = keepalive(keypair);
        send(Arrays.copyOf(second.array(), second.limit()));
        Sockets.awaitChange(() -> Processes.check("wg", "show", ifname, "transfer"), before);
    }
}
