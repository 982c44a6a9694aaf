package org.mip.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The resolved configuration: the defaults of the jar ({@code defaults.properties}, plus
 * {@code defaults-aws.properties} in AWS mode), then a file, the environment, system properties
 * and command-line options, each overriding the one before. Only known keys are accepted, so a
 * typo is an error instead of a setting silently ignored.
 *
 * <p>The configuration leaf of the layers: every package may use it, and it uses nothing of ours.
 * So it checks keys, not values: what a value must be is known where it is used, and the
 * application checks all of them at once before anything starts ({@code org.mip.app.SettingsValidator}).
 */
public final class Settings {
    static final String DEFAULTS = "defaults.properties";
    static final String AWS_DEFAULTS = "defaults-aws.properties";
    /**
     * Environment variables that are not settings but are read by name elsewhere: the key, the settings
     * file, the OCR's trained data, and the launcher's ({@code bin/mip}: MIP_JAR, MIP_CACHE_DIR, MIP_CDS),
     * which stay exported in a shell that runs {@code bin/mip run}.
     */
    static final Set<String> OTHER_ENV = Set.of("MIP_DEID_KEY", "MIP_DEID_KEY_FILE", "MIP_CONFIG_FILE",
            "MIP_OCR_TESSDATA", "MIP_JAR", "MIP_CACHE_DIR", "MIP_CDS");

    private final Map<String, String> values;
    private final Map<String, String> origins;

    private Settings(Map<String, String> values, Map<String, String> origins) {
        this.values = Collections.unmodifiableMap(values);
        this.origins = Collections.unmodifiableMap(origins);
    }

    /**
     * Resolves the settings.
     *
     * @param file      a properties file given by the user, or null
     * @param env       the environment (System.getenv() in production)
     * @param system    system properties
     * @param overrides command-line options, as keys
     */
    public static Settings load(Path file, Map<String, String> env, Properties system, Map<String, String> overrides) {
        Map<String, String> defaults = read(DEFAULTS);
        List<String> problems = new ArrayList<>();
        Map<String, String> layered = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();

        Map<String, String> fromFile = file == null ? Map.of() : readFile(file, problems);
        Map<String, String> fromEnv = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("MIP_") || OTHER_ENV.contains(name)) {
                continue;
            }
            String key = keyOfEnv(name, defaults.keySet());
            if (key == null) {
                problems.add("environment variable " + name + " is not a setting (see docs/CONFIGURATION.md)");
            } else {
                fromEnv.put(key, e.getValue());
            }
        }
        Map<String, String> fromSystem = new LinkedHashMap<>();
        for (String name : system.stringPropertyNames()) {
            if (name.startsWith("mip.")) {
                fromSystem.put(name, system.getProperty(name));
            }
        }

        // The mode decides which defaults apply, so find it first.
        String mode = firstNonNull(overrides.get("mip.mode"), fromSystem.get("mip.mode"), fromEnv.get("mip.mode"),
                fromFile.get("mip.mode"), defaults.get("mip.mode"));
        layer(layered, origins, defaults, "default", defaults.keySet(), problems);
        if ("aws".equals(mode)) {
            layer(layered, origins, read(AWS_DEFAULTS), "default (aws)", defaults.keySet(), problems);
        }
        layer(layered, origins, fromFile, file == null ? "" : file.toString(), defaults.keySet(), problems);
        layer(layered, origins, fromEnv, "environment", defaults.keySet(), problems);
        layer(layered, origins, fromSystem, "system property", defaults.keySet(), problems);
        layer(layered, origins, overrides, "command line", defaults.keySet(), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Settings(layered, origins);
    }

    /** Every known key (those of the defaults), sorted. */
    public static Set<String> keys() {
        return new TreeSet<>(read(DEFAULTS).keySet());
    }

    /** The environment-variable name of a key: mip.s3.raw-bucket → MIP_S3_RAW_BUCKET. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String keyOfEnv(String env, Set<String> keys) {
        for (String key : keys) {
            if (envName(key).equals(env)) {
                return key;
            }
        }
        return null;
    }

    private static void layer(Map<String, String> into, Map<String, String> origins, Map<String, String> from,
                              String origin, Set<String> known, List<String> problems) {
        for (Map.Entry<String, String> e : from.entrySet()) {
            if (!known.contains(e.getKey())) {
                problems.add("unknown setting " + e.getKey() + " (from " + origin + ")");
                continue;
            }
            into.put(e.getKey(), e.getValue().strip());
            origins.put(e.getKey(), origin);
        }
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    static Map<String, String> read(String resource) {
        try (InputStream in = Settings.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return toMap(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    private static Map<String, String> readFile(Path file, List<String> problems) {
        try (InputStream in = Files.newInputStream(file)) {
            return toMap(in);
        } catch (IOException e) {
            problems.add("cannot read the configuration file " + file + ": " + FileProblems.describe(e));
            return Map.of();
        }
    }

    private static Map<String, String> toMap(InputStream in) throws IOException {
        Properties p = new Properties();
        try (Reader r = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : new TreeSet<>(p.stringPropertyNames())) {
            m.put(k, p.getProperty(k));
        }
        return m;
    }

    // ------------------------------------------------------------------ access

    /** The value of a known key ("" when unset); an unknown key is a programming error. */
    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("unknown setting " + key);
        }
        return v;
    }

    public boolean isSet(String key) {
        return !get(key).isEmpty();
    }

    public int getInt(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(List.of(key + " must be a whole number, not \"" + get(key) + "\"" + from(key)));
        }
    }

    public long getLong(String key) {
        try {
            return Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(List.of(key + " must be a whole number, not \"" + get(key) + "\"" + from(key)));
        }
    }

    public double getDouble(String key) {
        try {
            return Double.parseDouble(get(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(List.of(key + " must be a number, not \"" + get(key) + "\"" + from(key)));
        }
    }

    public boolean getBoolean(String key) {
        String v = get(key).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new ConfigException(List.of(key + " must be true or false, not \"" + get(key) + "\"" + from(key)));
        }
        return v.equals("true");
    }

    public List<String> getList(String key) {
        List<String> out = new ArrayList<>();
        for (String part : get(key).split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    public Path getPath(String key) {
        return Path.of(get(key));
    }

    public boolean isLocal() {
        return "local".equals(get("mip.mode"));
    }

    /** " (set by the environment)" etc., for error messages. */
    public String from(String key) {
        String origin = origins.get(key);
        return origin == null || origin.startsWith("default") ? "" : " (set by " + origin + ")";
    }

    /** All settings, for handing to Camel's property placeholders. Secrets included: never log this. */
    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return "Settings[" + values.size() + " keys]";
    }
}
