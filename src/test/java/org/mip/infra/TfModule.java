package org.mip.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.mip.infra.Hcl.Ref;

/** One Terraform module: the {@code .tf} files of one directory, merged as Terraform merges them. */
final class TfModule {

    /** A block with two labels (resource, data) or one (variable, output, module). */
    record Block(String kind, String type, String name, Map<String, Object> body, String file) {
        String address() {
            String base = type == null ? kind + "." + name : type + "." + name;
            return "data".equals(kind) ? "data." + base : base;
        }

        Object get(String key) {
            return body.get(key);
        }

        @Override
        public String toString() {
            return address() + " (" + file + ")";
        }
    }

    final String label;
    final Path dir;
    private final List<Block> resources = new ArrayList<>();
    private final List<Block> data = new ArrayList<>();
    private final Map<String, Block> variables = new LinkedHashMap<>();
    private final Map<String, Block> outputs = new LinkedHashMap<>();
    private final Map<String, Block> moduleCalls = new LinkedHashMap<>();
    private final Map<String, Object> locals = new LinkedHashMap<>();
    private final List<Map<String, Object>> terraformBlocks = new ArrayList<>();
    private final List<Map<String, Object>> providers = new ArrayList<>();

    private TfModule(String label, Path dir) {
        this.label = label;
        this.dir = dir;
    }

    /** Every directory under {@code root} that holds {@code .tf} files, as a module. */
    static Map<Path, TfModule> loadTree(Path root) {
        Map<Path, TfModule> modules = new TreeMap<>();
        for (Path file : tfFiles(root)) {
            Path dir = file.getParent();
            modules.computeIfAbsent(dir, d -> new TfModule(root.relativize(d).toString(), d))
                    .add(root.relativize(file).toString(), Hcl.parse(file));
        }
        return modules;
    }

