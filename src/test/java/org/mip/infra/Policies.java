package org.mip.infra;

import static org.mip.infra.TfModule.blocks;
import static org.mip.infra.TfModule.blocksWithDynamic;
import static org.mip.infra.TfModule.list;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mip.infra.Hcl.JsonEncoded;
import org.mip.infra.Hcl.Ref;
import org.mip.infra.TfModule.Block;

/**
 * IAM-style policy statements of a module, from the three ways Terraform code writes them:
 * {@code data "aws_iam_policy_document"} blocks (static and {@code dynamic "statement"}),
 * {@code jsonencode({...})} and JSON text (heredoc or string).
 */
final class Policies {

    private Policies() {}

    record Condition(String test, String variable, List<Object> values) {}

    /** type is "AWS", "Service", "Federated", "CanonicalUser" or "*" (Principal = "*"). */
    record Principal(String type, List<Object> identifiers) {
        boolean isEveryone() {
            return "*".equals(type) || identifiers.contains("*");
        }
    }

    record Statement(String origin, String file, String sid, String effect, List<Object> actions, List<Object> notActions,
            List<Object> resources, List<Object> notResources, List<Principal> principals,
            List<Principal> notPrincipals, List<Condition> conditions) {

        boolean allows() {
            return "Allow".equals(effect);
        }

        boolean denies() {
            return "Deny".equals(effect);
        }

        Condition condition(String variable) {
            return conditions.stream().filter(c -> variable.equals(c.variable())).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return origin + (sid == null ? "" : " [" + sid + "]") + (file == null ? "" : " (" + file + ")");
        }
    }

    /** A resource attribute that holds a policy, and what the checker could make of it. */
    record Attached(Block owner, String attribute, String document, List<Statement> statements, String problem) {
        boolean inspectable() {
            return problem == null;
        }
    }

    static final List<String> POLICY_ATTRIBUTES = List.of("policy", "assume_role_policy");

    /** Statements of every {@code aws_iam_policy_document} of the module, by document name. */
    static Map<String, List<Statement>> documents(TfModule module) {
        Map<String, List<Statement>> docs = new LinkedHashMap<>();
        for (Block doc : module.data("aws_iam_policy_document")) {
            docs.put(doc.name(), fromDocument(doc));
        }
        return docs;
    }

    static List<Statement> fromDocument(Block doc) {
        return fromDocument(doc, false);
    }

    /**
     * @param generatedOnly take only the dynamic statements whose {@code for_each} generates one
     *                      (a module parsed {@link TfModule#atValues}); otherwise every dynamic one
     */
    static List<Statement> fromDocument(Block doc, boolean generatedOnly) {
        List<Statement> out = new ArrayList<>();
        for (Map<String, Object> s : generatedOnly ? TfModule.generatedBlocks(doc.body(), "statement")
                : blocksWithDynamic(doc.body(), "statement")) {
            List<Principal> principals = new ArrayList<>();
            for (Map<String, Object> p : blocksWithDynamic(s, "principals")) {
                principals.add(new Principal(TfModule.text(p.get("type")), list(p.get("identifiers"))));
            }
            List<Principal> notPrincipals = new ArrayList<>();
            for (Map<String, Object> p : blocksWithDynamic(s, "not_principals")) {
                notPrincipals.add(new Principal(TfModule.text(p.get("type")), list(p.get("identifiers"))));
            }
            List<Condition> conditions = new ArrayList<>();
            for (Map<String, Object> c : blocksWithDynamic(s, "condition")) {
                conditions.add(new Condition(TfModule.text(c.get("test")), TfModule.text(c.get("variable")),
                        list(c.get("values"))));
            }
            String effect = s.containsKey("effect") ? TfModule.text(s.get("effect")) : "Allow";
            out.add(new Statement(doc.address(), doc.file(), TfModule.text(s.get("sid")), effect, list(s.get("actions")),
                    list(s.get("not_actions")), list(s.get("resources")), list(s.get("not_resources")),
                    principals, notPrincipals, conditions));
        }
        return out;
    }

