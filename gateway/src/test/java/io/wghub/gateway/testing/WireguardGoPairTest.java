package io.wghub.gateway.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Self-test of the namespace harness: two real wireguard-go instances in two namespaces joined by veth
 * ping each other over IPv4 and IPv6 inner addresses, across an IPv4 or IPv6 underlay, with and without a PSK.
 */
class WireguardGoPairTest {
    private static final int HUB_PORT = 51820;
    private static final int SPOKE_PORT = 51821;

    private Netns hubNs;
    private Netns spokeNs;
    private Netns.Link link;
    private WireguardGoPeer hub;
    private WireguardGoPeer spoke;
    private Ping.Running background;

    @BeforeEach
    void start() {
        Requirements.require(WireguardGoPairTest.class, "wireguard-go", "wg", "ip", "ping");
        hubNs = Netns.create("wgha");
        spokeNs = Netns.create("wghb");
        link = Netns.veth(hubNs, spokeNs);
        hub = WireguardGoPeer.start(hubNs);
        spoke = WireguardGoPeer.start(spokeNs);
    }

    @AfterEach
    void stop() {
        // Processes first: a live process would keep its namespace alive past "ip netns del".
        Cleanup.closeAll(background, spoke, hub, spokeNs, hubNs);
    }

    @ParameterizedTest(name = "IPv6 underlay: {0}, pre-shared key: {1}")
    @CsvSource({"false, false", "false, true", "true, false", "true, true"})
    void pingBothWaysThroughTheTunnel(boolean ipv6Underlay, boolean withPsk) {
        String psk = withPsk ? WireguardGoPeer.genpsk() : null;
        hub.configure(HUB_PORT).address("10.77.0.1/24").address("fd77::1/64");
        spoke.configure(SPOKE_PORT).address("10.77.0.2/24").address("fd77::2/64");
        // Like a hub: only the spoke knows where to send; the hub learns the spoke's endpoint from its handshake.
        hub.addPeer(spoke.publicKey(), psk, null, "10.77.0.2/32,fd77::2/128", 0);
        spoke.addPeer(hub.publicKey(), psk, link.a().endpoint(ipv6Underlay, HUB_PORT), "10.77.0.0/24,fd77::/64", 0);
        hub.up();
        spoke.up();

        Ping.awaitReachable(spokeNs, "10.77.0.1", Duration.ofSeconds(10), this::logs);
        background = Ping.start(hubNs, "fd77::2", Duration.ofMillis(50));

        expectAll(Ping.run(spokeNs, "10.77.0.1", 5));
        expectAll(Ping.run(spokeNs, "fd77::1", 5));
        expectAll(Ping.run(hubNs, "10.77.0.2", 5));

        Ping.Result continuous = background.stop();
        assertTrue(continuous.transmitted() >= 5 && continuous.lost() <= 1,
                () -> "background ping lost packets:\n" + continuous.output() + logs());

        String[] hubSeesSpoke = hub.peerDump(spoke.publicKey());
        String[] spokeSeesHub = spoke.peerDump(hub.publicKey());
        Supplier<String> ctx = this::logs;
        assertEquals(link.b().endpoint(ipv6Underlay, SPOKE_PORT), hubSeesSpoke[2], ctx);
        assertEquals(link.a().endpoint(ipv6Underlay, HUB_PORT), spokeSeesHub[2], ctx);
        assertEquals(withPsk ? psk : "(none)", hubSeesSpoke[1], ctx);
        assertEquals(withPsk ? psk : "(none)", spokeSeesHub[1], ctx);
        assertNotEquals("0", hubSeesSpoke[4], () -> "hub never completed a handshake" + logs());
    }

    private void expectAll(Ping.Result result) {
        assertTrue(result.allReceived(), () -> "ping lost packets:\n" + result.output() + logs());
    }

    private String logs() {
        return "\n" + hub.dump() + spoke.dump() + hub.log() + "\n" + spoke.log();
    }
}
