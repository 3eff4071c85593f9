package io.wghub.gateway.server;

import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Ping;
import io.wghub.gateway.testing.Processes;
import io.wghub.gateway.testing.WireguardGoPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * wghub against a real wireguard-go in another namespace over veth: pings both ways over IPv4 and
 * IPv6 inner addresses, over an IPv4 and an IPv6 underlay, wghub as initiator and as responder,
 * with and without a pre-shared key.
 */
class HubInteropTest {
    private static final Duration CONNECT = Duration.ofSeconds(15);

    private Netns hubNs;
    private Netns peerNs;
    private WireguardGoPeer peer;
    private RunningHub hub;

    @BeforeEach
    void requireTools() {
        boolean ready = Processes.isRoot() && Processes.onPath("wireguard-go") && Processes.onPath("wg")
                && Processes.onPath("ip") && Processes.onPath("ping");
        if (!ready) {
            System.out.println("SKIPPED HubInteropTest: needs root, wireguard-go, wg, ip and ping (.ci/run installs them)");
        }
        assumeTrue(ready, "needs root, wireguard-go, wg, ip and ping");
    }

    @AfterEach
    void tearDown() {
        if (hub != null) {
            hub.close();
        }
        if (peer != null) {
            peer.close();
        }
        if (peerNs != null) {
            peerNs.close();
        }
        if (hubNs != null) {
            hubNs.close();
        }
    }

    @ParameterizedTest(name = "ipv6 underlay {0}, psk {1}, hub initiates {2}")
    @CsvSource({
            "false, false, false", "false, true, false", "false, false, true", "false, true, true",
            "true, false, false", "true, true, false", "true, false, true", "true, true, true"})
    void pingsBothWays(boolean ipv6Underlay, boolean psk, boolean hubInitiates) throws Exception {
        hubNs = Netns.create("wh");
        peerNs = Netns.create("wp");
        Netns.Link link = Netns.veth(hubNs, peerNs);
        peer = WireguardGoPeer.start(peerNs);
        String pskText = psk ? WireguardGoPeer.genpsk() : null;
        String hubKey = RunningHub.newPrivateKey();
        String config = "[Interface]\nPrivateKey = " + hubKey + "\nListenPort = 51820\nAddress = 10.77.0.1/24, fd77::1/64\n"
                + "[Peer]\nPublicKey = " + peer.publicKey() + "\nAllowedIPs = 10.77.0.2/32, fd77::2/128\n"
                + (pskText != null ? "PresharedKey = " + pskText + "\n" : "")
                + (hubInitiates ? "Endpoint = " + link.b().endpoint(ipv6Underlay, 51821) + "\n" : "");
        hub = RunningHub.start(hubNs, config, GatewayOptions.defaults());
        peer.configure(51821).address("10.77.0.2/24").address("fd77::2/64")
                .addPeer(RunningHub.publicKeyOf(hubKey), pskText,
                        hubInitiates ? null : link.a().endpoint(ipv6Underlay, 51820), "10.77.0.0/24,fd77::/64", 0)
                .up();

        Netns first = hubInitiates ? hubNs : peerNs;
        String firstTarget = hubInitiates ? "10.77.0.2" : "10.77.0.1";
        Ping.awaitReachable(first, firstTarget, CONNECT, this::diagnostics);

        assertAllReceived(Ping.run(hubNs, "10.77.0.2", 5));
        assertAllReceived(Ping.run(hubNs, "fd77::2", 5));
        assertAllReceived(Ping.run(peerNs, "10.77.0.1", 5));
        assertAllReceived(Ping.run(peerNs, "fd77::1", 5));

        String[] fields = peer.peerDump(RunningHub.publicKeyOf(hubKey));
        assertEquals(pskText != null ? pskText : "(none)", fields[1], "the peer's view of the PSK");
        assertTrue(fields[2].startsWith(ipv6Underlay ? "[fd00:200:" : "10.200."), "endpoint family: " + fields[2]);
        assertTrue(Long.parseLong(fields[4]) > 0, "the peer saw a handshake");
    }

    private void assertAllReceived(Ping.Result result) {
        assertTrue(result.allReceived(), () -> "lost pings:\n" + result.output() + "\n" + diagnostics());
    }

    private String diagnostics() {
        return "hub log: " + (hub == null ? "-" : hub.lines()) + "\nhub drops: " + (hub == null ? "-" : drops())
                + "\npeer dump:\n" + peer.dump() + "\npeer log:\n" + peer.log();
    }

    private String drops() {
        StringBuilder out = new StringBuilder();
        for (io.wghub.gateway.DropReason reason : io.wghub.gateway.DropReason.values()) {
            long n = hub.gateway().plane().drops().get(reason);
            if (n > 0) {
                out.append(reason.label()).append('=').append(n).append(' ');
            }
        }
        return out.toString();
    }
}
