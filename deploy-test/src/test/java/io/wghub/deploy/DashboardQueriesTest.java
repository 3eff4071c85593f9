package io.wghub.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wghub.gateway.server.MeteredHub;
import io.wghub.gateway.testing.Cleanup;
import io.wghub.gateway.testing.Ping;
import io.wghub.metrics.PrometheusServer;
import io.wghub.gateway.testing.Requirements;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Prometheus scrapes a live `wghub up` (in a network namespace of its own, with a real wireguard-go peer
 * in another, pinging through the tunnel while it is scraped) and every expression of the Grafana dashboard and
 * of the alert rules is evaluated against what it scraped.
 */
class DashboardQueriesTest {
    private static final Path DASHBOARD = Repo.deploy().resolve("grafana/wghub-dashboard.json");
    private static final Path RULES = Repo.deploy().resolve("prometheus/rules.yml");
    private static final Duration SCRAPES = Duration.ofSeconds(60);

    @TempDir
    static Path work;
    private static MeteredHub hub;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void scrapeALiveHub() throws Exception {
        Requirements.require(DashboardQueriesTest.class, "prometheus", "wireguard-go", "wg", "ip", "ping", "sysctl");
        hub = MeteredHub.create("wdq", 1);
        hub.start("");
        System.out.println("DashboardQueriesTest: scraping wghub up at " + hub.metricsTarget() + " (forwarded from "
                + hub.hubNs() + ")");
        prometheus = new PrometheusServer(hub.metricsTarget(), RULES, work);
        // Scraped before the handshake, so the handshake and the traffic are increases inside rate()'s window.
        prometheus.awaitScrapes(2, SCRAPES);
        hub.connect(0, Duration.ofSeconds(15));
        Ping.Result in = Ping.run(hub.peerNs(0), MeteredHub.HUB_IP, 20, Duration.ofMillis(100), Duration.ofSeconds(2));
        Ping.Result out = Ping.run(hub.hubNs(), MeteredHub.peerIp(0), 20, Duration.ofMillis(100), Duration.ofSeconds(2));
        assertTrue(in.allReceived() && out.allReceived(), () -> in.output() + out.output() + hub.diagnostics());
        // GC series exist once the JVM has collected; a young hub may not have yet, so ask for one.
        collectGarbage(hub.pid());
        // rate() over the dashboard's 1m window needs two samples of each series; these are the last to appear.
        prometheus.awaitSamples("jvm_gc_pause_seconds_count", 2, SCRAPES);
        prometheus.awaitScrapes(3, SCRAPES); // and the latest scrape succeeded too
    }

    @AfterAll
    static void stop() {
        Cleanup.closeAll(prometheus, hub);
    }

    /** {@code jcmd PID GC.run} with this JVM's JDK: one collection in the hub's JVM. */
    private static void collectGarbage(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Repo.Result result = Repo.run(Duration.ofSeconds(30), List.of(jcmd.toString(), Long.toString(pid), "GC.run"));
        assertEquals(0, result.exitCode(), () -> "jcmd " + pid + " GC.run: " + result.describe());
    }

    /** Every panel query of the dashboard, named by panel and legend. */
    static Stream<Arguments> dashboardQueries() throws IOException {
        List<Arguments> queries = new ArrayList<>();
        for (JsonNode panel : new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(Arguments.of(panel.path("title").asText() + " / " + target.path("legendFormat").asText(),
                        target.path("expr").asText()));
            }
        }
        assertTrue(queries.size() > 10, "the dashboard has its queries");
        return queries.stream();
    }

    /** Data is what Grafana plots: at least one series, and no NaN (a quantile or ratio over nothing). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboardQueries")
    void everyDashboardQueryReturnsData(String panel, String expr) throws Exception {
        JsonNode result = prometheus.query(PromQl.withoutGrafanaVariables(expr));
        assertFalse(result.isEmpty(), panel + ": no data for " + expr);
        for (JsonNode series : result) {
            assertFalse("NaN".equals(series.path("value").get(1).asText()), panel + ": NaN in " + series + " for " + expr);
        }
    }

    @Test
    void theThroughputPanelsShowTheTraffic() throws Exception {
        for (String metric : List.of("wireguard_sent_bytes_total", "wireguard_received_bytes_total")) {
            JsonNode result = prometheus.query("sum(rate(" + metric + "[1m]))");
            assertFalse(result.isEmpty(), metric);
            assertTrue(result.get(0).path("value").get(1).asDouble() > 0, metric + " rate: " + result);
        }
    }

    @Test
    void theDashboardVariableFindsTheHub() throws Exception {
        JsonNode variables = new ObjectMapper().readTree(DASHBOARD.toFile()).path("templating").path("list");
        int checked = 0;
        for (JsonNode variable : variables) {
            String definition = variable.path("definition").asText();
            if (definition.startsWith("label_values(")) {
                String metric = definition.substring("label_values(".length(), definition.lastIndexOf(','));
                String label = definition.substring(definition.lastIndexOf(',') + 1, definition.lastIndexOf(')')).strip();
                JsonNode result = prometheus.query(metric);
                assertFalse(result.isEmpty(), variable.path("name").asText() + ": no data for " + metric);
                assertTrue(result.get(0).path("metric").has(label), metric + " has label " + label);
                checked++;
            }
        }
        assertEquals(1, checked, "the instance variable");
    }

    /** Every alert expression of rules.yml. */
    static Stream<Arguments> alertExpressions() {
        List<Arguments> exprs = new ArrayList<>();
        for (JsonNode group : StrictManifests.tree(Repo.read(RULES)).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                exprs.add(Arguments.of(rule.path("alert").asText(), rule.path("expr").asText()));
            }
        }
        return exprs.stream();
    }

    /** An alert's expression is empty while it does not fire, so each of its series selectors must return data instead. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("alertExpressions")
    void everyAlertEvaluatesAndItsSeriesExist(String alert, String expr) throws Exception {
        prometheus.query(expr); // no error
        List<String> selectors = PromQl.selectors(expr);
        assertFalse(selectors.isEmpty(), alert + " selects series");
        for (String selector : selectors) {
            assertFalse(prometheus.query(selector).isEmpty(), alert + ": no data for " + selector);
        }
    }

    @Test
    void prometheusEvaluatesEveryRuleWithoutError() throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        List<String> problems;
        do {
            problems = new ArrayList<>();
            int rules = 0;
            for (JsonNode group : prometheus.get("/api/v1/rules").path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    rules++;
                    if (!"ok".equals(rule.path("health").asText())) {
                        problems.add(rule.path("name").asText() + ": " + rule.path("health").asText() + " " + rule.path("lastError").asText());
                    }
                }
            }
            if (rules != RulesTest.alerts().size()) {
                problems.add("Prometheus has " + rules + " rules loaded");
            }
            if (problems.isEmpty()) {
                return;
            }
            Thread.sleep(250);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("rules not healthy: " + problems);
    }

    @Test
    void aMisspeltMetricIsNoticed() throws Exception {
        assertTrue(prometheus.query("wghub_packets_droped_total").isEmpty(), "an unknown name returns nothing, which the checks above catch");
    }
}
