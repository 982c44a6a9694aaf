package org.mip.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mip.infra.AwsCallRecorder.AwsCall;
import org.mip.infra.IamActions.Need;
import org.mip.infra.PolicyEvaluator.Decision;
import org.mip.infra.PolicyEvaluator.Outcome;
import org.mip.infra.Policies.Condition;
import org.mip.infra.Policies.Principal;
import org.mip.infra.Policies.Statement;

/**
 * The policy evaluator on hand-written statements (each rule of IAM's evaluation logic it models),
 * and on the real module with one grant taken back: the defects IamCoverageTest exists to catch are
 * caught by the evaluator itself, without running the pipeline.
 */
class PolicyEvaluatorTest {
    static final String ROLE = "arn:aws:iam::111122223333:role/app";
    static final String BUCKET = "arn:aws:s3:::b";
    static final PolicyEvaluator EVALUATOR = new PolicyEvaluator(ROLE, "111122223333");

    static Statement allow(String action, String resource, Condition... conditions) {
        return statement("Allow", List.of(), action, resource, conditions);
    }

    static Statement statement(String effect, List<Principal> principals, String action, String resource, Condition... c) {
        return new Statement("test", null, effect + " " + action, effect, List.of(action), List.of(), List.of(resource),
                List.of(), principals, List.of(), List.of(c));
    }

    static Need need(String action, String resource, Map<String, String> context) {
        return new Need(action, resource, context, null);
    }

    static Need need(String action, String resource) {
        return need(action, resource, Map.of("aws:SecureTransport", "true"));
    }

    static final List<Principal> EVERYONE = List.of(new Principal("*", List.of("*")));

    @Test
    void anAllowIsNeededAndWildcardsMatchActionsAndResources() {
        assertEquals(Outcome.IMPLICIT_DENY, EVALUATOR.evaluate(need("s3:GetObject", BUCKET + "/k"), List.of(), List.of(), false).outcome());
        assertTrue(EVALUATOR.evaluate(need("s3:GetObject", BUCKET + "/a/k"), List.of(allow("s3:Get*", BUCKET + "/a/*")), List.of(), false).allowed());
        assertTrue(EVALUATOR.evaluate(need("s3:GetObject", BUCKET + "/a/k"), List.of(allow("S3:getobject", BUCKET + "/a/?")), List.of(), false)
                .allowed(), "actions match case-insensitively, ? one character");
        assertFalse(EVALUATOR.evaluate(need("s3:GetObject", BUCKET + "/b/k"), List.of(allow("s3:Get*", BUCKET + "/a/*")), List.of(), false).allowed());
        assertFalse(EVALUATOR.evaluate(need("s3:ListBucket", BUCKET), List.of(allow("s3:ListBucket", BUCKET + "/*")), List.of(), false)
                .allowed(), "objects are not the bucket");
        assertFalse(EVALUATOR.evaluate(need("sqs:ListQueues", "*"), List.of(allow("sqs:*", "arn:aws:sqs:eu-central-1:111122223333:q")),
                List.of(), false).allowed(), "an action without a resource type needs Resource *");
    }

    @Test
    void anExplicitDenyWinsOverEveryAllow() {
        Statement deny = statement("Deny", EVERYONE, "s3:*", BUCKET + "/*");
        Decision d = EVALUATOR.evaluate(need("s3:PutObject", BUCKET + "/k"), List.of(allow("s3:PutObject", BUCKET + "/*")), List.of(deny), false);
        assertEquals(Outcome.EXPLICIT_DENY, d.outcome());
        assertEquals(deny, d.deniedBy());
    }

    @Test
    void aResourcePolicyAllowsThePrincipalItNamesButOnlyDelegatesWhenItNamesTheAccount() {
        Statement named = statement("Allow", List.of(new Principal("AWS", List.of(ROLE))), "sqs:SendMessage", "arn:aws:sqs:r:1:q");
        Statement account = statement("Allow", List.of(new Principal("AWS", List.of("arn:aws:iam::111122223333:root"))), "sqs:SendMessage",
                "arn:aws:sqs:r:1:q");
        Statement other = statement("Allow", List.of(new Principal("Service", List.of("s3.amazonaws.com"))), "sqs:SendMessage",
                "arn:aws:sqs:r:1:q");
        Need send = need("sqs:SendMessage", "arn:aws:sqs:r:1:q");
        assertTrue(EVALUATOR.evaluate(send, List.of(), List.of(named), false).allowed());
        assertFalse(EVALUATOR.evaluate(send, List.of(), List.of(account), false).allowed());
        assertFalse(EVALUATOR.evaluate(send, List.of(), List.of(other), false).allowed());
    }

