package org.mip.infra;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.mip.infra.IamActions.Need;
import org.mip.infra.Policies.Condition;
import org.mip.infra.Policies.Principal;
import org.mip.infra.Policies.Statement;

/**
 * A small IAM policy evaluator for one principal of one account (the pipeline's role), after AWS's
 * policy evaluation logic for requests within an account:
 * <ol>
 *   <li>an explicit Deny in any applicable policy (identity or resource) wins;</li>
 *   <li>otherwise an Allow is needed: from the principal's identity policies, or from the resource
 *       policy naming the principal itself. A resource policy that names the account
 *       ({@code arn:aws:iam::<account>:root}) delegates to IAM: the identity policy must allow.</li>
 *   <li>KMS keys are the exception: the key policy must allow the principal, or allow the account
 *       (and then the identity policy must allow as well); an identity policy alone never does.</li>
 * </ol>
 * Actions and resources match with the {@code *} and {@code ?} wildcards (actions case-insensitively),
 * also {@code NotAction}/{@code NotResource}. Conditions are evaluated on the request's context:
 * a key the context holds (possibly as "known absent", a null value) is decided, with the usual
 * operators ({@code String*}, {@code Arn*}, {@code Bool}, {@code Null}, {@code Numeric*}, each with
 * {@code IfExists}); a condition on any other key cannot be decided here and is reported as such: an
 * Allow under it does not count, a Deny under it does not apply, and both are listed.
 */
final class PolicyEvaluator {

    /** Condition keys known to be absent from the pipeline's own requests (it is not an AWS service). */
    static final Set<String> ABSENT_FOR_PRINCIPALS = Set.of("aws:SourceArn", "aws:SourceAccount", "aws:SourceOwner");

    enum Outcome { ALLOWED, IMPLICIT_DENY, EXPLICIT_DENY }

    /** The decision on one need: which statements allowed or denied it, and the conditions left undecided. */
    record Decision(Need need, Outcome outcome, List<Statement> allowedBy, Statement deniedBy, List<String> undecided) {
        boolean allowed() {
            return outcome == Outcome.ALLOWED;
        }

        @Override
        public String toString() {
            return switch (outcome) {
                case ALLOWED -> need + " allowed by " + allowedBy;
                case EXPLICIT_DENY -> need + " DENIED explicitly by " + deniedBy;
                case IMPLICIT_DENY -> need + " DENIED: no statement allows it"
                        + (undecided.isEmpty() ? "" : " (undecided: " + undecided + ")");
            };
        }
    }

    private enum Match { EXACT, ACCOUNT, NONE }

    private final String principalArn;
    private final String account;

    PolicyEvaluator(String principalArn, String account) {
        this.principalArn = principalArn;
        this.account = account;
    }

    /**
     * @param identity       the principal's identity policies
     * @param resourcePolicy the resource's policy (bucket, queue, topic or key policy), may be empty
     * @param isKmsKey       the resource is a KMS key: its key policy decides
     */
    Decision evaluate(Need need, List<Statement> identity, List<Statement> resourcePolicy, boolean isKmsKey) {
        List<String> undecided = new ArrayList<>();
        List<Statement> identityAllows = new ArrayList<>();
        List<Statement> resourceAllows = new ArrayList<>();
        boolean accountDelegated = false;
        for (boolean resourceSide : new boolean[] {false, true}) {
            for (Statement s : resourceSide ? resourcePolicy : identity) {
                if (!appliesTo(s, need)) {
                    continue;
                }
                Match principal = resourceSide ? principal(s) : Match.EXACT;
                if (principal == Match.NONE) {
                    continue;
                }
                Boolean conditions = conditions(s, need.context(), undecided);
                if (conditions == null || !conditions) {
                    continue;
                }
                if (s.denies()) {
                    return new Decision(need, Outcome.EXPLICIT_DENY, List.of(), s, undecided);
                }
                if (!s.allows()) {
                    throw new IllegalStateException(s + ": effect is " + s.effect());
                }
                if (!resourceSide) {
                    identityAllows.add(s);
                } else if (principal == Match.EXACT) {
                    resourceAllows.add(s);
                } else {
                    accountDelegated = true;
                }
            }
        }
        List<Statement> by = new ArrayList<>(resourceAllows);
        boolean allowed;
        if (isKmsKey) {
            allowed = !resourceAllows.isEmpty() || (accountDelegated && !identityAllows.isEmpty());
            if (resourceAllows.isEmpty()) {
                by.addAll(identityAllows);
            }
        } else {
            allowed = !resourceAllows.isEmpty() || !identityAllows.isEmpty();
            by.addAll(identityAllows);
        }
        return new Decision(need, allowed ? Outcome.ALLOWED : Outcome.IMPLICIT_DENY, allowed ? by : List.of(), null, undecided);
    }

