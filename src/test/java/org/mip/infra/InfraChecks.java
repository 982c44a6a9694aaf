package org.mip.infra;

import static org.mip.infra.TfModule.blocks;
import static org.mip.infra.TfModule.instances;
import static org.mip.infra.TfModule.list;
import static org.mip.infra.TfModule.path;
import static org.mip.infra.TfModule.refersTo;
import static org.mip.infra.TfModule.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mip.infra.Hcl.JsonEncoded;
import org.mip.infra.Hcl.Ref;
import org.mip.infra.Policies.Attached;
import org.mip.infra.Policies.Condition;
import org.mip.infra.Policies.Principal;
import org.mip.infra.Policies.Statement;
import org.mip.infra.TfModule.Block;

/**
 * The security and shape rules for the Terraform code. Each check returns the violations it
 * found (empty = passes), each naming the resource and its file, so that a test can assert on
 * the real configuration (no violation) and on deliberately bad snippets (violation reported).
 */
final class InfraChecks {

    private InfraChecks() {}

    static final String SECURE_TRANSPORT = "aws:SecureTransport";
    static final Set<String> KMS_USE_ACTIONS = Set.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey",
            "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:CreateGrant");

    // --- S3 ------------------------------------------------------------------------------

    /** Resources of {@code type} whose {@code bucket} attribute refers to bucket {@code name}. */
    static List<Block> forBucket(TfModule m, String type, String name) {
        return m.resources(type).stream()
                .filter(b -> refersTo(b.get("bucket"), "aws_s3_bucket." + name, "id", "bucket"))
                .toList();
    }

    /** Buckets that receive server access logs (targets of an aws_s3_bucket_logging). */
    static Set<String> logTargetBuckets(TfModule m) {
        Set<String> out = new TreeSet<>();
        for (Block logging : m.resources("aws_s3_bucket_logging")) {
            for (Block bucket : m.resources("aws_s3_bucket")) {
                if (refersTo(logging.get("target_bucket"), "aws_s3_bucket." + bucket.name(), "id", "bucket")) {
                    out.add(bucket.name());
                }
            }
        }
        return out;
    }

    /** Customer-managed keys of the module with rotation on, as reference prefixes ("aws_kms_key.this"). */
    static Set<String> rotatedKeys(TfModule m) {
        Set<String> out = new TreeSet<>();
        for (Block key : m.resources("aws_kms_key")) {
            if (Boolean.TRUE.equals(key.get("enable_key_rotation"))) {
                out.add("aws_kms_key." + key.name());
            }
        }
        return out;
    }

    static boolean isKeyRef(Object value, Set<String> keys) {
        return keys.stream().anyMatch(k -> refersTo(value, k, "arn", "id", "key_id"));
    }

    /**
     * Every bucket: versioning, all four public access blocks, BucketOwnerEnforced, default
     * encryption (data buckets: SSE-KMS with a rotated CMK of the module and an S3 Bucket Key;
     * access-log buckets: SSE-S3, the only default encryption server access logging supports),
     * a bucket policy with a TLS-only deny, lifecycle rules for noncurrent versions and
     * incomplete multipart uploads. Data buckets also: server access logging into a log bucket
     * and a policy denying PutObject with another encryption or another key.
     */
    static List<String> buckets(TfModule m) {
        List<String> v = new ArrayList<>();
        Set<String> logBuckets = logTargetBuckets(m);
        Set<String> keys = rotatedKeys(m);
        for (Block bucket : m.resources("aws_s3_bucket")) {
            String b = bucket.name();
            String where = bucket.toString();
            boolean logBucket = logBuckets.contains(b);

            if (bucket.get("acl") != null || bucket.get("policy") != null
                    || bucket.get("server_side_encryption_configuration") != null) {
                v.add(where + ": use the separate aws_s3_bucket_* resources, not inline acl/policy/encryption");
            }

            List<Block> versioning = forBucket(m, "aws_s3_bucket_versioning", b);
            if (versioning.size() != 1
                    || !"Enabled".equals(path(versioning.get(0).body(), "versioning_configuration", "status"))) {
                v.add(where + ": versioning is not Enabled (aws_s3_bucket_versioning)");
            }

            List<Block> pab = forBucket(m, "aws_s3_bucket_public_access_block", b);
            if (pab.size() != 1) {
                v.add(where + ": no aws_s3_bucket_public_access_block");
            } else {
                for (String flag : List.of("block_public_acls", "block_public_policy", "ignore_public_acls",
                        "restrict_public_buckets")) {
                    if (!Boolean.TRUE.equals(pab.get(0).get(flag))) {
                        v.add(where + ": public access block " + flag + " is not true");
                    }
                }
            }

            List<Block> ownership = forBucket(m, "aws_s3_bucket_ownership_controls", b);
            if (ownership.size() != 1
                    || !"BucketOwnerEnforced".equals(path(ownership.get(0).body(), "rule", "object_ownership"))) {
                v.add(where + ": object ownership is not BucketOwnerEnforced (ACLs must be disabled)");
            }

            List<Block> sse = forBucket(m, "aws_s3_bucket_server_side_encryption_configuration", b);
            if (sse.size() != 1) {
                v.add(where + ": no aws_s3_bucket_server_side_encryption_configuration");
            } else {
                Map<String, Object> body = sse.get(0).body();
                Object algorithm = path(body, "rule", "apply_server_side_encryption_by_default", "sse_algorithm");
                Object key = path(body, "rule", "apply_server_side_encryption_by_default", "kms_master_key_id");
                if (logBucket) {
                    if (!"AES256".equals(algorithm)) {
                        v.add(where + ": access-log bucket must use SSE-S3 (AES256); server access logging"
                                + " does not deliver to a bucket with SSE-KMS default encryption, found " + algorithm);
                    }
                } else {
                    if (!"aws:kms".equals(algorithm)) {
                        v.add(where + ": default encryption is not SSE-KMS (aws:kms), found " + algorithm);
                    }
                    if (!isKeyRef(key, keys)) {
                        v.add(where + ": default encryption key is not a customer-managed key of this module"
                                + " with rotation enabled, found " + key);
                    }
                    if (!Boolean.TRUE.equals(path(body, "rule", "bucket_key_enabled"))) {
                        v.add(where + ": bucket_key_enabled is not true");
                    }
                }
            }

            List<Statement> policy = bucketPolicy(m, b, v, where);
            if (policy != null) {
                if (policy.stream().noneMatch(s -> isTlsDeny(s, b))) {
                    v.add(where + ": bucket policy has no Deny for aws:SecureTransport = false on the bucket and its objects");
                }
                if (policy.stream().noneMatch(s -> isOutdatedTlsDeny(s, b))) {
                    v.add(where + ": bucket policy has no Deny for s3:TlsVersion < 1.2 on the bucket and its objects");
                }
                if (!logBucket) {
                    if (policy.stream().noneMatch(s -> deniesPut(s, "s3:x-amz-server-side-encryption", "aws:kms"))) {
                        v.add(where + ": bucket policy does not deny PutObject with an encryption other than aws:kms"
                                + " (StringNotEquals with a Null = false guard: a request without the header gets the default)");
                    }
                    if (policy.stream().noneMatch(s -> deniesPutWithOtherKey(s, keys))) {
                        v.add(where + ": bucket policy does not deny PutObject with a KMS key other than the CMK");
                    }
                }
            }

            if (!logBucket) {
                List<Block> logging = forBucket(m, "aws_s3_bucket_logging", b);
                if (logging.size() != 1 || logBuckets.isEmpty()
                        || logBuckets.stream().noneMatch(l -> refersTo(logging.get(0).get("target_bucket"),
                                "aws_s3_bucket." + l, "id", "bucket"))) {
                    v.add(where + ": server access logging into the access-log bucket is not configured");
                }
            }

            List<Map<String, Object>> rules = lifecycleRules(m, b, v, where);
            if (rules != null) {
                if (rules.stream().noneMatch(r -> path(r, "abort_incomplete_multipart_upload", "days_after_initiation") != null)) {
                    v.add(where + ": no lifecycle rule aborts incomplete multipart uploads");
                }
                if (rules.stream().noneMatch(r -> path(r, "noncurrent_version_expiration", "noncurrent_days") != null)) {
                    v.add(where + ": no lifecycle rule expires noncurrent versions");
                }
            }
        }
        return v;
    }

    private static List<Statement> bucketPolicy(TfModule m, String bucket, List<String> v, String where) {
        List<Block> policies = forBucket(m, "aws_s3_bucket_policy", bucket);
        if (policies.size() != 1) {
            v.add(where + ": expected one aws_s3_bucket_policy, found " + policies.size());
            return null;
        }
        Attached attached = Policies.attached(m).stream()
                .filter(a -> a.owner().equals(policies.get(0)) && a.attribute().equals("policy"))
                .findFirst().orElse(null);
        if (attached == null || !attached.inspectable()) {
            v.add(where + ": bucket policy is not inspectable" + (attached == null ? "" : ": " + attached.problem()));
            return null;
        }
        return attached.statements();
    }

    private static boolean isTlsDeny(Statement s, String bucket) {
        Condition c = s.condition(SECURE_TRANSPORT);
        if (!s.denies() || c == null || !"Bool".equals(c.test()) || !c.values().equals(List.of("false"))) {
            return false;
        }
        boolean allActions = s.actions().contains("s3:*") || s.actions().contains("*");
        boolean everyone = s.principals().stream().anyMatch(Principal::isEveryone);
        String arn = "aws_s3_bucket." + bucket + ".arn";
        boolean bucketArn = s.resources().stream().anyMatch(r -> arn.equals(text(r)));
        boolean objects = s.resources().stream().anyMatch(r -> (arn + "/*").equals(text(r)));
        return allActions && everyone && bucketArn && objects;
    }

    private static boolean isOutdatedTlsDeny(Statement s, String bucket) {
        Condition c = s.condition("s3:TlsVersion");
        String arn = "aws_s3_bucket." + bucket + ".arn";
        return s.denies() && c != null && "NumericLessThan".equals(c.test()) && c.values().equals(List.of("1.2"))
                && (s.actions().contains("s3:*") || s.actions().contains("*"))
                && s.principals().stream().anyMatch(Principal::isEveryone)
                && s.resources().stream().anyMatch(r -> arn.equals(text(r)))
                && s.resources().stream().anyMatch(r -> (arn + "/*").equals(text(r)));
    }

    /**
     * A Deny of PutObject when a header is present and not the expected value. A negated operator
     * (StringNotEquals, and its IfExists form, which is the same for it) is true when the header is
     * absent: without the Null = false guard it would deny every UploadPart and CopyObject.
     */
    private static boolean deniesPut(Statement s, String conditionKey, java.util.function.Predicate<List<Object>> expected) {
        Condition c = s.conditions().stream().filter(x -> conditionKey.equals(x.variable()) && x.test() != null
                && x.test().startsWith("StringNotEquals")).findFirst().orElse(null);
        boolean guarded = s.conditions().stream().anyMatch(x -> conditionKey.equals(x.variable())
                && "Null".equals(x.test()) && x.values().equals(List.of("false")));
        return s.denies() && s.actions().contains("s3:PutObject") && s.principals().stream().anyMatch(Principal::isEveryone)
                && c != null && expected.test(c.values()) && guarded;
    }

    private static boolean deniesPut(Statement s, String conditionKey, String expected) {
        return deniesPut(s, conditionKey, values -> values.equals(List.of(expected)));
    }

    private static boolean deniesPutWithOtherKey(Statement s, Set<String> keys) {
        return deniesPut(s, "s3:x-amz-server-side-encryption-aws-kms-key-id",
                values -> values.size() == 1 && keys.stream().anyMatch(k -> refersTo(values.get(0), k, "arn")));
    }

    static List<Map<String, Object>> lifecycleRules(TfModule m, String bucket, List<String> v, String where) {
        List<Block> lifecycle = forBucket(m, "aws_s3_bucket_lifecycle_configuration", bucket);
        if (lifecycle.size() != 1) {
            v.add(where + ": expected one aws_s3_bucket_lifecycle_configuration, found " + lifecycle.size());
            return null;
        }
        List<Map<String, Object>> rules = blocks(lifecycle.get(0).get("rule")).stream()
                .filter(r -> "Enabled".equals(r.get("status"))).toList();
        if (rules.isEmpty()) {
            v.add(where + ": lifecycle configuration has no enabled rule");
        }
        return rules;
    }

    /** Bucket {@code bucket} has an enabled rule expiring current objects after {@code var.<variable>} days, default {@code days}. */
    static List<String> expiresAfter(TfModule m, String bucket, String variable, double days) {
        List<String> v = new ArrayList<>();
        String where = "aws_s3_bucket." + bucket;
        List<Map<String, Object>> rules = lifecycleRules(m, bucket, v, where);
        if (rules != null && rules.stream().noneMatch(r -> refersTo(path(r, "expiration", "days"), "var", variable))) {
            v.add(where + ": no enabled lifecycle rule with expiration.days = var." + variable);
        }
        Block var = m.variables().get(variable);
        if (var == null || !Objects.equals(var.get("default"), days)) {
            v.add("variable " + variable + " must exist with default " + days + ", found "
                    + (var == null ? "none" : var.get("default")));
        }
        return v;
    }

    // --- SQS -----------------------------------------------------------------------------

    /** Queues that are some queue's dead-letter target. */
    static Set<String> deadLetterQueues(TfModule m) {
        Set<String> out = new TreeSet<>();
        for (Block queue : m.resources("aws_sqs_queue")) {
            if (queue.get("redrive_policy") instanceof JsonEncoded json && json.value() instanceof Map<?, ?> rp
                    && rp.get("deadLetterTargetArn") instanceof Ref target) {
                String[] parts = target.path().split("\\.");
                if (parts.length == 3 && parts[0].equals("aws_sqs_queue") && parts[2].equals("arn")) {
                    out.add(parts[1]);
                }
            }
        }
        return out;
    }

    /**
     * Every queue is encrypted (the module's CMK, or SQS-managed SSE); every queue that is not a
     * DLQ has a visibility timeout and a redrive policy to a DLQ of the module with a
     * maxReceiveCount; every DLQ keeps messages 14 days and allows redrive only from its sources.
     */
    static List<String> queues(TfModule m) {
        List<String> v = new ArrayList<>();
        Set<String> dlqs = deadLetterQueues(m);
        Set<String> keys = rotatedKeys(m);
        for (Block queue : m.resources("aws_sqs_queue")) {
            String where = queue.toString();
            if (!isKeyRef(queue.get("kms_master_key_id"), keys) && !Boolean.TRUE.equals(queue.get("sqs_managed_sse_enabled"))) {
                v.add(where + ": not encrypted with the module's CMK (kms_master_key_id) nor SQS-managed SSE");
            }
            if (dlqs.contains(queue.name())) {
                if (!Objects.equals(queue.get("message_retention_seconds"), 1209600.0)) {
                    v.add(where + ": dead-letter queue should keep messages 14 days (1209600 s)");
                }
                boolean redriveAllow = m.resources("aws_sqs_queue_redrive_allow_policy").stream()
                        .anyMatch(p -> refersTo(p.get("queue_url"), "aws_sqs_queue." + queue.name(), "id", "url"));
                if (!redriveAllow) {
                    v.add(where + ": dead-letter queue has no aws_sqs_queue_redrive_allow_policy");
                }
                continue;
            }
            if (queue.get("visibility_timeout_seconds") == null) {
                v.add(where + ": no visibility_timeout_seconds (size it for the processing time)");
            }
            Object redrive = queue.get("redrive_policy");
            if (!(redrive instanceof JsonEncoded json) || !(json.value() instanceof Map<?, ?> rp)) {
                v.add(where + ": no redrive_policy to a dead-letter queue (write it as jsonencode({...}))");
                continue;
            }
            Object target = rp.get("deadLetterTargetArn");
            boolean toModuleQueue = m.resources("aws_sqs_queue").stream()
                    .anyMatch(q -> !q.name().equals(queue.name()) && refersTo(target, "aws_sqs_queue." + q.name(), "arn"));
            if (!toModuleQueue) {
                v.add(where + ": redrive_policy.deadLetterTargetArn is not another queue of this module: " + target);
            }
            Object count = rp.get("maxReceiveCount");
            if (!(count instanceof Ref) && !(count instanceof Double d && d >= 1)) {
                v.add(where + ": redrive_policy.maxReceiveCount missing or invalid: " + count);
            }
        }
        return v;
    }

    /**
     * The raw bucket notifies the events queue on ObjectCreated, and the events queue's policy
     * lets only the S3 service send, only for that bucket (aws:SourceArn) of this account
     * (aws:SourceAccount).
     */
    static List<String> notification(TfModule m, String rawBucket, String eventsQueue) {
        List<String> v = new ArrayList<>();
        List<Block> notifications = forBucket(m, "aws_s3_bucket_notification", rawBucket);
        String queueRef = "aws_sqs_queue." + eventsQueue;
        if (notifications.size() != 1) {
            v.add("aws_s3_bucket." + rawBucket + ": expected one aws_s3_bucket_notification, found " + notifications.size());
        } else {
            List<Map<String, Object>> queues = blocks(notifications.get(0).get("queue"));
            boolean ok = queues.stream().anyMatch(q -> refersTo(q.get("queue_arn"), queueRef, "arn")
                    && list(q.get("events")).contains("s3:ObjectCreated:*"));
            if (!ok) {
                v.add(notifications.get(0) + ": no queue notification of s3:ObjectCreated:* to " + queueRef);
            }
        }
        List<Attached> queuePolicies = Policies.attached(m).stream()
                .filter(a -> a.owner().type().equals("aws_sqs_queue_policy")
                        && refersTo(a.owner().get("queue_url"), queueRef, "id", "url"))
                .toList();
        if (queuePolicies.size() != 1 || !queuePolicies.get(0).inspectable()) {
            v.add(queueRef + ": expected one inspectable aws_sqs_queue_policy");
            return v;
        }
        List<Statement> allows = queuePolicies.get(0).statements().stream().filter(Statement::allows).toList();
        String bucketArn = "aws_s3_bucket." + rawBucket + ".arn";
        for (Statement s : allows) {
            boolean s3Only = s.principals().size() == 1 && "Service".equals(s.principals().get(0).type())
                    && s.principals().get(0).identifiers().equals(List.of("s3.amazonaws.com"));
            Condition sourceArn = s.condition("aws:SourceArn");
            Condition sourceAccount = s.condition("aws:SourceAccount");
            if (!s3Only || !s.actions().equals(List.of("sqs:SendMessage"))
                    || sourceArn == null || !sourceArn.test().startsWith("Arn")
                    || sourceArn.values().size() != 1 || !bucketArn.equals(text(sourceArn.values().get(0)))
                    || sourceAccount == null || !"StringEquals".equals(sourceAccount.test())) {
                v.add(s + ": the events queue policy may only allow s3.amazonaws.com to sqs:SendMessage with"
                        + " aws:SourceArn = " + bucketArn + " and aws:SourceAccount");
            }
        }
        if (allows.isEmpty()) {
            v.add(queueRef + ": queue policy does not allow the S3 notification");
        }
        return v;
    }

    // --- IAM -----------------------------------------------------------------------------

    /**
     * Every policy is inspectable; no Allow statement has a wildcard action ("*", "s3:*",
     * "s3:Get*"...), a NotAction, a non-literal action, a "*" resource (except in KMS key
     * policies, where "*" means the key itself and is what AWS requires), or "*" as principal
     * without a condition. Deny statements may use wildcards: they only take rights away
     * (e.g. "s3:*" over non-TLS requests).
     */
    static List<String> iamStatements(TfModule m) {
        List<String> v = new ArrayList<>();
        Set<String> keyPolicyDocs = new TreeSet<>();
        List<Statement> keyPolicyJson = new ArrayList<>();
        for (Attached a : Policies.attached(m)) {
            if (!a.inspectable()) {
                v.add(a.owner().address() + "." + a.attribute() + " (" + a.owner().file() + "): " + a.problem());
            } else if (a.owner().type().equals("aws_kms_key")) {
                if (a.document() != null) {
                    keyPolicyDocs.add("data.aws_iam_policy_document." + a.document());
                } else {
                    keyPolicyJson.addAll(a.statements());
                }
            }
        }
        for (Statement s : Policies.all(m)) {
            if (!s.allows()) {
                if (!s.denies()) {
                    v.add(s + ": Effect must be Allow or Deny, found " + s.effect());
                }
                continue;
            }
            for (Object action : s.actions()) {
                if (!(action instanceof String a)) {
                    v.add(s + ": action is not a literal (cannot be checked for wildcards): " + action);
                } else if (a.contains("*") || a.contains("?")) {
                    v.add(s + ": wildcard action " + a);
                }
            }
            if (s.actions().isEmpty()) {
                v.add(s + ": Allow statement without actions");
            }
            if (!s.notActions().isEmpty()) {
                v.add(s + ": Allow with NotAction grants everything else");
            }
            if (!s.notResources().isEmpty()) {
                v.add(s + ": Allow with NotResource");
            }
            boolean keyPolicy = keyPolicyDocs.contains(s.origin()) || keyPolicyJson.contains(s);
            for (Object resource : s.resources()) {
                if ("*".equals(resource) && !keyPolicy) {
                    v.add(s + ": Resource \"*\" (only a KMS key policy may use it)");
                }
            }
            if (s.principals().stream().anyMatch(Principal::isEveryone) && s.conditions().isEmpty()) {
                v.add(s + ": allows everyone (\"*\") without a condition");
            }
        }
        return v;
    }

    /** Statements of the role's trust policy. */
    static List<Statement> trust(TfModule m, String role, List<String> v) {
        Optional<Block> r = m.resource("aws_iam_role", role);
        if (r.isEmpty()) {
            v.add("no aws_iam_role." + role);
            return List.of();
        }
        Attached a = Policies.attached(m).stream()
                .filter(x -> x.owner().equals(r.get()) && x.attribute().equals("assume_role_policy"))
                .findFirst().orElse(null);
        if (a == null || !a.inspectable()) {
            v.add(r.get() + ": assume_role_policy is not inspectable");
            return List.of();
        }
        return a.statements();
    }

    /**
     * IRSA: every Allow statement of the role's trust policy is sts:AssumeRoleWithWebIdentity by
     * the cluster's OIDC provider (var.oidc_provider_arn), with StringEquals on
     * {@code <issuer>:sub = system:serviceaccount:<namespace>:<service account>} and
     * {@code <issuer>:aud = sts.amazonaws.com}.
     */
    static List<String> irsaTrust(TfModule m, String role) {
        List<String> v = new ArrayList<>();
        List<Statement> statements = trust(m, role, v);
        List<Statement> allows = statements.stream().filter(Statement::allows).toList();
        if (allows.isEmpty() && v.isEmpty()) {
            v.add("aws_iam_role." + role + ": trust policy allows nothing");
        }
        for (Statement s : allows) {
            webIdentity(s, null, v);
        }
        return v;
    }

    /**
     * One web identity (IRSA) trust statement: only sts:AssumeRoleWithWebIdentity, principal
     * Federated = var.oidc_provider_arn, StringEquals {@code <issuer>:sub} = one service account
     * without wildcards ({@code subject}, as the checker renders it, if not null) and StringEquals
     * {@code <issuer>:aud = sts.amazonaws.com}.
     */
    private static void webIdentity(Statement s, String subject, List<String> v) {
        if (!s.actions().equals(List.of("sts:AssumeRoleWithWebIdentity"))) {
            v.add(s + ": trust must allow only sts:AssumeRoleWithWebIdentity, found " + s.actions());
        }
        boolean oidc = s.principals().size() == 1 && "Federated".equals(s.principals().get(0).type())
                && s.principals().get(0).identifiers().size() == 1
                && refersTo(s.principals().get(0).identifiers().get(0), "var", "oidc_provider_arn");
        if (!oidc) {
            v.add(s + ": principal must be Federated = var.oidc_provider_arn, found " + s.principals());
        }
        Condition sub = s.conditions().stream().filter(c -> c.variable() != null && c.variable().endsWith(":sub")
                && c.variable().length() > 4).findFirst().orElse(null);
        Condition aud = s.conditions().stream().filter(c -> c.variable() != null && c.variable().endsWith(":aud")
                && c.variable().length() > 4).findFirst().orElse(null);
        if (sub == null || !"StringEquals".equals(sub.test()) || sub.values().size() != 1
                || !String.valueOf(text(sub.values().get(0))).startsWith("system:serviceaccount:")
                || String.valueOf(text(sub.values().get(0))).contains("*")) {
            v.add(s + ": needs StringEquals <issuer>:sub = system:serviceaccount:<namespace>:<name> (no wildcard)");
        } else if (subject != null && !subject.equals(text(sub.values().get(0)))) {
            v.add(s + ": <issuer>:sub must be " + subject + ", found " + text(sub.values().get(0)));
        }
        if (aud == null || !"StringEquals".equals(aud.test()) || !aud.values().equals(List.of("sts.amazonaws.com"))) {
            v.add(s + ": needs StringEquals <issuer>:aud = sts.amazonaws.com");
        }
    }

    /**
     * The trust of the role KEDA reads the queue depth with, the two ways KEDA's {@code aws}
     * pod identity with a {@code roleArn} obtains a role (it tries the first, then the second):
     * <ul>
     *   <li>sts:AssumeRoleWithWebIdentity with the KEDA operator's service-account token: a web
     *       identity statement (see {@link #webIdentity}) whose subject is exactly
     *       {@code subject} (the KEDA operator's service account), required;</li>
     *   <li>sts:AssumeRole with the operator's own role: optional, and then only that one role,
     *       exactly {@code operatorRole} (a reference such as {@code var.keda_operator_role_arn}),
     *       never an account (":root"), a wildcard or a service.</li>
     * </ul>
     * Nothing else: in particular not the pipeline's service account.
     */
    static List<String> kedaTrust(TfModule m, String role, String subject, String operatorRole) {
        List<String> v = new ArrayList<>();
        List<Statement> allows = trust(m, role, v).stream().filter(Statement::allows).toList();
        boolean webIdentity = false;
        for (Statement s : allows) {
            if (s.actions().contains("sts:AssumeRoleWithWebIdentity")) {
                webIdentity = true;
                webIdentity(s, subject, v);
                continue;
            }
            boolean operator = s.actions().equals(List.of("sts:AssumeRole")) && s.principals().size() == 1
                    && "AWS".equals(s.principals().get(0).type())
                    && s.principals().get(0).identifiers().size() == 1
                    && operatorRole.equals(text(s.principals().get(0).identifiers().get(0)))
                    && s.principals().get(0).identifiers().get(0) instanceof Ref;
            if (!operator) {
                v.add(s + ": the KEDA role may only be assumed with the KEDA operator's web identity or, with"
                        + " sts:AssumeRole, by exactly " + operatorRole + "; found " + s.actions() + " by " + s.principals());
            }
        }
        if (!webIdentity && v.isEmpty()) {
            v.add("aws_iam_role." + role + ": trust policy does not let the KEDA operator's service account"
                    + " (" + subject + ") assume the role with its web identity");
        }
        return v;
    }

    /**
     * What the role may do: resource (as written) -> actions, over every Allow statement of every
     * policy attached to it (inline aws_iam_role_policy, aws_iam_role_policy_attachment of a
     * module policy). A policy attached by a literal ARN (e.g. an AWS managed policy) is a violation.
     */
    static Map<String, Set<String>> permissions(TfModule m, String role, List<String> v) {
        Map<String, Set<String>> out = new TreeMap<>();
        String roleRef = "aws_iam_role." + role;
        List<Attached> attached = Policies.attached(m);
        List<Block> policies = new ArrayList<>(m.resources("aws_iam_role_policy").stream()
                .filter(p -> refersTo(p.get("role"), roleRef, "id", "name")).toList());
        for (Block attachment : m.resources("aws_iam_role_policy_attachment")) {
            if (!refersTo(attachment.get("role"), roleRef, "id", "name")) {
                continue;
            }
            Optional<Block> policy = m.resources("aws_iam_policy").stream()
                    .filter(p -> refersTo(attachment.get("policy_arn"), "aws_iam_policy." + p.name(), "arn"))
                    .findFirst();
            if (policy.isPresent()) {
                policies.add(policy.get());
            } else {
                v.add(attachment + ": attaches a policy that is not defined in this module: " + attachment.get("policy_arn"));
            }
        }
        m.resource("aws_iam_role", role).ifPresent(r -> {
            if (r.get("managed_policy_arns") != null) {
                v.add(r + ": managed_policy_arns attaches policies the checks cannot see");
            }
            policies.add(r); // inline_policy blocks
        });
        for (Block policy : policies) {
            for (Attached a : attached) {
                if (!a.owner().equals(policy) || !a.attribute().equals("policy")) {
                    continue;
                }
                if (!a.inspectable()) {
                    v.add(a.owner() + ": " + a.problem());
                    continue;
                }
                for (Statement s : a.statements()) {
                    if (!s.allows()) {
                        continue;
                    }
                    for (Object resource : s.resources()) {
                        Set<String> actions = out.computeIfAbsent(String.valueOf(text(resource)), k -> new TreeSet<>());
                        s.actions().forEach(x -> actions.add(String.valueOf(x)));
                    }
                }
            }
        }
        if (policies.size() <= 1 && out.isEmpty()) {
            v.add(roleRef + ": no permissions policy found");
        }
        return out;
    }

    // --- KMS -----------------------------------------------------------------------------

    /**
     * Every CMK: rotation on, a deletion window, an inspectable key policy whose statements use
     * Resource "*" (the key itself), that grants use of the key (Encrypt, Decrypt,
     * GenerateDataKey...) to no wildcard principal and not to a whole account (":root"), and that
     * lets the S3 service (for the notification bucket) and, where an SNS topic feeds an
     * encrypted queue, the SNS service generate data keys, each limited by aws:SourceArn.
     */
    static List<String> kmsKeys(TfModule m) {
        List<String> v = new ArrayList<>();
        List<Block> keys = m.resources("aws_kms_key");
        if (keys.isEmpty()) {
            v.add("no aws_kms_key (customer-managed key) in the module");
        }
        for (Block key : keys) {
            String where = key.toString();
            if (!Boolean.TRUE.equals(key.get("enable_key_rotation"))) {
                v.add(where + ": enable_key_rotation is not true");
            }
            if (key.get("deletion_window_in_days") == null) {
                v.add(where + ": no deletion_window_in_days");
            }
            Attached policy = Policies.attached(m).stream()
                    .filter(a -> a.owner().equals(key) && a.attribute().equals("policy")).findFirst().orElse(null);
            if (policy == null || !policy.inspectable()) {
                v.add(where + ": key policy missing or not inspectable (the default policy delegates kms:* to the account)");
                continue;
            }
            for (Statement s : policy.statements()) {
                if (!s.resources().equals(List.of("*"))) {
                    v.add(s + ": key policy statements must use Resource \"*\" (the key)");
                }
                if (!s.allows()) {
                    continue;
                }
                boolean grantsUse = s.actions().stream().anyMatch(a -> KMS_USE_ACTIONS.contains(String.valueOf(a)));
                for (Principal p : s.principals()) {
                    boolean broad = p.isEveryone() || p.identifiers().stream()
                            .anyMatch(id -> String.valueOf(text(id)).endsWith(":root"));
                    if (grantsUse && broad) {
                        v.add(s + ": grants use of the key to a whole account or everyone: " + p);
                    }
                    if ("Service".equals(p.type()) && s.condition("aws:SourceArn") == null) {
                        v.add(s + ": service principal " + p.identifiers() + " without an aws:SourceArn condition");
                    }
                }
            }
            String keyRef = "aws_kms_key." + key.name();
            boolean notifiesEncryptedQueue = m.resources("aws_s3_bucket_notification").stream()
                    .flatMap(n -> blocks(n.get("queue")).stream())
                    .anyMatch(q -> m.resources("aws_sqs_queue").stream().anyMatch(queue ->
                            refersTo(q.get("queue_arn"), "aws_sqs_queue." + queue.name(), "arn")
                                    && refersTo(queue.get("kms_master_key_id"), keyRef, "arn", "id", "key_id")));
            if (notifiesEncryptedQueue && !grantsService(policy.statements(), "s3.amazonaws.com")) {
                v.add(where + ": S3 notifies a queue encrypted with this key, but the key policy does not let"
                        + " s3.amazonaws.com use kms:GenerateDataKey and kms:Decrypt");
            }
            boolean snsToEncryptedQueue = m.resources("aws_sns_topic_subscription").stream()
                    .anyMatch(sub -> "sqs".equals(sub.get("protocol")) && m.resources("aws_sqs_queue").stream()
                            .anyMatch(queue -> refersTo(sub.get("endpoint"), "aws_sqs_queue." + queue.name(), "arn")
                                    && refersTo(queue.get("kms_master_key_id"), keyRef, "arn", "id", "key_id")));
            if (snsToEncryptedQueue && !grantsService(policy.statements(), "sns.amazonaws.com")) {
                v.add(where + ": SNS delivers to a queue encrypted with this key, but the key policy does not let"
                        + " sns.amazonaws.com use kms:GenerateDataKey and kms:Decrypt");
            }
        }
        return v;
    }

    private static boolean grantsService(List<Statement> statements, String service) {
        return statements.stream().anyMatch(s -> s.allows()
                && s.principals().stream().anyMatch(p -> "Service".equals(p.type()) && p.identifiers().contains(service))
                && s.actions().containsAll(List.of("kms:GenerateDataKey", "kms:Decrypt")));
    }

    // --- alarms --------------------------------------------------------------------------

    record Alarm(Block block, Map<String, Object> body) {
        Object dimension(String name) {
            return body.get("dimensions") instanceof Map<?, ?> d ? d.get(name) : null;
        }

        boolean is(String namespace, String metric) {
            return namespace.equals(body.get("namespace")) && metric.equals(body.get("metric_name"));
        }
    }

    static List<Alarm> alarms(TfModule m) {
        List<Alarm> out = new ArrayList<>();
        for (Block block : m.resources("aws_cloudwatch_metric_alarm")) {
            instances(block).forEach(body -> out.add(new Alarm(block, body)));
        }
        return out;
    }

    /**
     * An alarm "not empty" (ApproximateNumberOfMessagesVisible > 0) for every DLQ; an alarm on
     * ApproximateAgeOfOldestMessage of the events queue; a 5xxErrors alarm (S3 request metrics,
     * with the aws_s3_bucket_metric that enables them) for each of {@code errorBuckets}; actions
     * on every alarm.
     */
    static List<String> alarms(TfModule m, String eventsQueue, Collection<String> errorBuckets) {
        List<String> v = new ArrayList<>();
        List<Alarm> alarms = alarms(m);
        for (String dlq : deadLetterQueues(m)) {
            boolean ok = alarms.stream().anyMatch(a -> a.is("AWS/SQS", "ApproximateNumberOfMessagesVisible")
                    && refersTo(a.dimension("QueueName"), "aws_sqs_queue." + dlq, "name")
                    && "GreaterThanThreshold".equals(a.body().get("comparison_operator"))
                    && Objects.equals(a.body().get("threshold"), 0.0));
            if (!ok) {
                v.add("aws_sqs_queue." + dlq + ": no alarm ApproximateNumberOfMessagesVisible > 0 on this dead-letter queue");
            }
        }
        boolean age = alarms.stream().anyMatch(a -> a.is("AWS/SQS", "ApproximateAgeOfOldestMessage")
                && refersTo(a.dimension("QueueName"), "aws_sqs_queue." + eventsQueue, "name")
                && "GreaterThanThreshold".equals(a.body().get("comparison_operator"))
                && a.body().get("threshold") != null);
        if (!age) {
            v.add("aws_sqs_queue." + eventsQueue + ": no alarm on ApproximateAgeOfOldestMessage");
        }
        for (String bucket : errorBuckets) {
            List<Block> metrics = forBucket(m, "aws_s3_bucket_metric", bucket);
            if (metrics.size() != 1) {
                v.add("aws_s3_bucket." + bucket + ": no aws_s3_bucket_metric (S3 publishes request metrics such as 5xxErrors only with one)");
                continue;
            }
            Block metric = metrics.get(0);
            String metricRef = "aws_s3_bucket_metric." + metric.name();
            boolean ok = alarms.stream().anyMatch(a -> a.is("AWS/S3", "5xxErrors")
                    && (refersTo(a.dimension("BucketName"), metricRef, "bucket")
                            || refersTo(a.dimension("BucketName"), "aws_s3_bucket." + bucket, "id", "bucket"))
                    && (refersTo(a.dimension("FilterId"), metricRef, "name")
                            || Objects.equals(a.dimension("FilterId"), metric.get("name"))));
            if (!ok) {
                v.add("aws_s3_bucket." + bucket + ": no 5xxErrors alarm on its request metrics (" + metricRef + ")");
            }
        }
        for (Alarm a : alarms) {
            if (a.body().get("alarm_actions") == null) {
                v.add(a.block() + ": no alarm_actions");
            }
        }
        return v;
    }

    // --- module interface ----------------------------------------------------------------

    static final List<String> APP_ENVIRONMENT_KEYS = List.of("MIP_MODE", "MIP_AWS_REGION", "MIP_S3_RAW_BUCKET",
            "MIP_S3_PROCESSED_BUCKET", "MIP_S3_QUARANTINE_BUCKET", "MIP_S3_KMS_KEY_ID", "MIP_SQS_EVENTS_QUEUE",
            "MIP_SQS_QUEUE_OWNER_ACCOUNT_ID", "MIP_AUDIT_DESTINATION", "MIP_AUDIT_QUEUE", "MIP_AUDIT_TOPIC_ARN",
            "MIP_RAW_AFTER", "MIP_RAW_ARCHIVE_PREFIX", "MIP_INGEST_SFTP_ENABLED");

    /** The app_environment output is a map with exactly the application's configuration keys. */
    static List<String> appEnvironment(TfModule m) {
        List<String> v = new ArrayList<>();
        Block output = m.outputs().get("app_environment");
        if (output == null) {
            v.add("no output app_environment");
            return v;
        }
        if (!(output.get("value") instanceof Map<?, ?> value)) {
            v.add(output + ": value is not an object literal: " + output.get("value"));
            return v;
        }
        Set<String> keys = new LinkedHashSet<>();
        value.keySet().forEach(k -> keys.add(String.valueOf(k)));
        Set<String> missing = new TreeSet<>(APP_ENVIRONMENT_KEYS);
        missing.removeAll(keys);
        Set<String> extra = new TreeSet<>(keys);
        APP_ENVIRONMENT_KEYS.forEach(extra::remove);
        if (!missing.isEmpty()) {
            v.add(output + ": missing keys " + missing);
        }
        if (!extra.isEmpty()) {
            v.add(output + ": unexpected keys " + extra);
        }
        return v;
    }

    /** Every variable has a description and a type; every string or number variable a validation. */
    static List<String> variables(TfModule m) {
        List<String> v = new ArrayList<>();
        for (Block var : m.variables().values()) {
            Object description = var.get("description");
            if (!(description instanceof String d) || d.isBlank()) {
                v.add(var + ": no description");
            }
            Object type = var.get("type");
            if (type == null) {
                v.add(var + ": no type");
            }
            String typeName = String.valueOf(type);
            if (typeName.equals("type string") || typeName.equals("type number")) {
                List<Map<String, Object>> validations = blocks(var.get("validation"));
                if (validations.isEmpty() || validations.stream().anyMatch(x -> !x.containsKey("condition")
                        || !(x.get("error_message") instanceof String msg) || msg.isBlank())) {
                    v.add(var + ": string/number variable without a validation (condition + error_message)");
                }
            }
        }
        return v;
    }

    /** A terraform block requiring terraform >= 1.5 and hashicorp/aws ~> 6.x; no active backend. */
    static List<String> versions(TfModule m, boolean allowBackend) {
        List<String> v = new ArrayList<>();
        List<Map<String, Object>> blocks = m.terraformBlocks();
        if (blocks.size() != 1) {
            v.add(m.label + ": expected one terraform block, found " + blocks.size());
            return v;
        }
        Map<String, Object> tf = blocks.get(0);
        if (!">= 1.5".equals(tf.get("required_version"))) {
            v.add(m.label + ": required_version must be \">= 1.5\", found " + tf.get("required_version"));
        }
        Object aws = path(tf, "required_providers", "aws");
        if (!(aws instanceof Map<?, ?> p) || !"hashicorp/aws".equals(p.get("source"))
                || !(p.get("version") instanceof String ver) || !ver.startsWith("~> 6.")) {
            v.add(m.label + ": required_providers.aws must be hashicorp/aws ~> 6.x, found " + aws);
        }
        if (!allowBackend && tf.containsKey("backend")) {
            v.add(m.label + ": active backend block (keep it as a commented example)");
        }
        return v;
    }

    /**
     * An environment root calls the module (source resolving to {@code moduleDir}), sets every
     * variable of the module that has no default, sets only variables the module declares, and
     * names itself in {@code environment}.
     */
    static List<String> callsModule(TfModule env, TfModule module, Path moduleDir, String environment) {
        List<String> v = new ArrayList<>();
        List<Block> calls = env.moduleCalls().values().stream()
                .filter(c -> c.get("source") instanceof String s
                        && env.dir.resolve(s).normalize().equals(moduleDir.normalize()))
                .toList();
        if (calls.size() != 1) {
            v.add(env.label + ": expected one module call with source " + moduleDir + ", found " + calls.size());
            return v;
        }
        Block call = calls.get(0);
        Set<String> meta = Set.of("source", "version", "providers", "count", "for_each", "depends_on");
        for (String arg : call.body().keySet()) {
            if (!meta.contains(arg) && !module.variables().containsKey(arg)) {
                v.add(call + ": argument " + arg + " is not a variable of the module");
            }
        }
        for (Block var : module.variables().values()) {
            if (!var.body().containsKey("default") && !call.body().containsKey(var.name())) {
                v.add(call + ": required module variable " + var.name() + " is not set");
            }
        }
        if (!environment.equals(call.get("environment"))) {
            v.add(call + ": environment should be \"" + environment + "\", found " + call.get("environment"));
        }
        return v;
    }
}
