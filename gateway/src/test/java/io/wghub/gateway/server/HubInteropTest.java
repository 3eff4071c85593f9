package io.wghub.gateway.server;

import io.wghub.gateway.testing.Cleanup;
import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Ping;
import io.wghub.gateway.testing.Requirements;
import io.wghub.gateway.testing.WireguardGoPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static io.wghub.gateway.server.HubTopology.HUB_PORT;
import static io.wghub.gateway.server.HubTopology.PEER_PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wghub against a real wireguard-go in another namespace over veth: pings both ways over IPv4 and
 * IPv6 inner addresses, over an IPv4 and an IPv6 underlay, wghub as initiator and as responder,
 * with and without a pre-shared key.
 */
class HubInteropTest {
    private static final Duration CONNECT = Duration.ofSeconds(15);

    private HubTopology net;

    @BeforeEach
    void requireTools() {
        Requirements.require(HubInteropTest.class, "wireguard-go", "wg", "ip", "ping");
    }

    @AfterEach
    void tearDown() {
        Cleanup.closeAll(net);
    }

    @ParameterizedTest(name = "ipv6 underlay {0}, psk {1}, hub initiates {2}")
    @CsvSource({
            "false, false, false", "false, true, false", "false, false, true", "false, true, true",
            "true, false, false", "true, true, false", "true, false, true", "true, true, true"})
    void pingsBothWays(boolean ipv6Underlay, boolean psk, boolean hubInitiates) throws Exception {
        net = HubTopology.withOnePeer("wh", "wp");
        Netns hubNs = net.hubNs();
        Netns peerNs = net.peerNs(0);
        Netns.Link link = net.link(0);
        WireguardGoPeer peer = net.peer(0);
        String pskText = psk ? WireguardGoPeer.genpsk() : null;
        String config = net.config(true)
                + (pskText != null ? "PresharedKey = " + pskText + "\n" : "")
                + (hubInitiates ? "Endpoint = " + link.b().endpoint(ipv6Underlay, PEER_PORT) + "\n" : "");
        net.startHub(config, GatewayOptions.defaults());
        net.configurePeer(0, true, pskText, hubInitiates ? null : link.a().endpoint(ipv6Underlay, HUB_PORT));

        Netns first = hubInitiates ? hubNs : peerNs;
        String firstTarget = hubInitiates ? "10.77.0.2" : "10.77.0.1";
        Ping.awaitReachable(first, firstTarget, CONNECT, net::diagnostics);

        assertAllReceived(Ping.run(hubNs, "10.77.0.2", 5));
        assertAllReceived(Ping.run(hubNs, "fd77::2", 5));
        assertAllReceived(Ping.run(peerNs, "10.77.0.1", 5));
        assertAllReceived(Ping.run(peerNs, "fd77::1", 5));

        String[] fields = peer.peerDump(net.hubPublicKey());
        assertEquals(pskText != null ? pskText : "(none)", fields[1], "the peer's view of the PSK");
        assertTrue(fields[2].startsWith(ipv6Underlay ? "[fd00:200:" : "10.200."), "endpoint family: " + fields[2]);
        assertTrue(Long.parseLong(fields[4]) > 0, "the peer saw a handshake");
    }

    private void assertAllReceived(Ping.Result result) {
        assertTrue(result.allReceived(), () -> "lost pings:\n" + result.output() + "\n" + net.diagnostics());
    }
}
