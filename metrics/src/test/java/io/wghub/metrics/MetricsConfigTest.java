package io.wghub.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Parsing of --metrics-listen and --metrics-peers, and TLS option combinations. */
class MetricsConfigTest {

    @Test
    void listenAddresses() {
        InetSocketAddress d = MetricsConfig.defaults().listen();
        assertEquals("127.0.0.1", d.getAddress().getHostAddress());
        assertEquals(9586, d.getPort());
        assertEquals("0:0:0:0:0:0:0:1", MetricsConfig.parseListen("[::1]:9100").getAddress().getHostAddress());
        assertTrue(MetricsConfig.parseListen(":9586").getAddress().isAnyLocalAddress());
        assertEquals(0, MetricsConfig.parseListen("0.0.0.0:0").getPort());
    }

    @Test
    void badListenAddressesAreOneLine() {
        for (String bad : new String[] {"", "9586", "127.0.0.1", "127.0.0.1:x", "127.0.0.1:70000", "::1:9586",
                "no-such-host.invalid:9586"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsConfig.parseListen(bad), bad);
            assertTrue(e.getMessage().startsWith("bad --metrics-listen '" + bad + "': "), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"));
        }
    }

    @Test
    void peersModes() {
        assertEquals(PeersMode.ALL, PeersMode.parse("all"));
        assertEquals(PeersMode.NONE, PeersMode.parse("NONE"));
        assertEquals(PeersMode.top(100), PeersMode.parse("top:100"));
        assertEquals("top:100", PeersMode.parse("top:100").toString());
        for (String bad : new String[] {"", "top", "top:", "top:0", "top:-1", "top:x", "some"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeersMode.parse(bad));
            assertTrue(e.getMessage().startsWith("bad --metrics-peers"), e.getMessage());
        }
    }

    @Test
    void tlsCombinations() {
        MetricsConfig c = MetricsConfig.defaults();
        assertThrows(IllegalArgumentException.class, () -> new MetricsConfig(c.listen(), Path.of("c"), null, null, null));
        assertThrows(IllegalArgumentException.class, () -> c.withClientCa(Path.of("ca")));
        MetricsConfig tls = c.withTls(Path.of("c"), Path.of("k")).withClientCa(Path.of("ca"));
        assertTrue(tls.tls() && tls.clientAuth());
        assertEquals(PeersMode.ALL, tls.peers());
    }
}
