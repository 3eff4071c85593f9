package io.wghub.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Dockerfile is not built here (CI has no Docker daemon), so what it promises is checked as text. */
class DockerfileTest {
    private static final String DOCKERFILE = Repo.read(Repo.deploy().resolve("Dockerfile"));

    @Test
    void multiStageFromTemurin25() {
        assertTrue(DOCKERFILE.contains("FROM maven:3.9-eclipse-temurin-25 AS build"), "build stage: Maven on the Temurin 25 JDK");
        assertTrue(DOCKERFILE.contains("mvn -B -ntp -DskipTests -pl gateway -am package"), "builds the shaded jar");
        assertTrue(DOCKERFILE.contains("FROM eclipse-temurin:25-jre"), "runtime stage: the Temurin 25 JRE");
        assertTrue(DOCKERFILE.contains("COPY --from=build /src/gateway/target/wghub.jar "), "only the jar crosses over");
    }

    @Test
    void nonRootWithOnlyNetAdmin() {
        assertTrue(DOCKERFILE.contains("USER 10001:10001"));
        Matcher setcap = Pattern.compile("setcap (\\S+)").matcher(DOCKERFILE);
        List<String> caps = new ArrayList<>();
        while (setcap.find()) {
            caps.add(setcap.group(1));
        }
        assertEquals(List.of("cap_net_admin+ep"), caps);
    }

    @Test
    void everyReactorModulePomIsCopied() {
        // Maven reads every module's pom even for -pl gateway -am: a module missing here breaks the image build.
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Repo.read(Repo.root().resolve("pom.xml")));
        while (module.find()) {
            String m = module.group(1);
            assertTrue(DOCKERFILE.contains("COPY " + m + "/pom.xml " + m + "/") || DOCKERFILE.contains("COPY " + m + "/ " + m + "/"),
                    "deploy/Dockerfile copies " + m + "/pom.xml");
        }
    }

    @Test
    void imageAndDeploymentAgree() {
        Deployment d = (Deployment) StrictManifests.parse(Repo.read(Repo.deploy().resolve("k8s/base/deployment.yaml"))).get(0);
        var pod = d.getSpec().getTemplate().getSpec();
        assertEquals(10001L, pod.getSecurityContext().getRunAsUser());
        assertEquals(10001L, pod.getSecurityContext().getRunAsGroup());
        String args = String.join("\", \"", pod.getContainers().get(0).getArgs());
        assertTrue(DOCKERFILE.contains("CMD [\"" + args + "\"]"), "the image's default command is the Deployment's");
    }
}
