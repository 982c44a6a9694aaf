package org.mip.infra;

import static org.mip.infra.Terraform.assertNoViolations;
import static org.mip.infra.Terraform.assertReported;
import static org.mip.infra.Terraform.mutated;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checks can fail: deliberately bad snippets, and the real module with one property
 * broken, are reported.
 */
class InfraChecksNegativeTest {

    // --- small snippets --------------------------------------------------------------

    private static final String KEY = """
            resource "aws_kms_key" "k" {
              enable_key_rotation     = true
              deletion_window_in_days = 30
            }
            """;

    @Test
    void bucketWithoutEncryptionOrAnythingElse() {
        TfModule m = TfModule.of(KEY + """
                resource "aws_s3_bucket" "naked" {
                  bucket = "naked"
                }
                """);
        assertReported(InfraChecks.buckets(m),
                "aws_s3_bucket.naked (snippet.tf): no aws_s3_bucket_server_side_encryption_configuration",
                "aws_s3_bucket.naked (snippet.tf): versioning is not Enabled",
                "aws_s3_bucket.naked (snippet.tf): no aws_s3_bucket_public_access_block",
                "aws_s3_bucket.naked (snippet.tf): object ownership is not BucketOwnerEnforced",
                "aws_s3_bucket.naked (snippet.tf): expected one aws_s3_bucket_policy, found 0",
                "aws_s3_bucket.naked (snippet.tf): server access logging into the access-log bucket is not configured",
                "aws_s3_bucket.naked (snippet.tf): expected one aws_s3_bucket_lifecycle_configuration");
    }

    @Test
    void bucketEncryptedWithSseS3OrAnUnrotatedKeyIsNotEnough() {
        TfModule m = TfModule.of("""
                resource "aws_kms_key" "unrotated" {}
                resource "aws_s3_bucket" "a" {}
                resource "aws_s3_bucket_server_side_encryption_configuration" "a" {
                  bucket = aws_s3_bucket.a.id
                  rule {
                    apply_server_side_encryption_by_default {
                      sse_algorithm = "AES256"
                    }
                  }
                }
                resource "aws_s3_bucket" "b" {}
                resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
                  bucket = aws_s3_bucket.b.id
                  rule {
                    apply_server_side_encryption_by_default {
                      sse_algorithm     = "aws:kms"
                      kms_master_key_id = aws_kms_key.unrotated.arn
                    }
                  }
                }
                """);
        assertReported(InfraChecks.buckets(m),
                "aws_s3_bucket.a (snippet.tf): default encryption is not SSE-KMS (aws:kms), found AES256",
                "aws_s3_bucket.b (snippet.tf): default encryption key is not a customer-managed key of this module with rotation enabled",
                "aws_s3_bucket.b (snippet.tf): bucket_key_enabled is not true");
    }

    @Test
    void wildcardActionsInEveryPolicyForm() {
        TfModule m = TfModule.of("""
                resource "aws_iam_role_policy" "json" {
                  role = aws_iam_role.r.id
                  policy = jsonencode({
                    Version   = "2012-10-17"
                    Statement = [{ Effect = "Allow", Action = "s3:*", Resource = aws_s3_bucket.b.arn }]
                  })
                }
                resource "aws_iam_role_policy" "heredoc" {
                  role   = aws_iam_role.r.id
                  policy = <<-EOT
                    {"Version": "2012-10-17",
                     "Statement": [{"Effect": "Allow", "Action": ["sqs:*"], "Resource": "arn:aws:sqs:eu-central-1:111122223333:q"}]}
                  EOT
                }
                resource "aws_iam_role_policy" "doc" {
                  role   = aws_iam_role.r.id
                  policy = data.aws_iam_policy_document.d.json
                }
                data "aws_iam_policy_document" "d" {
                  statement {
                    actions   = ["kms:*", "s3:Get*"]
                    resources = [aws_kms_key.k.arn]
                  }
                  dynamic "statement" {
                    for_each = var.on ? [1] : []
                    content {
                      actions   = ["*"]
                      resources = ["*"]
                    }
                  }
                }
                """);
        assertReported(InfraChecks.iamStatements(m),
                "aws_iam_role_policy.json.policy (snippet.tf): wildcard action s3:*",
                "aws_iam_role_policy.heredoc.policy (snippet.tf): wildcard action sqs:*",
                "data.aws_iam_policy_document.d (snippet.tf): wildcard action kms:*",
                "data.aws_iam_policy_document.d (snippet.tf): wildcard action s3:Get*",
                "data.aws_iam_policy_document.d (snippet.tf): wildcard action *",
                "data.aws_iam_policy_document.d (snippet.tf): Resource \"*\"");
    }

