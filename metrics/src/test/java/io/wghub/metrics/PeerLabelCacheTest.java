package io.wghub.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A peer's label block is rendered once, again after any of its labels changed, and dropped once the peer is gone. */
class PeerLabelCacheTest {

    @Test
    void reusedUntilALabelChangesAndEvictedWhenUnseen() {
        PeerLabelCache cache = new PeerLabelCache();
        cache.begin();
        byte[] a = cache.labels("wg0", "KEY=", "10.0.0.2/32", "a \"b\"");
        assertEquals("{allowed_ips=\"10.0.0.2/32\",friendly_name=\"a \\\"b\\\"\",interface=\"wg0\",public_key=\"KEY=\"}",
                new String(a, StandardCharsets.UTF_8));
        cache.labels("wg0", "OTHER=", "", "");
        cache.evictUnseen();
        assertEquals(2, cache.size());

        cache.begin();
        // Equal strings from a new scrape (the gateway builds them anew) still hit.
        assertSame(a, cache.labels(new String("wg0"), new String("KEY="), new String("10.0.0.2/32"), new String("a \"b\"")));
        cache.evictUnseen();
        assertEquals(1, cache.size(), "OTHER= was not seen in this scrape");

        cache.begin();
        assertNotSame(a, cache.labels("wg0", "KEY=", "10.0.0.3/32", "a \"b\""));
        assertNotSame(a, cache.labels("wg0", "KEY=", "10.0.0.2/32", "renamed"));
        byte[] moved = cache.labels("wg1", "KEY=", "10.0.0.2/32", "renamed");
        assertEquals("{allowed_ips=\"10.0.0.2/32\",friendly_name=\"renamed\",interface=\"wg1\",public_key=\"KEY=\"}",
                new String(moved, StandardCharsets.UTF_8));
        cache.evictUnseen();
        assertEquals(1, cache.size());
    }
}
