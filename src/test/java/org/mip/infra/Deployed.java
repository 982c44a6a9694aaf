package org.mip.infra;

import static org.mip.infra.TfModule.blocks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mip.infra.Hcl.Ref;
import org.mip.infra.Policies.Attached;
import org.mip.infra.Policies.Condition;
import org.mip.infra.Policies.Principal;
import org.mip.infra.Policies.Statement;
import org.mip.infra.TfModule.Block;

/**
 * terraform/modules/pipeline as it would be deployed in a test account: the module's variables at
 * given values (hcl4j evaluates what depends on them: {@code count}, {@code for_each} of dynamic
 * statements, locals), every reference to a resource or data source replaced by the name or ARN
 * Terraform would give it in account {@value #ACCOUNT}, region {@value #REGION}. What the policy
 * evaluator needs: the pipeline role's policies, the resource policies (bucket, queue, topic and
 * key policies) and which KMS key encrypts each bucket, queue and topic.
 */
final class Deployed {
    static final String ACCOUNT = "111122223333";
    static final String REGION = "eu-central-1";
    static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

    /** Variables an installation sets (the environments' tfvars), at test values. */
    static Map<String, Object> variables(String auditDestination, String rawAfter) {
        return variables(auditDestination, rawAfter, false);
    }

    /** The same, with SFTP ingest on or off (sftp_ingest_enabled). */
    static Map<String, Object> variables(String auditDestination, String rawAfter, boolean sftpIngest) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", "mip");
        v.put("environment", "test");
        v.put("oidc_provider_arn", "arn:aws:iam::" + ACCOUNT + ":oidc-provider/oidc.eks." + REGION + ".amazonaws.com/id/EXAMPLE");
        v.put("oidc_provider_url", "https://oidc.eks." + REGION + ".amazonaws.com/id/EXAMPLE");
        v.put("k8s_namespace", "medical-imaging-pipeline");
        v.put("audit_destination", auditDestination);
        v.put("raw_after", rawAfter);
        v.put("sftp_ingest_enabled", sftpIngest);
        v.put("raw_uploader_principal_arns", List.of("arn:aws:iam::444455556666:role/hospital-uploader"));
        v.put("kms_key_administrator_arns", List.of());
        return v;
    }

    final TfModule module;
    private final Map<String, Object> variables;

    Deployed(Map<String, String> sources, Map<String, Object> variables) {
        this.module = TfModule.atValues(sources, variables);
        this.variables = variables;
    }

    static Deployed of(Map<String, Object> variables) {
        return new Deployed(Terraform.sources(Terraform.MODULE), variables);
    }

    // --- names and ARNs ----------------------------------------------------------------

    String bucketName(String resource) {
        return text(attribute("aws_s3_bucket", resource, "bucket"));
    }

    String bucketArn(String resource) {
        return "arn:aws:s3:::" + bucketName(resource);
    }

    String queueName(String resource) {
        return text(attribute("aws_sqs_queue", resource, "name"));
    }

    String queueArn(String resource) {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + queueName(resource);
    }

    String topicArn(String resource) {
        return "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":" + text(attribute("aws_sns_topic", resource, "name"));
    }

    String roleArn(String resource) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + text(attribute("aws_iam_role", resource, "name"));
    }

    static String keyArn() {
        return "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + KEY_ID;
    }

    private Object attribute(String type, String name, String attribute) {
        Block b = module.resource(type, name).orElseThrow(() -> new IllegalStateException("no " + type + "." + name));
        return b.get(attribute);
    }

    private static final Pattern RESOURCE_ATTRIBUTE = Pattern.compile(
            "\\b(aws_[a-z0-9_]+)\\.([a-zA-Z0-9_-]+)(?:\\[0\\]|\\.value\\.0)?\\.(arn|id|name|bucket|url|key_id)\\b");
    private static final Pattern LEFT_OVER = Pattern.compile("\\b(aws_[a-z0-9_]+\\.[a-z0-9_]+|data\\.|var\\.|local\\.)");

    /** A value as Terraform would have it: literals as they are, references replaced. */
    String text(Object value) {
        if (value instanceof List<?> l && l.size() == 1) {
            value = l.get(0);
        }
        String s = value instanceof Ref r ? r.path() : value instanceof String str ? str : null;
        if (s == null) {
            throw new IllegalStateException("not a string value: " + value);
        }
        s = s.replace("data.aws_caller_identity.current.account_id", ACCOUNT)
                .replace("data.aws_region.current.region", REGION)
                .replace("data.aws_region.current.name", REGION)
                .replace("data.aws_partition.current.partition", "aws");
        Matcher m = RESOURCE_ATTRIBUTE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(resourceAttribute(m.group(1), m.group(2), m.group(3))));
        }
        m.appendTail(out);
        s = out.toString();
        // longest names first: local.raw_bucket_arn before a local.raw_bucket
        for (String local : longestFirst(module.locals().keySet())) {
            Object v = module.locals().get(local);
            if ((v instanceof String || v instanceof Ref) && s.contains("local." + local)) {
                s = s.replace("local." + local, text(v));
            }
        }
        for (String var : longestFirst(variables.keySet())) {
            if (variables.get(var) instanceof String v) {
                s = s.replace("var." + var, v);
            }
        }
        if (LEFT_OVER.matcher(s).find()) {
            throw new IllegalStateException("cannot resolve " + value + " (left: " + s + ")");
        }
        return s;
    }

    private static List<String> longestFirst(java.util.Collection<String> names) {
        return names.stream().sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList();
    }

    private String resourceAttribute(String type, String name, String attribute) {
        return switch (type + "." + attribute) {
            case "aws_s3_bucket.arn" -> bucketArn(name);
            case "aws_s3_bucket.id", "aws_s3_bucket.bucket" -> bucketName(name);
            case "aws_sqs_queue.arn" -> queueArn(name);
            case "aws_sqs_queue.name" -> queueName(name);
            case "aws_sqs_queue.id", "aws_sqs_queue.url" -> "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/" + queueName(name);
            case "aws_sns_topic.arn", "aws_sns_topic.id" -> topicArn(name);
            case "aws_kms_key.arn" -> keyArn();
            case "aws_kms_key.id", "aws_kms_key.key_id" -> KEY_ID;
            case "aws_iam_role.arn" -> roleArn(name);
            case "aws_iam_role.id", "aws_iam_role.name" -> text(attribute("aws_iam_role", name, "name"));
            default -> throw new IllegalStateException("no test value for " + type + "." + name + "." + attribute);
        };
    }

    /** A statement with every action, resource, principal and condition value resolved. */
    Statement resolved(Statement s) {
        List<Principal> principals = new ArrayList<>();
        for (Principal p : s.principals()) {
            principals.add(new Principal(p.type(), texts(p.identifiers())));
        }
        List<Principal> notPrincipals = new ArrayList<>();
        for (Principal p : s.notPrincipals()) {
            notPrincipals.add(new Principal(p.type(), texts(p.identifiers())));
        }
        List<Condition> conditions = new ArrayList<>();
        for (Condition c : s.conditions()) {
            conditions.add(new Condition(c.test(), text(c.variable()), texts(c.values())));
        }
        return new Statement(s.origin(), s.file(), s.sid(), s.effect(), texts(s.actions()), texts(s.notActions()),
                texts(s.resources()), texts(s.notResources()), principals, notPrincipals, conditions);
    }

    private List<Object> texts(List<Object> values) {
        List<Object> out = new ArrayList<>();
        for (Object v : values) {
            if (v instanceof List<?> inner) {
                inner.forEach(i -> out.add(text(i)));
            } else {
                out.add(text(v));
            }
        }
        return out;
    }

    // --- policies ------------------------------------------------------------------------

    /** The statements of every policy attached to a role (inline role policies), resolved. */
    List<Statement> rolePolicy(String role) {
        List<Statement> out = new ArrayList<>();
        for (Block policy : module.resources("aws_iam_role_policy")) {
            if (TfModule.refersTo(policy.get("role"), "aws_iam_role." + role, "id", "name")) {
                out.addAll(attachedStatements(policy, "policy"));
            }
        }
        if (!module.resources("aws_iam_role_policy_attachment").isEmpty()) {
            throw new IllegalStateException("aws_iam_role_policy_attachment: the evaluator reads inline role policies only");
        }
        return out;
    }

    /** The resource policy of a bucket (for the bucket and its objects), queue, topic or the key, by ARN. */
    List<Statement> resourcePolicy(String arn) {
        if (arn.startsWith("arn:aws:s3:::")) {
            String bucket = arn.substring("arn:aws:s3:::".length()).split("/", 2)[0];
            return policyOf("aws_s3_bucket_policy", "bucket", b -> bucketName(b).equals(bucket), "aws_s3_bucket");
        }
        if (arn.startsWith("arn:aws:sqs:")) {
            return policyOf("aws_sqs_queue_policy", "queue_url", q -> queueArn(q).equals(arn), "aws_sqs_queue");
        }
        if (arn.startsWith("arn:aws:sns:")) {
            return policyOf("aws_sns_topic_policy", "arn", t -> topicArn(t).equals(arn), "aws_sns_topic");
        }
        if (arn.equals(keyArn())) {
            Block key = module.resource("aws_kms_key", "this").orElseThrow();
            return attachedStatements(key, "policy");
        }
        return List.of();
    }

    private List<Statement> policyOf(String policyType, String ownerAttribute,
            java.util.function.Predicate<String> isOwner, String ownerType) {
        List<Statement> out = new ArrayList<>();
        for (Block policy : module.resources(policyType)) {
            if (!(policy.get(ownerAttribute) instanceof Ref ref) || !ref.path().startsWith(ownerType + ".")) {
                throw new IllegalStateException(policy + ": " + ownerAttribute + " does not name a " + ownerType);
            }
            String owner = ref.path().split("\\.")[1].replaceAll("\\[0\\]$", "");
            if (countOf(policy) > 0 && isOwner.test(owner)) {
                out.addAll(attachedStatements(policy, "policy"));
            }
        }
        return out;
    }

    private static double countOf(Block b) {
        Object count = b.get("count");
        return count == null ? 1 : count instanceof Double d ? d : Double.NaN;
    }

    private List<Statement> attachedStatements(Block owner, String attribute) {
        Object value = owner.get(attribute);
        if (value instanceof Ref ref && ref.path().matches("data\\.aws_iam_policy_document\\.[\\w-]+\\.(json|minified_json)")) {
            Block doc = module.data("aws_iam_policy_document", ref.path().split("\\.")[2]).orElseThrow();
            return Policies.fromDocument(doc, true).stream().map(this::resolved).toList();
        }
        for (Attached a : Policies.attached(module)) {
            if (a.owner().equals(owner) && a.attribute().equals(attribute)) {
                if (!a.inspectable()) {
                    throw new IllegalStateException(owner + ": " + a.problem());
                }
                return a.statements().stream().map(this::resolved).toList();
            }
        }
        throw new IllegalStateException(owner + " has no " + attribute);
    }

    // --- encryption ------------------------------------------------------------------------

    /** The KMS key ARN a bucket's default encryption uses, or null (SSE-S3 or none). */
    String bucketKey(String bucket) {
        for (Block sse : module.resources("aws_s3_bucket_server_side_encryption_configuration")) {
            if (bucketName(((Ref) sse.get("bucket")).path().split("\\.")[1]).equals(bucket)) {
                Object byDefault = TfModule.path(sse.body(), "rule", "apply_server_side_encryption_by_default");
                for (Map<String, Object> d : blocks(byDefault)) {
                    if ("aws:kms".equals(d.get("sse_algorithm"))) {
                        return text(d.get("kms_master_key_id"));
                    }
                }
                return null;
            }
        }
        return null;
    }

    /** True when the bucket's default encryption uses an S3 Bucket Key (KMS encryption context: the bucket ARN). */
    boolean bucketKeyEnabled(String bucket) {
        for (Block sse : module.resources("aws_s3_bucket_server_side_encryption_configuration")) {
            if (bucketName(((Ref) sse.get("bucket")).path().split("\\.")[1]).equals(bucket)) {
                return Boolean.TRUE.equals(TfModule.path(sse.body(), "rule", "bucket_key_enabled"));
            }
        }
        return false;
    }

    /** The KMS key ARN of a queue (by name) or topic (by ARN), or null. */
    String messageKey(String queueNameOrTopicArn) {
        for (Block q : module.resources("aws_sqs_queue")) {
            if (queueName(q.name()).equals(queueNameOrTopicArn) && q.get("kms_master_key_id") != null) {
                return text(q.get("kms_master_key_id"));
            }
        }
        for (Block t : module.resources("aws_sns_topic")) {
            if (countOf(t) > 0 && topicArn(t.name()).equals(queueNameOrTopicArn) && t.get("kms_master_key_id") != null) {
                return text(t.get("kms_master_key_id"));
            }
        }
        return null;
    }
}
