package org.mip.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Just enough of {@code kustomize build} to check k8s/ without the tool (it is not installable
 * here): resources (files and directories), components, configMapGenerator (envs, literals),
 * secretGenerator (the keys; the files themselves are secret and usually absent), patches
 * (strategic-merge patches applied as JSON merge patches, and JSON 6902 add/replace/remove),
 * images (containers and the fieldSpecs of {@code configurations}), and namespace.
 *
 * <p>What it cannot do is reported in {@link Build#problems()} rather than ignored: an unknown
 * kustomization field, a patch whose target is missing, a path that does not exist.
 */
final class Kustomize {

    private Kustomize() {}

    /** The resources of a build, and what went wrong on the way (unresolvable references etc.). */
    record Build(List<Map<String, Object>> resources, List<String> problems) {

        List<Map<String, Object>> ofKind(String kind) {
            return resources.stream().filter(r -> kind.equals(r.get("kind"))).toList();
        }

        Map<String, Object> find(String kind, String name) {
            return resources.stream().filter(r -> kind.equals(r.get("kind")) && name.equals(Yaml.name(r)))
                    .findFirst().orElse(null);
        }
    }

    private static final List<String> KNOWN = List.of("apiVersion", "kind", "resources", "components", "namespace",
            "labels", "configMapGenerator", "secretGenerator", "patches", "images", "configurations",
            "generatorOptions");

    static Build build(Path dir) {
        return build(dir, Map.of());
    }

    /**
     * Builds the kustomization in {@code dir}; {@code componentOverride} replaces a component
     * path (as written in a kustomization) by another (to build an overlay with the other variant).
     */
    static Build build(Path dir, Map<String, String> componentOverride) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> resources = new ArrayList<>();
        List<String> imageFieldSpecs = new ArrayList<>();
        buildInto(dir.toAbsolutePath().normalize(), componentOverride, resources, problems, imageFieldSpecs, false);
        return new Build(resources, problems);
    }

    @SuppressWarnings("unchecked")
    private static void buildInto(Path dir, Map<String, String> override, List<Map<String, Object>> out,
                                  List<String> problems, List<String> imageFieldSpecs, boolean component) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            problems.add(dir + ": no kustomization.yaml");
            return;
        }
        Map<String, Object> k;
        try {
            k = (Map<String, Object>) Yaml.loadOne(file);
        } catch (RuntimeException e) {
            problems.add(file + ": " + e.getMessage());
            return;
        }
        if (k == null) {
            problems.add(file + ": empty");
            return;
        }
        for (String key : k.keySet()) {
            if (!KNOWN.contains(key)) {
                problems.add(file + ": field '" + key + "' is not understood by these checks");
            }
        }
        String where = file.toString();
        // A component works on (and patches) what its parent has built so far.
        List<Map<String, Object>> own = component ? out : new ArrayList<>();
        for (Object r : Yaml.list(k.get("resources"))) {
            Path p = dir.resolve(String.valueOf(r)).normalize();
            if (Files.isDirectory(p)) {
                buildInto(p, override, own, problems, imageFieldSpecs, false);
            } else if (Files.isRegularFile(p)) {
                for (Object doc : Yaml.loadAll(p)) {
                    if (doc instanceof Map<?, ?> m) {
                        own.add((Map<String, Object>) m);
                    } else if (doc != null) {
                        problems.add(p + ": a document that is not a mapping");
                    }
                }
            } else {
                problems.add(where + ": resource " + r + " does not exist");
            }
        }
        for (Object g : Yaml.list(k.get("configMapGenerator"))) {
            own.add(configMap(dir, (Map<String, Object>) g, problems, where));
        }
        for (Object g : Yaml.list(k.get("secretGenerator"))) {
            own.add(secret(dir, (Map<String, Object>) g, where));
        }
        for (Object c : Yaml.list(k.get("components"))) {
            String path = override.getOrDefault(String.valueOf(c), String.valueOf(c));
            Path p = dir.resolve(path).normalize();
            buildInto(p, override, own, problems, imageFieldSpecs, true);
        }
        for (Object c : Yaml.list(k.get("configurations"))) {
            Path p = dir.resolve(String.valueOf(c));
            if (!Files.isRegularFile(p)) {
                problems.add(where + ": configurations file " + c + " does not exist");
                continue;
            }
            Map<String, Object> conf = (Map<String, Object>) Yaml.loadOne(p);
            for (Object spec : Yaml.list(conf.get("images"))) {
                Map<String, Object> s = (Map<String, Object>) spec;
                imageFieldSpecs.add(s.get("kind") + ":" + s.get("path"));
            }
        }
        for (Object pe : Yaml.list(k.get("patches"))) {
            applyPatch(dir, (Map<String, Object>) pe, own, problems, where);
        }
        for (Object ie : Yaml.list(k.get("images"))) {
            applyImage((Map<String, Object>) ie, own, imageFieldSpecs);
        }
        if (k.get("namespace") != null) {
            for (Map<String, Object> r : own) {
                ((Map<String, Object>) r.computeIfAbsent("metadata", x -> new LinkedHashMap<>()))
                        .put("namespace", k.get("namespace"));
            }
        }
        if (!component) {
            out.addAll(own);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> configMap(Path dir, Map<String, Object> g, List<String> problems, String where) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (Object env : Yaml.list(g.get("envs"))) {
            Path p = dir.resolve(String.valueOf(env));
            if (!Files.isRegularFile(p)) {
                problems.add(where + ": env file " + env + " does not exist");
                continue;
            }
            data.putAll(readEnvFile(p, problems));
        }
        for (Object lit : Yaml.list(g.get("literals"))) {
            String s = String.valueOf(lit);
            int eq = s.indexOf('=');
            data.put(s.substring(0, eq), s.substring(eq + 1));
        }
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.put("metadata", new LinkedHashMap<>(Map.of("name", g.get("name"))));
        cm.put("data", data);
        Map<String, Object> options = (Map<String, Object>) g.get("options");
        if (options == null || !Boolean.TRUE.equals(options.get("disableNameSuffixHash"))) {
            cm.put("x-name-suffix-hash", true);
        }
        return cm;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> secret(Path dir, Map<String, Object> g, String where) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (Object f : Yaml.list(g.get("files"))) {
            String s = String.valueOf(f);
            int eq = s.indexOf('=');
            String key = eq < 0 ? Path.of(s).getFileName().toString() : s.substring(0, eq);
            // The content is secret and not needed by the checks: only the key is recorded.
            data.put(key, "<file " + (eq < 0 ? s : s.substring(eq + 1)) + ">");
        }
        for (Object lit : Yaml.list(g.get("literals"))) {
            String s = String.valueOf(lit);
            data.put(s.substring(0, s.indexOf('=')), "<literal>");
        }
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        secret.put("metadata", new LinkedHashMap<>(Map.of("name", g.get("name"))));
        secret.put("data", data);
        Map<String, Object> options = (Map<String, Object>) g.get("options");
        if (options == null || !Boolean.TRUE.equals(options.get("disableNameSuffixHash"))) {
            secret.put("x-name-suffix-hash", true);
        }
        return secret;
    }

    static Map<String, String> readEnvFile(Path p, List<String> problems) {
        Map<String, String> data = new LinkedHashMap<>();
        try {
            int n = 0;
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                n++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                int eq = t.indexOf('=');
                if (eq <= 0) {
                    problems.add(p + ":" + n + ": not KEY=VALUE");
                    continue;
                }
                data.put(t.substring(0, eq), t.substring(eq + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return data;
    }

    @SuppressWarnings("unchecked")
    private static void applyPatch(Path dir, Map<String, Object> pe, List<Map<String, Object>> resources,
                                   List<String> problems, String where) {
        List<Object> docs = new ArrayList<>();
        if (pe.get("path") != null) {
            Path p = dir.resolve(String.valueOf(pe.get("path")));
            if (!Files.isRegularFile(p)) {
                problems.add(where + ": patch " + pe.get("path") + " does not exist");
                return;
            }
            docs.addAll(Yaml.loadAll(p));
        } else if (pe.get("patch") != null) {
            docs.addAll(Yaml.loadAll(String.valueOf(pe.get("patch"))));
        }
        Map<String, Object> target = (Map<String, Object>) pe.get("target");
        for (Object doc : docs) {
            if (doc instanceof List<?> ops) {
                List<Map<String, Object>> matches = targets(resources, target, null);
                if (target == null || matches.isEmpty()) {
                    problems.add(where + ": JSON 6902 patch without a matching target " + target);
                    continue;
                }
                for (Map<String, Object> r : matches) {
                    for (Object op : ops) {
                        String problem = JsonPatch.apply(r, (Map<String, Object>) op);
                        if (problem != null) {
                            problems.add(where + ": patch " + Objects.requireNonNullElse(pe.get("path"), "(inline)")
                                    + " on " + r.get("kind") + "/" + Yaml.name(r) + ": " + problem);
                        }
                    }
                }
            } else if (doc instanceof Map<?, ?> smp) {
                List<Map<String, Object>> matches = targets(resources, target, (Map<String, Object>) smp);
                if (matches.isEmpty()) {
                    problems.add(where + ": patch " + Objects.requireNonNullElse(pe.get("path"), "(inline)")
                            + " matches no resource (" + smp.get("kind") + "/" + Yaml.name((Map<String, Object>) smp) + ")");
                }
                for (Map<String, Object> r : matches) {
                    Yaml.mergePatch(r, (Map<String, Object>) smp);
                }
            }
        }
    }

    private static List<Map<String, Object>> targets(List<Map<String, Object>> resources, Map<String, Object> target,
                                                    Map<String, Object> smp) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : resources) {
            if (target != null) {
                if (target.get("kind") != null && !target.get("kind").equals(r.get("kind"))) {
                    continue;
                }
                if (target.get("name") != null && !target.get("name").equals(Yaml.name(r))) {
                    continue;
                }
                if (target.get("group") != null && !String.valueOf(r.get("apiVersion")).startsWith(target.get("group") + "/")) {
                    continue;
                }
                out.add(r);
            } else if (smp != null && Objects.equals(smp.get("kind"), r.get("kind"))
                    && Objects.equals(Yaml.name(smp), Yaml.name(r))) {
                out.add(r);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void applyImage(Map<String, Object> ie, List<Map<String, Object>> resources, List<String> fieldSpecs) {
        String name = String.valueOf(ie.get("name"));
        for (Map<String, Object> r : resources) {
            if ("Deployment".equals(r.get("kind"))) {
                Object spec = Yaml.path(r, "spec", "template", "spec");
                if (spec instanceof Map<?, ?> podSpec) {
                    for (String list : List.of("containers", "initContainers")) {
                        for (Object c : Yaml.list(podSpec.get(list))) {
                            Map<String, Object> container = (Map<String, Object>) c;
                            String image = String.valueOf(container.get("image"));
                            if (imageName(image).equals(name)) {
                                container.put("image", newImage(image, ie));
                            }
                        }
                    }
                }
            }
            for (String fs : fieldSpecs) {
                String kind = fs.substring(0, fs.indexOf(':'));
                String[] path = fs.substring(fs.indexOf(':') + 1).split("/");
                if (!kind.equals(r.get("kind"))) {
                    continue;
                }
                Object parent = Yaml.path(r, java.util.Arrays.copyOf(path, path.length - 1));
                if (parent instanceof Map<?, ?> m && m.get(path[path.length - 1]) instanceof String image
                        && imageName(image).equals(name)) {
                    ((Map<String, Object>) m).put(path[path.length - 1], newImage(image, ie));
                }
            }
        }
    }

    private static String imageName(String image) {
        String s = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = s.lastIndexOf('/');
        int colon = s.lastIndexOf(':');
        return colon > slash ? s.substring(0, colon) : s;
    }

    private static String newImage(String image, Map<String, Object> ie) {
        String base = ie.get("newName") != null ? String.valueOf(ie.get("newName")) : imageName(image);
        if (ie.get("digest") != null) {
            return base + "@" + ie.get("digest");
        }
        if (ie.get("newTag") != null) {
            return base + ":" + ie.get("newTag");
        }
        return base;
    }

    /** JSON 6902 add / replace / remove on maps and lists (the operations k8s/ uses). */
    static final class JsonPatch {
        private JsonPatch() {}

        @SuppressWarnings("unchecked")
        static String apply(Map<String, Object> doc, Map<String, Object> op) {
            String kind = String.valueOf(op.get("op"));
            String[] parts = String.valueOf(op.get("path")).substring(1).split("/");
            Object parent = doc;
            for (int i = 0; i < parts.length - 1; i++) {
                parent = step(parent, parts[i]);
                if (parent == null) {
                    return "path " + op.get("path") + " does not exist";
                }
            }
            String last = parts[parts.length - 1].replace("~1", "/").replace("~0", "~");
            Object value = Yaml.deepCopy(op.get("value"));
            if (parent instanceof Map<?, ?> m) {
                Map<String, Object> map = (Map<String, Object>) m;
                if (!kind.equals("add") && !map.containsKey(last)) {
                    return "path " + op.get("path") + " does not exist";
                }
                switch (kind) {
                    case "add", "replace" -> map.put(last, value);
                    case "remove" -> map.remove(last);
                    default -> {
                        return "operation " + kind + " is not supported by these checks";
                    }
                }
                return null;
            }
            if (parent instanceof List<?> l) {
                List<Object> list = (List<Object>) l;
                int index = last.equals("-") ? list.size() : Integer.parseInt(last);
                switch (kind) {
                    case "add" -> list.add(index, value);
                    case "replace" -> {
                        if (index >= list.size()) {
                            return "path " + op.get("path") + " does not exist";
                        }
                        list.set(index, value);
                    }
                    case "remove" -> list.remove(index);
                    default -> {
                        return "operation " + kind + " is not supported by these checks";
                    }
                }
                return null;
            }
            return "path " + op.get("path") + " does not exist";
        }

        private static Object step(Object node, String part) {
            String key = part.replace("~1", "/").replace("~0", "~");
            if (node instanceof Map<?, ?> m) {
                return m.get(key);
            }
            if (node instanceof List<?> l && key.matches("\\d+") && Integer.parseInt(key) < l.size()) {
                return l.get(Integer.parseInt(key));
            }
            return null;
        }
    }

    /** YAML loading and small tree helpers (snakeyaml-engine: YAML 1.2, plain Java maps and lists). */
    static final class Yaml {
        private Yaml() {}

        static List<Object> loadAll(Path p) {
            try {
                return loadAll(Files.readString(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(p + ": " + e.getMessage(), e);
            }
        }

        static List<Object> loadAll(String text) {
            List<Object> out = new ArrayList<>();
            for (Object doc : new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadAllFromString(text)) {
                if (doc != null) {
                    out.add(deepCopy(doc));
                }
            }
            return out;
        }

        static Object loadOne(Path p) {
            List<Object> docs = loadAll(p);
            if (docs.size() != 1) {
                throw new IllegalArgumentException(p + ": expected one YAML document, found " + docs.size());
            }
            return docs.get(0);
        }

        static List<Object> list(Object o) {
            if (o == null) {
                return List.of();
            }
            if (o instanceof List<?> l) {
                return new ArrayList<>(l);
            }
            return List.of(o);
        }

        static String name(Map<String, Object> r) {
            Object md = r.get("metadata");
            return md instanceof Map<?, ?> m && m.get("name") != null ? String.valueOf(m.get("name")) : null;
        }

        static Object path(Object node, String... keys) {
            Object cur = node;
            for (String k : keys) {
                if (!(cur instanceof Map<?, ?> m)) {
                    return null;
                }
                cur = m.get(k);
            }
            return cur;
        }

        @SuppressWarnings("unchecked")
        static Object deepCopy(Object o) {
            if (o instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), deepCopy(v)));
                return out;
            }
            if (o instanceof List<?> l) {
                List<Object> out = new ArrayList<>();
                l.forEach(v -> out.add(deepCopy(v)));
                return out;
            }
            return o;
        }

        /** RFC 7386 merge: maps merge, everything else (lists included) is replaced; null removes. */
        @SuppressWarnings("unchecked")
        static void mergePatch(Map<String, Object> target, Map<String, Object> patch) {
            for (Map.Entry<String, Object> e : patch.entrySet()) {
                Object v = e.getValue();
                if (v == null) {
                    target.remove(e.getKey());
                } else if (v instanceof Map<?, ?> pm && target.get(e.getKey()) instanceof Map<?, ?> tm) {
                    mergePatch((Map<String, Object>) tm, (Map<String, Object>) pm);
                } else {
                    target.put(e.getKey(), deepCopy(v));
                }
            }
        }
    }
}
