package io.wghub.gateway.pipeline;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.wghub.gateway.noise.CookieChecker;
import io.wghub.metrics.HandshakeMetrics;
import io.wghub.metrics.HandshakeResult;
import io.wghub.metrics.HandshakeRole;
import io.wghub.gateway.noise.HandshakeProtocol;
import io.wghub.gateway.noise.LocalIdentity;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.peer.PeerTable;
import io.wghub.gateway.route.AllowedIps;
import io.wghub.gateway.timer.TimerConstants;
import io.wghub.gateway.timer.TimerWheel;

import java.time.Clock;

import java.util.concurrent.atomic.LongAdder;

/**
 * What every stage of one interface's data path shares: the handshake protocol, peers, allowed
 * IPs, drop counters, log and the protocol durations in nanoseconds. The objects are thread-safe;
 * the two references that change at run time (cookie checker, MTU) are volatile.
 */
public final class DataPlane {
    final String interfaceName;
    final HandshakeProtocol protocol;
    /** Null while the interface has no private key. */
    volatile CookieChecker cookieChecker;
    final PeerTable peers;
    final AllowedIps<Peer> allowedIps;
    final DropCounters drops = new DropCounters();
    final LongAdder cookieRepliesSent = new LongAdder();
    /** Under load, the per-source limit on handshake messages that carry a valid cookie. */
    final HandshakeRateLimiter handshakeLimiter = new HandshakeRateLimiter(System.nanoTime(), GlobalEventExecutor.INSTANCE);
    /** TCP super-packets the TUN handed over and the data path cut into segments (TSO offload at work). */
    final LongAdder tunSuperPackets = new LongAdder();
    final EventLog log;
    final ByteBufAllocator allocator;
    /** The interface MTU: padding never takes a packet past it. Follows `ip link set mtu`. */
    volatile int mtu;
    final long rekeyTimeoutNanos;
    final long rekeyAfterNanos;
    /** REJECT_AFTER_TIME - KEEPALIVE_TIMEOUT - REKEY_TIMEOUT: the receive path's last-minute rekey. */
    final long lastMinuteRekeyNanos;
    final Sender sender;
    /** Counts handshakes by role and result for the metrics; null when metrics are off. */
    volatile HandshakeMetrics handshakeMetrics;

    final TimerWheel<Peer> wheel;
    final PeerTimerActions timerActions;

    /**
     * @param identity  the interface's key pair, or null for none yet
     * @param constants {@link TimerConstants#PRODUCTION} except in tests (see its rule)
     */
    public DataPlane(String interfaceName, LocalIdentity identity, TimerConstants constants, int mtu,
                     ByteBufAllocator allocator) {
        this.interfaceName = interfaceName;
        // The actions and the sender only use this object once packets and ticks flow, after construction.
        this.timerActions = new PeerTimerActions(this);
        this.wheel = new TimerWheel<>(constants, timerActions);
        this.peers = new PeerTable(wheel::newPeerTimers);
        this.protocol = new HandshakeProtocol(identity, peers, Clock.systemUTC(), constants.rejectAfterTime());
        this.cookieChecker = identity == null ? null : new CookieChecker(identity);
        this.allowedIps = new AllowedIps<>();
        this.log = new EventLog(interfaceName);
        this.allocator = allocator;
        this.mtu = mtu;
        this.rekeyTimeoutNanos = constants.rekeyTimeout().toNanos();
        this.rekeyAfterNanos = constants.rekeyAfterTime().toNanos();
        this.lastMinuteRekeyNanos = constants.rejectAfterTime().minus(constants.keepaliveTimeout())
                .minus(constants.rekeyTimeout()).toNanos();
        this.sender = new Sender(this);
    }

    public void handshakeMetrics(HandshakeMetrics metrics) {
        this.handshakeMetrics = metrics;
    }

    /** Records one handshake outcome if metrics are on. */
    void handshake(HandshakeRole role, HandshakeResult result) {
        HandshakeMetrics metrics = handshakeMetrics;
        if (metrics != null) {
            metrics.record(role, result);
        }
    }

    public DropCounters drops() {
        return drops;
    }

    public long cookieRepliesSent() {
        return cookieRepliesSent.sum();
    }

    /** TCP super-packets read from the TUN and cut into segments; 0 when the offload is off or refused. */
    public long tunSuperPackets() {
        return tunSuperPackets.sum();
    }

    public PeerTable peers() {
        return peers;
    }

    public AllowedIps<Peer> allowedIps() {
        return allowedIps;
    }

    public EventLog log() {
        return log;
    }

    public String interfaceName() {
        return interfaceName;
    }

    public int mtu() {
        return mtu;
    }

    /** The interface's key pair, or null when it has none. */
    public LocalIdentity protocolIdentity() {
        return protocol.identity();
    }

    /** Zeroes the interface's private key: for shutdown, after every peer is removed. */
    public void destroyIdentity() {
        protocol.setIdentity(null);
    }

    /**
     * Changes the interface's private key (null: none). Sessions and handshakes in progress are
     * erased, as they were made with the old key; a peer whose public key is the new public key of
     * the interface is removed, as Linux does.
     */
    public synchronized void setIdentity(LocalIdentity identity) {
        if (identity != null) {
            Peer self = peers.byPublicKey(identity.publicKey());
            if (self != null) {
                removePeer(self);
            }
        }
        protocol.setIdentity(identity);
        cookieChecker = identity == null ? null : new CookieChecker(identity);
    }

    /** Removes one peer: its allowed IPs, sessions, handshake, staged packets and timers. */
    public void removePeer(Peer peer) {
        allowedIps.removePeer(peer);
        peers.remove(peer);
    }

    /** Removes every peer, zeroing its sessions, handshake and pre-shared key. */
    public void removeAllPeers() {
        for (Peer peer : peers.peers()) {
            removePeer(peer);
        }
    }
}
