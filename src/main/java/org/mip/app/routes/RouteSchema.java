package org.mip.app.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader;

/**
 * Validates a route file against the JSON schema of the Camel YAML DSL that ships inside
 * {@code camel-yaml-dsl} (so it always matches the Camel on the class path), and turns the
 * validator's output into a few problems a person can act on: the unknown step or key with a
 * suggestion, the missing key, the wrong type, each at its line.
 *
 * <p>Scalars are validated as text with loose typing, because that is how the YAML DSL reads them
 * ({@code constant: true} and {@code autoStartup: "true"} are both fine), and a value that holds a
 * {@code {{placeholder}}} is not type-checked: its type is known only once the setting is resolved.
 */
final class RouteSchema {
    /** Where camel-yaml-dsl keeps its schema. */
    static final String RESOURCE = "schema/camelYamlDsl.json";
    private static final Set<String> SUMMARY_KEYWORDS = Set.of("oneOf", "anyOf", "not", "allOf");
    private static volatile RouteSchema instance;

    private final JsonNode document;
    private final Schema schema;

    private RouteSchema(JsonNode document) {
        this.document = document;
        // draft 4, plus the annotation "deprecated" Camel's schema uses (a later draft's), so it is not warned about
        Dialect dialect = Dialect.builder(Dialects.getDraft4()).keyword(new NonValidationKeyword("deprecated")).build();
        SchemaRegistry registry = SchemaRegistry.withDialect(dialect, b -> b.schemaRegistryConfig(
                SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).typeLoose(true).build()));
        this.schema = registry.getSchema(document);
    }

    /** The schema of the Camel on the class path, loaded once (about a second: 800 kB of JSON). */
    static RouteSchema get() {
        RouteSchema s = instance;
        if (s == null) {
            synchronized (RouteSchema.class) {
                if (instance == null) {
                    try (InputStream in = YamlRoutesBuilderLoader.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("the Camel YAML DSL schema " + RESOURCE + " is not on the class path");
                        }
                        instance = new RouteSchema(new ObjectMapper().readTree(in));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the Camel YAML DSL schema", e);
                    }
                }
                s = instance;
            }
        }
        return s;
    }

    /** The schema problems of one parsed file, one per cause, in file order. */
    List<RouteProblem> validate(YamlTree tree) {
        List<Error> errors = new ArrayList<>();
        for (Error e : schema.validate(tree.root())) {
            if (!isPlaceholderType(e)) {
                errors.add(e);
            }
        }
        errors = mostSpecific(errors);
        Map<String, RouteProblem> out = new LinkedHashMap<>();
        for (Error e : errors) {
            RouteProblem p = describe(tree, e);
            out.putIfAbsent(p.line() + ":" + p.column() + ":" + p.message(), p);
        }
        List<RouteProblem> list = new ArrayList<>(out.values());
        list.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column()));
        return list;
    }

    /** A {@code {{placeholder}}} where a number or boolean is expected: resolved at load time, not checkable here. */
    private static boolean isPlaceholderType(Error e) {
        JsonNode node = e.getInstanceNode();
        return "type".equals(e.getKeyword()) && node != null && node.isTextual() && node.asText().contains("{{");
    }

    /**
     * Keeps the errors that name the cause. The validator reports every branch of a oneOf/anyOf
     * ("to" as a string failed, "to" as an object failed because of key X) and a summary for
     * each; only the branch that matches the node's JSON type explains anything, and an unknown
     * key usually is a misspelling of the "required" key reported missing beside it.
     */
    private static List<Error> mostSpecific(List<Error> errors) {
        List<Error> kept = new ArrayList<>();
        for (Error e : errors) {
            String at = e.getInstanceLocation().toString();
            boolean summary = SUMMARY_KEYWORDS.contains(e.getKeyword());
            if (summary && errors.stream().anyMatch(o -> o != e && !SUMMARY_KEYWORDS.contains(o.getKeyword())
                    && o.getInstanceLocation().toString().startsWith(at))) {
                continue;
            }
            if ("type".equals(e.getKeyword()) && e.getInstanceNode() != null && e.getInstanceNode().isContainerNode()
                    && errors.stream().anyMatch(o -> o != e && !"type".equals(o.getKeyword()) && !SUMMARY_KEYWORDS.contains(o.getKeyword())
                    && o.getInstanceLocation().toString().startsWith(at))) {
                continue; // the scalar branch of "string or object": the object branch has the real error
            }
            if ("required".equals(e.getKeyword()) && errors.stream().anyMatch(o -> "additionalProperties".equals(o.getKeyword())
                    && o.getInstanceLocation().equals(e.getInstanceLocation()))) {
                continue; // the unknown key beside it is the cause (a misspelt "message", "uri", "simple"...)
            }
            kept.add(e);
        }
        return kept;
    }

    private RouteProblem describe(YamlTree tree, Error e) {
        List<Object> path = elements(e.getInstanceLocation());
        String where = owner(path);
        switch (e.getKeyword()) {
            case "additionalProperties" -> {
                String key = e.getProperty();
                YamlTree.Position p = tree.keyAt(path, key);
                List<String> allowed = allowedKeys(e);
                String hint = suggestion(key, allowed);
                String what = isStep(e) ? "unknown step \"" + key + "\""
                        : path.isEmpty() || path.size() == 1 ? "unknown element \"" + key + "\""
                        : "unknown key \"" + key + "\" in " + where;
                return new RouteProblem(tree.file(), p.line(), p.column(), RouteProblem.SCHEMA, what + hint);
            }
            case "required" -> {
                return tree.problem(path, RouteProblem.SCHEMA, where + " needs the key \"" + e.getProperty() + "\"");
            }
            case "type" -> {
                return tree.problem(path, RouteProblem.SCHEMA, where + ": " + e.getMessage());
            }
            case "maxProperties" -> {
                return tree.problem(path, RouteProblem.SCHEMA, where + " holds more than one element: give each step its own \"- \" list item");
            }
            default -> {
                return tree.problem(path, RouteProblem.SCHEMA, where + ": " + e.getMessage());
            }
        }
    }

    /** Whether the unknown key is where a step (EIP) belongs: an item of a steps list. */
    private static boolean isStep(Error e) {
        String eval = e.getEvaluationPath().toString();
        return eval.endsWith("/steps/items/$ref/additionalProperties");
    }

    /** The keys the schema allows where the unknown key stood (the "properties" beside "additionalProperties"). */
    private List<String> allowedKeys(Error e) {
        String fragment = e.getSchemaLocation().getFragment().toString();
        int cut = fragment.lastIndexOf('/');
        if (cut < 0) {
            return List.of();
        }
        JsonNode node = document.at(fragment.substring(0, cut));
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = node.path("properties").fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }

    /** " (did you mean "x"?)" for a close allowed name, else "". */
    static String suggestion(String given, List<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String g = given.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            int d = org.mip.config.Spelling.distance(g, a.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = a;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= Math.max(1, Math.min(3, given.length() / 3))) {
            return " (did you mean \"" + best + "\"?)";
        }
        List<String> prefixed = allowed.stream().filter(a -> a.toLowerCase(Locale.ROOT).startsWith(g) && g.length() >= 3).toList();
        return prefixed.size() == 1 ? " (did you mean \"" + prefixed.get(0) + "\"?)" : ""; // a name cut short: "finish" for "finish-raw"
    }

    /** The key that holds the node at {@code path}, for messages: "log", "route", "to"... */
    private static String owner(List<Object> path) {
        for (int i = path.size() - 1; i >= 0; i--) {
            if (path.get(i) instanceof String s) {
                return "\"" + s + "\"";
            }
        }
        return "the file";
    }

    static List<Object> elements(NodePath path) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < path.getNameCount(); i++) {
            out.add(path.getElement(i));
        }
        return out;
    }
}
