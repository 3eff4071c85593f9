package io.wghub.gateway.peer;

import io.wghub.gateway.noise.CookieMaker;
import io.wghub.gateway.noise.Handshake;
import io.wghub.gateway.timer.PeerTimers;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A remote WireGuard peer: its handshake state, sessions, cookie state, timers, endpoint,
 * staged packets and traffic counters.
 */
public final class Peer {
    private static final AtomicLong CREATED = new AtomicLong();

    /** Creation order, so listings (wg show) keep peers in the order they were added. */
    private final long sequence = CREATED.getAndIncrement();
    private final byte[] publicKey;
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
    /** nanoTime of the last initiation we sent; initiations are at most one per REKEY_TIMEOUT. */
    private volatile long lastInitiationSentNanos;
    private volatile boolean initiationSent;
    /** Linux's sent_lastminute_handshake: one rekey per session from the receive path. */
    private volatile boolean sentLastMinuteHandshake;

    /**
     * @param publicKey    the peer's static public key (copied)
     * @param presharedKey the 32-byte pre-shared key, or null for none (copied)
     * @param timers       makes this peer's timers, or null for none (protocol-only tests)
     */
    public Peer(byte[] publicKey, byte[] presharedKey, IndexTable indices, Function<Peer, PeerTimers<Peer>> timers) {
        this.publicKey = publicKey.clone();
        this.handshake = new Handshake(this, publicKey, presharedKey);
        this.keypairs = new Keypairs(indices);
        this.cookieMaker = new CookieMaker(publicKey);
        this.timers = timers == null ? null : timers.apply(this);
    }

    public long sequence() {
        return sequence;
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

    /** True when an initiation went out less than {@code rekeyTimeoutNanos} ago. */
    public boolean initiationRateLimited(long nowNanos, long rekeyTimeoutNanos) {
        return initiationSent && nowNanos - lastInitiationSentNanos < rekeyTimeoutNanos;
    }

    public void initiationSent(long nowNanos) {
        lastInitiationSentNanos = nowNanos;
        initiationSent = true;
    }

    public boolean sentLastMinuteHandshake() {
        return sentLastMinuteHandshake;
    }

    public void sentLastMinuteHandshake(boolean sent) {
        sentLastMinuteHandshake = sent;
    }
}
