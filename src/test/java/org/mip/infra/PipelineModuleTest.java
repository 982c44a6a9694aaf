package org.mip.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mip.infra.Terraform.assertNoViolations;
import static org.mip.infra.TfModule.blocks;
import static org.mip.infra.TfModule.path;
import static org.mip.infra.TfModule.refersTo;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mip.infra.Hcl.Ref;
import org.mip.infra.Policies.Condition;
import org.mip.infra.Policies.Statement;
import org.mip.infra.TfModule.Block;

/** The reusable module terraform/modules/pipeline against the security and shape rules. */
class PipelineModuleTest {

    static TfModule m;

    @BeforeAll
    static void load() {
        m = TfModule.load(Terraform.MODULE);
    }

    private static Set<String> names(String type) {
        return m.resources(type).stream().map(Block::name).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    // --- S3 ------------------------------------------------------------------------------

    @Test
    void fourBucketsOneOfThemForAccessLogs() {
        assertEquals(Set.of("raw", "processed", "quarantine", "access_logs"), names("aws_s3_bucket"));
        assertEquals(Set.of("access_logs"), InfraChecks.logTargetBuckets(m));
        assertEquals(Set.of("aws_kms_key.this"), InfraChecks.rotatedKeys(m));
    }

    @Test
    void everyBucketIsEncryptedVersionedPrivateTlsOnlyLoggedAndHasLifecycle() {
        assertNoViolations(InfraChecks.buckets(m));
    }

    @Test
    void dataBucketsLogIntoTheLogBucketUnderTheirOwnPrefix() {
        for (String bucket : List.of("raw", "processed", "quarantine")) {
            Block logging = InfraChecks.forBucket(m, "aws_s3_bucket_logging", bucket).get(0);
            assertTrue(refersTo(logging.get("target_bucket"), "aws_s3_bucket.access_logs", "id"), logging.toString());
            assertEquals("s3/" + bucket + "/", logging.get("target_prefix"));
        }
        assertTrue(InfraChecks.forBucket(m, "aws_s3_bucket_logging", "access_logs").isEmpty(), "log bucket is not logged");
    }

    @Test
    void logBucketAcceptsOnlyLogDeliveryForTheDataBuckets() {
        Statement delivery = Policies.documents(m).get("access_logs_bucket").stream()
                .filter(Statement::allows).findFirst().orElseThrow();
        assertEquals("logging.s3.amazonaws.com", delivery.principals().get(0).identifiers().get(0));
        assertEquals(List.of("s3:PutObject"), delivery.actions());
        assertEquals(List.of(new Ref("aws_s3_bucket.raw.arn"), new Ref("aws_s3_bucket.processed.arn"),
                new Ref("aws_s3_bucket.quarantine.arn")), delivery.condition("aws:SourceArn").values());
        assertTrue(delivery.condition("aws:SourceAccount") != null);
    }

    @Test
    void lifecycle() {
        assertNoViolations(InfraChecks.expiresAfter(m, "raw", "raw_expiration_days", 7));
        assertNoViolations(InfraChecks.expiresAfter(m, "quarantine", "quarantine_expiration_days", 90));
        assertNoViolations(InfraChecks.expiresAfter(m, "access_logs", "access_log_expiration_days", 365));
        Map<String, String> noncurrent = Map.of(
                "raw", "raw_noncurrent_version_expiration_days",
                "processed", "noncurrent_version_expiration_days",
                "quarantine", "noncurrent_version_expiration_days",
                "access_logs", "noncurrent_version_expiration_days");
        noncurrent.forEach((bucket, variable) -> {
            List<Map<String, Object>> rules = InfraChecks.lifecycleRules(m, bucket, new ArrayList<>(), bucket);
            assertTrue(rules.stream().anyMatch(r -> refersTo(path(r, "noncurrent_version_expiration", "noncurrent_days"),
                    "var", variable)), bucket + " noncurrent versions expire after var." + variable);
            assertTrue(rules.stream().anyMatch(r -> refersTo(path(r, "abort_incomplete_multipart_upload",
                    "days_after_initiation"), "var", "abort_incomplete_multipart_upload_days")), bucket);
        });
        // processed data is the product: no expiry of current versions
        List<Map<String, Object>> processed = InfraChecks.lifecycleRules(m, "processed", new ArrayList<>(), "processed");
        assertTrue(processed.stream().noneMatch(r -> path(r, "expiration", "days") != null));
    }

    @Test
    void requestMetricsForThe5xxAlarms() {
        assertEquals(Set.of("raw", "processed"), names("aws_s3_bucket_metric"));
    }

    // --- SQS / SNS / notification ---------------------------------------------------------

    @Test
    void queuesHaveDeadLetterQueuesAndEncryption() {
        assertEquals(Set.of("s3_events", "s3_events_dlq", "audit", "audit_dlq"), names("aws_sqs_queue"));
        assertEquals(Set.of("s3_events_dlq", "audit_dlq"), InfraChecks.deadLetterQueues(m));
        assertNoViolations(InfraChecks.queues(m));
        Block events = m.resource("aws_sqs_queue", "s3_events").orElseThrow();
        assertEquals(new Ref("var.events_visibility_timeout_seconds"), events.get("visibility_timeout_seconds"));
        assertTrue((Double) m.variables().get("events_visibility_timeout_seconds").get("default") >= 300,
                "visibility timeout default leaves time to process a large study");
        for (String q : List.of("s3_events", "audit")) {
            Hcl.JsonEncoded redrive = (Hcl.JsonEncoded) m.resource("aws_sqs_queue", q).orElseThrow().get("redrive_policy");
            assertEquals(new Ref("var.max_receive_count"), ((Map<?, ?>) redrive.value()).get("maxReceiveCount"));
        }
    }

    @Test
    void rawBucketNotifiesTheEventsQueueWhichOnlyThatBucketMayWrite() {
        assertNoViolations(InfraChecks.notification(m, "raw", "s3_events"));
    }

    @Test
    void optionalSnsAuditTopicIsEncryptedAndFansOutToTheAuditQueue() {
        Block topic = m.resource("aws_sns_topic", "audit").orElseThrow();
        assertTrue(refersTo(topic.get("kms_master_key_id"), "aws_kms_key.this", "arn"));
        assertTrue(topic.body().containsKey("count"), "created only with audit_destination = \"sns\"");
        Block subscription = m.resource("aws_sns_topic_subscription", "audit_to_sqs").orElseThrow();
        assertEquals("sqs", subscription.get("protocol"));
        assertTrue(refersTo(subscription.get("endpoint"), "aws_sqs_queue.audit", "arn"));
        Policies.Attached queuePolicy = Policies.attached(m).stream()
                .filter(a -> a.owner().address().equals("aws_sqs_queue_policy.audit")).findFirst().orElseThrow();
        Statement fanOut = queuePolicy.statements().get(0);
        assertEquals(List.of("sns.amazonaws.com"), fanOut.principals().get(0).identifiers());
        assertEquals(List.of(new Ref("aws_sns_topic.audit[0].arn")), fanOut.condition("aws:SourceArn").values());
        Block variable = m.variables().get("audit_destination");
        assertEquals("sqs", variable.get("default"));
        assertFalse(blocks(variable.get("validation")).isEmpty());
    }

    // --- IAM -----------------------------------------------------------------------------

    @Test
    void noWildcardActionsNoStarResourcesOutsideKeyPolicies() {
        assertNoViolations(InfraChecks.iamStatements(m));
    }

    @Test
    void serviceAccountRoleTrustsOnlyTheServiceAccount() {
        assertNoViolations(InfraChecks.irsaTrust(m, "app"));
        List<Statement> statements = InfraChecks.trust(m, "app", new ArrayList<>());
        assertEquals(1, statements.size(), "one trusted identity: not KEDA, which gets a role of its own");
        Statement trust = statements.get(0);
        Condition sub = trust.conditions().stream().filter(c -> c.variable().endsWith(":sub")).findFirst().orElseThrow();
        assertEquals("local.oidc_provider_host:sub", sub.variable());
        assertEquals(List.of("system:serviceaccount:var.k8s_namespace:var.k8s_service_account"), sub.values());
    }

    /**
     * The exact grants, resource by resource. A change here is a security decision: review it.
     * IamCoverageTest proves each one against the calls the application makes.
     */
    @Test
    void serviceAccountRoleHasExactlyTheseGrants() {
        List<String> v = new ArrayList<>();
        Map<String, Set<String>> grants = InfraChecks.permissions(m, "app", v);
        assertNoViolations(v);
        Map<String, Set<String>> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("aws_s3_bucket.raw.arn", Set.of("s3:ListBucket")),
                Map.entry("aws_s3_bucket.raw.arn/*", Set.of("s3:GetObject", "s3:DeleteObject")),
                // only with raw_after = "archive" (a dynamic statement), under the archive prefix
                Map.entry("aws_s3_bucket.raw.arn/var.raw_archive_prefix*", Set.of("s3:PutObject", "s3:AbortMultipartUpload")),
                // only with sftp_ingest_enabled (a dynamic statement), under sftp/ (routes/ingest-sftp.yaml)
                Map.entry("aws_s3_bucket.raw.arn/local.sftp_ingest_prefix*", Set.of("s3:PutObject", "s3:AbortMultipartUpload")),
                Map.entry("aws_s3_bucket.processed.arn", Set.of("s3:ListBucket")),
                Map.entry("aws_s3_bucket.processed.arn/*", Set.of("s3:PutObject", "s3:GetObject", "s3:DeleteObject",
                        "s3:AbortMultipartUpload")),
                Map.entry("aws_s3_bucket.quarantine.arn", Set.of("s3:ListBucket")),
                Map.entry("aws_s3_bucket.quarantine.arn/*", Set.of("s3:PutObject", "s3:AbortMultipartUpload")),
                Map.entry("aws_kms_key.this.arn", Set.of("kms:Decrypt", "kms:GenerateDataKey")),
                Map.entry("aws_sqs_queue.s3_events.arn", Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage",
                        "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl")),
                Map.entry("aws_sqs_queue.audit.arn", Set.of("sqs:SendMessage", "sqs:GetQueueUrl")),
                Map.entry("aws_sns_topic.audit[0].arn", Set.of("sns:Publish"))));
        assertEquals(expected, grants);
        assertTrue(grants.values().stream().noneMatch(a -> a.contains("s3:GetObjectVersion") || a.contains("s3:DeleteObjectVersion")),
                "no access to noncurrent (PHI) versions");
    }

    /**
     * KEDA reads the queue depth with a role of its own, which the KEDA operator's service account
     * assumes with its web identity (or, only if keda_operator_role_arn is set, the operator's
     * role with sts:AssumeRole): KEDA's two ways of obtaining a podIdentity roleArn.
     */
    @Test
    void kedaRoleTrustsOnlyTheKedaOperator() throws Exception {
        assertNoViolations(InfraChecks.kedaTrust(m, "keda", "system:serviceaccount:var.keda_namespace:var.keda_service_account",
                "var.keda_operator_role_arn"));
        Map<String, Object> doc = m.data("aws_iam_policy_document", "keda_trust").orElseThrow().body();
        List<Map<String, Object>> fixed = blocks(doc.get("statement"));
        assertEquals(1, fixed.size(), "always: the operator's web identity");
        assertEquals(List.of("sts:AssumeRoleWithWebIdentity"), fixed.get(0).get("actions"));
        List<Map<String, Object>> dynamics = blocks(path(doc, "dynamic", "statement"));
        assertEquals(1, dynamics.size(), "the AssumeRole fallback is conditional");
        // hcl4j evaluates the conditional of for_each itself, so the source text is checked.
        assertTrue(Pattern.compile("dynamic \"statement\" \\{\\s*for_each\\s*=\\s*var\\.keda_operator_role_arn\\s*==\\s*null"
                + "\\s*\\?\\s*\\[\\]\\s*:").matcher(Files.readString(Terraform.MODULE.resolve("iam.tf"))).find(),
                "only when keda_operator_role_arn is set");
        assertEquals("keda", m.variables().get("keda_namespace").get("default"));
        assertEquals("keda-operator", m.variables().get("keda_service_account").get("default"));
        Block operatorRole = m.variables().get("keda_operator_role_arn");
        assertTrue(operatorRole.body().containsKey("default") && operatorRole.get("default") == null, "web identity only by default");
    }

    /** The exact grants of the KEDA role: the queue depth of s3-events, no data, no key. */
    @Test
    void kedaRoleHasExactlyTheseGrants() {
        List<String> v = new ArrayList<>();
        Map<String, Set<String>> grants = InfraChecks.permissions(m, "keda", v);
        assertNoViolations(v);
        assertEquals(Map.of("aws_sqs_queue.s3_events.arn", Set.of("sqs:GetQueueAttributes")), grants);
        for (Statement s : Policies.documents(m).get("kms")) {
            assertTrue(s.principals().stream().flatMap(p -> p.identifiers().stream())
                    .noneMatch(id -> refersTo(id, "aws_iam_role.keda", "arn")), s + " must not name the KEDA role");
        }
    }

    /** K8sChecks derives the KEDA role's ARN from the pods' role by this naming. */
    @Test
    void roleNames() {
        assertEquals("var.name-var.environment-pipeline", m.resource("aws_iam_role", "app").orElseThrow().get("name"));
        assertEquals("var.name-var.environment-keda", m.resource("aws_iam_role", "keda").orElseThrow().get("name"));
    }

    @Test
    void auditGrantsFollowTheAuditDestination() {
        List<Statement> statements = Policies.documents(m).get("app");
        Map<String, Object> doc = m.data("aws_iam_policy_document", "app").orElseThrow().body();
        List<Map<String, Object>> dynamics = blocks(path(doc, "dynamic", "statement"));
        assertEquals(4, dynamics.size(), "SQS send, SNS publish, the raw archive and the SFTP upload are conditional statements");
        assertTrue(statements.stream().filter(s -> s.actions().contains("sqs:SendMessage")).count() == 1);
        assertTrue(statements.stream().filter(s -> s.actions().contains("sns:Publish")).count() == 1);
    }

    // --- KMS -----------------------------------------------------------------------------

    @Test
    void customerManagedKeyRotatesAndItsPolicyIsLeastPrivilege() {
        assertNoViolations(InfraChecks.kmsKeys(m));
        List<Statement> policy = Policies.documents(m).get("kms");
        Statement app = policy.stream().filter(s -> "PipelineUseThroughServices".equals(s.sid())).findFirst().orElseThrow();
        assertEquals(List.of(new Ref("aws_iam_role.app.arn")), app.principals().get(0).identifiers());
        assertEquals("kms:ViaService", app.condition("kms:ViaService").variable());
        Statement admin = policy.stream().filter(s -> "KeyAdministration".equals(s.sid())).findFirst().orElseThrow();
        assertTrue(admin.actions().stream().noneMatch(InfraChecks.KMS_USE_ACTIONS::contains), "administrators cannot decrypt");
        assertTrue(admin.actions().contains("kms:PutKeyPolicy"), "keeps the key manageable");
    }

    // --- alarms, outputs, variables --------------------------------------------------------

    @Test
    void alarmsForDeadLetterQueuesAgeAnd5xx() {
        assertNoViolations(InfraChecks.alarms(m, "s3_events", List.of("raw", "processed")));
        assertTrue(InfraChecks.alarms(m).stream().anyMatch(a -> a.is("AWS/SQS", "ApproximateAgeOfOldestMessage")
                && refersTo(a.dimension("QueueName"), "aws_sqs_queue.audit", "name")), "audit queue age alarm");
        for (InfraChecks.Alarm a : InfraChecks.alarms(m)) {
            assertEquals(new Ref("local.alarm_actions"), a.body().get("alarm_actions"), a.block().toString());
        }
    }

    @Test
    void appEnvironmentHasExactlyTheApplicationsKeys() {
        assertNoViolations(InfraChecks.appEnvironment(m));
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) m.outputs().get("app_environment").get("value");
        assertEquals("aws", env.get("MIP_MODE"));
        assertEquals(new Ref("aws_s3_bucket.raw.bucket"), env.get("MIP_S3_RAW_BUCKET"));
        assertEquals(new Ref("aws_s3_bucket.processed.bucket"), env.get("MIP_S3_PROCESSED_BUCKET"));
        assertEquals(new Ref("aws_s3_bucket.quarantine.bucket"), env.get("MIP_S3_QUARANTINE_BUCKET"));
        assertEquals(new Ref("aws_kms_key.this.arn"), env.get("MIP_S3_KMS_KEY_ID"));
        assertEquals(new Ref("aws_sqs_queue.s3_events.name"), env.get("MIP_SQS_EVENTS_QUEUE"));
        assertEquals(new Ref("var.audit_destination"), env.get("MIP_AUDIT_DESTINATION"));
        assertEquals(new Ref("aws_sqs_queue.audit.name"), env.get("MIP_AUDIT_QUEUE"));
        assertEquals(new Ref("aws_iam_role.app.arn"), m.outputs().get("service_account_role_arn").get("value"));
        assertEquals(new Ref("aws_iam_role.keda.arn"), m.outputs().get("keda_role_arn").get("value"));
    }

    @Test
    void variablesAreDescribedAndValidated() {
        assertNoViolations(InfraChecks.variables(m));
        assertEquals(7.0, m.variables().get("raw_expiration_days").get("default"));
        assertEquals(90.0, m.variables().get("quarantine_expiration_days").get("default"));
    }

    @Test
    void requiresTerraform15AndAwsProvider6() {
        assertNoViolations(InfraChecks.versions(m, false));
    }
}
