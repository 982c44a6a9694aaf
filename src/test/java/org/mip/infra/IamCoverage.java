package org.mip.infra;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mip.infra.AwsCallRecorder.AwsCall;
import org.mip.infra.IamActions.Need;
import org.mip.infra.PolicyEvaluator.Decision;
import org.mip.infra.Policies.Principal;
import org.mip.infra.Policies.Statement;

/**
 * Recorded AWS calls held to the policies of a {@link Deployed} module: every call's IAM actions
 * (IamActions) evaluated for the pipeline role (PolicyEvaluator), and what the report shows: the
 * calls not allowed, the table operation → actions, the undecided conditions, and the reverse, the
 * actions the role is granted that no call used.
 */
final class IamCoverage {
    final Deployed deployed;
    final String role;
    final List<Decision> decisions = new ArrayList<>();
    private final List<Statement> identity;
    private final Map<String, List<Statement>> resourcePolicies = new HashMap<>();

    IamCoverage(Deployed deployed, List<AwsCall> calls) {
        this.deployed = deployed;
        this.role = deployed.roleArn("app");
        this.identity = deployed.rolePolicy("app");
        PolicyEvaluator evaluator = new PolicyEvaluator(role, Deployed.ACCOUNT);
        for (AwsCall call : calls) {
            for (Need need : IamActions.of(call, deployed, role)) {
                List<Statement> resource = resourcePolicies.computeIfAbsent(policyKey(need.resource()),
                        k -> deployed.resourcePolicy(need.resource()));
                decisions.add(evaluator.evaluate(need, identity, resource, need.resource().startsWith("arn:aws:kms:")));
            }
        }
    }

    private static String policyKey(String arn) {
        return arn.startsWith("arn:aws:s3:::") ? arn.split("/", 2)[0] : arn;
    }

    /** One line per distinct denial: what was called, by which code, and why it is not allowed. */
    List<String> denied() {
        Set<String> out = new LinkedHashSet<>();
        for (Decision d : decisions) {
            if (!d.allowed()) {
                AwsCall c = d.need().call();
                out.add(c.service() + " " + c.operation() + " (" + shortName(c.origin()) + ") needs " + d);
            }
        }
        return new ArrayList<>(out);
    }

    /** operation → the actions it needed, on which resource (bucket names replaced by their role). */
    Map<String, Set<String>> table() {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Decision d : decisions) {
            AwsCall c = d.need().call();
            String op = c.service() + " " + c.operation() + ("presigned link".equals(c.origin()) ? " (presigned link)" : "");
            out.computeIfAbsent(op, k -> new TreeSet<>()).add(d.need().action() + " " + alias(d.need().resource()));
        }
        return out;
    }

    /**
     * Each action the role's policies grant (identity policy, and the key policy's statements naming
     * the role) with the resource it is granted on, that no evaluated call needed.
     */
    List<String> unusedGrants() {
        List<String> out = new ArrayList<>();
        for (Statement s : identity) {
            unused(s, "role policy", out);
        }
        for (Statement s : deployed.resourcePolicy(Deployed.keyArn())) {
            boolean namesRole = s.principals().stream().map(Principal::identifiers).anyMatch(ids -> ids.contains(role));
            if (namesRole) {
                unused(s, "key policy", out);
            }
        }
        return out;
    }

    /** A grant is used when an allowed need falls under it (its action and resource), whichever statement decided. */
    private void unused(Statement s, String where, List<String> out) {
        if (!s.allows()) {
            return;
        }
        boolean keyPolicy = where.equals("key policy");
        for (Object action : s.actions()) {
            for (Object resource : s.resources()) {
                boolean used = decisions.stream().anyMatch(d -> d.allowed()
                        && (!keyPolicy || d.need().resource().equals(Deployed.keyArn()))
                        && PolicyEvaluator.wildcard(String.valueOf(action), d.need().action(), true)
                        && PolicyEvaluator.wildcard(String.valueOf(resource), d.need().resource(), false));
                if (!used) {
                    out.add(action + " on " + (keyPolicy ? "the CMK" : alias(String.valueOf(resource))) + " (" + where
                            + " [" + s.sid() + "])");
                }
            }
        }
    }

    Set<String> undecided() {
        return PolicyEvaluator.undecided(decisions);
    }

    /** A resource ARN written with the module's names: raw bucket, s3-events queue, the CMK. */
    String alias(String arn) {
        for (String b : List.of("raw", "processed", "quarantine", "access_logs")) {
            String bucketArn = deployed.bucketArn(b);
            if (arn.equals(bucketArn)) {
                return "bucket " + b;
            }
            if (arn.startsWith(bucketArn + "/")) {
                String key = arn.substring(bucketArn.length() + 1);
                String prefix = key.startsWith("archive/") ? "archive/" : key.startsWith("sftp/") ? "sftp/" : "";
                return "objects " + b + "/" + prefix + "*";
            }
        }
        for (String q : List.of("s3_events", "audit", "s3_events_dlq", "audit_dlq")) {
            if (arn.equals(deployed.queueArn(q))) {
                return "queue " + q;
            }
        }
        if (arn.equals(Deployed.keyArn())) {
            return "the CMK";
        }
        if (arn.startsWith("arn:aws:sns:")) {
            return "topic " + arn.substring(arn.lastIndexOf(':') + 1);
        }
        return arn;
    }

    private static String shortName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** The whole report as text. */
    String report(String title) {
        StringBuilder sb = new StringBuilder("IAM coverage: ").append(title).append('\n');
        sb.append("  ").append(decisions.size()).append(" needs of recorded calls evaluated for ").append(role).append('\n');
        sb.append("  operation -> actions:\n");
        table().forEach((op, actions) -> sb.append("    ").append(op).append(" -> ").append(String.join(", ", actions)).append('\n'));
        List<String> denied = denied();
        sb.append("  not allowed: ").append(denied.isEmpty() ? "none" : "").append('\n');
        denied.forEach(d -> sb.append("    ").append(d).append('\n'));
        sb.append("  granted, used by no call:\n");
        unusedGrants().forEach(u -> sb.append("    ").append(u).append('\n'));
        Set<String> undecided = undecided();
        sb.append("  conditions not decided here: ").append(undecided.isEmpty() ? "none" : "").append('\n');
        undecided.forEach(u -> sb.append("    ").append(u).append('\n'));
        return sb.toString();
    }
}
