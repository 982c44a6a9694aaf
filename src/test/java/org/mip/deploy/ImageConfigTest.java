package org.mip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The two ways to build the image (Dockerfile, Jib in pom.xml profile "image") make the same
 * image, and that image fits the manifests: base image, user, ports, entrypoint, JVM defaults, the
 * production libraries. Docker and registries are not reachable here: these are static checks;
 * `mvn -Pimage package jib:buildTar` builds the real thing where a registry is (docs/DEPLOYMENT.md).
 */
class ImageConfigTest {

    static Document pom;
    static Element profile;
    static Map<String, String> properties = new TreeMap<>();
    static List<String> dockerfile;

    @BeforeAll
    static void load() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        pom = f.newDocumentBuilder().parse(Repo.ROOT.resolve("pom.xml").toFile());
        for (Element p : children(child(pom.getDocumentElement(), "properties"), null)) {
            properties.put(p.getTagName(), p.getTextContent().strip());
        }
        for (Element p : children(child(pom.getDocumentElement(), "profiles"), "profile")) {
            if ("image".equals(text(p, "id"))) {
                profile = p;
            }
        }
        dockerfile = joinContinuations(Files.readAllLines(Repo.ROOT.resolve("Dockerfile")));
    }

    @Test
    void jibRunsOnlyInTheImageProfile() {
        assertTrue(profile != null, "pom.xml has no profile image");
        for (Element plugin : children(child(child(pom.getDocumentElement(), "build"), "plugins"), "plugin")) {
            assertTrue(!"jib-maven-plugin".equals(text(plugin, "artifactId")), "Jib is in the default build");
        }
        Element jib = jib();
        assertEquals(null, child(jib, "executions"), "Jib must not be bound to a phase (no Docker/registry in a normal build)");
        assertEquals("packaged", text(child(jib, "configuration"), "containerizingMode"),
                "Jib must layer the jar itself (routes, profiles, manifest) like the Dockerfile");
    }

    @Test
    void dockerfileAndJibBuildTheSameImage() {
        Element c = child(child(jib(), "configuration"), "container");
        String jibBase = resolve(text(child(child(jib(), "configuration"), "from"), "image"));
        assertEquals(arg("BASE_IMAGE"), jibBase, "base image (Dockerfile ARG BASE_IMAGE, pom mip.image.base)");
        assertEquals(instruction("USER"), text(c, "user"), "user");
        assertEquals(Set.of(instruction("EXPOSE").split("\\s+")),
                new TreeSet<>(children(child(c, "ports"), "port").stream().map(e -> e.getTextContent().strip()).toList()),
                "ports");
        Map<String, String> env = dockerEnv();
        Map<String, String> jibEnv = new LinkedHashMap<>();
        for (Element e : children(child(c, "environment"), null)) {
            jibEnv.put(e.getTagName(), e.getTextContent().strip());
        }
        assertEquals(env, jibEnv, "environment");
        assertEquals(mainClass(), text(c, "mainClass"), "Jib main class");
        assertTrue(instruction("ENTRYPOINT").contains("\"" + mainClass() + "\""), "Dockerfile ENTRYPOINT runs " + mainClass());
        assertEquals("[\"run\"]", instruction("CMD"));
        assertEquals(List.of("run"), children(child(c, "args"), "arg").stream().map(e -> e.getTextContent().strip()).toList());
    }

    /** The version label says what the tag says: both come from one value in either build. */
    @Test
    void theVersionLabelFollowsTheTagBeingBuilt() {
        Element labels = child(child(child(jib(), "configuration"), "container"), "labels");
        assertEquals("${mip.image.version}", text(labels, "org.opencontainers.image.version"),
                "Jib's version label: the value the tag is made of, not ${project.version}");
        assertTrue(properties.get("mip.image").endsWith(":${mip.image.version}"), "mip.image's tag: " + properties.get("mip.image"));
        assertEquals("${project.version}", properties.get("mip.image.version"), "the default for snapshot builds");
        assertTrue(dockerfile.stream().anyMatch(l -> l.strip().startsWith("ARG VERSION")), "Dockerfile: ARG VERSION");
        String label = instruction("LABEL");
        assertTrue(label.contains("org.opencontainers.image.version=\"${VERSION}\""), "Dockerfile version label: " + label);
        assertTrue(label.contains("org.opencontainers.image.title=\"" + text(pom.getDocumentElement(), "artifactId") + "\""),
                "the same title as Jib's: " + label);
    }

    @Test
    void theImageMatchesTheManifests() {
        Map<String, String> d = K8sChecks.defaults();
        assertEquals(Set.of(d.get("mip.http.port"), d.get("mip.management.port")), Set.of(instruction("EXPOSE").split("\\s+")));
        String uid = instruction("USER").split(":")[0];
        for (String variant : List.of(Repo.CAMEL_K, Repo.DEPLOYMENT)) {
            PodView pod = K8sChecks.pods(K8sManifestTest.build(Repo.K8S, "prod", variant), new ArrayList<>()).get(0);
            assertEquals(Long.valueOf(uid), pod.security().runAsUser(), pod.source() + " runAsUser = the image's user");
            assertTrue(pod.image().startsWith(properties.get("mip.image").replaceAll(":.*", "")),
                    pod.source() + " image " + pod.image() + " is the one pom.xml builds (" + properties.get("mip.image") + ")");
        }
        assertTrue(Integer.parseInt(uid) > 0, "non-root");
        assertEquals("aws", dockerEnv().get("MIP_MODE"), "the production image runs in aws mode by default");
        assertTrue(dockerEnv().get("JAVA_TOOL_OPTIONS").contains("-XX:MaxRAMPercentage="));
    }

    @Test
    void theDockerfileShipsTheJarAndTheProductionLibrariesOnly() {
        List<String> copies = dockerfile.stream().filter(l -> l.startsWith("COPY") || l.startsWith("ADD")).toList();
        assertEquals(2, copies.size(), "COPY instructions: " + copies);
        assertTrue(copies.stream().anyMatch(l -> l.contains("target/lib-prod/ /app/lib/")), copies.toString());
        assertTrue(copies.stream().anyMatch(l -> l.contains("target/medical-imaging-pipeline.jar /app/")), copies.toString());
        assertTrue(copies.stream().noneMatch(l -> l.matches(".*target/lib/.*")), "target/lib holds the local-mode servers");
        assertTrue(instruction("ENTRYPOINT").contains("/app/medical-imaging-pipeline.jar:/app/lib/*"));
        String ignore = read(Repo.ROOT.resolve(".dockerignore"));
        assertTrue(ignore.contains("!target/lib-prod/") && ignore.contains("!target/medical-imaging-pipeline.jar"), ignore);
    }

    @Test
    void theImageProfileDropsExactlyTheLocalModeServers() {
        Map<String, String> managed = new TreeMap<>();
        for (Element dep : children(child(child(profile, "dependencyManagement"), "dependencies"), "dependency")) {
            assertEquals("provided", text(dep, "scope"), text(dep, "artifactId"));
            managed.put(text(dep, "groupId") + ":" + text(dep, "artifactId"), resolve(text(dep, "version")));
        }
        Map<String, String> direct = new TreeMap<>();
        for (Element dep : children(child(pom.getDocumentElement(), "dependencies"), "dependency")) {
            String ga = text(dep, "groupId") + ":" + text(dep, "artifactId");
            if (managed.containsKey(ga)) {
                String version = text(dep, "version");
                if (version == null) {
                    // sshd versions come from the dependencyManagement of the main build
                    version = "${sshd.version}";
                }
                direct.put(ga, resolve(version));
            }
        }
        assertEquals(Set.of("org.gaul:s3proxy", "org.elasticmq:elasticmq-rest-sqs_2.13", "org.apache.sshd:sshd-core",
                "org.apache.sshd:sshd-sftp", "jakarta.servlet:jakarta.servlet-api"), managed.keySet());
        assertEquals(managed, direct, "the image profile must manage the local-mode dependencies at the versions the build uses");
    }

    // ---------------------------------------------------------------- helpers

    static Element jib() {
        for (Element plugin : children(child(child(profile, "build"), "plugins"), "plugin")) {
            if ("jib-maven-plugin".equals(text(plugin, "artifactId"))) {
                return plugin;
            }
        }
        throw new AssertionError("no jib-maven-plugin in profile image");
    }

    static String mainClass() {
        for (Element plugin : children(child(child(pom.getDocumentElement(), "build"), "plugins"), "plugin")) {
            if ("maven-jar-plugin".equals(text(plugin, "artifactId"))) {
                return text(child(child(child(plugin, "configuration"), "archive"), "manifest"), "mainClass");
            }
        }
        throw new AssertionError("no maven-jar-plugin");
    }

    static String resolve(String value) {
        Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = m.group(1).equals("project.version") ? text(pom.getDocumentElement(), "version") : properties.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : resolve(v)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    String arg(String name) {
        for (String l : dockerfile) {
            if (l.startsWith("ARG " + name + "=")) {
                return l.substring(("ARG " + name + "=").length()).strip();
            }
        }
        throw new AssertionError("Dockerfile has no ARG " + name);
    }

    static String instruction(String name) {
        List<String> found = dockerfile.stream().filter(l -> l.startsWith(name + " ")).toList();
        assertEquals(1, found.size(), "Dockerfile " + name + " instructions: " + found);
        return found.get(0).substring(name.length()).strip();
    }

    static Map<String, String> dockerEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)").matcher(instruction("ENV"));
        while (m.find()) {
            env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
        }
        return env;
    }

    static List<String> joinContinuations(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : lines) {
            String t = line.strip();
            if (t.startsWith("#") || (t.isEmpty() && cur.length() == 0)) {
                continue;
            }
            if (t.endsWith("\\")) {
                cur.append(t, 0, t.length() - 1).append(' ');
            } else {
                cur.append(t);
                out.add(cur.toString().replaceAll("\\s+", " ").strip());
                cur.setLength(0);
            }
        }
        return out;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Element child(Node parent, String name) {
        if (parent == null) {
            return null;
        }
        NodeList nl = parent.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            if (nl.item(i) instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    static List<Element> children(Node parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        NodeList nl = parent.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            if (nl.item(i) instanceof Element e && (name == null || e.getTagName().equals(name))) {
                out.add(e);
            }
        }
        return out;
    }

    static String text(Node parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }
}
