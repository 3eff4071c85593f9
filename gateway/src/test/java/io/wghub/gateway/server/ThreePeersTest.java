package io.wghub.gateway.server;

import io.wghub.gateway.testing.Cleanup;
import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Ping;
import io.wghub.gateway.testing.Requirements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.wghub.gateway.server.HubTopology.v4;
import static io.wghub.gateway.server.HubTopology.v6;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One wghub hub and three wireguard-go peers on their own veths: every peer reaches the hub and the other two through it. */
class ThreePeersTest {
    private static final Duration CONNECT = Duration.ofSeconds(15);
    private static final int PEERS = 3;
    private static final int COUNT = 3;

    private HubTopology net;

    @BeforeEach
    void requireTools() {
        Requirements.require(ThreePeersTest.class, "wireguard-go", "wg", "ip", "ping", "sysctl");
    }

    @AfterEach
    void tearDown() {
        Cleanup.closeAll(net);
    }

    @Test
    void everyPeerReachesTheHubAndEveryOtherPeer() throws Exception {
        net = HubTopology.create("wh");
        Netns hubNs = net.hubNs();
        // Packets between peers come out of the hub's TUN and must go back into it: the hub's kernel forwards.
        hubNs.check("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        hubNs.check("sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1");
        // Forwarding back out of the interface a packet came in by would otherwise also send ICMP redirects.
        hubNs.check("sysctl", "-q", "-w", "net.ipv4.conf.all.send_redirects=0");
        hubNs.check("sysctl", "-q", "-w", "net.ipv4.conf.default.send_redirects=0");

        for (int i = 0; i < PEERS; i++) {
            net.addPeer("wp");
        }
        net.startHub(net.config(true), GatewayOptions.defaults());
        for (int i = 0; i < PEERS; i++) {
            net.configurePeer(i, true, null, net.link(i).a().endpoint(false, HubTopology.HUB_PORT));
        }
        for (int i = 0; i < PEERS; i++) {
            Ping.awaitReachable(net.peerNs(i), "10.77.0.1", CONNECT, net::diagnostics);
        }

        for (int i = 0; i < PEERS; i++) {
            assertAllReceived("hub -> peer " + i, Ping.run(hubNs, v4(i), COUNT));
            assertAllReceived("hub -> peer " + i, Ping.run(hubNs, v6(i), COUNT));
            assertAllReceived("peer " + i + " -> hub", Ping.run(net.peerNs(i), "10.77.0.1", COUNT));
            assertAllReceived("peer " + i + " -> hub", Ping.run(net.peerNs(i), "fd77::1", COUNT));
        }
        for (int from = 0; from < PEERS; from++) {
            for (int to = 0; to < PEERS; to++) {
                if (from == to) {
                    continue;
                }
                String what = "peer " + from + " -> peer " + to;
                assertAllReceived(what, Ping.run(net.peerNs(from), v4(to), COUNT));
                assertAllReceived(what, Ping.run(net.peerNs(from), v6(to), COUNT));
            }
        }
    }

    private void assertAllReceived(String what, Ping.Result result) {
        assertTrue(result.allReceived(), () -> what + ": lost pings:\n" + result.output() + "\n" + net.diagnostics());
    }
}
