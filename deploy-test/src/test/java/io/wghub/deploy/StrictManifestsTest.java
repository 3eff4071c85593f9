package io.wghub.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strict reading itself: a valid manifest parses, and each kind of mistake fails, naming the field. */
class StrictManifestsTest {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: x
              labels: {app: x}
            spec:
              replicas: 1
              selector: {matchLabels: {app: x}}
              template:
                metadata: {labels: {app: x}}
                spec:
                  containers:
                    - name: x
                      image: x
                      ports: [{containerPort: 51820, protocol: UDP}]
            """;

    @Test
    void aValidManifestParses() {
        Deployment d = (Deployment) StrictManifests.parse(DEPLOYMENT).get(0);
        assertEquals(51820, d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0).getContainerPort());
    }

    @Test
    void anUnknownFieldFails() {
        assertFails("replica", DEPLOYMENT.replace("  replicas: 1", "  replica: 1"));
        assertFails("containerport", DEPLOYMENT.replace("containerPort:", "containerport:"));
    }

    @Test
    void aWrongTypeFails() {
        assertFails("replicas", DEPLOYMENT.replace("replicas: 1", "replicas: two"));
        assertFails("replicas", DEPLOYMENT.replace("replicas: 1", "replicas: \"1\""));
        assertFails("containerPort", DEPLOYMENT.replace("containerPort: 51820", "containerPort: \"51820\""));
        assertFails("labels", DEPLOYMENT.replace("labels: {app: x}\nspec", "labels: {app: true}\nspec"));
        assertFails("ports", DEPLOYMENT.replace("ports: [{containerPort: 51820, protocol: UDP}]", "ports: {containerPort: 51820}"));
    }

    @Test
    void anUnknownKindOrADuplicateKeyFails() {
        assertFails("Deploymnet", DEPLOYMENT.replace("kind: Deployment", "kind: Deploymnet"));
        assertFails("replicas", DEPLOYMENT.replace("  replicas: 1", "  replicas: 1\n  replicas: 2"));
    }

    @Test
    void theMonitoringModelsAreStrictToo() {
        String monitor = """
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {app: x}}
                  endpoints: [{port: metrics, interval: 15s}]
                """;
        assertEquals(1, StrictManifests.parse(monitor).size());
        assertFails("intervall", monitor.replace("interval:", "intervall:"));
        assertFails("endpoints", monitor.replace("endpoints: [{port: metrics, interval: 15s}]", "endpoints: {port: metrics}"));
    }

    private static void assertFails(String mentioned, String yaml) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StrictManifests.parse(yaml), yaml);
        assertTrue(e.getMessage().contains(mentioned), "the error names " + mentioned + ": " + e.getMessage());
    }
}
