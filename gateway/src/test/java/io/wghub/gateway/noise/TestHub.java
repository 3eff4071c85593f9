package io.wghub.gateway.noise;

import io.wghub.gateway.crypto.X25519;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.peer.PeerTable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** One side of an in-process handshake test: an identity, its peer table and its protocol objects. */
final class TestHub {
    final byte[] privateKey = new byte[32];
    final LocalIdentity identity;
    final PeerTable peers = new PeerTable();
    final HandshakeProtocol protocol;
    final CookieChecker cookies;

    TestHub(Clock wallClock) {
        X25519.generatePrivateKey(privateKey);
        identity = new LocalIdentity(privateKey);
        protocol = new HandshakeProtocol(identity, peers, wallClock);
        cookies = new CookieChecker(identity);
    }

    /** A wall clock that moves only when told, so TAI64N timestamps are deterministic. */
    static final class ManualClock extends Clock {
        private Instant instant = Instant.parse("2026-11-26T00:00:00Z");

        void advance(Duration by) {
            instant = instant.plus(by);
        }

        @Override
        public Instant instant() {
            return instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("fixed to UTC");
        }
    }

    Peer trust(TestHub other, byte[] presharedKey) {
        return peers.add(other.identity.publicKey(), presharedKey);
    }
}
