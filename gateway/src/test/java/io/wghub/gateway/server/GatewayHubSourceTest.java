package io.wghub.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.pipeline.DataPlane;
import io.wghub.gateway.route.Prefix;
import io.wghub.gateway.timer.TimerConstants;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The peers as a scrape reads them: allowed IPs as wg lists them, re-derived only after the table changed. */
class GatewayHubSourceTest {

    private static byte[] key(int i) {
        byte[] k = new byte[32];
        k[0] = (byte) i;
        k[31] = 0x40;
        return k;
    }

    private static Map<String, String> scrape(GatewayHubSource source) {
        Map<String, String> out = new LinkedHashMap<>();
        source.forEachPeer((key, allowed, name, rx, tx, hs, rxp, txp, hsc, ep) -> out.put(key, allowed));
        return out;
    }

    @Test
    void allowedIpsTextFollowsTheTableAndIsReusedWhileItStands() {
        DataPlane plane = new DataPlane("wg0", null, TimerConstants.PRODUCTION, 1420, UnpooledByteBufAllocator.DEFAULT);
        Peer a = plane.peers().add(key(1), null);
        Peer b = plane.peers().add(key(2), null);
        plane.allowedIps().insert(Prefix.parse("10.0.0.2/32"), a);
        plane.allowedIps().insert(Prefix.parse("fd00::2/128"), a);
        plane.allowedIps().insert(Prefix.parse("10.0.1.0/24"), b);
        GatewayHubSource source = new GatewayHubSource(plane, null, () -> true);

        Map<String, String> first = scrape(source);
        assertEquals("10.0.0.2/32,fd00::2/128", first.get(a.publicKeyText()));
        assertEquals("10.0.1.0/24", first.get(b.publicKeyText()));
        Map<String, String> second = scrape(source);
        assertSame(first.get(a.publicKeyText()), second.get(a.publicKeyText()), "unchanged table: the same text");

        // A prefix moves from b to a (as wg does on a duplicate): both peers' texts change.
        plane.allowedIps().insert(Prefix.parse("10.0.1.0/24"), a);
        Map<String, String> moved = scrape(source);
        assertEquals("10.0.0.2/32,fd00::2/128,10.0.1.0/24", moved.get(a.publicKeyText()));
        assertEquals("", moved.get(b.publicKeyText()));

        plane.allowedIps().remove(Prefix.parse("fd00::2/128"), a);
        assertEquals("10.0.0.2/32,10.0.1.0/24", scrape(source).get(a.publicKeyText()));

        plane.removePeer(b);
        assertEquals(Map.of(a.publicKeyText(), "10.0.0.2/32,10.0.1.0/24"), scrape(source));
    }
}