    @Test
    void starResourceOnlyInKeyPoliciesAndPoliciesMustBeInspectable() {
        TfModule m = TfModule.of("""
                resource "aws_kms_key" "k" {
                  enable_key_rotation = true
                  policy = jsonencode({
                    Statement = [{ Effect = "Allow", Principal = { AWS = aws_iam_role.r.arn }, Action = "kms:Decrypt", Resource = "*" }]
                  })
                }
                resource "aws_iam_role_policy" "star" {
                  role   = aws_iam_role.r.id
                  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "kms:Decrypt", Resource = "*" }] })
                }
                resource "aws_iam_role_policy" "opaque" {
                  role   = aws_iam_role.r.id
                  policy = local.some_policy
                }
                resource "aws_iam_role_policy" "public" {
                  role   = aws_iam_role.r.id
                  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = aws_s3_bucket.b.arn }] })
                }
                """);
        List<String> v = InfraChecks.iamStatements(m);
        assertReported(v,
                "aws_iam_role_policy.star.policy (snippet.tf): Resource \"*\"",
                "aws_iam_role_policy.opaque.policy (snippet.tf): not an inspectable policy",
                "aws_iam_role_policy.public.policy (snippet.tf): allows everyone");
        org.junit.jupiter.api.Assertions.assertTrue(v.stream().noneMatch(x -> x.startsWith("aws_kms_key.k")),
                "Resource \"*\" is what a key policy must say: " + v);
    }

    @Test
    void queueWithoutDeadLetterQueueOrEncryption() {
        TfModule m = TfModule.of("""
                resource "aws_sqs_queue" "plain" {
                  name = "plain"
                }
                """);
        assertReported(InfraChecks.queues(m),
                "aws_sqs_queue.plain (snippet.tf): no redrive_policy",
                "aws_sqs_queue.plain (snippet.tf): not encrypted",
                "aws_sqs_queue.plain (snippet.tf): no visibility_timeout_seconds");
    }

    @Test
    void trustWithoutAudienceOrWithAWildcardSubject() {
        TfModule m = TfModule.of("""
                resource "aws_iam_role" "app" {
                  assume_role_policy = jsonencode({
                    Statement = [{
                      Effect    = "Allow"
                      Action    = "sts:AssumeRoleWithWebIdentity"
                      Principal = { Federated = var.oidc_provider_arn }
                      Condition = { StringLike = { "oidc.example/id/X:sub" = "system:serviceaccount:*" } }
                    }]
                  })
                }
                """);
        assertReported(InfraChecks.irsaTrust(m, "app"),
                "needs StringEquals <issuer>:sub", "needs StringEquals <issuer>:aud = sts.amazonaws.com");
    }

