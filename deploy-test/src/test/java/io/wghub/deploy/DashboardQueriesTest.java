package io.wghub.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Prometheus scrapes a wghub metrics endpoint and every expression of the Grafana dashboard and
 * of the alert rules is evaluated against it. The endpoint is FakeExporter, or the running hub that
 * WGHUB_METRICS_TARGET (or -Dwghub.metrics.target) names as a loopback host:port.
 */
class DashboardQueriesTest {
    private static final Path DASHBOARD = Repo.deploy().resolve("grafana/wghub-dashboard.json");
    private static final Path RULES = Repo.deploy().resolve("prometheus/rules.yml");

    @TempDir
    static Path work;
    private static FakeExporter fake;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void scrape() throws Exception {
        boolean present = Repo.onPath("prometheus");
        if (!present) {
            System.out.println("SKIPPED DashboardQueriesTest: needs prometheus (Debian's prometheus package; .ci/run installs it)");
        }
        assumeTrue(present, "needs prometheus");
        String target = System.getProperty("wghub.metrics.target", System.getenv("WGHUB_METRICS_TARGET"));
        if (target == null || target.isBlank()) {
            fake = new FakeExporter();
            target = fake.target();
        }
        System.out.println("DashboardQueriesTest: scraping " + (fake != null ? "FakeExporter at " : "") + target);
        prometheus = new PrometheusServer(target, RULES, work);
        // rate() over the 1m window the dashboard gets needs two samples; three leave a margin.
        prometheus.awaitScrapes(3, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (fake != null) {
            fake.close();
        }
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboardQueries")
    void everyDashboardQueryReturnsData(String panel, String expr) throws Exception {
        JsonNode result = prometheus.query(PromQl.withoutGrafanaVariables(expr));
        assertFalse(result.isEmpty(), panel + ": no data for " + expr);
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