    @Test
    void aKmsKeyNeedsItsKeyPolicy() {
        String key = "arn:aws:kms:r:111122223333:key/k";
        Need decrypt = need("kms:Decrypt", key, Map.of("kms:ViaService", "s3.r.amazonaws.com"));
        List<Statement> iam = List.of(allow("kms:Decrypt", key));
        assertFalse(EVALUATOR.evaluate(decrypt, iam, List.of(), true).allowed(), "IAM alone never grants a key");
        Statement rootForAdmin = statement("Allow", List.of(new Principal("AWS", List.of("arn:aws:iam::111122223333:root"))),
                "kms:Decrypt", "*");
        assertTrue(EVALUATOR.evaluate(decrypt, iam, List.of(rootForAdmin), true).allowed(), "the account delegated to IAM");
        assertFalse(EVALUATOR.evaluate(decrypt, List.of(), List.of(rootForAdmin), true).allowed(), "delegated, but IAM does not allow");
        Statement viaSqs = statement("Allow", List.of(new Principal("AWS", List.of(ROLE))), "kms:Decrypt", "*",
                new Condition("StringEquals", "kms:ViaService", List.of("sqs.r.amazonaws.com")));
        assertFalse(EVALUATOR.evaluate(decrypt, List.of(), List.of(viaSqs), true).allowed(), "kms:ViaService decides");
    }

    @Test
    void conditionsFollowIamsRulesForMissingKeys() {
        Map<String, String> noHeader = new LinkedHashMap<>();
        noHeader.put("s3:x-amz-server-side-encryption", null); // known to be absent
        Map<String, String> kms = Map.of("s3:x-amz-server-side-encryption", "aws:kms");
        Condition notEquals = new Condition("StringNotEquals", "s3:x-amz-server-side-encryption", List.of("aws:kms"));
        Condition notEqualsIfExists = new Condition("StringNotEqualsIfExists", "s3:x-amz-server-side-encryption", List.of("aws:kms"));
        Condition present = new Condition("Null", "s3:x-amz-server-side-encryption", List.of("false"));
        Condition equals = new Condition("StringEquals", "s3:x-amz-server-side-encryption", List.of("aws:kms"));
        assertEquals(Boolean.TRUE, PolicyEvaluator.condition(notEquals, noHeader), "a negated operator is true for a missing key");
        assertEquals(Boolean.TRUE, PolicyEvaluator.condition(notEqualsIfExists, noHeader), "...IfExists is true for a missing key");
        assertEquals(Boolean.FALSE, PolicyEvaluator.condition(equals, noHeader), "a positive operator is false for a missing key");
        assertEquals(Boolean.FALSE, PolicyEvaluator.condition(present, noHeader));
        assertEquals(Boolean.FALSE, PolicyEvaluator.condition(notEquals, kms));
        assertEquals(null, PolicyEvaluator.condition(equals, Map.of()), "a key the context does not decide");
        assertEquals(Boolean.TRUE, PolicyEvaluator.condition(new Condition("NumericLessThan", "s3:TlsVersion", List.of("1.2")),
                Map.of("s3:TlsVersion", "1.1")));
        assertEquals(Boolean.FALSE, PolicyEvaluator.condition(new Condition("Bool", "aws:SecureTransport", List.of("false")),
                Map.of("aws:SecureTransport", "true")));
        assertEquals(Boolean.FALSE, PolicyEvaluator.condition(new Condition("ArnEquals", "aws:SourceArn", List.of("arn:aws:s3:::b")),
                Map.of()), "aws:SourceArn is known absent for the role's own requests");

        // the SSE deny of the module before: a PutObject without the header (an UploadPart) is refused
        Statement unguarded = statement("Deny", EVERYONE, "s3:PutObject", BUCKET + "/*", notEqualsIfExists);
        Statement guarded = statement("Deny", EVERYONE, "s3:PutObject", BUCKET + "/*", notEquals, present);
        List<Statement> iam = List.of(allow("s3:PutObject", BUCKET + "/*"));
        assertEquals(Outcome.EXPLICIT_DENY, EVALUATOR.evaluate(need("s3:PutObject", BUCKET + "/k", noHeader), iam, List.of(unguarded), false)
                .outcome());
        assertTrue(EVALUATOR.evaluate(need("s3:PutObject", BUCKET + "/k", noHeader), iam, List.of(guarded), false).allowed());
        assertEquals(Outcome.EXPLICIT_DENY, EVALUATOR.evaluate(need("s3:PutObject", BUCKET + "/k",
                Map.of("s3:x-amz-server-side-encryption", "AES256")), iam, List.of(guarded), false).outcome());
    }

    @Test
    void anUndecidableConditionIsReportedAndAnAllowUnderItDoesNotCount() {
        Statement ip = allow("s3:GetObject", BUCKET + "/*", new Condition("IpAddress", "aws:SourceIp", List.of("10.0.0.0/8")));
        Decision d = EVALUATOR.evaluate(need("s3:GetObject", BUCKET + "/k"), List.of(ip), List.of(), false);
        assertFalse(d.allowed());
        assertEquals(1, d.undecided().size(), d.undecided().toString());
        assertTrue(d.undecided().get(0).contains("aws:SourceIp"));
    }

    // --- the real module ----------------------------------------------------------------------

    static AwsCall call(String service, String operation, String bucket, String key, String queue) {
        return new AwsCall(service, operation, bucket, key, null, null, queue, null, null, null, null, "test");
    }

