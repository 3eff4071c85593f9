package io.wghub.bench;

import io.wghub.gateway.crypto.X25519;
import io.wghub.gateway.noise.Consumed;
import io.wghub.gateway.noise.HandshakeProtocol;
import io.wghub.gateway.noise.LocalIdentity;
import io.wghub.gateway.peer.Keypair;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.peer.PeerTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A full WireGuard handshake on one thread: initiation created, consumed, response created,
 * consumed, and the session derived on both sides (four X25519 operations per side, the
 * static-static one precomputed).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
public class HandshakeBenchmark {
    /** Moves 20 ms per reading so every initiation carries a newer, non-flooding timestamp. */
    static final class SteppingClock extends Clock {
        private Instant instant = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            instant = instant.plusMillis(20);
            return instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private HandshakeProtocol initiator;
    private HandshakeProtocol responder;
    private Peer responderAtInitiator;
    private long now;

    @Setup
    public void setup() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        X25519.generatePrivateKey(a);
        X25519.generatePrivateKey(b);
        LocalIdentity alice = new LocalIdentity(a);
        LocalIdentity bob = new LocalIdentity(b);
        PeerTable alicePeers = new PeerTable();
        PeerTable bobPeers = new PeerTable();
        byte[] psk = new byte[32];
        psk[0] = 7;
        responderAtInitiator = alicePeers.add(bob.publicKey(), psk);
        bobPeers.add(alice.publicKey(), psk);
        SteppingClock clock = new SteppingClock();
        initiator = new HandshakeProtocol(alice, alicePeers, clock);
        responder = new HandshakeProtocol(bob, bobPeers, clock);
        now = System.nanoTime();
    }

    @Benchmark
    public Keypair fullHandshake() {
        now += 1_000_000_000L;
        byte[] initiation = initiator.createInitiation(responderAtInitiator, now);
        Consumed atResponder = responder.consumeInitiation(initiation, now);
        byte[] response = responder.createResponse(atResponder.peer(), now);
        responder.beginSession(atResponder.peer(), now);
        Consumed atInitiator = initiator.consumeResponse(response, now);
        if (!atInitiator.ok()) {
            throw new IllegalStateException("handshake failed: " + atInitiator.drop());
        }
        return initiator.beginSession(responderAtInitiator, now);
    }
}
