package io.wghub.gateway.noise;

import io.wghub.gateway.DropReason;
import io.wghub.gateway.crypto.Aead;
import io.wghub.gateway.crypto.Tai64n;
import io.wghub.gateway.crypto.X25519;
import io.wghub.gateway.peer.IndexTable;
import io.wghub.gateway.peer.Keypair;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.peer.PeerTable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import static io.wghub.gateway.noise.Messages.*;

/**
 * WireGuard's Noise_IKpsk2 handshake (whitepaper §5.4.2 to §5.4.5): creating and consuming
 * initiations and responses, and deriving the session keys. mac1/mac2 are the cookie
 * classes' business; this class sees messages whose macs were already checked.
 */
public final class HandshakeProtocol {
    private static final long FLOOD_INTERVAL_NANOS = 1_000_000_000L / Protocol.MAX_INITIATIONS_PER_SECOND;
    private static final byte[] EMPTY = new byte[0];

    /** Null while the interface has no private key: then no handshake starts or completes. */
    private volatile LocalIdentity identity;
    private final PeerTable peers;
    private final IndexTable indices;
    private final Clock wallClock;
    private final long rejectAfterNanos;

    public HandshakeProtocol(LocalIdentity identity, PeerTable peers) {
        this(identity, peers, Clock.systemUTC());
    }

    /** @param wallClock the clock for TAI64N timestamps (tests move it by hand) */
    public HandshakeProtocol(LocalIdentity identity, PeerTable peers, Clock wallClock) {
        this(identity, peers, wallClock, Protocol.REJECT_AFTER_TIME);
    }

    /**
     * @param rejectAfterTime the life of the sessions this makes: REJECT_AFTER_TIME, shorter only
     *                        in tests (TimerConstants explains why nothing else may shorten it)
     */
    public HandshakeProtocol(LocalIdentity identity, PeerTable peers, Clock wallClock, Duration rejectAfterTime) {
        this.identity = identity;
        this.peers = peers;
        this.indices = peers.indices();
        this.wallClock = wallClock;
        this.rejectAfterNanos = rejectAfterTime.toNanos();
    }

    /** The interface's key pair, or null when it has none. */
    public LocalIdentity identity() {
        return identity;
    }

    /**
     * Changes the interface's private key (null: none), as Linux does: every peer's precomputed
     * static-static secret is dropped, and its handshake in progress and sessions are erased, since
     * they were made with the old key. Pre-shared keys stay. The old identity is zeroed.
     */
    public void setIdentity(LocalIdentity fresh) {
        LocalIdentity old;
        synchronized (this) {
            old = identity;
            identity = fresh;
        }
        for (Peer peer : peers.peers()) {
            Handshake hs = peer.handshake();
            synchronized (hs) {
                hs.staticStaticValid = false;
                hs.staticStaticFor = null;
                Arrays.fill(hs.staticStatic, (byte) 0);
                hs.zero(indices);
                peer.keypairs().clear();
            }
        }
        if (old != null && old != fresh) {
            old.destroy();
        }
    }