    static TfModule load(Path dir) {
        TfModule module = new TfModule(dir.toString(), dir);
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.toString().endsWith(".tf")).sorted()
                    .forEach(p -> module.add(p.getFileName().toString(), Hcl.parse(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return module;
    }

    /** A module from in-memory sources (file name -> HCL text), for testing the checks. */
    static TfModule of(Map<String, String> sources) {
        TfModule module = new TfModule("snippet", null);
        new TreeMap<>(sources).forEach((name, text) -> module.add(name, Hcl.parse(name, text)));
        return module;
    }

    /** The same blocks, as if the files lay in {@code dir} (for relative module sources). */
    static TfModule of(TfModule other, Path dir) {
        TfModule module = new TfModule(other.label, dir);
        module.resources.addAll(other.resources);
        module.data.addAll(other.data);
        module.variables.putAll(other.variables);
        module.outputs.putAll(other.outputs);
        module.moduleCalls.putAll(other.moduleCalls);
        module.locals.putAll(other.locals);
        module.terraformBlocks.addAll(other.terraformBlocks);
        module.providers.addAll(other.providers);
        return module;
    }

    /**
     * The module's files parsed as one text with {@code var.*} at the given values: hcl4j then
     * evaluates locals across files, conditionals, {@code count} and {@code for_each} (see
     * {@link #generatedBlocks}). References to resources and data sources stay references.
     */
    static TfModule atValues(Map<String, String> sources, Map<String, Object> variables) {
        TfModule module = new TfModule("module at values " + variables, null);
        StringBuilder all = new StringBuilder();
        new TreeMap<>(sources).forEach((name, text) -> all.append("# --- ").append(name).append('\n').append(text).append('\n'));
        module.add("module.tf", Hcl.parse("module.tf", all.toString(), variables));
        return module;
    }

    static TfModule of(String hcl) {
        return of(Map.of("snippet.tf", hcl));
    }

    /** All {@code .tf} files under {@code root}, sorted. */
    static List<Path> tfFiles(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".tf"))
                    .filter(p -> !p.toString().contains("/.terraform/"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void add(String file, Map<String, Object> root) {
        twoLabels(file, "resource", root.get("resource"), resources);
        twoLabels(file, "data", root.get("data"), data);
        oneLabel(file, "variable", root.get("variable"), variables);
        oneLabel(file, "output", root.get("output"), outputs);
        oneLabel(file, "module", root.get("module"), moduleCalls);
        for (Map<String, Object> block : blocks(root.get("locals"))) {
            for (String key : block.keySet()) {
                if (locals.containsKey(key)) {
                    throw new IllegalStateException(file + ": duplicate local value " + key);
                }
            }
            locals.putAll(block);
        }
        terraformBlocks.addAll(blocks(root.get("terraform")));
        for (Map<String, Object> byName : blocks(root.get("provider"))) {
            byName.values().forEach(p -> providers.addAll(blocks(p)));
        }
    }

    private static void twoLabels(String file, String kind, Object tree, List<Block> into) {
        for (Map<String, Object> byType : blocks(tree)) {
            byType.forEach((type, byName) -> {
                for (Map<String, Object> names : blocks(byName)) {
                    names.forEach((name, body) -> {
                        List<Map<String, Object>> bodies = blocks(body);
                        if (bodies.size() != 1) {
                            throw new IllegalStateException(file + ": " + kind + " " + type + "." + name
                                    + " declared " + bodies.size() + " times");
                        }
                        for (Block b : into) {
                            if (b.type().equals(type) && b.name().equals(name)) {
                                throw new IllegalStateException(file + ": duplicate " + kind + " " + type
                                        + "." + name + " (also in " + b.file() + ")");
                            }
                        }
                        into.add(new Block(kind, type, name, bodies.get(0), file));
                    });
                }
            });
        }
    }

    private static void oneLabel(String file, String kind, Object tree, Map<String, Block> into) {
        for (Map<String, Object> byName : blocks(tree)) {
            byName.forEach((name, body) -> {
                List<Map<String, Object>> bodies = blocks(body);
                if (bodies.size() != 1 || into.containsKey(name)) {
                    throw new IllegalStateException(file + ": duplicate " + kind + " " + name);
                }
                into.put(name, new Block(kind, null, name, bodies.get(0), file));
            });
        }
    }

    // --- access -------------------------------------------------------------------

    List<Block> resources() {
        return Collections.unmodifiableList(resources);
    }

    List<Block> resources(String type) {
        return resources.stream().filter(b -> b.type().equals(type)).toList();
    }

    Optional<Block> resource(String type, String name) {
        return resources.stream().filter(b -> b.type().equals(type) && b.name().equals(name)).findFirst();
    }

    List<Block> data(String type) {
        return data.stream().filter(b -> b.type().equals(type)).toList();
    }

    Optional<Block> data(String type, String name) {
        return data.stream().filter(b -> b.type().equals(type) && b.name().equals(name)).findFirst();
    }

    Map<String, Block> variables() {
        return Collections.unmodifiableMap(variables);
    }

    Map<String, Block> outputs() {
        return Collections.unmodifiableMap(outputs);
    }

    Map<String, Block> moduleCalls() {
        return Collections.unmodifiableMap(moduleCalls);
    }

    Map<String, Object> locals() {
        return Collections.unmodifiableMap(locals);
    }

    List<Map<String, Object>> terraformBlocks() {
        return Collections.unmodifiableList(terraformBlocks);
    }

    List<Map<String, Object>> providers() {
        return Collections.unmodifiableList(providers);
    }

    // --- helpers over hcl4j's shapes -----------------------------------------------

    /** A nested block that may appear once (a map) or repeatedly (a list of maps), as a list. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> blocks(Object value) {
        if (value instanceof Map<?, ?> map) {
            return List.of((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
            return out;
        }
        return List.of();
    }

    /** Blocks named {@code name} in a body, static ones and the contents of {@code dynamic "name"}. */
    static List<Map<String, Object>> blocksWithDynamic(Map<String, Object> body, String name) {
        List<Map<String, Object>> out = new ArrayList<>(blocks(body.get(name)));
        for (Map<String, Object> dynamic : blocks(body.get("dynamic"))) {
            for (Map<String, Object> generator : blocks(dynamic.get(name))) {
                out.addAll(blocks(generator.get("content")));
            }
        }
        return out;
    }

    /**
     * Like {@link #blocksWithDynamic}, but only the {@code dynamic} blocks whose {@code for_each}
     * generates something (a non-empty list or map): for a module parsed {@link #atValues}.
     */
    static List<Map<String, Object>> generatedBlocks(Map<String, Object> body, String name) {
        List<Map<String, Object>> out = new ArrayList<>(blocks(body.get(name)));
        for (Map<String, Object> dynamic : blocks(body.get("dynamic"))) {
            for (Map<String, Object> generator : blocks(dynamic.get(name))) {
                Object forEach = generator.get("for_each");
                boolean generates = forEach instanceof List<?> l ? !l.isEmpty()
                        : forEach instanceof Map<?, ?> m ? !m.isEmpty() : fail(forEach);
                if (generates) {
                    out.addAll(blocks(generator.get("content")));
                }
            }
        }
        return out;
    }

    private static boolean fail(Object forEach) {
        throw new IllegalStateException("cannot tell what dynamic block for_each = " + forEach + " generates");
    }

    /** Navigates nested single blocks/maps: {@code path(body, "rule", "apply_server_side_encryption_by_default")}. */
    static Object path(Object value, String... keys) {
        Object current = value;
        for (String key : keys) {
            List<Map<String, Object>> found = blocks(current);
            if (found.size() != 1) {
                return null;
            }
            current = found.get(0).get(key);
        }
        return current;
    }

    /** A scalar or a list, as a list. */
    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        return List.of(value);
    }

    /** The text of a literal or a reference (references as written); null for anything else. */
    static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Ref r) {
            return r.path();
        }
        return null;
    }

    /** True if {@code value} is a reference to {@code prefix} followed by one of {@code attributes}. */
    static boolean refersTo(Object value, String prefix, String... attributes) {
        if (!(value instanceof Ref r)) {
            return false;
        }
        for (String attribute : attributes) {
            if (r.path().equals(prefix + "." + attribute)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The instances of a resource: one, or one per key of a {@code for_each} written as an
     * object literal, with {@code each.key} and {@code each.value} replaced (in references and
     * in template text).
     */
    static List<Map<String, Object>> instances(Block block) {
        Object forEach = block.get("for_each");
        if (!(forEach instanceof Map<?, ?> map)) {
            return List.of(block.body());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        map.forEach((key, value) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> copy = (Map<String, Object>) substitute(block.body(), String.valueOf(key), value);
            out.add(copy);
        });
        return out;
    }

    private static Object substitute(Object o, String key, Object value) {
        if (o instanceof Ref r) {
            if (r.path().equals("each.key")) {
                return key;
            }
            if (r.path().equals("each.value")) {
                return value;
            }
            if (r.path().startsWith("each.value.") && value instanceof Ref v) {
                return new Ref(v.path() + r.path().substring("each.value".length()));
            }
            return r;
        }
        if (o instanceof String s) {
            String replaced = s.replace("each.key", key);
            if (value instanceof Ref v) {
                replaced = replaced.replace("each.value", v.path());
            } else if (value instanceof String v) {
                replaced = replaced.replace("each.value", v);
            }
            return replaced;
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), "for_each".equals(k) ? v : substitute(v, key, value)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(substitute(v, key, value)));
            return out;
        }
        return o;
    }
}
