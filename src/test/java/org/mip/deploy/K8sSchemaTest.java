package org.mip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.deploy.Kustomize.Build;

/**
 * Every object of every overlay with every variant, as {@code kubectl kustomize} renders it,
 * against the real schemas (K8sSchemas: strict Kubernetes 1.32.2, Camel K 2.10.1, KEDA 2.20.2,
 * Prometheus Operator 0.93.0), unknown fields being errors. Skipped without kubectl or without
 * ../shared/k8s-schemas.
 */
class K8sSchemaTest {
    static K8sSchemas schemas;

    @BeforeAll
    static void load() {
        assumeTrue(K8sSchemas.available(), "the schemas of " + K8sSchemas.DIR);
        assumeTrue(Kustomize.available(), "kubectl (kustomize) renders the overlays");
        schemas = new K8sSchemas();
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> builds() {
        return K8sManifestTest.builds();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("builds")
    void everyRenderedObjectValidatesAgainstItsSchema(String overlay, String variant) {
        Build b = Kustomize.build(overlay, variant);
        assertEquals(List.of(), b.problems());
        List<String> errors = new ArrayList<>();
        Map<String, Integer> kinds = new TreeMap<>();
        for (Map<String, Object> object : b.resources()) {
            errors.addAll(schemas.validate(object));
            kinds.merge(object.get("kind") + " (" + object.get("apiVersion") + ")", 1, Integer::sum);
        }
        System.out.printf("%s with %s: %d objects validated: %s%n", overlay, variant.replace("../../variants/", ""),
                b.resources().size(), kinds);
        assertTrue(errors.isEmpty(), () -> errors.size() + " schema error(s):\n  " + String.join("\n  ", errors));
        assertTrue(b.resources().size() >= 12, "rendered: " + kinds);
    }

    /** The validation sees what a misspelled or misplaced field looks like, in each kind of schema. */
    @Test
    void unknownFieldsAndWrongTypesAreErrors() {
        Build camelK = Kustomize.build("prod", Repo.CAMEL_K);
        Build deployment = Kustomize.build("prod", Repo.DEPLOYMENT);
        assertRefused(camelK, "Integration", it -> traits(it, "container").put("imagePullPolcy", "Always"), "imagePullPolcy");
        assertRefused(camelK, "Integration", it -> traits(it, "mount").put("emptyDir", List.of("tmp:/tmp")), "emptyDir");
        assertRefused(deployment, "Deployment", d -> container(d).put("volumeMount", List.of()), "volumeMount");
        assertRefused(deployment, "Deployment", d -> ((Map<String, Object>) Yaml.path(d, "spec")).put("replicas", "two"), "replicas");
        assertRefused(camelK, "ScaledObject", so -> ((Map<String, Object>) so.get("spec")).put("cooldown", 300), "cooldown");
        assertRefused(camelK, "PodMonitor", pm -> ((Map<String, Object>) Yaml.list(Yaml.path(pm, "spec", "podMetricsEndpoints")).get(0))
                .put("scrapeInterval", "30s"), "scrapeInterval");
        assertRefused(camelK, "TriggerAuthentication", ta -> ((Map<String, Object>) Yaml.path(ta, "spec", "podIdentity"))
                .put("role", "x"), "role");
        assertRefused(camelK, "ConfigMap", cm -> cm.put("datas", Map.of()), "datas");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> traits(Map<String, Object> it, String trait) {
        return (Map<String, Object>) Yaml.path(it, "spec", "traits", trait);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> container(Map<String, Object> d) {
        return (Map<String, Object>) Yaml.list(Yaml.path(d, "spec", "template", "spec", "containers")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static void assertRefused(Build b, String kind, Consumer<Map<String, Object>> breakIt, String field) {
        Map<String, Object> object = (Map<String, Object>) Yaml.deepCopy(b.ofKind(kind).get(0));
        assertEquals(List.of(), schemas.validate(object), kind + " is valid before");
        breakIt.accept(object);
        List<String> errors = schemas.validate(object);
        assertTrue(errors.stream().anyMatch(e -> e.contains(field)), kind + " with " + field + ": " + errors);
    }
}
