package io.wghub.gateway.server;

import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.crypto.X25519;
import io.wghub.gateway.noise.Consumed;
import io.wghub.gateway.noise.CookieMaker;
import io.wghub.gateway.noise.HandshakeProtocol;
import io.wghub.gateway.noise.LocalIdentity;
import io.wghub.gateway.noise.Messages;
import io.wghub.gateway.noise.Transport;
import io.wghub.gateway.peer.Keypair;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.peer.PeerTable;
import io.wghub.gateway.testing.Netns;
import io.wghub.tun.NetNamespace;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A WireGuard peer made of wghub's own protocol classes on a plain UDP socket in a test namespace:
 * it completes a handshake with the hub and then sends whatever datagrams a test crafts, valid or
 * not (replays, forged tags, inner packets a real peer would never send).
 */
final class ScriptedPeer implements AutoCloseable {
    private static final int MTU = 1420;

    private final byte[] hubPublicKey;
    private final InetSocketAddress hub;
    private final DatagramSocket socket;
    private final LocalIdentity identity;
    private final PeerTable table = new PeerTable();
    private final Peer hubAsPeer;
    private byte[] firstInitiation;
    private byte[] firstKeepalive;
    private Keypair session;

    private ScriptedPeer(Netns netns, byte[] hubPublicKey, InetSocketAddress hub) throws Exception {
        this.hubPublicKey = hubPublicKey.clone();
        this.hub = hub;
        this.socket = NetNamespace.call(netns.name(), DatagramSocket::new);
        socket.setSoTimeout(10_000);
        byte[] privateKey = new byte[32];
        X25519.generatePrivateKey(privateKey);
        this.identity = new LocalIdentity(privateKey);
        this.hubAsPeer = table.add(hubPublicKey, null);
    }

    /** A fresh identity with a socket in {@code netns} (any free port) that talks to {@code hub}, the hub's UDP address. */
    static ScriptedPeer open(Netns netns, String hubPublicKey, InetSocketAddress hub) throws Exception {
        return new ScriptedPeer(netns, KeyEncoding.fromBase64(hubPublicKey, "hub key"), hub);
    }

    /** This peer's public key, base64, for the hub's [Peer] section. */
    String publicKey() {
        return KeyEncoding.toBase64(identity.publicKey());
    }

    /** The socket's local port, which the hub sees as this peer's source port. */
    int port() {
        return socket.getLocalPort();
    }

    /**
     * Initiates, takes the hub's response and confirms the session with a keepalive (counter 0), as an initiator
     * does; the hub is then this peer's responder with a confirmed session. Fails after 10 s without a response.
     */
    void handshake() throws IOException {
        HandshakeProtocol protocol = new HandshakeProtocol(identity, table);
        firstInitiation = protocol.createInitiation(hubAsPeer, System.nanoTime());
        send(firstInitiation);
        byte[] response = receive(Messages.TYPE_RESPONSE);
        Consumed consumed = protocol.consumeResponse(response, System.nanoTime());
        assertTrue(consumed.ok(), () -> "the hub's response did not verify: " + consumed.drop());
        session = protocol.beginSession(hubAsPeer, System.nanoTime());
        assertNotNull(session, "no session from the handshake");
        firstKeepalive = transport(new byte[0]);
        send(firstKeepalive);
    }

    /** The initiation {@link #handshake} sent, byte for byte: sent again, its timestamp is not newer. */
    byte[] firstInitiation() {
        return firstInitiation.clone();
    }

    /** The keepalive {@link #handshake} sent (counter 0), byte for byte: sent again, it is a replay. */
    byte[] firstKeepalive() {
        return firstKeepalive.clone();
    }

    /** A new initiation whose TAI64N timestamp is {@code wallTime}, with a valid mac1. */
    byte[] initiationAt(Instant wallTime) {
        HandshakeProtocol protocol = new HandshakeProtocol(identity, table, Clock.fixed(wallTime, ZoneOffset.UTC));
        byte[] initiation = protocol.createInitiation(hubAsPeer, System.nanoTime());
        assertNotNull(initiation, "createInitiation");
        return initiation;
    }

    /** {@code inner} sealed under the session as a transport message (next counter, padded as the protocol says). */
    byte[] transport(byte[] inner) {
        ByteBuffer message = ByteBuffer.allocate(Messages.TRANSPORT_MIN_LENGTH + Transport.paddedLength(inner.length, MTU));
        message.put(Messages.TRANSPORT_HEADER_LENGTH, inner);
        assertNull(Transport.seal(session, message, inner.length, MTU, System.nanoTime()), "seal");
        return Arrays.copyOf(message.array(), message.limit());
    }

    /** The hub's receiver index of the session: what a transport message to the hub carries in bytes 4..7. */
    int hubIndex() {
        return session.remoteIndex();
    }

    /** {@code message} (an initiation or response of any content) with mac1 made right for the hub's key. */
    byte[] withValidMac1(byte[] message) {
        byte[] copy = message.clone();
        new CookieMaker(hubPublicKey).addMacs(copy, System.nanoTime());
        return copy;
    }

    void send(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, hub));
    }

    private byte[] receive(int type) throws IOException {
        byte[] buffer = new byte[2048];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no message of type " + type + " from the hub within 10 s");
            }
            if (packet.getLength() > 0 && (buffer[0] & 0xff) == type) {
                return Arrays.copyOf(buffer, packet.getLength());
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
