package io.wghub.gateway.peer;

import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.noise.CookieMaker;
import io.wghub.gateway.noise.Handshake;
import io.wghub.gateway.timer.PeerTimers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A remote WireGuard peer: its handshake state, sessions, cookie state, timers, endpoint,
 * staged packets and traffic counters.
 */
public final class Peer {
    private static final AtomicLong CREATED = new AtomicLong();
    private static final long NEVER = Long.MIN_VALUE;
    private static final VarHandle LAST_HANDSHAKE_SENT;

    static {
        try {
            LAST_HANDSHAKE_SENT = MethodHandles.lookup().findVarHandle(Peer.class, "lastHandshakeSentNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Creation order, so listings (wg show) keep peers in the order they were added. */
    private final long sequence = CREATED.getAndIncrement();
    private final byte[] publicKey;
    /** The key in wg's base64, made once: metrics scrapes, logs and reloads all name peers by it. */
    private final String publicKeyText;
    private final Handshake handshake;
    private final Keypairs keypairs;
    private final CookieMaker cookieMaker;
    private final PeerTimers<Peer> timers;
    private final PeerCounters counters = new PeerCounters();
    private final StagedPackets staged = new StagedPackets();
    /** Where to send: configured, then the source of the latest authenticated packet (roaming). */
    private volatile InetSocketAddress endpoint;
    /** The "# Name =" of the peer's section in the config file, or null: a label for metrics and logs. */
    private volatile String name;
    /** The endpoint last set by configuration (file or UAPI), which roaming does not change. */
    private volatile InetSocketAddress configuredEndpoint;
    /**
     * nanoTime of the last handshake message we sent (initiation or response), or NEVER;
     * initiations are at most one per REKEY_TIMEOUT. Claimed by CAS: several lanes may try at once.
     */
    private volatile long lastHandshakeSentNanos = NEVER;
    /** Linux's sent_lastminute_handshake: one rekey per session from the receive path. */
    private volatile boolean sentLastMinuteHandshake;

    /**
     * @param publicKey    the peer's static public key (copied)
     * @param presharedKey the 32-byte pre-shared key, or null for none (copied)
     * @param timers       makes this peer's timers, or null for none (protocol-only tests)
     */
    public Peer(byte[] publicKey, byte[] presharedKey, IndexTable indices, Function<Peer, PeerTimers<Peer>> timers) {
        this.publicKey = publicKey.clone();
        this.publicKeyText = KeyEncoding.toBase64(publicKey);
        this.handshake = new Handshake(this, publicKey, presharedKey);
        this.keypairs = new Keypairs(indices);
        this.cookieMaker = new CookieMaker(publicKey);
        this.timers = timers == null ? null : timers.apply(this);
    }

    public long sequence() {
        return sequence;
    }

    /** The public key as wg writes it (base64). */
    public String publicKeyText() {
        return publicKeyText;
    }

    /** The peer's static public key; callers must not modify it. */
    public byte[] publicKey() {
        return publicKey;
    }

    public Handshake handshake() {
        return handshake;
    }

    public Keypairs keypairs() {
        return keypairs;
    }

    public CookieMaker cookieMaker() {
        return cookieMaker;
    }

    public PeerTimers<Peer> timers() {
        return timers;
    }

    public PeerCounters counters() {
        return counters;
    }

    public StagedPackets staged() {
        return staged;
    }

    public InetSocketAddress endpoint() {
        return endpoint;
    }

    /** Sets the endpoint from configuration: where to send until the peer is heard from elsewhere. */
    public void endpoint(InetSocketAddress endpoint) {
        this.configuredEndpoint = endpoint;
        this.endpoint = endpoint;
    }

    public String name() {
        return name;
    }

    public void name(String name) {
        this.name = name;
    }

    public InetSocketAddress configuredEndpoint() {
        return configuredEndpoint;
    }

    /**
     * Records {@code source} as the endpoint after an authenticated packet from it (roaming,
     * whitepaper §2.1); counts a change.
     */
    public void roamTo(InetSocketAddress source) {
        InetSocketAddress current = endpoint;
        if (current != source && !source.equals(current)) {
            endpoint = source;
            counters.endpointChanged();
        }
    }

    /**
     * Claims the right to send an initiation now: false when a handshake message went out less
     * than {@code rekeyTimeoutNanos} ago, or another thread claimed it first (Linux and
     * wireguard-go rate-limit initiations the same way).
     */
    public boolean tryClaimInitiation(long nowNanos, long rekeyTimeoutNanos) {
        long last = lastHandshakeSentNanos;
        if (last != NEVER && nowNanos - last < rekeyTimeoutNanos) {
            return false;
        }
        return LAST_HANDSHAKE_SENT.compareAndSet(this, last, nowNanos == NEVER ? nowNanos + 1 : nowNanos);
    }

    /** A handshake response went out: it also starts the REKEY_TIMEOUT before our own initiation. */
    public void handshakeResponseSent(long nowNanos) {
        lastHandshakeSentNanos = nowNanos == NEVER ? nowNanos + 1 : nowNanos;
    }

    public boolean sentLastMinuteHandshake() {
        return sentLastMinuteHandshake;
    }

    public void sentLastMinuteHandshake(boolean sent) {
        sentLastMinuteHandshake = sent;
    }
}
