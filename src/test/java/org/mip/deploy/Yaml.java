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
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** YAML loading and small tree helpers (snakeyaml-engine: YAML 1.2, plain Java maps and lists). */
final class Yaml {
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
}
