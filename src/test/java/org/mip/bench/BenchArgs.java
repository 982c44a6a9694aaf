package org.mip.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** A benchmark's {@code name=value} arguments: it takes its own, and the rest are pipeline settings ({@code mip.KEY=VALUE}). */
final class BenchArgs {
    private final Map<String, String> values = new LinkedHashMap<>();

    BenchArgs(String[] args) {
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("not name=value: " + a);
            }
            values.put(kv[0], kv[1]);
        }
    }

    int take(String name, int otherwise) {
        String v = values.remove(name);
        return v == null ? otherwise : Integer.parseInt(v);
    }

    boolean take(String name, boolean otherwise) {
        String v = values.remove(name);
        return v == null ? otherwise : Boolean.parseBoolean(v);
    }

    String take(String name, String otherwise) {
        String v = values.remove(name);
        return v == null ? otherwise : v;
    }

    /** What was not taken. */
    Map<String, String> rest() {
        return values;
    }
}
