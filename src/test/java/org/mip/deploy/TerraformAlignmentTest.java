package org.mip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mip.deploy.Kustomize.Build;

/**
 * Terraform's outputs and the Kubernetes configuration agree: the keys of app_environment are the
 * application's settings (after the one documented renaming of queue URLs to queue names), the
 * overlays' aws.env files are what k8s/terraform-to-overlay.sh makes of such an output, the
 * namespace and service account are the ones the IAM role trusts, and KEDA uses Terraform's KEDA
 * role, not the pods' role.
 */
class TerraformAlignmentTest {

    static final Path TERRAFORM = Repo.ROOT.resolve("terraform");

    @TempDir
    Path tmp;

    @SuppressWarnings("unchecked")
    static Map<String, Object> hcl(Path file) throws Exception {
        HCLParser parser = new HCLParser();
        parser.registerDataLookup("http", props -> new LinkedHashMap<>());
        // hcl4j prints lexer debug lines to standard output.
        synchronized (System.class) {
            PrintStream out = System.out;
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            try {
                return (Map<String, Object>) parser.parse(Files.readString(file), false);
            } finally {
                System.setOut(out);
            }
        }
    }

    /** The keys of the module's app_environment output. */
    @SuppressWarnings("unchecked")
    static Set<String> appEnvironmentKeys() throws Exception {
        Map<String, Object> outputs = (Map<String, Object>) hcl(TERRAFORM.resolve("modules/pipeline/outputs.tf")).get("output");
        Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) outputs.get("app_environment")).get("value");
        return new TreeSet<>(env.keySet());
    }

    @Test
    void appEnvironmentKeysAreSettings() throws Exception {
        Map<String, String> settings = K8sChecks.settingEnvNames();
        Set<String> keys = appEnvironmentKeys();
        assertTrue(keys.contains("MIP_MODE") && keys.contains("MIP_S3_RAW_BUCKET"), "app_environment: " + keys);
        List<String> notSettings = new ArrayList<>();
        for (String key : keys) {
            if (!settings.containsKey(key)) {
                notSettings.add(key);
            }
        }
        assertEquals(List.of(), notSettings, "app_environment keys that are no setting of defaults.properties");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayAwsEnvHoldsExactlyTheTerraformSettings(String overlay) throws Exception {
        Set<String> expected = new TreeSet<>();
        expected.addAll(appEnvironmentKeys());
        Map<String, String> env = Kustomize.readEnvFile(Repo.K8S.resolve("overlays").resolve(overlay).resolve("aws.env"),
                new ArrayList<>());
        assertEquals(expected, new TreeSet<>(env.keySet()));
        assertEquals("aws", env.get("MIP_MODE"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    @SuppressWarnings("unchecked")
    void namespaceAndServiceAccountAreTheOnesTheRoleTrusts(String overlay) throws Exception {
        Map<String, Object> variables = (Map<String, Object>) hcl(TERRAFORM.resolve("environments").resolve(overlay)
                .resolve("variables.tf")).get("variable");
        String namespace = String.valueOf(((Map<String, Object>) variables.get("k8s_namespace")).get("default"));
        String account = String.valueOf(((Map<String, Object>) variables.get("k8s_service_account")).get("default"));
        assumeTrue(Kustomize.available(), "kubectl (kustomize) renders the overlays");
        Build b = Kustomize.build(overlay);
        Map<String, Object> sa = b.find("ServiceAccount", account);
        assertTrue(sa != null, "no ServiceAccount " + account + " (terraform k8s_service_account)");
        assertEquals(namespace, Yaml.path(sa, "metadata", "namespace"), "namespace (terraform k8s_namespace)");
        assertTrue(String.valueOf(Yaml.path(sa, "metadata", "annotations", "eks.amazonaws.com/role-arn"))
                .endsWith(":role/mip-" + overlay + "-pipeline"), "the role of terraform's aws_iam_role.app naming");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kedaUsesTerraformsKedaRoleNotThePodsRole(String overlay) throws Exception {
        assumeTrue(Kustomize.available(), "kubectl (kustomize) renders the overlays");
        Build b = Kustomize.build(overlay);
        Map<String, Object> auth = b.find("TriggerAuthentication", "medical-imaging-pipeline-aws");
        String kedaRole = String.valueOf(Yaml.path(auth, "spec", "podIdentity", "roleArn"));
        assertEquals(fixture(overlay).get("keda_role_arn").get("value").asText(), kedaRole, "terraform output keda_role_arn");
        assertTrue(kedaRole.endsWith(":role/mip-" + overlay + "-keda"), "the role of terraform's aws_iam_role.keda naming");
        String podRole = String.valueOf(Yaml.path(b.find("ServiceAccount", K8sChecks.APP), "metadata", "annotations",
                "eks.amazonaws.com/role-arn"));
        assertEquals(K8sChecks.kedaRoleOf(podRole), kedaRole, "K8sChecks derives the same KEDA role from the pods' role");
        assertTrue(!kedaRole.equals(podRole), "KEDA must not use the pods' role");
        assertEquals(null, Yaml.path(auth, "spec", "podIdentity", "identityOwner"), "roleArn and identityOwner exclude each other");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void fixtureHasTheShapeOfTheRealTerraformOutput(String overlay) throws Exception {
        JsonNode json = fixture(overlay);
        Set<String> keys = new TreeSet<>();
        json.get("app_environment").get("value").fieldNames().forEachRemaining(keys::add);
        assertEquals(appEnvironmentKeys(), keys, "terraform-output-" + overlay + ".json app_environment keys");
        assertTrue(json.get("service_account_role_arn").get("value").asText().startsWith("arn:aws:iam::"));
        assertTrue(json.get("keda_role_arn").get("value").asText().startsWith("arn:aws:iam::"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void committedOverlayFilesAreWhatTheScriptMakesOfTerraformOutput(String overlay) throws Exception {
        assumeTrue(onPath("bash") && onPath("jq"), "bash and jq are needed to run k8s/terraform-to-overlay.sh");
        Path out = Files.createDirectories(tmp.resolve(overlay));
        Path input = tmp.resolve(overlay + ".json");
        try (InputStream in = TerraformAlignmentTest.class.getResourceAsStream("terraform-output-" + overlay + ".json")) {
            Files.copy(in, input);
        }
        Process p = new ProcessBuilder("bash", Repo.K8S.resolve("terraform-to-overlay.sh").toString(), out.toString())
                .redirectInput(input.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "script timed out");
        assertEquals(0, p.exitValue(), log);
        for (String file : List.of("aws.env", "irsa-role.yaml", "keda-role.yaml", "scaler.yaml")) {
            assertEquals(Files.readString(Repo.K8S.resolve("overlays").resolve(overlay).resolve(file)),
                    Files.readString(out.resolve(file)), overlay + "/" + file + " differs from the script's output");
        }
    }

    @Test
    void scriptRefusesOutputWithoutAppEnvironment() throws Exception {
        assumeTrue(onPath("bash") && onPath("jq"), "bash and jq are needed to run k8s/terraform-to-overlay.sh");
        Path input = Files.writeString(tmp.resolve("bad.json"), "{\"service_account_role_arn\": {\"value\": \"x\"}}");
        Process p = new ProcessBuilder("bash", Repo.K8S.resolve("terraform-to-overlay.sh").toString(), tmp.toString())
                .redirectInput(input.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(p.exitValue() != 0, "must fail: " + log);
        assertTrue(!Files.exists(tmp.resolve("aws.env")), "no half-written aws.env");
    }

    @Test
    void scriptRefusesOutputWithoutAKedaRoleOrWithThePodsRoleForKeda() throws Exception {
        assumeTrue(onPath("bash") && onPath("jq"), "bash and jq are needed to run k8s/terraform-to-overlay.sh");
        com.fasterxml.jackson.databind.node.ObjectNode output = (com.fasterxml.jackson.databind.node.ObjectNode) fixture("prod");
        output.remove("keda_role_arn");
        assertScriptRefuses(output.toString(), "terraform output has no keda_role_arn");
        com.fasterxml.jackson.databind.node.ObjectNode podsRole = (com.fasterxml.jackson.databind.node.ObjectNode) fixture("prod");
        podsRole.set("keda_role_arn", podsRole.get("service_account_role_arn"));
        assertScriptRefuses(podsRole.toString(), "keda_role_arn is the pods' role");
    }

    private void assertScriptRefuses(String json, String message) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "overlay");
        Path input = Files.writeString(tmp.resolve("output.json"), json);
        Process p = new ProcessBuilder("bash", Repo.K8S.resolve("terraform-to-overlay.sh").toString(), dir.toString())
                .redirectInput(input.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(p.exitValue() != 0, "must fail: " + log);
        assertTrue(log.contains(message), log);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "nothing written");
        }
    }

    static JsonNode fixture(String overlay) throws IOException {
        try (InputStream in = TerraformAlignmentTest.class.getResourceAsStream("terraform-output-" + overlay + ".json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
