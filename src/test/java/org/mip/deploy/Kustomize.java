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
import java.util.concurrent.TimeUnit;

/**
 * The manifests as {@code kubectl kustomize} (kustomize v5.5.0 inside kubectl 1.32) renders them.
 * An overlay is rendered from a scratch copy of the project's {@code k8s/} and {@code routes/} (the
 * routes ConfigMap is generated from {@code routes/}), with placeholder files for the git-ignored
 * secrets, and with the variant (the Camel K or the Deployment component) the caller asks for.
 * Tests that render call {@link #available()} first and skip without kubectl.
 */
final class Kustomize {

    private Kustomize() {}

    static final String KUBECTL = System.getProperty("mip.kubectl", "kubectl");

    /** The rendered objects, or what kubectl said when it could not render. */
    record Build(List<Map<String, Object>> resources, List<String> problems) {

        List<Map<String, Object>> ofKind(String kind) {
            return resources.stream().filter(r -> kind.equals(r.get("kind"))).toList();
        }

        Map<String, Object> find(String kind, String name) {
            return resources.stream().filter(r -> kind.equals(r.get("kind")) && name.equals(Yaml.name(r)))
                    .findFirst().orElse(null);
        }

        /** A generated object by the name it was declared with: {@code name}, or {@code name-<hash>}. */
        Map<String, Object> findGenerated(String kind, String name) {
            Map<String, Object> exact = find(kind, name);
            if (exact != null) {
                return exact;
            }
            return resources.stream().filter(r -> kind.equals(r.get("kind"))
                    && String.valueOf(Yaml.name(r)).matches(java.util.regex.Pattern.quote(name) + "-[a-z0-9]{10}"))
                    .findFirst().orElse(null);
        }
    }

    private static Boolean available;

    /**
     * True when {@code kubectl kustomize} runs here. With {@code -Dmip.kubectl.required=true} or {@code CI_REQUIRE_KUBECTL=true} (CI,
     * .ci/run) a missing kubectl fails the test instead of skipping it.
     */
    static synchronized boolean available() {
        if (!probe() && (Boolean.getBoolean("mip.kubectl.required") || "true".equals(System.getenv("CI_REQUIRE_KUBECTL")))) {
            throw new IllegalStateException("mip.kubectl.required is set but '" + KUBECTL + " version --client' does not run");
        }
        return available;
    }

    private static boolean probe() {
        if (available == null) {
            try {
                Process p = new ProcessBuilder(KUBECTL, "version", "--client").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                available = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        return available;
    }

    /** The project's overlay with its own variant. */
    static Build build(String overlay) {
        return build(Repo.K8S, overlay, null);
    }

    /** The project's overlay with {@code variant} (Repo.CAMEL_K or Repo.DEPLOYMENT). */
    static Build build(String overlay, String variant) {
        return build(Repo.K8S, overlay, variant);
    }

    /**
     * Renders {@code k8s/overlays/<overlay>} of the tree {@code k8s} (the project's, or a broken copy
     * made by a test) with the variant {@code variant} in place of the one its kustomization names
     * (null: as written).
     */
    static Build build(Path k8s, String overlay, String variant) {
        return build(k8s, Repo.ROUTES, overlay, variant);
    }

    /** The same, with the routes folder {@code routes} (a test's copy) in place of the project's. */
    static Build build(Path k8s, Path routes, String overlay, String variant) {
        try {
            Path work = Files.createTempDirectory("mip-kustomize");
            try {
                Repo.copy(k8s, work.resolve("k8s"));
                Repo.copy(routes, work.resolve("routes"));
                Path dir = work.resolve("k8s/overlays").resolve(overlay);
                Path secrets = Files.createDirectories(dir.resolve("secrets"));
                for (String file : List.of("deid.key", "api-keys")) { // never a real secret of this machine
                    Files.writeString(secrets.resolve(file), "placeholder of the test, not a secret\n");
                }
                if (variant != null) {
                    Path kustomization = dir.resolve("kustomization.yaml");
                    String text = Files.readString(kustomization, StandardCharsets.UTF_8);
                    Files.writeString(kustomization, text.replace("  - " + Repo.CAMEL_K + "\n", "  - " + variant + "\n"),
                            StandardCharsets.UTF_8);
                }
                return render(dir);
            } finally {
                deleteTree(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code kubectl kustomize dir}, parsed. */
    static Build render(Path dir) throws IOException {
        Path out = Files.createTempFile("mip-kustomize", ".yaml");
        try {
            Process p = new ProcessBuilder(KUBECTL, "kustomize", dir.toString()).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Build(List.of(), List.of("kubectl kustomize " + dir + " timed out"));
            }
            if (p.exitValue() != 0) {
                return new Build(List.of(), List.of("kubectl kustomize failed: " + err.strip()
                        .replace(dir.getParent().getParent().getParent().toString() + "/", "")));
            }
            List<Map<String, Object>> resources = new ArrayList<>();
            for (Object doc : Yaml.loadAll(out)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> r = (Map<String, Object>) doc;
                resources.add(r);
            }
            return new Build(resources, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** A KEY=VALUE file as a configMapGenerator's {@code envs:} reads it. */
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

    private static void deleteTree(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