    @Test
    void appEnvironmentWithAMissingAndAnExtraKey() {
        TfModule m = TfModule.of("""
                output "app_environment" {
                  value = {
                    MIP_MODE                 = "aws"
                    MIP_AWS_REGION           = "eu-central-1"
                    MIP_S3_RAW_BUCKET        = "raw"
                    MIP_S3_PROCESSED_BUCKET  = "processed"
                    MIP_S3_QUARANTINE_BUCKET = "quarantine"
                    MIP_S3_KMS_KEY_ID        = "key"
                    MIP_SQS_EVENTS_QUEUE     = "q"
                    MIP_SQS_QUEUE_OWNER_ACCOUNT_ID = "111122223333"
                    MIP_AUDIT_DESTINATION    = "sqs"
                    MIP_AUDIT_QUEUE          = "q"
                    MIP_RAW_AFTER            = "delete"
                    MIP_RAW_ARCHIVE_PREFIX   = "archive/"
                    MIP_INGEST_SFTP_ENABLED  = "false"
                    MIP_S3_BUCKET            = "typo"
                  }
                }
                """);
        assertReported(InfraChecks.appEnvironment(m), "missing keys [MIP_AUDIT_TOPIC_ARN]", "unexpected keys [MIP_S3_BUCKET]");
    }

    @Test
    void variableWithoutDescriptionOrValidation() {
        TfModule m = TfModule.of("""
                variable "days" {
                  type = number
                }
                """);
        assertReported(InfraChecks.variables(m), "variable.days (snippet.tf): no description",
                "variable.days (snippet.tf): string/number variable without a validation");
    }

    // --- the real module, one property broken --------------------------------------------

    @Test
    void realModuleWithoutBucketKeyOnProcessed() {
        TfModule m = mutated("s3.tf", """
                resource "aws_s3_bucket_server_side_encryption_configuration" "processed" {
                  bucket = aws_s3_bucket.processed.id
                  rule {
                    apply_server_side_encryption_by_default {
                      sse_algorithm     = "aws:kms"
                      kms_master_key_id = aws_kms_key.this.arn
                    }
                    bucket_key_enabled = true""", """
                resource "aws_s3_bucket_server_side_encryption_configuration" "processed" {
                  bucket = aws_s3_bucket.processed.id
                  rule {
                    apply_server_side_encryption_by_default {
                      sse_algorithm     = "aws:kms"
                      kms_master_key_id = aws_kms_key.this.arn
                    }
                    bucket_key_enabled = false""");
        assertReported(InfraChecks.buckets(m), "aws_s3_bucket.processed (s3.tf): bucket_key_enabled is not true");
    }

    @Test
    void realModuleWithKmsOnTheLogBucket() {
        TfModule m = mutated("s3.tf", """
                      # SSE-S3: the only default encryption S3 server access logging supports on its target.
                      sse_algorithm = "AES256\"""", """
                      sse_algorithm = "aws:kms\"""");
        assertReported(InfraChecks.buckets(m), "aws_s3_bucket.access_logs (s3.tf): access-log bucket must use SSE-S3 (AES256)");
    }

    @Test
    void realModuleWithAPublicAccessFlagOff() {
        TfModule m = mutated("s3.tf", """
                resource "aws_s3_bucket_public_access_block" "quarantine" {
                  bucket                  = aws_s3_bucket.quarantine.id
                  block_public_acls       = true
                  block_public_policy     = true
                  ignore_public_acls      = true
                  restrict_public_buckets = true""", """
                resource "aws_s3_bucket_public_access_block" "quarantine" {
                  bucket                  = aws_s3_bucket.quarantine.id
                  block_public_acls       = true
                  block_public_policy     = true
                  ignore_public_acls      = true
                  restrict_public_buckets = false""");
        assertReported(InfraChecks.buckets(m), "aws_s3_bucket.quarantine (s3.tf): public access block restrict_public_buckets is not true");
    }

