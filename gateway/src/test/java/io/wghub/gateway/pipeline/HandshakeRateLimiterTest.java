package io.wghub.gateway.pipeline;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The per-source handshake limit under load, on a clock the test moves: a burst of five, then
 * one message per 50 ms; IPv4 addresses and IPv6 /64s are separate sources (a v4-mapped address
 * is its IPv4 source); idle sources are swept after a second; a full table refuses new sources.
 */
class HandshakeRateLimiterTest {
    private static final long MS = 1_000_000L;
    private long now = 1_000_000_000_000L;
    /** Sweeps run at once on the calling thread here, so the test sees their effect without waiting. */
    private final HandshakeRateLimiter limiter = new HandshakeRateLimiter(now, Runnable::run);

    @Test
    void aBurstOfFiveThenTwentyASecond() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.7");
        for (int i = 0; i < HandshakeRateLimiter.BURST; i++) {
            assertTrue(limiter.allow(a, now), "burst message " + i);
        }
        assertFalse(limiter.allow(a, now), "the sixth at once");
        now += 49 * MS;
        assertFalse(limiter.allow(a, now), "49 ms later: not yet a whole message's worth");
        now += MS;
        assertTrue(limiter.allow(a, now), "50 ms: one more");
        assertFalse(limiter.allow(a, now));
        now += 10_000 * MS;
        int allowed = 0;
        while (limiter.allow(a, now)) {
            allowed++;
        }
        assertEquals(HandshakeRateLimiter.BURST, allowed, "a long pause refills only up to the burst");
    }

    @Test
    void sourcesAreIpv4AddressesAndIpv6Slash64s() throws Exception {
        drain(InetAddress.getByName("2001:db8:1:2::1"));
        assertFalse(limiter.allow(InetAddress.getByName("2001:db8:1:2:ffff::9"), now), "same /64, same bucket");
        assertTrue(limiter.allow(InetAddress.getByName("2001:db8:1:3::1"), now), "another /64");
        drain(InetAddress.getByName("198.51.100.1"));
        assertTrue(limiter.allow(InetAddress.getByName("198.51.100.2"), now), "another IPv4 address");
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(InetAddress.getByName("198.51.100.1").getAddress(), 0, mapped, 12, 4);
        assertFalse(limiter.allow(java.net.Inet6Address.getByAddress(null, mapped, -1), now),
                "::ffff:198.51.100.1 is the drained IPv4 source, not one bucket for all of IPv4");
    }

    @Test
    void idleSourcesAreSweptAndAFullTableRefusesNewOnes() throws Exception {
        for (int i = 0; i < HandshakeRateLimiter.MAX_SOURCES; i++) {
            assertTrue(limiter.allow(InetAddress.getByAddress(new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i}), now));
        }
        assertEquals(HandshakeRateLimiter.MAX_SOURCES, limiter.sources());
        InetAddress late = InetAddress.getByName("203.0.113.1");
        assertFalse(limiter.allow(late, now), "table full: a new source waits for the sweep");
        now += 1_000 * MS;
        assertTrue(limiter.allow(late, now), "after a second the idle ones are gone");
        assertEquals(1, limiter.sources());
    }

    private void drain(InetAddress source) {
        while (limiter.allow(source, now)) {
            // empty the bucket
        }
    }
}
