package io.wghub.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** deploy/prometheus: promtool checks the rules and runs their unit tests; every alert is tested firing and quiet; the PrometheusRule carries the same rules. */
class RulesTest {
    private static final Path DIR = Repo.deploy().resolve("prometheus");

    @Test
    void promtoolChecksTheRules() {
        Repo.Result r = promtool("check", "rules", DIR.resolve("rules.yml").toString());
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().contains("SUCCESS"), r.describe());
    }

    @Test
    void promtoolUnitTestsPass() {
        Repo.Result r = promtool("test", "rules", DIR.resolve("rules.test.yml").toString());
        assertEquals(0, r.exitCode(), r.describe());
    }

    @Test
    void everyAlertIsTestedFiringAndQuiet() {
        JsonNode tests = StrictManifests.tree(Repo.read(DIR.resolve("rules.test.yml")));
        for (String alert : alerts()) {
            boolean firing = false;
            boolean quiet = false;
            for (JsonNode test : tests.path("tests")) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    if (check.path("alertname").asText().equals(alert)) {
                        firing |= !check.path("exp_alerts").isEmpty();
                        quiet |= check.path("exp_alerts").isEmpty();
                    }
                }
            }
            assertTrue(firing && quiet, alert + " needs a test where it fires and one where it does not (firing " + firing + ", quiet " + quiet + ")");
        }
    }

    @Test
    void thePrometheusRuleCarriesTheSameRules() {
        String manifest = Repo.read(Repo.deploy().resolve("k8s/base/prometheusrule.yaml"));
        PrometheusRule rule = (PrometheusRule) StrictManifests.parse(manifest).get(0);
        JsonNode fromManifest = StrictManifests.toTree(rule.getSpec().getGroups());
        JsonNode fromFile = StrictManifests.tree(Repo.read(DIR.resolve("rules.yml"))).path("groups");
        assertEquals(fromFile, fromManifest, "deploy/k8s/base/prometheusrule.yaml and deploy/prometheus/rules.yml differ");
    }

    /** The alert names in rules.yml. */
    static List<String> alerts() {
        List<String> names = new ArrayList<>();
        for (JsonNode group : StrictManifests.tree(Repo.read(DIR.resolve("rules.yml"))).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                names.add(rule.path("alert").asText());
            }
        }
        assertFalse(names.isEmpty(), "rules.yml has alerts");
        return names;
    }

    private static Repo.Result promtool(String... args) {
        boolean present = Repo.onPath("promtool");
        if (!present) {
            System.out.println("SKIPPED RulesTest (promtool): needs promtool (Debian's prometheus package; .ci/run installs it)");
        }
        assumeTrue(present, "needs promtool");
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        return Repo.run(Duration.ofMinutes(1), command);
    }
}