    @Test
    void realModuleWithoutTheTlsDenyOnRaw() {
        TfModule m = mutated("s3.tf", """
                data "aws_iam_policy_document" "raw_bucket" {
                  statement {
                    sid    = "DenyInsecureTransport\"""", """
                data "aws_iam_policy_document" "raw_bucket" {
                  statement {
                    sid    = "NoLongerATlsDeny\"""");
        assertNoViolations(InfraChecks.buckets(m)); // the sid is a name, not the rule
        TfModule broken = mutated("s3.tf", """
                    resources = [aws_s3_bucket.raw.arn, "${aws_s3_bucket.raw.arn}/*"]
                    condition {
                      test     = "Bool"
                      variable = "aws:SecureTransport"
                      values   = ["false"]""", """
                    resources = [aws_s3_bucket.raw.arn, "${aws_s3_bucket.raw.arn}/*"]
                    condition {
                      test     = "Bool"
                      variable = "aws:SecureTransport"
                      values   = ["true"]""");
        assertReported(InfraChecks.buckets(broken), "aws_s3_bucket.raw (s3.tf): bucket policy has no Deny for aws:SecureTransport");
    }

    @Test
    void realModuleNotifyingOnRemovalOrWithAnOpenQueuePolicy() {
        assertReported(InfraChecks.notification(mutated("sqs.tf", "s3:ObjectCreated:*", "s3:ObjectRemoved:*"), "raw", "s3_events"),
                "no queue notification of s3:ObjectCreated:* to aws_sqs_queue.s3_events");
        assertReported(InfraChecks.notification(mutated("sqs.tf",
                        "ArnEquals    = { \"aws:SourceArn\" = aws_s3_bucket.raw.arn }\n", ""), "raw", "s3_events"),
                "the events queue policy may only allow s3.amazonaws.com");
    }

    @Test
    void realModuleWithoutTheOutdatedTlsDenyOnTheLogBucket() {
        TfModule m = mutated("s3.tf", """
                    resources = [aws_s3_bucket.access_logs.arn, "${aws_s3_bucket.access_logs.arn}/*"]
                    condition {
                      test     = "NumericLessThan"
                """, """
                    resources = [aws_s3_bucket.access_logs.arn, "${aws_s3_bucket.access_logs.arn}/*"]
                    condition {
                      test     = "NumericGreaterThan"
                """);
        assertReported(InfraChecks.buckets(m), "aws_s3_bucket.access_logs", "no Deny for s3:TlsVersion < 1.2");
    }

    @Test
    void realModuleWithAWildcardGrantOrAnExtraPermission() {
        TfModule wildcard = mutated("iam.tf", "\"s3:DeleteObject\",\n      \"s3:GetObject\",\n    ]\n    resources = [\"${aws_s3_bucket.raw.arn}/*\"]",
                "\"s3:DeleteObject*\",\n      \"s3:GetObject\",\n    ]\n    resources = [\"${aws_s3_bucket.raw.arn}/*\"]");
        assertReported(InfraChecks.iamStatements(wildcard), "data.aws_iam_policy_document.app [RawObjectsReadAndDelete] (iam.tf): wildcard action s3:DeleteObject*");
        TfModule version = mutated("iam.tf", "\"s3:DeleteObject\",\n      \"s3:GetObject\",\n    ]\n    resources = [\"${aws_s3_bucket.raw.arn}/*\"]",
                "\"s3:DeleteObject\",\n      \"s3:GetObjectVersion\",\n      \"s3:GetObject\",\n    ]\n    resources = [\"${aws_s3_bucket.raw.arn}/*\"]");
        List<String> v = new ArrayList<>();
        Map<String, java.util.Set<String>> grants = InfraChecks.permissions(version, "app", v);
        org.junit.jupiter.api.Assertions.assertTrue(grants.get("aws_s3_bucket.raw.arn/*").contains("s3:GetObjectVersion"),
                "the exact-grants test would see it: " + grants);
    }

