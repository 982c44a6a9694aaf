package org.mip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The checks catch broken manifests: each case breaks one thing in a copy of k8s/ (or routes/),
 * renders it with kubectl kustomize and expects the violation that names it, or kustomize's own
 * error (and the real k8s/ passes the same checks, K8sManifestTest).
 */
class K8sManifestNegativeTest {

    @TempDir
    Path tmp;

    /** file | original text (exactly once) | replacement | overlay | variant | expected violation fragment. */
    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        variants/deployment/deployment.yaml | path: /observe/health/live\\n              port: 9876\\n            periodSeconds: 10 | path: /observe/health\\n              port: 9876\\n            periodSeconds: 10 | prod | deployment | liveness probe path is /observe/health, expected /observe/health/live
        variants/camel-k/integration.yaml | readinessPort: 9876 | readinessPort: 8080 | prod | camel-k | readiness probe port is 8080, expected 9876
        variants/camel-k/integration.yaml | readinessProbe: /observe/health/ready | readinessProbe: /q/health/ready | dev | camel-k | readiness probe path is /q/health/ready
        variants/camel-k/integration.yaml | readOnlyRootFilesystem: true | readOnlyRootFilesystem: false | prod | camel-k | readOnlyRootFilesystem is not true
        variants/deployment/deployment.yaml | allowPrivilegeEscalation: false | allowPrivilegeEscalation: true | prod | deployment | allowPrivilegeEscalation is not false
        variants/deployment/deployment.yaml | runAsNonRoot: true\\n            runAsUser: 65532\\n            allowPrivilegeEscalation | runAsNonRoot: false\\n            runAsUser: 65532\\n            allowPrivilegeEscalation | prod | deployment | runAsNonRoot is not true
        variants/camel-k/integration.yaml | capabilitiesDrop:\\n        - ALL | capabilitiesDrop:\\n        - NET_RAW | prod | camel-k | capabilities are not dropped
        variants/camel-k/integration.yaml | limitMemory: 1Gi | # limitMemory: 1Gi | prod | camel-k | memory request and limit differ
        variants/deployment/deployment.yaml | ephemeral-storage: 20Gi | storage: 20Gi | prod | deployment | no ephemeral-storage limit
        variants/camel-k/integration.yaml | -XX:MaxRAMPercentage=50 | -Xmx900m | prod | camel-k | does not size the heap with -XX:MaxRAMPercentage
        base/configmap.yaml | MIP_S3_SSE: | MIP_S3_SEE: | prod | deployment | MIP_S3_SEE is not a setting of defaults.properties
        variants/deployment/deployment.yaml | value: /etc/mip/routes | value: /etc/mip/route | prod | deployment | MIP_ROUTES_DIR /etc/mip/route is not the mount path of a ConfigMap volume
        variants/camel-k/integration.yaml | - MIP_ROUTES_DIR=/etc/mip/routes\\n | '' | dev | camel-k | MIP_ROUTES_DIR is not set: the pods would run the image's routes
        variants/camel-k/kustomization.yaml | configurations:\\n  - kustomizeconfig.yaml | '' | prod | camel-k | MIP_ROUTES_DIR /etc/mip/routes is ConfigMap mip-routes, not the routes generated from routes/
        base/kustomization.yaml | - ../../routes | - ../../routes\\n  - routes-extra.yaml | prod | camel-k | routes-extra.yaml: no such file or directory
        base/configmap.yaml | MIP_LOG_FORMAT: "json" | MIP_LOG_FORMAT: "json"\\n  extra-route.yaml: "- route: {}" | prod | deployment | ConfigMap mip-settings holds YAML files: routes come only from routes/
        variants/camel-k/integration.yaml | - data:/var/lib/mip:19Gi | - data:/var/lib/mip | prod | camel-k | the emptyDir of the work directory (/var/lib/mip) is limited to 500Mi
        variants/deployment/deployment.yaml | sizeLimit: 19Gi | sizeLimit: 4Gi | dev | deployment | limited to 4Gi, less than 2 objects in flight
        variants/deployment/deployment.yaml | sizeLimit: 1Gi | sizeLimit: 3Gi | prod | deployment | the emptyDir size limits add up to more than the ephemeral-storage limit 20Gi
        base/keda.yaml | pollingInterval: 30 | pollingInterval: 30\\n  cooldownPeriod: 300 | prod | camel-k | cooldownPeriod does nothing with minReplicaCount >= 1
        overlays/prod/kustomization.yaml | value: kube-prometheus-stack | value: "" | prod | deployment | no release label
        overlays/dev/kustomization.yaml | value: Always\\n  - target:\\n      group: apps | value: IfNotPresent\\n  - target:\\n      group: apps | dev | camel-k | has a mutable tag but imagePullPolicy IfNotPresent
        base/configmap.yaml | MIP_LOG_FORMAT: "json" | MIP_LOG_FORMAT: "json"\\n  MIP_AWS_REGION: "us-east-1" | prod | camel-k | key MIP_AWS_REGION is also in ConfigMap
        base/configmap.yaml | MIP_INGEST_POLL_ENABLED: "false" | MIP_INGEST_POLL_ENABLED: "true" | dev | camel-k | MIP_INGEST_POLL_ENABLED is true, expected false
        variants/camel-k/integration.yaml | MIP_MODE=configmap:mip-aws/MIP_MODE | MIP_MODE=configmap:mip-aws/MIP_MOD | prod | camel-k | refers to key MIP_MOD of ConfigMap mip-aws, which has no such key
        variants/camel-k/integration.yaml | MIP_S3_SSE=configmap:mip-settings/MIP_S3_SSE | MIP_S3_SSE=configmap:mip-setings/MIP_S3_SSE | prod | camel-k | refers to ConfigMap mip-setings, which is not defined
        variants/deployment/deployment.yaml | name: mip-aws | name: mip-aws-config | dev | deployment | refers to ConfigMap mip-aws-config, which is not defined
        variants/camel-k/integration.yaml | - secret:mip-deid-key@/etc/mip/secrets/deid | - secret:mip-deid@/etc/mip/secrets/deid | prod | camel-k | mounts Secret mip-deid at /etc/mip/secrets/deid, which is not defined
        variants/deployment/deployment.yaml | value: /etc/mip/secrets/deid/deid.key | value: /etc/mip/secrets/deid/key | prod | deployment | Secret mip-deid-key has no key key
        variants/camel-k/integration.yaml | - data:/var/lib/mip | - data:/var/lib/mip-data | prod | camel-k | /var/lib/mip/work is not on a writable emptyDir volume
        variants/camel-k/integration.yaml | template:\\n    spec: | sources:\\n    - name: extra.yaml\\n      content: "- from: {uri: timer:x}"\\n  template:\\n    spec: | prod | camel-k | has sources/flows
        base/service.yaml | targetPort: http | targetPort: management | prod | camel-k | exposes the management port
        base/service.yaml | camel.apache.org/integration: medical-imaging-pipeline | app: medical-imaging-pipeline | prod | deployment | selector app=medical-imaging-pipeline does not select the pods
        base/networkpolicy.yaml | kubernetes.io/metadata.name: monitoring | kubernetes.io/metadata.name: default | prod | camel-k | the management port is open to namespace default
        base/networkpolicy.yaml | - port: 443 | - port: 80 | prod | camel-k | egress must be DNS (53 UDP/TCP) and HTTPS (443) only
        base/podmonitor.yaml | path: /observe/metrics | path: /metrics | prod | camel-k | PodMonitor medical-imaging-pipeline: path is /metrics
        overlays/prod/scaler.yaml | /111122223333/mip-prod-s3-events | /111122223333/mip-prod-audit | prod | camel-k | is not the events queue the pods consume
        overlays/prod/scaler.yaml | value: eu-central-1 | value: eu-west-1 | prod | deployment | awsRegion is eu-west-1, expected eu-central-1
        overlays/prod/keda-role.yaml | role/mip-prod-keda | role/mip-prod-pipeline | prod | camel-k | KEDA reads the queue with the pods' IRSA role arn:aws:iam::111122223333:role/mip-prod-pipeline
        overlays/prod/keda-role.yaml | role/mip-prod-keda | role/keda-operator | prod | deployment | not Terraform's KEDA role arn:aws:iam::111122223333:role/mip-prod-keda
        overlays/dev/keda-role.yaml | roleArn: arn:aws:iam::111122223333:role/mip-dev-keda | identityOwner: workload | dev | deployment | podIdentity.identityOwner workload is set
        base/keda.yaml | roleArn: arn:aws:iam::000000000000:role/set-by-overlay | identityOwner: keda | prod | camel-k | podIdentity.identityOwner keda is set
        overlays/prod/irsa-role.yaml | eks.amazonaws.com/role-arn: | example.com/role-arn: | prod | camel-k | no IRSA role
        base/keda.yaml | queueLength: "4" | queueLength: "1" | prod | camel-k | queueLength 1 is below the objects a pod processes at once
        variants/deployment/kustomization.yaml | kind: Deployment\\n          name: medical-imaging-pipeline | kind: Deployment\\n          name: pipeline | prod | deployment | scaleTargetRef
        overlays/prod/kustomization.yaml | - name: mip-api-keys | - name: mip-api-key | prod | camel-k | mounts Secret mip-api-keys at /etc/mip/secrets/api, which is not defined
        overlays/prod/kustomization.yaml | disableNameSuffixHash: true\\n  - name: mip-api-keys | disableNameSuffixHash: false\\n  - name: mip-api-keys | prod | camel-k | mounts Secret mip-deid-key at /etc/mip/secrets/deid, which is not defined
        overlays/dev/kustomization.yaml | newTag: 0.1.0-SNAPSHOT | newTag: latest | dev | camel-k | image tag latest
        overlays/dev/kustomization.yaml | - kustomizeconfig.yaml | - kustomize-config.yaml | dev | camel-k | kustomize-config.yaml: no such file or directory
        overlays/dev/aws.env | MIP_S3_KMS_KEY_ID= | MIP_S3_KMS_KEY= | dev | deployment | MIP_S3_KMS_KEY is not a setting of defaults.properties
        base/kustomization.yaml | - podmonitor.yaml | - pod-monitor.yaml | prod | camel-k | pod-monitor.yaml: no such file or directory
        base/service.yaml | spec:\\n  type: ClusterIP | spec:\\n type: ClusterIP\\n  type: NodePort | prod | camel-k | service.yaml
        """)
    void aBrokenCopyIsReported(String file, String original, String replacement, String overlay, String variant,
                               String expected) throws IOException {
        Path k8s = Repo.copy(Repo.K8S, tmp.resolve("k8s"));
        Path f = k8s.resolve(file);
        String text = Files.readString(f, StandardCharsets.UTF_8);
        String from = original.replace("\\n", "\n");
        assertEquals(1, count(text, from), () -> file + " must contain exactly once: " + from);
        Files.writeString(f, text.replace(from, replacement.replace("\\n", "\n")), StandardCharsets.UTF_8);

        List<String> violations;
        try {
            violations = K8sChecks.check(K8sManifestTest.build(k8s, overlay,
                    variant.equals("camel-k") ? Repo.CAMEL_K : Repo.DEPLOYMENT));
        } catch (IllegalArgumentException e) {
            violations = List.of(e.getMessage());
        }
        List<String> v = violations;
        assertTrue(v.stream().anyMatch(s -> s.contains(expected)),
                () -> "expected a violation containing \"" + expected + "\", got:\n  " + String.join("\n  ", v));
    }

    /** The two variants' pods differ in an emptyDir's size limit (the mount trait's 500Mi default): parity says so. */
    @org.junit.jupiter.api.Test
    void anEmptyDirSizeThatDiffersBetweenTheVariantsIsReported() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Kustomize.available(), "kubectl (kustomize) renders the overlays");
        Path k8s = Repo.copy(Repo.K8S, tmp.resolve("k8s"));
        Path integration = k8s.resolve("variants/camel-k/integration.yaml");
        Files.writeString(integration, Files.readString(integration).replace("- tmp:/tmp:1Gi", "- tmp:/tmp"));
        List<String> v = new java.util.ArrayList<>();
        PodView camelK = K8sChecks.pods(Kustomize.build(k8s, "prod", Repo.CAMEL_K), v).get(0);
        PodView deployment = K8sChecks.pods(Kustomize.build(k8s, "prod", Repo.DEPLOYMENT), v).get(0);
        List<String> parity = K8sChecks.parity(camelK, deployment);
        assertTrue(parity.stream().anyMatch(x -> x.contains("mount /tmp differ") && x.contains("500Mi") && x.contains("1Gi")),
                String.join("\n", parity));
    }

    /** A route file that routes/Kustomization does not list never reaches the cluster. */
    @org.junit.jupiter.api.Test
    void aRouteFileMissingFromTheRoutesKustomizationIsReported() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Kustomize.available(), "kubectl (kustomize) renders the overlays");
        Path routes = Repo.copy(Repo.ROUTES, tmp.resolve("routes"));
        Path kustomization = routes.resolve("Kustomization");
        Files.writeString(kustomization, Files.readString(kustomization).replace("      - audit.yaml\n", ""));
        List<String> v = K8sChecks.check(Kustomize.build(Repo.K8S, routes, "prod", Repo.DEPLOYMENT));
        assertTrue(v.stream().anyMatch(s -> s.contains("lacks the route file audit.yaml of routes/ (list it in routes/Kustomization)")),
                String.join("\n", v));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