    /**
     * Starts a handshake with {@code peer} (whitepaper §5.4.2) and returns the 148-byte
     * initiation with mac1 and, when a fresh cookie is held, mac2.
     *
     * @return the message, or null when the peer's static key is a low-order point
     */
    public byte[] createInitiation(Peer peer, long nowNanos) {
        LocalIdentity identity = this.identity;
        if (identity == null) {
            return null;
        }
        Handshake hs = peer.handshake();
        byte[] msg = new byte[INITIATION_LENGTH];
        NoiseState noise = new NoiseState();
        synchronized (hs) {
            if (hs.dead || !staticStatic(hs, identity)) {
                return null;
            }
            hs.zero(indices);
            noise.start(NoiseState.INITIAL_HASH);
            noise.mixHash(hs.remoteStatic());

            X25519.generatePrivateKey(hs.ephemeralPrivate);
            byte[] ephemeralPublic = new byte[32];
            X25519.publicKey(hs.ephemeralPrivate, ephemeralPublic);
            System.arraycopy(ephemeralPublic, 0, msg, INITIATION_EPHEMERAL, 32);
            noise.mixKey(ephemeralPublic, 0, 32);
            noise.mixHash(ephemeralPublic);

            if (!noise.mixDh(hs.ephemeralPrivate, hs.remoteStatic(), true)) {
                noise.zero();
                hs.zero(indices);
                return null;
            }
            Aead.seal(noise.key, 0, identity.publicKey(), 0, 32, noise.hash, msg, INITIATION_STATIC);
            noise.mixHash(msg, INITIATION_STATIC, 32 + Aead.TAG_LENGTH);

            noise.mixPrecomputed(hs.staticStatic, true);
            byte[] timestamp = new byte[Tai64n.LENGTH];
            Instant wallTime = wallClock.instant();
            Tai64n.encode(wallTime.getEpochSecond(), wallTime.getNano(), timestamp, 0);
            Aead.seal(noise.key, 0, timestamp, 0, Tai64n.LENGTH, noise.hash, msg, INITIATION_TIMESTAMP);
            noise.mixHash(msg, INITIATION_TIMESTAMP, Tai64n.LENGTH + Aead.TAG_LENGTH);

            noise.save(hs.chainingKey, hs.hash);
            noise.zero();
            hs.localIndex = indices.register(hs);
            hs.state = Handshake.State.CREATED_INITIATION;
            writeHeader(msg, TYPE_INITIATION, hs.localIndex);
        }
        peer.cookieMaker().addMacs(msg, nowNanos);
        return msg;
    }

    /**
     * Consumes an initiation (whitepaper §5.4.2, responder side): finds the peer by its
     * encrypted static key, rejects replayed timestamps and floods, and keeps the state for
     * {@link #createResponse}.
     */
    public Consumed consumeInitiation(byte[] msg, long nowNanos) {
        DropReason framing = check(msg, TYPE_INITIATION);
        if (framing != null) {
            return Consumed.dropped(framing);
        }
        LocalIdentity identity = this.identity;
        if (identity == null) {
            return Consumed.dropped(DropReason.INVALID_INITIATION);
        }
        NoiseState noise = new NoiseState();
        try {
            noise.start(identity.responderHash);
            byte[] ephemeral = Arrays.copyOfRange(msg, INITIATION_EPHEMERAL, INITIATION_EPHEMERAL + 32);
            noise.mixKey(ephemeral, 0, 32);
            noise.mixHash(ephemeral);
            if (!noise.mixDh(identity.privateKey(), ephemeral, true)) {
                return Consumed.dropped(DropReason.INVALID_INITIATION);
            }
            byte[] remoteStatic = new byte[32];
            if (!Aead.open(noise.key, 0, msg, INITIATION_STATIC, 32 + Aead.TAG_LENGTH, noise.hash, remoteStatic, 0)) {
                return Consumed.dropped(DropReason.INVALID_INITIATION);
            }
            noise.mixHash(msg, INITIATION_STATIC, 32 + Aead.TAG_LENGTH);
            Peer peer = peers.byPublicKey(remoteStatic);
            if (peer == null) {
                return Consumed.dropped(DropReason.INVALID_INITIATION);
            }
            Handshake hs = peer.handshake();
            synchronized (hs) {
                if (hs.dead || !staticStatic(hs, identity)) {
                    return Consumed.dropped(DropReason.INVALID_INITIATION);
                }
                noise.mixPrecomputed(hs.staticStatic, true);
                byte[] timestamp = new byte[Tai64n.LENGTH];
                if (!Aead.open(noise.key, 0, msg, INITIATION_TIMESTAMP, Tai64n.LENGTH + Aead.TAG_LENGTH,
                        noise.hash, timestamp, 0)) {
                    return Consumed.dropped(DropReason.INVALID_INITIATION);
                }
                noise.mixHash(msg, INITIATION_TIMESTAMP, Tai64n.LENGTH + Aead.TAG_LENGTH);
                if (!Tai64n.isAfter(timestamp, hs.latestTimestamp)) {
                    return Consumed.dropped(DropReason.REPLAYED_INITIATION);
                }
                if (hs.consumedAnyInitiation && nowNanos - hs.lastInitiationConsumedNanos < FLOOD_INTERVAL_NANOS) {
                    return Consumed.dropped(DropReason.INITIATION_FLOOD);
                }
                hs.zero(indices);
                System.arraycopy(timestamp, 0, hs.latestTimestamp, 0, Tai64n.LENGTH);
                hs.lastInitiationConsumedNanos = nowNanos;
                hs.consumedAnyInitiation = true;
                System.arraycopy(ephemeral, 0, hs.remoteEphemeral, 0, 32);
                noise.save(hs.chainingKey, hs.hash);
                hs.remoteIndex = readIndex(msg, OFFSET_INDEX);
                hs.state = Handshake.State.CONSUMED_INITIATION;
            }
            return Consumed.of(peer);
        } finally {
            noise.zero();
        }
    }

