package org.mip.app.routes;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks a folder of YAML routes before it runs, with nothing started: each file against the Camel
 * YAML DSL schema (misspelt steps and keys, wrong types), then the folder as a whole against the
 * application: every bean reference ({@code ref:}, {@code *Ref:}, {@code #name} and
 * {@code #bean:name} in options and URIs) names a bean the application binds, every
 * {@code to: direct:x} has a route {@code from: direct:x}, every {@code {{placeholder}}} is a
 * setting, no route id or route configuration id is used twice, and the routes the pipeline needs
 * exist. {@code mip routes check} prints the result; the live reload refuses an edit that fails it.
 */
public final class RouteCheck {
    /** What the routes may name: the application's beans and settings, and the route ids it needs. */
    public record Vocabulary(Set<String> beans, Set<String> settings, Set<String> requiredRoutes) {
    }

    /**
     * What one file defines and uses, for the reload to know which routes an edit touches and in
     * which order to stop them (callers before the routes they call).
     *
     * @param routeIds          the ids of its routes
     * @param configurationIds  the ids of its route configurations ("" for one without id, which applies to every route without routeConfigurationId)
     * @param configurationRefs the route configurations its routes name
     * @param calls             route id to the direct: endpoints it sends to
     * @param inputs            route id to the direct: endpoint it reads, for routes that read one
     * @param routeAt           route id to where its "route:" stands
     */
    public record FileFacts(Set<String> routeIds, Set<String> configurationIds, Set<String> configurationRefs,
                            Map<String, Set<String>> calls, Map<String, String> inputs, Map<String, Position> routeAt) {
    }

    /** A place in a file, 1-based. */
    public record Position(int line, int column) {
    }

    /** A direct: endpoint named at a place of a file: read ("from") or sent to. */
    private record DirectUse(RouteProblem at, String name, int item, boolean input) {
    }

    /** The outcome: problems in file order, and what each file defines. */
    public record Result(List<RouteProblem> problems, Map<String, FileFacts> files) {
        public boolean ok() {
            return problems.isEmpty();
        }

        public int routeCount() {
            return files.values().stream().mapToInt(f -> f.routeIds().size()).sum();
        }
    }

    /** Keys whose value names a bean (except routeTemplateRef, which names a template). */
    private static boolean isBeanKey(String key) {
        return key.equals("ref") || key.endsWith("Ref") && !key.equals("routeTemplateRef");
    }

    /** Keys whose value is an endpoint URI (as a string, or as an object with "uri"). */
    private static final Set<String> ENDPOINT_KEYS = Set.of("to", "toD", "wireTap", "enrich", "pollEnrich", "uri");
    private static final Pattern BEAN_VALUE = Pattern.compile("#(?:bean:)?([A-Za-z_][\\w.-]*)");
    private static final Pattern BEAN_IN_URI = Pattern.compile("[?&][A-Za-z0-9_.-]+=#(?:bean:)?([A-Za-z_][\\w.-]*)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}");
    /** Camel's property functions ({{env:X}}, {{sys:x}}...): not settings, not checkable here. */
    private static final Set<String> FUNCTIONS = Set.of("env", "sys", "sysenv", "bean", "ref", "base64", "random");

    private RouteCheck() {
    }

    /**
     * Loads the Camel YAML DSL's schema on a thread of its own, for a start that will check a routes
     * folder: its 800 kB of JSON (a sixth of a second of CPU, on the path to ready) load while the
     * start does other work. A failure is left to {@link #check}, which loads it again and reports it.
     */
    public static void preloadSchema() {
        Thread t = new Thread(() -> {
            try {
                RouteSchema.get();
            } catch (RuntimeException | Error e) {
                // check() meets it again on the main thread, where it is reported
            }
        }, "mip-route-schema");
        t.setDaemon(true);
        t.start();
    }

    /** The route files of a folder: its {@code *.yaml} entries (symbolic links followed, hidden names skipped), by name. */
    public static Map<String, String> readFolder(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !name.endsWith(".yaml") || !Files.isRegularFile(p)) {
                    continue;
                }
                files.put(name, Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /** Checks {@code files} (name to content) as one folder. */
    public static Result check(Map<String, String> files, Vocabulary vocabulary) {
        List<RouteProblem> problems = new ArrayList<>();
        Map<String, FileFacts> facts = new LinkedHashMap<>();
        Map<String, RouteProblem> routeIds = new LinkedHashMap<>();
        Map<String, RouteProblem> configurationIds = new LinkedHashMap<>();
        List<DirectUse> directs = new ArrayList<>();
        boolean unreadable = false; // a file that is not YAML defines unknown routes: no folder-wide conclusions then
        for (Map.Entry<String, String> file : files.entrySet()) {
            YamlTree tree = YamlTree.parse(file.getKey(), file.getValue());
            problems.addAll(tree.problems());
            if (tree.root() == null || !tree.root().isArray()) {
                unreadable = true;
                if (tree.root() != null) {
                    problems.add(tree.problem(List.of(), RouteProblem.SCHEMA, "a route file is a list (\"- route: ...\")"));
                }
                facts.put(file.getKey(), new FileFacts(Set.of(), Set.of(), Set.of(), Map.of(), Map.of(), Map.of()));
                continue;
            }
            problems.addAll(RouteSchema.get().validate(tree));
            List<DirectUse> here = new ArrayList<>();
            walk(tree, tree.root(), new ArrayList<>(), vocabulary, here, problems);
            directs.addAll(here);
            facts.put(file.getKey(), definitions(tree, here, routeIds, configurationIds, problems));
        }
        Set<String> inputs = new LinkedHashSet<>();
        directs.stream().filter(DirectUse::input).forEach(d -> inputs.add(d.name()));
        for (DirectUse d : directs) {
            if (!unreadable && !d.input() && !inputs.contains(d.name())) {
                problems.add(new RouteProblem(d.at().file(), d.at().line(), d.at().column(), RouteProblem.MISSING_DIRECT,
                        "no route reads direct:" + d.name() + " (no \"from: direct:" + d.name() + "\" in the folder)"
                                + RouteSchema.suggestion(d.name(), List.copyOf(inputs))));
            }
        }
        for (String required : new java.util.TreeSet<>(vocabulary.requiredRoutes())) {
            if (!unreadable && !routeIds.containsKey(required)) {
                problems.add(new RouteProblem("", 0, 0, RouteProblem.MISSING_ROUTE,
                        "no route has the id \"" + required + "\", which the pipeline needs with these settings"));
            }
        }
        problems.sort((a, b) -> {
            if (a.file().isEmpty() != b.file().isEmpty()) {
                return a.file().isEmpty() ? 1 : -1; // the folder's own problems last
            }
            int c = a.file().compareTo(b.file());
            if (c != 0) {
                return c;
            }
            return a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column());
        });
        return new Result(List.copyOf(problems), facts);
    }

    /** The ids a file defines (routes, route configurations) and the configurations its routes name; duplicates reported. */
    private static FileFacts definitions(YamlTree tree, List<DirectUse> directs, Map<String, RouteProblem> routeIds,
                                         Map<String, RouteProblem> configurationIds, List<RouteProblem> problems) {
        Map<String, Set<String>> calls = new LinkedHashMap<>();
        Map<String, String> inputs = new LinkedHashMap<>();
        Map<String, Position> lines = new LinkedHashMap<>();
        Set<String> routes = new LinkedHashSet<>();
        Set<String> configurations = new LinkedHashSet<>();
        Set<String> refs = new LinkedHashSet<>();
        JsonNode root = tree.root();
        for (int i = 0; i < root.size(); i++) {
            JsonNode item = root.get(i);
            JsonNode route = item.get("route");
            if (route != null && route.path("id").isTextual()) {
                String id = route.get("id").asText();
                define(tree, List.of(i, "route", "id"), "route", id, routeIds, problems);
                routes.add(id);
                YamlTree.Position at = tree.keyAt(List.of(i), "route");
                lines.put(id, new Position(at.line(), at.column()));
                Set<String> called = new LinkedHashSet<>();
                for (DirectUse d : directs) {
                    if (d.item() == i && d.input()) {
                        inputs.put(id, d.name());
                    } else if (d.item() == i) {
                        called.add(d.name());
                    }
                }
                calls.put(id, called);
                for (String ref : route.path("routeConfigurationId").asText("").split(",")) {
                    if (!ref.isBlank()) {
                        refs.add(ref.strip());
                    }
                }
            }
            JsonNode configuration = item.get("routeConfiguration");
            if (configuration != null) {
                String id = configuration.path("id").asText("");
                if (!id.isEmpty()) {
                    define(tree, List.of(i, "routeConfiguration", "id"), "route configuration", id, configurationIds, problems);
                }
                configurations.add(id); // "" is a configuration for every route without routeConfigurationId
            }
        }
        return new FileFacts(routes, configurations, refs, calls, inputs, lines);
    }

    private static void define(YamlTree tree, List<Object> path, String what, String id, Map<String, RouteProblem> seen,
                               List<RouteProblem> problems) {
        RouteProblem here = tree.problem(path, RouteProblem.DUPLICATE_ID, "");
        RouteProblem first = seen.putIfAbsent(id, here);
        if (first != null) {
            problems.add(new RouteProblem(here.file(), here.line(), here.column(), RouteProblem.DUPLICATE_ID,
                    "the " + what + " id \"" + id + "\" is also used at " + first.file() + ":" + first.line() + ":" + first.column()));
        }
    }

    private static void walk(YamlTree tree, JsonNode node, List<Object> path, Vocabulary v, List<DirectUse> directs,
                             List<RouteProblem> problems) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                List<Object> child = new ArrayList<>(path);
                child.add(field.getKey());
                JsonNode value = field.getValue();
                if (value.isTextual()) {
                    text(tree, field.getKey(), value.asText(), child, v, directs, problems);
                } else {
                    walk(tree, value, child, v, directs, problems);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> child = new ArrayList<>(path);
                child.add(i);
                JsonNode value = node.get(i);
                if (value.isTextual()) {
                    text(tree, "", value.asText(), child, v, directs, problems);
                } else {
                    walk(tree, value, child, v, directs, problems);
                }
            }
        }
    }

    /** One scalar value: the bean it names, the direct: endpoint it reads or calls, its placeholders. */
    private static void text(YamlTree tree, String key, String value, List<Object> path, Vocabulary v, List<DirectUse> directs,
                             List<RouteProblem> problems) {
        for (Matcher m = PLACEHOLDER.matcher(value); m.find(); ) {
            String name = placeholderKey(m.group(1));
            if (name != null && !v.settings().contains(name)) {
                problems.add(tree.problem(path, RouteProblem.UNKNOWN_PLACEHOLDER, "{{" + m.group(1) + "}} is not a setting"
                        + RouteSchema.suggestion(name, List.copyOf(v.settings())) + " (docs/CONFIGURATION.md)"));
            }
        }
        if (isBeanKey(key) && !value.contains("{{")) {
            bean(tree, value.startsWith("#") ? value : "#" + value, path, v, problems);
        } else if (BEAN_VALUE.matcher(value).matches()) {
            bean(tree, value, path, v, problems);
        }
        for (Matcher m = BEAN_IN_URI.matcher(value); m.find(); ) {
            bean(tree, "#" + m.group(1), path, v, problems);
        }
        boolean endpoint = ENDPOINT_KEYS.contains(key) || "from".equals(key);
        if (endpoint && value.startsWith("direct:")) {
            String name = value.substring("direct:".length());
            name = name.startsWith("//") ? name.substring(2) : name;
            int q = name.indexOf('?');
            name = q < 0 ? name : name.substring(0, q);
            boolean input = "from".equals(key) || path.size() >= 2 && "from".equals(path.get(path.size() - 2)) && "uri".equals(key);
            int item = path.isEmpty() || !(path.get(0) instanceof Integer i) ? -1 : i;
            if (input || !name.contains("${") && !name.contains("{{")) { // a toD computed per message cannot be checked
                directs.add(new DirectUse(tree.problem(path, RouteProblem.MISSING_DIRECT, name), name, item, input));
            }
        }
    }

    private static void bean(YamlTree tree, String reference, List<Object> path, Vocabulary v, List<RouteProblem> problems) {
        Matcher m = BEAN_VALUE.matcher(reference);
        if (!m.matches()) {
            return; // #class:..., #type:..., #new:...: not a bean of the registry
        }
        String name = m.group(1);
        if (!v.beans().contains(name)) {
            problems.add(tree.problem(path, RouteProblem.UNKNOWN_BEAN, "no bean named \"" + name + "\" is bound by the application"
                    + RouteSchema.suggestion(name, List.copyOf(v.beans()))));
        }
    }

    /** The setting a placeholder names, or null for a property function ({{env:HOME}}). */
    private static String placeholderKey(String content) {
        String c = content.strip();
        if (c.startsWith("?")) {
            c = c.substring(1); // optional placeholder
        }
        int colon = c.indexOf(':');
        if (colon > 0) {
            if (FUNCTIONS.contains(c.substring(0, colon))) {
                return null;
            }
            c = c.substring(0, colon); // {{key:default}}
        }
        return c;
    }
}
