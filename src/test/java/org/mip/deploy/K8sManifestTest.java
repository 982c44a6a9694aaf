package org.mip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.deploy.Kustomize.Build;

/**
 * k8s/ as {@code kubectl kustomize} renders it: every overlay with each variant (the Camel K
 * Integration, the plain Deployment) against {@link K8sChecks}. Skipped without kubectl.
 */
class K8sManifestTest {

    static Stream<Arguments> builds() {
        List<Arguments> out = new ArrayList<>();
        for (String overlay : Repo.OVERLAYS) {
            out.add(Arguments.of(overlay, Repo.CAMEL_K));
            out.add(Arguments.of(overlay, Repo.DEPLOYMENT));
        }
        return out.stream();
    }

    static Build build(Path k8s, String overlay, String variant) {
        assumeTrue(Kustomize.available(), "kubectl (kustomize) renders the overlays");
        return Kustomize.build(k8s, overlay, variant);
    }

    static void assertNoViolations(List<String> violations) {
        assertTrue(violations.isEmpty(), () -> violations.size() + " violation(s):\n  " + String.join("\n  ", violations));
    }

    @Test
    void everyYamlFileParses() {
        List<Path> files = Repo.files(Repo.K8S, ".yaml");
        assertTrue(files.size() >= 15, "k8s/ has " + files.size() + " YAML files");
        for (Path f : files) {
            List<Object> docs = Yaml.loadAll(f);
            assertFalse(docs.isEmpty(), f + " is empty");
            for (Object doc : docs) {
                if (doc instanceof Map<?, ?> m && m.get("kind") != null && !f.toString().contains("kustomiz")) {
                    assertTrue(m.get("apiVersion") != null, f + ": a " + m.get("kind") + " without apiVersion");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("builds")
    void overlayFollowsTheRules(String overlay, String variant) {
        assertNoViolations(K8sChecks.check(build(Repo.K8S, overlay, variant)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void bothVariantsRunTheSamePod(String overlay) {
        Build camelK = build(Repo.K8S, overlay, Repo.CAMEL_K);
        Build deployment = build(Repo.K8S, overlay, Repo.DEPLOYMENT);
        List<String> v = new ArrayList<>();
        PodView a = K8sChecks.pods(camelK, v).get(0);
        PodView b = K8sChecks.pods(deployment, v).get(0);
        assertEquals("Integration/medical-imaging-pipeline", a.source());
        assertEquals("Deployment/medical-imaging-pipeline", b.source());
        v.addAll(K8sChecks.parity(a, b));
        assertEquals(K8sChecks.effectiveEnv(camelK, a, v), K8sChecks.effectiveEnv(deployment, b, v),
                "the two variants give the container different environments");
        assertNoViolations(v);
    }

    static Stream<String> overlays() {
        return Repo.OVERLAYS.stream();
    }

    @Test
    void theCamelKVariantIsASelfManagedIntegrationWithTheProductionImage() {
        Build b = build(Repo.K8S, "prod", Repo.CAMEL_K);
        Map<String, Object> it = b.find("Integration", K8sChecks.APP);
        assertEquals("registry.example.com/mip/medical-imaging-pipeline:0.1.0",
                Yaml.path(it, "spec", "traits", "container", "image"));
        assertEquals(null, Yaml.path(it, "spec", "sources"));
        assertEquals(null, Yaml.path(it, "spec", "flows"));
        assertEquals(null, Yaml.path(it, "spec", "integrationKit"), "an image and an IntegrationKit exclude each other");
        assertEquals(Boolean.FALSE, Yaml.path(it, "spec", "traits", "service", "enabled"),
                "the operator's Service would clash with k8s/base/service.yaml");
        assertEquals("Integration", Yaml.path(b.find("ScaledObject", K8sChecks.APP), "spec", "scaleTargetRef", "kind"));
        assertEquals("Deployment", Yaml.path(build(Repo.K8S, "prod", Repo.DEPLOYMENT)
                .find("ScaledObject", K8sChecks.APP), "spec", "scaleTargetRef", "kind"));
    }

    /**
     * A route edit reaches the cluster with {@code kubectl apply -k}: the generated ConfigMap gets a
     * new name, and the pod template of either variant names it, so the pods roll onto it.
     */
    @ParameterizedTest(name = "{1}")
    @MethodSource("builds")
    void aRouteEditRenamesTheRoutesConfigMapInThePodTemplate(String overlay, String variant, @org.junit.jupiter.api.io.TempDir Path tmp)
            throws java.io.IOException {
        assumeTrue(Kustomize.available(), "kubectl (kustomize) renders the overlays");
        Path routes = Repo.copy(Repo.ROUTES, tmp.resolve("routes"));
        Build before = Kustomize.build(Repo.K8S, routes, overlay, variant);
        java.nio.file.Files.writeString(routes.resolve("process.yaml"),
                java.nio.file.Files.readString(routes.resolve("process.yaml")).replace("message: \"published ", "message: \"PUBLISHED "));
        Build after = Kustomize.build(Repo.K8S, routes, overlay, variant);
        String old = Yaml.name(before.findGenerated("ConfigMap", K8sChecks.ROUTES_CONFIGMAP));
        String edited = Yaml.name(after.findGenerated("ConfigMap", K8sChecks.ROUTES_CONFIGMAP));
        assertTrue(!old.equals(edited), "the ConfigMap's name must change with its content: " + old);
        assertTrue(String.valueOf(K8sChecks.dataOf(after.findGenerated("ConfigMap", K8sChecks.ROUTES_CONFIGMAP)).get("process.yaml"))
                .contains("PUBLISHED "), "the edit is in the ConfigMap");
        PodView pod = K8sChecks.pods(after, new ArrayList<>()).get(0);
        assertEquals(edited, pod.mounts().get("/etc/mip/routes").ref(), "the pod template names the new ConfigMap");
    }

    /**
     * docs/DEPLOYMENT.md's configuration table names exactly what the pods get: the keys of
     * mip-settings and of an overlay's mip-aws, and the variables the container sets itself.
     */
    @Test
    void theDeploymentDocNamesWhatThePodsGet() throws java.io.IOException {
        assumeTrue(Kustomize.available(), "kubectl (kustomize) renders the overlays");
        List<String> doc = java.nio.file.Files.readAllLines(Repo.ROOT.resolve("docs/DEPLOYMENT.md"));
        Build prod = build(Repo.K8S, "prod", Repo.DEPLOYMENT);
        assertEquals(new java.util.TreeSet<>(K8sChecks.dataOf(prod.find("ConfigMap", "mip-settings")).keySet()),
                documented(doc, "| ConfigMap `mip-settings`"), "docs/DEPLOYMENT.md, mip-settings");
        assertEquals(new java.util.TreeSet<>(K8sChecks.dataOf(prod.find("ConfigMap", "mip-aws")).keySet()),
                documented(doc, "| ConfigMap `mip-aws`"), "docs/DEPLOYMENT.md, mip-aws");
        java.util.Set<String> env = new java.util.TreeSet<>();
        K8sChecks.pods(prod, new ArrayList<>()).get(0).env().stream().filter(e -> !e.fromMap()).forEach(e -> env.add(e.name()));
        assertEquals(env, documented(doc, "| container env"), "docs/DEPLOYMENT.md, container env");
        assertTrue(doc.stream().noneMatch(l -> l.contains("commented out")), "docs/DEPLOYMENT.md: nothing is commented out");
    }

    /** The `NAME` or `NAME=value` entries of the table row starting with {@code row}. */
    static java.util.Set<String> documented(List<String> doc, String row) {
        String line = doc.stream().filter(l -> l.startsWith(row)).findFirst().orElseThrow(() -> new AssertionError("no row " + row));
        String cell = line.substring(line.indexOf('|', row.length() - 1) + 1);
        java.util.Set<String> names = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("`([A-Z][A-Z0-9_]+)(=[^`]*)?`").matcher(cell);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void overlaysDifferInScaleNotInShape() {
        Build dev = build(Repo.K8S, "dev", Repo.CAMEL_K);
        Build prod = build(Repo.K8S, "prod", Repo.CAMEL_K);
        assertEquals(2, Yaml.path(prod.find("ScaledObject", K8sChecks.APP), "spec", "minReplicaCount"));
        assertEquals(1, Yaml.path(dev.find("ScaledObject", K8sChecks.APP), "spec", "minReplicaCount"));
        assertEquals(dev.resources().stream().map(r -> r.get("kind") + "/" + Yaml.name(r)).sorted().toList(),
                prod.resources().stream().map(r -> r.get("kind") + "/" + Yaml.name(r)).sorted().toList());
        for (Map<String, Object> r : prod.resources()) {
            assertEquals("medical-imaging-pipeline", Yaml.path(r, "metadata", "namespace"), r.get("kind") + " namespace");
        }
    }
}