    /**
     * Answers a consumed initiation (whitepaper §5.4.3) and returns the 92-byte response
     * with macs, or null when there is no consumed initiation to answer. Call
     * {@link #beginSession} before sending it, so the session exists when the first packet
     * under it arrives.
     */
    public byte[] createResponse(Peer peer, long nowNanos) {
        Handshake hs = peer.handshake();
        byte[] msg = new byte[RESPONSE_LENGTH];
        NoiseState noise = new NoiseState();
        synchronized (hs) {
            if (hs.dead || hs.state != Handshake.State.CONSUMED_INITIATION) {
                return null;
            }
            noise.load(hs.chainingKey, hs.hash);
            X25519.generatePrivateKey(hs.ephemeralPrivate);
            byte[] ephemeralPublic = new byte[32];
            X25519.publicKey(hs.ephemeralPrivate, ephemeralPublic);
            System.arraycopy(ephemeralPublic, 0, msg, RESPONSE_EPHEMERAL, 32);
            noise.mixKey(ephemeralPublic, 0, 32);
            noise.mixHash(ephemeralPublic);
            boolean ok = noise.mixDh(hs.ephemeralPrivate, hs.remoteEphemeral, false)
                    & noise.mixDh(hs.ephemeralPrivate, hs.remoteStatic(), false);
            // The responder's ephemeral key has done its work: nothing later needs it.
            Arrays.fill(hs.ephemeralPrivate, (byte) 0);
            if (!ok) {
                noise.zero();
                hs.zero(indices);
                return null;
            }
            noise.mixPsk(hs.presharedKey());
            Aead.seal(noise.key, 0, EMPTY, 0, 0, noise.hash, msg, RESPONSE_EMPTY);
            noise.mixHash(msg, RESPONSE_EMPTY, Aead.TAG_LENGTH);
            noise.save(hs.chainingKey, hs.hash);
            noise.zero();
            hs.localIndex = indices.register(hs);
            hs.state = Handshake.State.CREATED_RESPONSE;
            writeHeader(msg, TYPE_RESPONSE, hs.localIndex);
            writeIndex(msg, RESPONSE_RECEIVER, hs.remoteIndex);
        }
        peer.cookieMaker().addMacs(msg, nowNanos);
        return msg;
    }

    /**
     * Consumes a response to our initiation (whitepaper §5.4.3, initiator side).
     */
    public Consumed consumeResponse(byte[] msg, long nowNanos) {
        DropReason framing = check(msg, TYPE_RESPONSE);
        if (framing != null) {
            return Consumed.dropped(framing);
        }
        if (!(indices.lookup(readIndex(msg, RESPONSE_RECEIVER)) instanceof Handshake hs)) {
            return Consumed.dropped(DropReason.INVALID_RESPONSE);
        }
        LocalIdentity identity = this.identity;
        if (identity == null) {
            return Consumed.dropped(DropReason.INVALID_RESPONSE);
        }
        NoiseState noise = new NoiseState();
        synchronized (hs) {
            try {
                if (hs.dead || identity != this.identity || hs.state != Handshake.State.CREATED_INITIATION
                        || hs.localIndex != readIndex(msg, RESPONSE_RECEIVER)) {
                    return Consumed.dropped(DropReason.INVALID_RESPONSE);
                }
                noise.load(hs.chainingKey, hs.hash);
                byte[] ephemeral = Arrays.copyOfRange(msg, RESPONSE_EPHEMERAL, RESPONSE_EPHEMERAL + 32);
                noise.mixKey(ephemeral, 0, 32);
                noise.mixHash(ephemeral);
                boolean ok = noise.mixDh(hs.ephemeralPrivate, ephemeral, false)
                        & noise.mixDh(identity.privateKey(), ephemeral, false);
                if (!ok) {
                    return Consumed.dropped(DropReason.INVALID_RESPONSE);
                }
                noise.mixPsk(hs.presharedKey());
                if (!Aead.open(noise.key, 0, msg, RESPONSE_EMPTY, Aead.TAG_LENGTH, noise.hash, EMPTY, 0)) {
                    return Consumed.dropped(DropReason.INVALID_RESPONSE);
                }
                noise.mixHash(msg, RESPONSE_EMPTY, Aead.TAG_LENGTH);
                noise.save(hs.chainingKey, hs.hash);
                Arrays.fill(hs.ephemeralPrivate, (byte) 0);
                System.arraycopy(ephemeral, 0, hs.remoteEphemeral, 0, 32);
                hs.remoteIndex = readIndex(msg, OFFSET_INDEX);
                hs.state = Handshake.State.CONSUMED_RESPONSE;
                return Consumed.of(hs.peer());
            } finally {
                noise.zero();
            }
        }
    }

