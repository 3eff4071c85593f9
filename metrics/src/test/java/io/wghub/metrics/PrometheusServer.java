package io.wghub.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's prometheus) on a loopback port that scrapes one wghub target every
 * second and, when given rules, evaluates them; shared by the metrics and deploy tests (test-jar).
 */
public final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Starts scraping target (host:port, loopback only) as job "wghub", with rules loaded unless null; files go to workDir. */
    public PrometheusServer(String target, Path rules, Path workDir) throws IOException {
        String host = target.substring(0, target.lastIndexOf(':'));
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
            throw new IllegalArgumentException("the tests scrape loopback addresses only, not " + target);
        }
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                %sscrape_configs:
                  - job_name: wghub
                    static_configs:
                      - targets: ["%s"]
                """.formatted(rules == null ? "" : "rule_files:\n  - \"" + rules.toAbsolutePath() + "\"\n", target));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        base = URI.create("http://127.0.0.1:" + port);
        log = workDir.resolve("prometheus.log");
        process = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until Prometheus has scraped the target at least {@code samples} times in the last minute, all successfully. */
    public void awaitScrapes(int samples, Duration timeout) throws Exception {
        awaitSamples("up{job=\"wghub\"}", samples, timeout);
        if (!query("up{job=\"wghub\"} == 0").isEmpty()) {
            throw new IllegalStateException("the target does not answer: " + get("/api/v1/targets"));
        }
    }

    /** Waits until every series {@code selector} names has at least {@code samples} samples in the last minute. */
    public void awaitSamples(String selector, int samples, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + logTail());
            }
            try {
                JsonNode count = query("min(count_over_time(" + selector + "[1m]))");
                if (!count.isEmpty() && count.get(0).path("value").get(1).asDouble() >= samples) {
                    return;
                }
            } catch (IOException notUpYet) {
                // Prometheus is still starting.
            }
            Thread.sleep(250); // Prometheus signals no scrape; bounded by the deadline
        }
        throw new IllegalStateException("no " + samples + " samples of " + selector + " within " + timeout + ": " + logTail());
    }

    /** The result of an instant query (data.result); an error from Prometheus is an exception. */
    public JsonNode query(String promql) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).build();
        JsonNode answer = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        if (!"success".equals(answer.path("status").asText())) {
            throw new IllegalArgumentException("query " + promql + " failed: " + answer);
        }
        return answer.path("data").path("result");
    }

    /** The value of an instant query that must return exactly one series. */
    public double value(String promql) throws IOException, InterruptedException {
        JsonNode result = query(promql);
        if (result.size() != 1) {
            throw new IllegalStateException(promql + ": expected one series, got " + result);
        }
        return result.get(0).path("value").get(1).asDouble();
    }

    /** A GET of the HTTP API, as JSON. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    public String logTail() {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
