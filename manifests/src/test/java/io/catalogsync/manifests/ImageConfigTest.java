package io.catalogsync.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalogsync.manifests.Rendered.Target;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;

/**
 * The Jib {@code image} profiles and the manifests describe the same containers: image name and tag (dev runs what
 * {@code mvn -Pimage package} builds), user, port, and a main class that exists.
 */
class ImageConfigTest {

    @ParameterizedTest
    @CsvSource({
            "sync-daemon, kong-catalog-sync, kong-catalog-sync, daemon",
            "masking-plugin-sidecar, kong, kong-catalog-sync-masking, masking-sidecar"})
    void jibProfileMatchesTheManifests(String module, String deployment, String imageName, String container)
            throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ManifestRepository.projectRoot().resolve(module).resolve("pom.xml").toFile());
        XPath x = XPathFactory.newInstance().newXPath();
        String jib = "/project/profiles/profile[id='image']/build/plugins/plugin[artifactId='jib-maven-plugin']/configuration";
        assertThat((Boolean) x.evaluate(jib, pom, XPathConstants.BOOLEAN)).as(module + " has the image profile").isTrue();
        String version = x.evaluate("/project/parent/version", pom);

        String from = x.evaluate(jib + "/from/image", pom);
        assertThat(from).as("base image pinned to a Temurin JRE release tag")
                .matches("eclipse-temurin:(17|21|25)\\.\\d+\\.\\d+_\\d+-jre(-[a-z]+)?");
        assertThat(x.evaluate(jib + "/to/image", pom)).isEqualTo(imageName + ":${project.version}");
        String user = x.evaluate(jib + "/container/user", pom);
        String mainClass = x.evaluate(jib + "/container/mainClass", pom);
        int port = Integer.parseInt(x.evaluate(jib + "/container/ports/port", pom));
        assertThat(x.evaluate("/project/profiles/profile[id='image']/build/plugins/plugin[artifactId='jib-maven-plugin']"
                + "/executions/execution/goals/goal", pom)).as("builds a tarball, pushes nowhere").isEqualTo("buildTar");

        for (Target target : Target.values()) {
            ObjectNode d = Rendered.of(target).get("Deployment", deployment);
            JsonNode c = Rendered.container(d, container);
            String image = c.path("image").asText();
            assertThat(Kustomizer.imageName(image)).as(target + " image").endsWith(imageName);
            if (target == Target.DEV) {
                assertThat(image).as("dev runs the image the profile builds").isEqualTo(imageName + ":" + version);
            }
            long uid = c.at("/securityContext/runAsUser").asLong(d.at("/spec/template/spec/securityContext/runAsUser").asLong());
            assertThat(user).isEqualTo(uid + ":" + uid);
            assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(port);
        }
        // The entrypoint starts this class: it must exist (both modules are on this test classpath).
        assertThat(Class.forName(mainClass).getMethod("main", String[].class)).isNotNull();
    }
}