    /**
     * Derives the session from a finished handshake (whitepaper §5.4.5), hands the handshake's
     * index to the new keypair, installs it in the peer's sessions and zeroes the handshake.
     *
     * @return the new keypair, or null when the handshake is not at a point that has keys
     */
    public Keypair beginSession(Peer peer, long nowNanos) {
        Handshake hs = peer.handshake();
        synchronized (hs) {
            boolean initiator;
            if (hs.dead) {
                return null;
            } else if (hs.state == Handshake.State.CONSUMED_RESPONSE) {
                initiator = true;
            } else if (hs.state == Handshake.State.CREATED_RESPONSE) {
                initiator = false;
            } else {
                return null;
            }
            NoiseState noise = new NoiseState();
            noise.load(hs.chainingKey, hs.hash);
            byte[] first = new byte[32];
            byte[] second = new byte[32];
            noise.split(first, second);
            noise.zero();
            Keypair keypair = initiator
                    ? new Keypair(peer, first, second, hs.localIndex, hs.remoteIndex, nowNanos, true, rejectAfterNanos)
                    : new Keypair(peer, second, first, hs.localIndex, hs.remoteIndex, nowNanos, false, rejectAfterNanos);
            Arrays.fill(first, (byte) 0);
            Arrays.fill(second, (byte) 0);
            // Installed under the handshake lock and before the index names it (Linux's order):
            // a packet found under the index always finds its session in place, removal cannot
            // slip in between, and two sessions of one peer are installed in the order made.
            peer.keypairs().install(keypair);
            indices.replace(hs.localIndex, hs, keypair);
            hs.zero(indices);
            return keypair;
        }
    }

    /**
     * Erases a peer's sessions and handshake in progress after 3 × REJECT_AFTER_TIME without a
     * handshake (whitepaper §6.3), keeping what is configured (pre-shared key) or derived from
     * it (static-static secret), so the peer can handshake again later.
     */
    public void zeroKeyMaterial(Peer peer) {
        Handshake hs = peer.handshake();
        synchronized (hs) {
            hs.zero(indices);
            peer.keypairs().clear();
        }
    }

    /** Computes the static-static secret on first use; false when it is a low-order point. */
    /**
     * Call under the handshake's lock. Fails when {@code identity}, read before the lock, is no
     * longer the interface's: a key change ran in between, and nothing may be computed, cached or
     * completed with the replaced key (Linux holds its static-identity lock for the same reason).
     */
    private boolean staticStatic(Handshake hs, LocalIdentity identity) {
        if (identity != this.identity) {
            return false;
        }
        if (!hs.staticStaticValid || hs.staticStaticFor != identity) {
            hs.staticStaticValid = X25519.sharedSecret(identity.privateKey(), hs.remoteStatic(), hs.staticStatic);
            hs.staticStaticFor = identity;
            if (!hs.staticStaticValid) {
                Arrays.fill(hs.staticStatic, (byte) 0);
            }
        }
        return hs.staticStaticValid;
    }
}
