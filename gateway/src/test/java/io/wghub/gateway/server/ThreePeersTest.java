package io.wghub.gateway.server;

import io.wghub.gateway.DropReason;
import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Ping;
import io.wghub.gateway.testing.Processes;
import io.wghub.gateway.testing.WireguardGoPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** One wghub hub and three wireguard-go peers on their own veths: every peer reaches the hub and the other two through it. */
class ThreePeersTest {
    private static final Duration CONNECT = Duration.ofSeconds(15);
    private static final int PEERS = 3;
    private static final int COUNT = 3;

    private Netns hubNs;
    private final List<Netns> peerNamespaces = new ArrayList<>();
    private final List<WireguardGoPeer> peers = new ArrayList<>();
    private RunningHub hub;

    @BeforeEach
    void requireTools() {
        boolean ready = Processes.isRoot() && Processes.onPath("wireguard-go") && Processes.onPath("wg")
                && Processes.onPath("ip") && Processes.onPath("ping") && Processes.onPath("sysctl");
        if (!ready) {
            System.out.println("SKIPPED ThreePeersTest: needs root, wireguard-go, wg, ip, ping and sysctl (.ci/run installs them)");
        }
        assumeTrue(ready, "needs root, wireguard-go, wg, ip, ping and sysctl");
    }

    @AfterEach
    void tearDown() {
        if (hub != null) {
            hub.close();
        }
        for (WireguardGoPeer peer : peers) {
            peer.close();
        }
        for (Netns netns : peerNamespaces) {
            netns.close();
        }
        if (hubNs != null) {
            hubNs.close();
        }
    }

    @Test
    void everyPeerReachesTheHubAndEveryOtherPeer() throws Exception {
        hubNs = Netns.create("wh");
        // Packets between peers come out of the hub's TUN and must go back into it: the hub's kernel forwards.
        hubNs.check("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        hubNs.check("sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1");
        // Forwarding back out of the interface a packet came in by would otherwise also send ICMP redirects.
        hubNs.check("sysctl", "-q", "-w", "net.ipv4.conf.all.send_redirects=0");
        hubNs.check("sysctl", "-q", "-w", "net.ipv4.conf.default.send_redirects=0");

        List<Netns.Link> links = new ArrayList<>();
        for (int i = 0; i < PEERS; i++) {
            Netns netns = Netns.create("wp");
            peerNamespaces.add(netns);
            links.add(Netns.veth(hubNs, netns));
            peers.add(WireguardGoPeer.start(netns));
        }

        String hubKey = RunningHub.newPrivateKey();
        StringBuilder config = new StringBuilder("[Interface]\nPrivateKey = " + hubKey
                + "\nListenPort = 51820\nAddress = 10.77.0.1/24, fd77::1/64\n");
        for (int i = 0; i < PEERS; i++) {
            config.append("[Peer]\nPublicKey = ").append(peers.get(i).publicKey())
                    .append("\nAllowedIPs = ").append(v4(i)).append("/32, ").append(v6(i)).append("/128\n");
        }
        hub = RunningHub.start(hubNs, config.toString(), GatewayOptions.defaults());

        String hubPublic = RunningHub.publicKeyOf(hubKey);
        for (int i = 0; i < PEERS; i++) {
            peers.get(i).configure(51821).address(v4(i) + "/24").address(v6(i) + "/64")
                    .addPeer(hubPublic, null, links.get(i).a().endpoint(false, 51820), "10.77.0.0/24,fd77::/64", 0)
                    .up();
        }
        for (int i = 0; i < PEERS; i++) {
            Ping.awaitReachable(peerNamespaces.get(i), "10.77.0.1", CONNECT, this::diagnostics);
        }

        for (int i = 0; i < PEERS; i++) {
            assertAllReceived("hub -> peer " + i, Ping.run(hubNs, v4(i), COUNT));
            assertAllReceived("hub -> peer " + i, Ping.run(hubNs, v6(i), COUNT));
            assertAllReceived("peer " + i + " -> hub", Ping.run(peerNamespaces.get(i), "10.77.0.1", COUNT));
            assertAllReceived("peer " + i + " -> hub", Ping.run(peerNamespaces.get(i), "fd77::1", COUNT));
        }
        for (int from = 0; from < PEERS; from++) {
            for (int to = 0; to < PEERS; to++) {
                if (from == to) {
                    continue;
                }
                String what = "peer " + from + " -> peer " + to;
                assertAllReceived(what, Ping.run(peerNamespaces.get(from), v4(to), COUNT));
                assertAllReceived(what, Ping.run(peerNamespaces.get(from), v6(to), COUNT));
            }
        }
    }

    private static String v4(int peer) {
        return "10.77.0." + (peer + 2);
    }

    private static String v6(int peer) {
        return "fd77::" + (peer + 2);
    }

    private void assertAllReceived(String what, Ping.Result result) {
        assertTrue(result.allReceived(), () -> what + ": lost pings:\n" + result.output() + "\n" + diagnostics());
    }

    private String diagnostics() {
        StringBuilder out = new StringBuilder("hub log: " + (hub == null ? "-" : hub.lines()) + "\nhub drops:");
        if (hub != null) {
            for (DropReason reason : DropReason.values()) {
                long n = hub.gateway().plane().drops().get(reason);
                if (n > 0) {
                    out.append(' ').append(reason.label()).append('=').append(n);
                }
            }
        }
        for (WireguardGoPeer peer : peers) {
            out.append("\npeer ").append(peer.ifname()).append(" dump:\n").append(peer.dump())
                    .append("\nlog:\n").append(peer.log());
        }
        return out.toString();
    }
}