    @Test
    void realModuleWithoutRedriveOrDlqAlarm() {
        TfModule noRedrive = mutated("sqs.tf", """
                  redrive_policy = jsonencode({
                    deadLetterTargetArn = aws_sqs_queue.audit_dlq.arn
                    maxReceiveCount     = var.max_receive_count
                  })
                """, "");
        assertReported(InfraChecks.queues(noRedrive), "aws_sqs_queue.audit (sqs.tf): no redrive_policy");

        TfModule noAlarm = mutated("alarms.tf", "dimensions          = { QueueName = aws_sqs_queue.audit_dlq.name }",
                "dimensions          = { QueueName = aws_sqs_queue.audit.name }");
        assertReported(InfraChecks.alarms(noAlarm, "s3_events", List.of("raw", "processed")),
                "aws_sqs_queue.audit_dlq: no alarm ApproximateNumberOfMessagesVisible > 0");

        TfModule noMetric = mutated("s3.tf", """
                resource "aws_s3_bucket_metric" "processed" {
                  bucket = aws_s3_bucket.processed.id""", """
                resource "aws_s3_bucket_metric" "processed" {
                  bucket = aws_s3_bucket.raw.id""");
        assertReported(InfraChecks.alarms(noMetric, "s3_events", List.of("raw", "processed")),
                "aws_s3_bucket.processed: no aws_s3_bucket_metric");
    }

    @Test
    void realModuleWithoutTheAudienceCondition() {
        TfModule m = mutated("iam.tf", """
                      values   = ["system:serviceaccount:${var.k8s_namespace}:${var.k8s_service_account}"]
                    }
                    condition {
                      test     = "StringEquals"
                      variable = "${local.oidc_provider_host}:aud"
                      values   = ["sts.amazonaws.com"]
                    }
                """, """
                      values   = ["system:serviceaccount:${var.k8s_namespace}:${var.k8s_service_account}"]
                    }
                """);
        assertReported(InfraChecks.irsaTrust(m, "app"), "needs StringEquals <issuer>:aud = sts.amazonaws.com");
        assertNoViolations(kedaTrust(m));
    }

    // --- the KEDA role -----------------------------------------------------------------

    private static final String KEDA_SUBJECT = "system:serviceaccount:var.keda_namespace:var.keda_service_account";

    private static List<String> kedaTrust(TfModule m) {
        return InfraChecks.kedaTrust(m, "keda", KEDA_SUBJECT, "var.keda_operator_role_arn");
    }

    @Test
    void realModuleKedaRoleTrustedByThePipelinesServiceAccountOrWithoutAudience() {
        TfModule pipelineSa = mutated("iam.tf",
                "values   = [\"system:serviceaccount:${var.keda_namespace}:${var.keda_service_account}\"]",
                "values   = [\"system:serviceaccount:${var.k8s_namespace}:${var.k8s_service_account}\"]");
        assertReported(kedaTrust(pipelineSa), "[KedaOperatorWebIdentity] (iam.tf): <issuer>:sub must be " + KEDA_SUBJECT
                + ", found system:serviceaccount:var.k8s_namespace:var.k8s_service_account");
        TfModule anyKedaSa = mutated("iam.tf", """
                      test     = "StringEquals"
                      variable = "${local.oidc_provider_host}:sub"
                      values   = ["system:serviceaccount:${var.keda_namespace}:${var.keda_service_account}"]""", """
                      test     = "StringLike"
                      variable = "${local.oidc_provider_host}:sub"
                      values   = ["system:serviceaccount:${var.keda_namespace}:*"]""");
        assertReported(kedaTrust(anyKedaSa), "needs StringEquals <issuer>:sub");
        TfModule noAudience = mutated("iam.tf", """
                      values   = ["system:serviceaccount:${var.keda_namespace}:${var.keda_service_account}"]
                    }
                    condition {
                      test     = "StringEquals"
                      variable = "${local.oidc_provider_host}:aud"
                      values   = ["sts.amazonaws.com"]
                    }
                """, """
                      values   = ["system:serviceaccount:${var.keda_namespace}:${var.keda_service_account}"]
                    }
                """);
        assertReported(kedaTrust(noAudience), "[KedaOperatorWebIdentity] (iam.tf): needs StringEquals <issuer>:aud = sts.amazonaws.com");
        assertNoViolations(InfraChecks.irsaTrust(noAudience, "app"));
    }

