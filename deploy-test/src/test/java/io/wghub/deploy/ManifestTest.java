package io.wghub.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Renders the kustomize base and every overlay with `kubectl kustomize` and reads every object strictly into fabric8's models. */
class ManifestTest {
    /** The kubectl that deploy/tools/kubectl.sh picks (the pinned download, or one on PATH), found once. */
    private static String kubectl;

    @BeforeAll
    static void kubectlAvailable() {
        String script = Repo.deploy().resolve("tools/kubectl.sh").toString();
        Repo.Result which = Repo.run(Duration.ofMinutes(3), List.of("bash", script, "--which"));
        if (which.exitCode() != 0) {
            System.out.println("SKIPPED ManifestTest: no kubectl (deploy/tools/kubectl.sh could not fetch v1.32.5 from dl.k8s.io, "
                    + "none is on PATH, WGHUB_KUBECTL is not set): " + which.stderr().strip());
        }
        assumeTrue(which.exitCode() == 0, "needs kubectl: " + which.stderr());
        kubectl = which.stdout().strip();
        Repo.Result version = Repo.run(Duration.ofMinutes(1), List.of(kubectl, "version", "--client"));
        System.out.println("ManifestTest: " + kubectl + ": " + version.stdout().lines().collect(Collectors.joining("; ")));
    }

    static Stream<Path> kustomizations() throws IOException {
        Path k8s = Repo.deploy().resolve("k8s");
        try (Stream<Path> overlays = Files.list(k8s.resolve("overlays"))) {
            List<Path> dirs = new ArrayList<>(List.of(k8s.resolve("base")));
            overlays.filter(Files::isDirectory).sorted().forEach(dirs::add);
            return dirs.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void rendersAndEveryObjectParsesStrictly(Path dir) {
        Repo.Result rendered = Repo.run(Duration.ofMinutes(1), List.of(kubectl, "kustomize", dir.toString()));
        assertEquals(0, rendered.exitCode(), "kubectl kustomize " + dir + ": " + rendered.describe());
        List<HasMetadata> objects = StrictManifests.parse(rendered.stdout());

        Deployment deployment = only(objects, Deployment.class);
        checkHub(deployment);
        checkSecret(objects, deployment);
        checkServices(objects);
        assertFalse(only(objects, PrometheusRule.class).getSpec().getGroups().isEmpty(), "PrometheusRule has rules");
        for (Namespace namespace : all(objects, Namespace.class)) {
            assertEquals("privileged", namespace.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"),
                    "NET_ADMIN, hostPath and privilege escalation need the privileged Pod Security level");
        }
    }

    private static void checkHub(Deployment deployment) {
        assertEquals(1, deployment.getSpec().getReplicas(), "one hub per config: two would split the peers' sessions");
        assertEquals("Recreate", deployment.getSpec().getStrategy().getType());
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertTrue(pod.getSecurityContext().getRunAsUser() > 0, "runs as a non-root uid");
        Container hub = pod.getContainers().get(0);
        assertEquals(List.of("up", "/etc/wghub/wg0.conf", "--metrics-listen", "0.0.0.0:9586"), hub.getArgs());
        var security = hub.getSecurityContext();
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop());
        assertEquals(List.of("NET_ADMIN"), security.getCapabilities().getAdd(), "CAP_NET_ADMIN and nothing else");
        assertEquals(Boolean.TRUE, security.getAllowPrivilegeEscalation(), "no_new_privs would void java's file capability");
        assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem());
        assertEquals("/healthz", hub.getLivenessProbe().getHttpGet().getPath());
        assertEquals("metrics", hub.getLivenessProbe().getHttpGet().getPort().getStrVal());
        assertEquals("/readyz", hub.getReadinessProbe().getHttpGet().getPath());
        assertEquals("metrics", hub.getReadinessProbe().getHttpGet().getPort().getStrVal());

        Map<String, VolumeMount> mounts = hub.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getMountPath, m -> m));
        assertEquals(Boolean.TRUE, mounts.get("/etc/wghub").getReadOnly(), "the config is mounted read-only");
        Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        for (String path : List.of("/var/run/wireguard", "/var/run/wghub", "/tmp")) {
            assertNotNull(volumes.get(mounts.get(path).getName()).getEmptyDir(), path + " is an emptyDir");
        }
        Volume tun = volumes.get(mounts.get("/dev/net/tun").getName());
        assertEquals("/dev/net/tun", tun.getHostPath().getPath());
        assertEquals("CharDevice", tun.getHostPath().getType());
        assertNotNull(volumes.get(mounts.get("/etc/wghub").getName()).getSecret(), "the config comes from a Secret");
    }

    private static void checkSecret(List<HasMetadata> objects, Deployment deployment) {
        String secretName = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getSecret() != null).findFirst().orElseThrow().getSecret().getSecretName();
        List<Secret> secrets = all(objects, Secret.class);
        if (secrets.isEmpty()) {
            assertEquals("wghub-config", secretName, "a Secret made outside git has the plain name");
        } else {
            Secret secret = secrets.stream().filter(s -> s.getMetadata().getName().equals(secretName)).findFirst()
                    .orElseThrow(() -> new AssertionError("the Deployment's Secret " + secretName + " is not rendered"));
            assertTrue(secret.getData().containsKey("wg0.conf"), "the Secret has wg0.conf");
        }
    }

    private static void checkServices(List<HasMetadata> objects) {
        List<Service> services = all(objects, Service.class);
        Service udp = services.stream().filter(s -> s.getSpec().getPorts().stream().anyMatch(p -> "UDP".equals(p.getProtocol())))
                .findFirst().orElseThrow(() -> new AssertionError("no UDP Service"));
        assertEquals(51820, udp.getSpec().getPorts().get(0).getPort());
        assertEquals("Local", udp.getSpec().getExternalTrafficPolicy(), "peers' source addresses are kept");

        ServiceMonitor monitor = only(objects, ServiceMonitor.class);
        Map<String, String> selector = monitor.getSpec().getSelector().getMatchLabels();
        Service metrics = services.stream().filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .findFirst().orElseThrow(() -> new AssertionError("the ServiceMonitor selects no Service"));
        String port = monitor.getSpec().getEndpoints().get(0).getPort();
        assertTrue(metrics.getSpec().getPorts().stream().anyMatch(p -> port.equals(p.getName()) && p.getPort() == 9586));
        assertEquals("wghub", metrics.getMetadata().getLabels().get(monitor.getSpec().getJobLabel()),
                "job=\"wghub\", which the rules and the dashboard select");
        assertFalse(services.stream().anyMatch(s -> s != metrics && s.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == 9586)),
                "metrics are not exposed through the peers' Service");
    }

    private static <T> List<T> all(List<HasMetadata> objects, Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static <T> T only(List<HasMetadata> objects, Class<T> kind) {
        List<T> found = all(objects, kind);
        assertEquals(1, found.size(), "one " + kind.getSimpleName());
        return found.get(0);
    }
}