    /** The calls behind the three defects, as the application makes them. */
    static List<AwsCall> defectCalls(Deployed d) {
        return List.of(
                call("S3", "HeadBucket", d.bucketName("quarantine"), null, null),
                call("SQS", "ListQueues", null, null, "*"),
                call("S3", "DeleteObject", d.bucketName("processed"), "P/1/2/3.dcm", null),
                call("S3", "UploadPart", d.bucketName("processed"), "P/1/2/3.dcm", null));
    }

    @Test
    void theModuleAllowsWhatTheDefectsNeededExceptListQueues() {
        Deployed d = Deployed.of(Deployed.variables("sqs", "delete"));
        List<String> denied = new IamCoverage(d, defectCalls(d)).denied();
        assertEquals(1, denied.size(), String.join("\n", denied));
        assertTrue(denied.get(0).startsWith("SQS ListQueues"), denied.get(0));
    }

    @Test
    void eachDefectOfTheModuleBeforeIsCaught() {
        Map<String, String> before = new HashMap<>(Terraform.sources(Terraform.MODULE));
        before.computeIfPresent("iam.tf", (f, text) -> text
                .replaceFirst("(?s)  statement \\{\\s*sid\\s*= \"QuarantineBucketList\".*?\\n  }\\n", "")
                .replace("      \"s3:DeleteObject\",\n      \"s3:GetObject\",\n      \"s3:PutObject\",",
                        "      \"s3:GetObject\",\n      \"s3:PutObject\","));
        before.computeIfPresent("s3.tf", (f, text) -> text.replace("test     = \"StringNotEquals\"", "test     = \"StringNotEqualsIfExists\"")
                .replaceAll("(?s)    # only when the request names one: see the header of this file\\n    condition \\{.*?\\n    }\\n", ""));
        assertTrue(!before.get("iam.tf").contains("QuarantineBucketList") && !before.get("s3.tf").contains("only when the request names one"),
                "the module before could not be rebuilt from today's text");
        Deployed d = new Deployed(before, Deployed.variables("sqs", "delete"));
        List<String> denied = new IamCoverage(d, defectCalls(d)).denied();
        List<String> expected = List.of("S3 HeadBucket", "SQS ListQueues", "S3 DeleteObject", "S3 UploadPart");
        List<String> got = new ArrayList<>();
        denied.forEach(x -> got.add(x.substring(0, x.indexOf(" (test)"))));
        assertEquals(expected, got, String.join("\n", denied));
        assertTrue(denied.get(3).contains("DENIED explicitly by data.aws_iam_policy_document.processed_bucket [DenyEncryptionOtherThanSseKms]"),
                denied.get(3));
    }

    /**
     * {@code mip review s3://<quarantine>/<key>} (ReviewCommand) and the re-queue copy of
     * docs/OPERATIONS.md read a quarantined object with an operator's credentials. The key policy
     * delegates nothing to IAM, so only a key-policy statement naming the operator lets S3 decrypt it:
     * without quarantine_reader_principal_arns nobody but the pipeline can, with it the named
     * operator can, for the quarantine bucket only.
     */
    @Test
    void quarantineReadersDecryptQuarantinedObjectsOnly() {
        String operator = "arn:aws:iam::" + Deployed.ACCOUNT + ":role/quarantine-reviewer";
        Map<String, Object> variables = new HashMap<>(Deployed.variables("sqs", "delete"));
        Deployed without = Deployed.of(variables);
        variables.put("quarantine_reader_principal_arns", List.of(operator));
        Deployed with = Deployed.of(variables);
        assertEquals(List.of("DENIED"), kmsDecisions(without, operator, "quarantine"), "no reader named: nobody may decrypt");
        assertEquals(List.of("ALLOWED"), kmsDecisions(with, operator, "quarantine"), "the named reader decrypts quarantined objects");
        assertEquals(List.of("DENIED"), kmsDecisions(with, operator, "raw"), "and nothing else");
        assertEquals(List.of("DENIED"), kmsDecisions(with, operator, "processed"), "and nothing else");
    }

    /** The KMS decisions for a GetObject by {@code principal} of an object in {@code bucket}, as ALLOWED or DENIED. */
    static List<String> kmsDecisions(Deployed d, String principal, String bucket) {
        AwsCallRecorder.AwsCall get = new AwsCallRecorder.AwsCall("S3", "GetObject", d.bucketName(bucket), "P/1/2/3.dcm",
                null, null, null, null, null, null, null, "org.mip.cli.ReviewCommand");
        PolicyEvaluator evaluator = new PolicyEvaluator(principal, Deployed.ACCOUNT);
        List<String> out = new ArrayList<>();
        for (IamActions.Need n : IamActions.of(get, d, principal)) {
            if (n.action().startsWith("kms:")) {
                out.add(evaluator.evaluate(n, List.of(), d.resourcePolicy(n.resource()), true).allowed() ? "ALLOWED" : "DENIED");
            }
        }
        return out;
    }
}