    @Test
    void realModuleKedaRoleTrustingAWholeAccountOrAnyone() {
        TfModule root = mutated("iam.tf", "identifiers = [var.keda_operator_role_arn]",
                "identifiers = [\"arn:aws:iam::111122223333:root\"]");
        assertReported(kedaTrust(root), "[KedaOperatorRole] (iam.tf): the KEDA role may only be assumed with the KEDA"
                + " operator's web identity or, with sts:AssumeRole, by exactly var.keda_operator_role_arn");
        TfModule anyone = mutated("iam.tf", """
                        type        = "AWS"
                        identifiers = [var.keda_operator_role_arn]""", """
                        type        = "*"
                        identifiers = ["*"]""");
        assertReported(kedaTrust(anyone), "[KedaOperatorRole] (iam.tf): the KEDA role may only be assumed");
    }

    @Test
    void kedaRoleWithoutTheOperatorsWebIdentity() {
        TfModule m = TfModule.of("""
                resource "aws_iam_role" "keda" {
                  assume_role_policy = jsonencode({
                    Statement = [{
                      Effect    = "Allow"
                      Action    = "sts:AssumeRole"
                      Principal = { AWS = var.keda_operator_role_arn }
                    }]
                  })
                }
                """);
        assertReported(kedaTrust(m), "aws_iam_role.keda: trust policy does not let the KEDA operator's service account");
    }

    @Test
    void realModuleKedaRoleWithMoreThanTheQueueDepth() {
        TfModule receive = mutated("iam.tf", "actions   = [\"sqs:GetQueueAttributes\"]",
                "actions   = [\"sqs:GetQueueAttributes\", \"sqs:ReceiveMessage\"]");
        List<String> v = new ArrayList<>();
        Map<String, java.util.Set<String>> grants = InfraChecks.permissions(receive, "keda", v);
        assertNoViolations(v);
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Set.of("sqs:GetQueueAttributes", "sqs:ReceiveMessage"),
                grants.get("aws_sqs_queue.s3_events.arn"), "the exact-grants test would see it: " + grants);
        TfModule wildcard = mutated("iam.tf", "actions   = [\"sqs:GetQueueAttributes\"]", "actions   = [\"sqs:Get*\"]");
        assertReported(InfraChecks.iamStatements(wildcard),
                "data.aws_iam_policy_document.keda [ReadS3EventsQueueDepth] (iam.tf): wildcard action sqs:Get*");
        TfModule audit = mutated("iam.tf", "resources = [aws_sqs_queue.s3_events.arn]\n  }\n}\n",
                "resources = [aws_sqs_queue.s3_events.arn, aws_sqs_queue.audit.arn]\n  }\n}\n");
        org.junit.jupiter.api.Assertions.assertTrue(InfraChecks.permissions(audit, "keda", new ArrayList<>())
                .containsKey("aws_sqs_queue.audit.arn"), "the exact-grants test would see another queue");
    }

    @Test
    void realModuleWithoutTheS3ServiceInTheKeyPolicy() {
        TfModule m = mutated("kms.tf", "identifiers = [\"s3.amazonaws.com\"]", "identifiers = [\"logging.s3.amazonaws.com\"]");
        assertReported(InfraChecks.kmsKeys(m), "does not let s3.amazonaws.com use kms:GenerateDataKey and kms:Decrypt");
        TfModule root = mutated("kms.tf", "identifiers = [aws_iam_role.app.arn]",
                "identifiers = [\"arn:aws:iam::111122223333:root\"]");
        assertReported(InfraChecks.kmsKeys(root), "grants use of the key to a whole account or everyone");
    }
}
