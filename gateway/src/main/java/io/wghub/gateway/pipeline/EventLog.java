package io.wghub.gateway.pipeline;

import io.netty.util.NetUtil;
import io.wghub.gateway.peer.Peer;

import java.net.InetSocketAddress;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The data path's event log: one line per event, prefixed with the interface name, with wg(4)'s
 * wording where it has one. Rate-limited like the kernel's net_ratelimit (a burst of 10, then
 * one every 500 ms), so a flood of bad packets cannot fill a disk; the number of suppressed lines
 * is reported with the next one that passes. Never given key material other than public keys.
 */
public final class EventLog {
    private static final Logger LOG = Logger.getLogger("io.wghub.gateway");
    private static final int BURST = 10;
    private static final long INTERVAL_NANOS = 500_000_000L;

    private final String interfaceName;
    private long tokens = BURST;
    private long refilledNanos = System.nanoTime();
    private long suppressed;

    public EventLog(String interfaceName) {
        this.interfaceName = interfaceName;
    }

    /** A short, stable name for a peer in logs: the first and last four characters of its key. */
    public static String peerName(Peer peer) {
        String key = peer.publicKeyText();
        return "peer(" + key.substring(0, 4) + "…" + key.substring(39, 43) + ")";
    }

    public static String endpoint(InetSocketAddress address) {
        if (address == null) {
            return "(none)";
        }
        String host = NetUtil.toAddressString(address.getAddress()); // RFC 5952, as wg prints it
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** True when a line may be written now; call before building the message. */
    public boolean permit() {
        synchronized (this) {
            long now = System.nanoTime();
            long earned = (now - refilledNanos) / INTERVAL_NANOS;
            if (earned > 0) {
                tokens = Math.min(BURST, tokens + earned);
                refilledNanos += earned * INTERVAL_NANOS;
            }
            if (tokens == 0) {
                suppressed++;
                return false;
            }
            tokens--;
            return true;
        }
    }

    /** Writes a rate-limited line; the caller checked {@link #permit()}. */
    public void warn(String message) {
        write(Level.WARNING, message);
    }

    public void info(String message) {
        write(Level.INFO, message);
    }

    private void write(Level level, String message) {
        long dropped;
        synchronized (this) {
            dropped = suppressed;
            suppressed = 0;
        }
        String line = interfaceName + ": " + message;
        if (dropped > 0) {
            line += " (" + dropped + " similar lines suppressed)";
        }
        LOG.log(level, line);
    }

    /** A bug: logged with its stack trace, rate-limited like the rest. */
    public void internalError(String message, Throwable cause) {
        if (permit()) {
            LOG.log(Level.SEVERE, interfaceName + ": " + message, cause);
        }
    }

    /** Lifecycle lines (start, stop): never rate-limited. */
    public void event(String message) {
        LOG.info(interfaceName + ": " + message);
    }
}