    /** Every policy attribute of every resource (at any depth, e.g. inline_policy blocks). */
    static List<Attached> attached(TfModule module) {
        Map<String, List<Statement>> docs = documents(module);
        List<Attached> out = new ArrayList<>();
        for (Block resource : module.resources()) {
            collect(resource, resource.body(), docs, out);
        }
        return out;
    }

    private static void collect(Block owner, Map<String, Object> body, Map<String, List<Statement>> docs,
            List<Attached> out) {
        body.forEach((key, value) -> {
            if (POLICY_ATTRIBUTES.contains(key)) {
                out.add(interpret(owner, key, value, docs));
            } else if (!"for_each".equals(key)) {
                for (Map<String, Object> nested : blocks(value)) {
                    collect(owner, nested, docs, out);
                }
            }
        });
    }

    private static Attached interpret(Block owner, String attribute, Object value, Map<String, List<Statement>> docs) {
        String origin = owner.address() + "." + attribute;
        if (value instanceof Ref ref && ref.path().matches("data\\.aws_iam_policy_document\\.[\\w-]+\\.(json|minified_json)")) {
            String name = ref.path().split("\\.")[2];
            List<Statement> statements = docs.get(name);
            return statements == null
                    ? new Attached(owner, attribute, name, List.of(), "refers to a policy document that does not exist: " + ref)
                    : new Attached(owner, attribute, name, statements, null);
        }
        if (value instanceof JsonEncoded json) {
            return fromJson(owner, attribute, origin, json.value());
        }
        if (value instanceof String text && text.strip().startsWith("{")) {
            try {
                return fromJson(owner, attribute, origin, new ObjectMapper().readValue(text, Object.class));
            } catch (JsonProcessingException e) {
                return new Attached(owner, attribute, null, List.of(), "JSON policy does not parse: " + e.getOriginalMessage());
            }
        }
        return new Attached(owner, attribute, null, List.of(),
                "not an inspectable policy (use an aws_iam_policy_document, jsonencode({...}) or JSON text): " + value);
    }

    private static Attached fromJson(Block owner, String attribute, String origin, Object document) {
        if (!(document instanceof Map<?, ?> doc) || !doc.containsKey("Statement")) {
            return new Attached(owner, attribute, null, List.of(), "policy without a Statement: " + document);
        }
        List<Statement> out = new ArrayList<>();
        for (Object o : list(doc.get("Statement"))) {
            if (!(o instanceof Map<?, ?> s)) {
                return new Attached(owner, attribute, null, List.of(), "statement is not an object: " + o);
            }
            out.add(new Statement(origin, owner.file(), TfModule.text(s.get("Sid")), TfModule.text(s.get("Effect")),
                    list(s.get("Action")), list(s.get("NotAction")), list(s.get("Resource")),
                    list(s.get("NotResource")), principals(s.get("Principal")), principals(s.get("NotPrincipal")),
                    conditions(s.get("Condition"))));
        }
        return new Attached(owner, attribute, null, out, null);
    }

    private static List<Principal> principals(Object value) {
        List<Principal> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if ("*".equals(value)) {
            out.add(new Principal("*", List.of("*")));
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((type, ids) -> out.add(new Principal(String.valueOf(type), list(ids))));
        } else {
            out.add(new Principal("?", list(value)));
        }
        return out;
    }

    private static List<Condition> conditions(Object value) {
        List<Condition> out = new ArrayList<>();
        if (value instanceof Map<?, ?> byOperator) {
            byOperator.forEach((operator, byKey) -> {
                if (byKey instanceof Map<?, ?> keys) {
                    keys.forEach((key, values) -> out.add(new Condition(String.valueOf(operator), String.valueOf(key), list(values))));
                }
            });
        }
        return out;
    }

    /** All statements of the module: of every document (attached or not) and of every JSON policy. */
    static List<Statement> all(TfModule module) {
        List<Statement> out = new ArrayList<>();
        documents(module).values().forEach(out::addAll);
        for (Attached a : attached(module)) {
            if (a.document() == null) {
                out.addAll(a.statements());
            }
        }
        return out;
    }
}