    /** True when the statement's actions and resources cover the need (conditions aside). */
    static boolean appliesTo(Statement s, Need need) {
        boolean action = !s.actions().isEmpty() ? anyMatches(s.actions(), need.action(), true)
                : !s.notActions().isEmpty() && !anyMatches(s.notActions(), need.action(), true);
        if (!action) {
            return false;
        }
        if (!s.resources().isEmpty()) {
            return anyMatches(s.resources(), need.resource(), false);
        }
        return !s.notResources().isEmpty() && !anyMatches(s.notResources(), need.resource(), false);
    }

    private Match principal(Statement s) {
        if (!s.notPrincipals().isEmpty()) {
            throw new IllegalStateException(s + ": NotPrincipal is not evaluated here");
        }
        Match best = Match.NONE;
        for (Principal p : s.principals()) {
            if (p.isEveryone()) {
                return Match.EXACT;
            }
            if (!"AWS".equals(p.type())) {
                continue;
            }
            for (Object id : p.identifiers()) {
                if (principalArn.equals(id)) {
                    return Match.EXACT;
                }
                if (("arn:aws:iam::" + account + ":root").equals(id) || account.equals(id)) {
                    best = Match.ACCOUNT;
                }
            }
        }
        return best;
    }

    /** TRUE, FALSE, or null when a condition key cannot be decided (then noted in {@code undecided}). */
    static Boolean conditions(Statement s, Map<String, String> context, List<String> undecided) {
        List<String> open = new ArrayList<>();
        for (Condition c : s.conditions()) {
            Boolean result = condition(c, context);
            if (result == null) {
                open.add(s + ": " + c.test() + " " + c.variable() + " " + c.values());
            } else if (!result) {
                return false; // one condition false: the statement does not apply, whatever the others
            }
        }
        undecided.addAll(open);
        return open.isEmpty() ? Boolean.TRUE : null;
    }

    static Boolean condition(Condition c, Map<String, String> context) {
        String test = c.test();
        if (test.startsWith("ForAnyValue:") || test.startsWith("ForAllValues:")) {
            return null;
        }
        boolean known = context.containsKey(c.variable()) || ABSENT_FOR_PRINCIPALS.contains(c.variable());
        if (!known) {
            return null;
        }
        String value = context.get(c.variable());
        if (test.equals("Null")) {
            boolean wantAbsent = Boolean.parseBoolean(String.valueOf(c.values().get(0)));
            return wantAbsent == (value == null);
        }
        boolean ifExists = test.endsWith("IfExists");
        String op = ifExists ? test.substring(0, test.length() - "IfExists".length()) : test;
        if (value == null) {
            // IAM: a missing key fails a condition, except that a negated operator (StringNotEquals,
            // ArnNotLike...) is then true, and ...IfExists is true whatever the operator
            return ifExists || op.contains("Not");
        }
        List<String> values = c.values().stream().map(String::valueOf).toList();
        return switch (op) {
            case "StringEquals", "ArnEquals" -> values.contains(value);
            case "StringNotEquals", "ArnNotEquals" -> !values.contains(value);
            case "StringEqualsIgnoreCase" -> values.stream().anyMatch(v -> v.equalsIgnoreCase(value));
            case "StringNotEqualsIgnoreCase" -> values.stream().noneMatch(v -> v.equalsIgnoreCase(value));
            case "StringLike", "ArnLike" -> values.stream().anyMatch(v -> wildcard(v, value, false));
            case "StringNotLike", "ArnNotLike" -> values.stream().noneMatch(v -> wildcard(v, value, false));
            case "Bool" -> values.stream().anyMatch(v -> v.equalsIgnoreCase(value));
            case "NumericLessThan" -> values.stream().anyMatch(v -> Double.parseDouble(value) < Double.parseDouble(v));
            case "NumericLessThanEquals" -> values.stream().anyMatch(v -> Double.parseDouble(value) <= Double.parseDouble(v));
            case "NumericGreaterThan" -> values.stream().anyMatch(v -> Double.parseDouble(value) > Double.parseDouble(v));
            case "NumericGreaterThanEquals" -> values.stream().anyMatch(v -> Double.parseDouble(value) >= Double.parseDouble(v));
            case "NumericEquals" -> values.stream().anyMatch(v -> Double.parseDouble(value) == Double.parseDouble(v));
            default -> null;
        };
    }

    private static boolean anyMatches(List<Object> patterns, String value, boolean ignoreCase) {
        return patterns.stream().anyMatch(p -> wildcard(String.valueOf(p), value, ignoreCase));
    }

    /** IAM's wildcard match: {@code *} any run of characters, {@code ?} one character. */
    static boolean wildcard(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            regex.append(ch == '*' ? ".*" : ch == '?' ? "." : Pattern.quote(String.valueOf(ch)));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0)
                .matcher(value).matches();
    }

    /** The distinct undecided conditions of some decisions, for the report. */
    static Set<String> undecided(List<Decision> decisions) {
        Set<String> out = new LinkedHashSet<>();
        decisions.forEach(d -> out.addAll(d.undecided()));
        return out;
    }
}
