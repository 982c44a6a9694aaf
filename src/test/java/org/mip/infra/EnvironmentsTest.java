package org.mip.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mip.infra.Terraform.assertNoViolations;
import static org.mip.infra.Terraform.assertReported;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mip.infra.Hcl.Ref;
import org.mip.infra.TfModule.Block;

/** terraform/environments/{dev,prod}: each calls the module with its own values. */
class EnvironmentsTest {

    static final TfModule MODULE = TfModule.load(Terraform.MODULE);

    static TfModule env(String name) {
        return TfModule.load(Terraform.ROOT.resolve("environments").resolve(name));
    }

    static Block call(String name) {
        return env(name).moduleCalls().get("pipeline");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void callsThePipelineModuleWithEveryRequiredVariable(String name) {
        TfModule env = env(name);
        assertNoViolations(InfraChecks.callsModule(env, MODULE, Terraform.MODULE, name));
        assertNoViolations(InfraChecks.variables(env));
        assertNoViolations(InfraChecks.versions(env, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void backendIsACommentedExampleAndTheProviderUsesTheRegionVariable(String name) throws Exception {
        Path dir = Terraform.ROOT.resolve("environments").resolve(name);
        assertTrue(Files.readString(dir.resolve("versions.tf")).contains("# backend \"s3\" {"), "commented backend example");
        Map<String, Object> provider = env(name).providers().get(0);
        assertEquals(new Ref("var.aws_region"), provider.get("region"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void outputsForwardTheApplicationConfigurationAndTheRoleArns(String name) {
        TfModule env = env(name);
        assertEquals(new Ref("module.pipeline.app_environment"), env.outputs().get("app_environment").get("value"));
        assertEquals(new Ref("module.pipeline.service_account_role_arn"),
                env.outputs().get("service_account_role_arn").get("value"));
        assertEquals(new Ref("module.pipeline.keda_role_arn"), env.outputs().get("keda_role_arn").get("value"),
                "the role of KEDA's TriggerAuthentication (k8s/terraform-to-overlay.sh)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kedaOperatorIdentityIsPassedToTheModuleWithTheModulesDefaults(String name) {
        TfModule env = env(name);
        Block call = env.moduleCalls().get("pipeline");
        for (String variable : new String[] {"keda_namespace", "keda_service_account", "keda_operator_role_arn"}) {
            assertEquals(new Ref("var." + variable), call.get(variable), name + ": module argument " + variable);
            Block declared = env.variables().get(variable);
            assertTrue(declared != null && declared.body().containsKey("default"), name + ": variable " + variable + " with a default");
            assertEquals(MODULE.variables().get(variable).get("default"), declared.get("default"),
                    name + ": default of " + variable + " is the module's");
        }
        assertEquals("keda", env.variables().get("keda_namespace").get("default"));
        assertEquals("keda-operator", env.variables().get("keda_service_account").get("default"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void tfvarsExampleSetsOnlyDeclaredVariables(String name) {
        Path example = Terraform.ROOT.resolve("environments").resolve(name).resolve("terraform.tfvars.example");
        Set<String> declared = env(name).variables().keySet();
        for (String key : Hcl.parse(example).keySet()) {
            assertTrue(declared.contains(key), example + ": " + key + " is not a variable of " + name);
        }
    }

    @Test
    void prodKeepsLongerAndProtectsItsBuckets() {
        Block dev = call("dev");
        Block prod = call("prod");
        assertEquals(7.0, prod.get("raw_expiration_days"));
        assertEquals(90.0, prod.get("quarantine_expiration_days"));
        assertEquals(30.0, prod.get("kms_deletion_window_days"));
        assertEquals(false, prod.get("force_destroy"));
        assertTrue((Double) dev.get("raw_expiration_days") <= (Double) prod.get("raw_expiration_days"));
        assertTrue((Double) dev.get("quarantine_expiration_days") <= (Double) prod.get("quarantine_expiration_days"));
    }

    @Test
    void anEnvironmentThatForgetsARequiredVariableIsReported() {
        TfModule broken = TfModule.of(Map.of("main.tf", """
                module "pipeline" {
                  source      = "../../modules/pipeline"
                  environment = "dev"
                  not_a_variable = 1
                }
                """));
        // a snippet has no directory: resolve its module source as if it lay in environments/dev
        TfModule located = TfModule.of(broken, Terraform.DEV);
        assertReported(InfraChecks.callsModule(located, MODULE, Terraform.MODULE, "dev"),
                "required module variable oidc_provider_arn is not set",
                "argument not_a_variable is not a variable of the module");
    }
}
