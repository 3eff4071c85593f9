package io.wghub.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The plain-HTTP endpoint: routes, status codes, content negotiation, start-up errors. */
class MetricsServerTest {

    private FakeHub hub;
    private WghubMetrics metrics;
    private MetricsServer server;
    private HttpClient client;
    private String base;

    @BeforeEach
    void start() throws IOException {
        hub = ScrapeTest.hub();
        metrics = new WghubMetrics(hub, PeersMode.ALL, () -> ScrapeTest.NOW);
        server = MetricsServer.start(MetricsConfig.plain("127.0.0.1:0"), metrics);
        base = "http://127.0.0.1:" + server.localAddress().getPort();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        metrics.close();
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsInPrometheusTextByDefault() throws Exception {
        HttpResponse<String> r = get("/metrics", null);
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
        Map<String, Double> s = Exposition.samples(r.body());
        FakeHub.Peer p = ScrapeTest.ALICE;
        ScrapeTest.assertValue(p.tx(), s.get("wireguard_sent_bytes_total" + Exposition.peer("wg0", p)));
        ScrapeTest.assertValue(p.rx(), s.get("wireguard_received_bytes_total" + Exposition.peer("wg0", p)));
        ScrapeTest.assertValue(12, s.get("wghub_packets_dropped_total{reason=\"unallowed_source\"}"));
        assertTrue(!r.body().contains("# EOF"));
    }

    @Test
    void metricsInOpenMetricsWhenAccepted() throws Exception {
        HttpResponse<String> r = get("/metrics?x=1", "application/openmetrics-text;version=1.0.0,"
                + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        assertEquals(200, r.statusCode());
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
        assertTrue(r.body().endsWith("# EOF\n"));
        ScrapeTest.assertValue(ScrapeTest.ALICE.rx(), Exposition.samples(r.body())
                .get("wireguard_received_bytes_total" + Exposition.peer("wg0", ScrapeTest.ALICE)));
    }

    @Test
    void repeatedScrapesOnOneConnectionFollowTheCounters() throws Exception {
        for (int i = 0; i < 5; i++) {
            hub.drops.put("no_route", (long) i);
            Map<String, Double> s = Exposition.samples(get("/metrics", null).body());
            ScrapeTest.assertValue(i, s.get("wghub_packets_dropped_total{reason=\"no_route\"}"));
        }
    }

    @Test
    void healthAndReadiness() throws Exception {
        assertEquals(200, get("/healthz", null).statusCode());
        assertEquals("ok\n", get("/healthz", null).body());
        assertEquals(200, get("/readyz", null).statusCode());
        hub.ready = false;
        assertEquals(503, get("/readyz", null).statusCode());
        assertEquals(200, get("/healthz", null).statusCode());
        hub.ready = true;
        assertEquals(200, get("/readyz", null).statusCode());
    }

    @Test
    void unknownPathsAndMethods() throws Exception {
        assertEquals(404, get("/", null).statusCode());
        assertEquals(404, get("/metricsx", null).statusCode());
        HttpResponse<String> post = send("POST", "/metrics");
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("allow").orElseThrow());
        assertEquals(405, send("DELETE", "/healthz").statusCode());
        HttpResponse<String> head = send("HEAD", "/metrics");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertTrue(Long.parseLong(head.headers().firstValue("content-length").orElseThrow()) > 1000);
    }

    @Test
    void portInUseIsOneClearLine() throws Exception {
        InetSocketAddress taken = server.localAddress();
        IOException e = assertThrows(IOException.class, () -> MetricsServer.start(
                MetricsConfig.plain("127.0.0.1:" + taken.getPort()), metrics));
        assertTrue(e.getMessage().startsWith("metrics: cannot listen on 127.0.0.1:" + taken.getPort() + ": "), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("in use"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
        try (ServerSocket other = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            IOException e2 = assertThrows(IOException.class, () -> MetricsServer.start(
                    MetricsConfig.plain("127.0.0.1:" + other.getLocalPort()), metrics));
            assertTrue(e2.getMessage().toLowerCase().contains("in use"), e2.getMessage());
        }
    }

    @Test
    void closeStopsListening() throws Exception {
        int port = server.localAddress().getPort();
        server.close();
        HttpClient fresh = HttpClient.newHttpClient();
        try {
            assertThrows(IOException.class, () -> fresh.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        } finally {
            fresh.close();
        }
    }
}
