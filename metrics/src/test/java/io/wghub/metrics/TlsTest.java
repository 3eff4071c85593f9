package io.wghub.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslServerContext;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS on netty-tcnative's OpenSSL provider, with and without required client certificates. */
class TlsTest {

    @TempDir
    static Path dir;
    static TestPki.Issued ca;
    static TestPki.Issued client;
    static TestPki.Issued stranger;

    @BeforeAll
    static void pki() throws Exception {
        ca = TestPki.ca("wghub test CA");
        ca.write(dir, "ca");
        TestPki.server(ca).write(dir, "server");
        client = TestPki.client(ca, "prometheus");
        TestPki.Issued otherCa = TestPki.ca("other CA");
        stranger = TestPki.client(otherCa, "prometheus");
    }

    static MetricsConfig config() {
        return MetricsConfig.plain("127.0.0.1:0").withTls(dir.resolve("server.crt"), dir.resolve("server.key"));
    }

    static HttpResponse<String> scrape(MetricsServer server, SSLContext ssl) throws Exception {
        return scrape(server, ssl, "TLSv1.3", "TLSv1.2");
    }

    static HttpResponse<String> scrape(MetricsServer server, SSLContext ssl, String... protocols) throws Exception {
        SSLParameters params = ssl.getDefaultSSLParameters();
        params.setProtocols(protocols);
        try (HttpClient c = HttpClient.newBuilder().sslContext(ssl).sslParameters(params)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            return c.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.localAddress().getPort() + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void openSslProviderIsUsed() throws Exception {
        assertTrue(OpenSsl.isAvailable(), () -> "netty-tcnative did not load: " + OpenSsl.unavailabilityCause());
        SslContext ctx = ServerTls.build(config());
        assertInstanceOf(OpenSslServerContext.class, ctx);
        SslContext withCa = ServerTls.build(config().withClientCa(dir.resolve("ca.crt")));
        assertInstanceOf(OpenSslServerContext.class, withCa);
    }

    @Test
    void scrapeOverHttps() throws Exception {
        FakeHub hub = ScrapeTest.hub();
        try (WghubMetrics m = new WghubMetrics(hub, PeersMode.ALL, () -> ScrapeTest.NOW);
             MetricsServer server = MetricsServer.start(config(), m)) {
            assertTrue(server.tls());
            HttpResponse<String> r = scrape(server, TestPki.Issued.client(null, ca.cert()));
            assertEquals(200, r.statusCode());
            Map<String, Double> s = Exposition.samples(r.body());
            ScrapeTest.assertValue(ScrapeTest.ALICE.tx(), s.get("wireguard_sent_bytes_total" + Exposition.peer("wg0", ScrapeTest.ALICE)));
            // a client that does not trust our CA refuses the server
            assertThrows(IOException.class, () -> scrape(server, SSLContext.getDefault()));
        }
    }

    @Test
    void clientCertificateRequired() throws Exception {
        try (WghubMetrics m = new WghubMetrics(ScrapeTest.hub(), PeersMode.ALL, () -> ScrapeTest.NOW);
             MetricsServer server = MetricsServer.start(config().withClientCa(dir.resolve("ca.crt")), m)) {
            // TLS 1.3: the server's refusal reaches the client as an alert or a reset after its Finished
            SSLContext noCert = TestPki.Issued.client(null, ca.cert());
            SSLContext foreign = TestPki.Issued.client(stranger, ca.cert());
            assertThrows(IOException.class, () -> scrape(server, noCert), "no certificate");
            assertThrows(IOException.class, () -> scrape(server, foreign), "certificate from another CA");
            // TLS 1.2: the refusal is inside the handshake, so it must be a handshake failure
            assertThrows(SSLHandshakeException.class, () -> scrape(server, noCert, "TLSv1.2"), "no certificate, 1.2");
            assertThrows(SSLHandshakeException.class, () -> scrape(server, foreign, "TLSv1.2"), "other CA, 1.2");
            assertEquals(200, scrape(server, TestPki.Issued.client(client, ca.cert()), "TLSv1.2").statusCode());
            HttpResponse<String> ok = scrape(server, TestPki.Issued.client(client, ca.cert()));
            assertEquals(200, ok.statusCode());
            assertTrue(ok.body().contains("wireguard_received_bytes_total{"));
        }
    }

    @Test
    void unreadableOrBrokenFilesAreOneClearLine() throws Exception {
        try (WghubMetrics m = new WghubMetrics(ScrapeTest.hub(), PeersMode.NONE)) {
            IOException missing = assertThrows(IOException.class, () -> MetricsServer.start(
                    config().withTls(dir.resolve("server.crt"), dir.resolve("nope.key")), m));
            assertEquals("metrics: TLS key file " + dir.resolve("nope.key") + " is missing or unreadable", missing.getMessage());

            Path junk = dir.resolve("junk.key");
            Files.writeString(junk, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
            IOException broken = assertThrows(IOException.class, () -> MetricsServer.start(
                    config().withTls(dir.resolve("server.crt"), junk), m));
            assertTrue(broken.getMessage().startsWith("metrics: "), broken.getMessage());
            assertTrue(broken.getMessage().contains(junk.toString()), broken.getMessage());
            assertFalse(broken.getMessage().contains("\n"));

            // the server key must not leak into messages even when it does not match the certificate
            String keyPem = Files.readString(dir.resolve("server.key"));
            Path otherCert = dir.resolve("ca.crt");
            IOException mismatch = assertThrows(IOException.class, () -> MetricsServer.start(
                    config().withTls(otherCert, dir.resolve("server.key")), m));
            String body = keyPem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
            assertEquals("metrics: TLS key " + dir.resolve("server.key") + " does not belong to the certificate in " + otherCert,
                    mismatch.getMessage());
            assertFalse(mismatch.getMessage().contains(body.substring(0, 20)), mismatch.getMessage());
        }
    }
}
