package org.mip.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mip.config.Settings;
import org.mip.deploy.Kustomize.Build;
import org.mip.deploy.PodView.EnvSource;
import org.mip.deploy.PodView.Mount;
import org.mip.deploy.PodView.Probe;

/**
 * The rules a built overlay (or any set of manifests) must follow, each failure one line naming
 * the resource and what is wrong. Used by the tests on the real k8s/ and on broken copies.
 */
final class K8sChecks {

    private K8sChecks() {}

    static final String APP = "medical-imaging-pipeline";
    static final String SELECTOR_LABEL = "camel.apache.org/integration";
    static final String LIVE = "/observe/health/live";
    static final String READY = "/observe/health/ready";
    static final String METRICS = "/observe/metrics";
    /** Environment variables the application reads by name besides the settings (Settings.OTHER_ENV). */
    static final Set<String> OTHER_ENV = Set.of("MIP_DEID_KEY", "MIP_DEID_KEY_FILE", "MIP_CONFIG_FILE");

    /** The application's defaults (keys and values), as packaged. */
    static Map<String, String> defaults() {
        Properties p = new Properties();
        try (InputStream in = Settings.class.getResourceAsStream("defaults.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    /** MIP_* variable name of every setting, mapped to its key. */
    static Map<String, String> settingEnvNames() {
        Map<String, String> out = new TreeMap<>();
        defaults().keySet().forEach(k -> out.put(Settings.envName(k), k));
        return out;
    }

    /** Every check on a built overlay. */
    static List<String> check(Build build) {
        List<String> v = new ArrayList<>(build.problems());
        if (build.resources().isEmpty() && !v.isEmpty()) {
            return v; // kustomize could not render: its error says why
        }
        List<PodView> pods = pods(build, v);
        if (pods.size() != 1) {
            v.add("expected exactly one workload (an Integration or a Deployment) named " + APP + ", found " + pods.size());
            return v;
        }
        PodView pod = pods.get(0);
        v.addAll(pod.problems());
        Map<String, String> env = effectiveEnv(build, pod, v);
        checkEnvKeys(pod, env, v);
        checkConfigMaps(build, v);
        checkPorts(pod, env, v);
        checkProbes(pod, v);
        checkSecurity(pod, v);
        checkResources(pod, env, v);
        checkMounts(build, pod, env, v);
        checkRoutes(build, pod, env, v);
        checkServiceAccount(build, pod, v);
        checkService(build, pod, v);
        checkPodMonitor(build, pod, v);
        checkNetworkPolicy(build, pod, v);
        checkScaling(build, env, v);
        checkImage(pod, v);
        return v;
    }

    static List<PodView> pods(Build build, List<String> v) {
        List<PodView> pods = new ArrayList<>();
        for (Map<String, Object> r : build.resources()) {
            if ("Integration".equals(r.get("kind"))) {
                if (!"camel.apache.org/v1".equals(r.get("apiVersion"))) {
                    v.add("Integration " + Yaml.name(r) + ": apiVersion must be camel.apache.org/v1, is " + r.get("apiVersion"));
                }
                pods.add(PodView.ofIntegration(r));
            } else if ("Deployment".equals(r.get("kind"))) {
                pods.add(PodView.ofDeployment(r));
            }
        }
        return pods;
    }

    /** The container's environment as the kubelet builds it: envFrom maps, then env entries. */
    static Map<String, String> effectiveEnv(Build build, PodView pod, List<String> v) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvSource e : pod.env()) {
            Map<String, Object> ref = e.kind() == null ? null : build.find(e.kind(), e.ref());
            if (e.kind() != null && ref == null) {
                v.add(pod.source() + ": environment refers to " + e.kind() + " " + e.ref() + ", which is not defined");
                continue;
            }
            Map<String, Object> data = ref == null ? Map.of() : dataOf(ref);
            if (e.fromMap()) {
                data.forEach((k, val) -> env.put(k, String.valueOf(val)));
            } else if (e.kind() != null) {
                if (!data.containsKey(e.key())) {
                    v.add(pod.source() + ": " + e.name() + " refers to key " + e.key() + " of " + e.kind() + " "
                            + e.ref() + ", which has no such key");
                } else {
                    env.put(e.name(), String.valueOf(data.get(e.key())));
                }
            } else {
                env.put(e.name(), e.value());
            }
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> dataOf(Map<String, Object> r) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (r.get("data") instanceof Map<?, ?> d) {
            out.putAll((Map<String, Object>) d);
        }
        if (r.get("stringData") instanceof Map<?, ?> d) {
            out.putAll((Map<String, Object>) d);
        }
        return out;
    }

    private static void checkEnvKeys(PodView pod, Map<String, String> env, List<String> v) {
        Map<String, String> settings = settingEnvNames();
        for (String name : env.keySet()) {
            if (name.startsWith("MIP_") && !settings.containsKey(name) && !OTHER_ENV.contains(name)) {
                v.add(pod.source() + ": environment variable " + name + " is not a setting of defaults.properties "
                        + "(the application refuses to start with it)");
            }
        }
        for (String required : List.of("MIP_MODE", "MIP_AWS_REGION", "MIP_S3_RAW_BUCKET", "MIP_S3_PROCESSED_BUCKET",
                "MIP_S3_QUARANTINE_BUCKET", "MIP_S3_KMS_KEY_ID", "MIP_SQS_EVENTS_QUEUE", "MIP_AUDIT_QUEUE",
                "MIP_INGEST_EVENTS_ENABLED", "MIP_INGEST_POLL_ENABLED", "MIP_INGEST_SFTP_ENABLED", "MIP_DEID_KEY_FILE")) {
            if (!env.containsKey(required)) {
                v.add(pod.source() + ": environment variable " + required + " is not set");
            }
        }
        expect(v, pod.source() + ": MIP_MODE", "aws", env.get("MIP_MODE"));
        expect(v, pod.source() + ": MIP_INGEST_EVENTS_ENABLED", "true", env.get("MIP_INGEST_EVENTS_ENABLED"));
        expect(v, pod.source() + ": MIP_INGEST_POLL_ENABLED", "false", env.get("MIP_INGEST_POLL_ENABLED"));
        expect(v, pod.source() + ": MIP_INGEST_SFTP_ENABLED", "false", env.get("MIP_INGEST_SFTP_ENABLED"));
        if (env.containsKey("MIP_DEID_KEY")) {
            v.add(pod.source() + ": MIP_DEID_KEY (the key itself) in the environment: use MIP_DEID_KEY_FILE and a Secret volume");
        }
    }

    /** Every ConfigMap key a real setting; no key in two ConfigMaps (which value wins would depend on order). */
    private static void checkConfigMaps(Build build, List<String> v) {
        Map<String, String> settings = settingEnvNames();
        Map<String, String> seen = new TreeMap<>();
        for (Map<String, Object> cm : build.ofKind("ConfigMap")) {
            for (String key : dataOf(cm).keySet()) {
                if (key.startsWith("MIP_") && !settings.containsKey(key) && !OTHER_ENV.contains(key)) {
                    v.add("ConfigMap " + Yaml.name(cm) + ": key " + key + " is not a setting of defaults.properties");
                }
                String other = seen.put(key, Yaml.name(cm));
                if (other != null) {
                    v.add("ConfigMap " + Yaml.name(cm) + ": key " + key + " is also in ConfigMap " + other);
                }
            }
        }
    }

    private static void checkPorts(PodView pod, Map<String, String> env, List<String> v) {
        Map<String, String> d = defaults();
        int http = Integer.parseInt(env.getOrDefault("MIP_HTTP_PORT", d.get("mip.http.port")));
        int management = Integer.parseInt(env.getOrDefault("MIP_MANAGEMENT_PORT", d.get("mip.management.port")));
        expect(v, pod.source() + ": REST port (MIP_HTTP_PORT)", d.get("mip.http.port"), String.valueOf(http));
        expect(v, pod.source() + ": management port (MIP_MANAGEMENT_PORT)", d.get("mip.management.port"), String.valueOf(management));
        expect(v, pod.source() + ": container port http", String.valueOf(http), String.valueOf(pod.ports().get("http")));
        expect(v, pod.source() + ": container port management", String.valueOf(management),
                String.valueOf(pod.ports().get("management")));
        expect(v, pod.source() + ": MIP_HTTP_HOST (reachable from outside the pod)", "0.0.0.0", env.get("MIP_HTTP_HOST"));
    }

    private static void checkProbes(PodView pod, List<String> v) {
        int management = Integer.parseInt(defaults().get("mip.management.port"));
        Map<String, String> expected = Map.of("startup", LIVE, "liveness", LIVE, "readiness", READY);
        expected.forEach((kind, path) -> {
            Probe p = pod.probes().get(kind);
            if (p == null) {
                v.add(pod.source() + ": no " + kind + " probe");
                return;
            }
            expect(v, pod.source() + ": " + kind + " probe path", path, p.path());
            Object port = p.port();
            Integer number = port instanceof String s && pod.ports().containsKey(s) ? pod.ports().get(s) : PodView.toInt(port);
            expect(v, pod.source() + ": " + kind + " probe port", String.valueOf(management), String.valueOf(number));
        });
    }

    private static void checkSecurity(PodView pod, List<String> v) {
        var s = pod.security();
        if (!Boolean.TRUE.equals(s.runAsNonRoot())) {
            v.add(pod.source() + ": runAsNonRoot is not true");
        }
        if (s.runAsUser() == null || s.runAsUser() == 0) {
            v.add(pod.source() + ": runAsUser must be a fixed non-root UID (the image's 65532), is " + s.runAsUser());
        }
        if (!Boolean.FALSE.equals(s.allowPrivilegeEscalation())) {
            v.add(pod.source() + ": allowPrivilegeEscalation is not false");
        }
        if (!Boolean.TRUE.equals(s.readOnlyRootFilesystem())) {
            v.add(pod.source() + ": readOnlyRootFilesystem is not true");
        }
        if (!s.capabilitiesDrop().contains("ALL")) {
            v.add(pod.source() + ": capabilities are not dropped (drop: [ALL])");
        }
        if (!"RuntimeDefault".equals(s.seccomp())) {
            v.add(pod.source() + ": seccompProfile is not RuntimeDefault");
        }
    }

    private static void checkResources(PodView pod, Map<String, String> env, List<String> v) {
        for (String r : List.of("cpu", "memory", "ephemeral-storage")) {
            if (!pod.requests().containsKey(r)) {
                v.add(pod.source() + ": no " + r + " request");
            }
            if (!pod.limits().containsKey(r)) {
                v.add(pod.source() + ": no " + r + " limit");
            }
        }
        if (pod.requests().containsKey("memory") && pod.limits().containsKey("memory")
                && !bytes(pod.requests().get("memory")).equals(bytes(pod.limits().get("memory")))) {
            v.add(pod.source() + ": memory request and limit differ (" + pod.requests().get("memory") + " / "
                    + pod.limits().get("memory") + "): the JVM sizes itself from the limit, the scheduler from the request");
        }
        String jto = env.getOrDefault("JAVA_TOOL_OPTIONS", "");
        if (!jto.contains("-XX:MaxRAMPercentage=")) {
            v.add(pod.source() + ": JAVA_TOOL_OPTIONS does not size the heap with -XX:MaxRAMPercentage");
        } else {
            double pct = Double.parseDouble(jto.replaceAll(".*-XX:MaxRAMPercentage=([0-9.]+).*", "$1"));
            if (pct < 25 || pct > 75) {
                v.add(pod.source() + ": -XX:MaxRAMPercentage=" + pct + " leaves too little heap or too little non-heap memory");
            }
        }
        if (jto.contains("-Xmx")) {
            v.add(pod.source() + ": -Xmx in JAVA_TOOL_OPTIONS: size the heap relative to the memory limit instead");
        }
    }

    private static void checkMounts(Build build, PodView pod, Map<String, String> env, List<String> v) {
        String dataDir = env.getOrDefault("MIP_DATA_DIR", "/var/lib/mip");
        String workDir = env.getOrDefault("MIP_WORK_DIR", dataDir + "/work");
        for (String writable : List.of("/tmp", workDir)) {
            Map.Entry<String, Mount> m = mountFor(pod, writable);
            if (m == null || !m.getValue().type().equals("emptyDir")) {
                v.add(pod.source() + ": " + writable + " is not on a writable emptyDir volume (the root filesystem is read-only)");
            }
        }
        checkEmptyDirSizes(pod, env, workDir, v);
        for (Map.Entry<String, Mount> m : pod.mounts().entrySet()) {
            Mount mount = m.getValue();
            if ((mount.type().equals("Secret") || mount.type().equals("ConfigMap")) && build.find(mount.type(), mount.ref()) == null) {
                v.add(pod.source() + ": mounts " + mount.type() + " " + mount.ref() + " at " + m.getKey() + ", which is not defined");
            }
        }
        String keyFile = env.get("MIP_DEID_KEY_FILE");
        if (keyFile != null) {
            Map.Entry<String, Mount> m = mountFor(pod, keyFile);
            if (m == null || !m.getValue().type().equals("Secret")) {
                v.add(pod.source() + ": MIP_DEID_KEY_FILE " + keyFile + " is not in a mounted Secret");
            } else {
                Map<String, Object> secret = build.find("Secret", m.getValue().ref());
                String key = keyFile.substring(m.getKey().length()).replaceFirst("^/", "");
                if (secret != null && !dataOf(secret).containsKey(key)) {
                    v.add(pod.source() + ": MIP_DEID_KEY_FILE " + keyFile + ": Secret " + m.getValue().ref() + " has no key " + key);
                }
            }
        }
        if (mountFor(pod, "/etc/mip/secrets/api/api-keys") == null
                || !"Secret".equals(mountFor(pod, "/etc/mip/secrets/api/api-keys").getValue().type())) {
            v.add(pod.source() + ": the API-key hashes (Secret mip-api-keys) are not mounted at /etc/mip/secrets/api");
        }
    }

    /**
     * The work directory's emptyDir holds, per object in flight, its input and its de-identified
     * output, each up to MIP_VALIDATION_MAX_OBJECT_SIZE_MB: its size limit must fit that (a pod
     * whose emptyDir outgrows its limit is evicted, and every object it held is processed again).
     * Every emptyDir has a limit, and together they fit the ephemeral-storage limit.
     */
    private static void checkEmptyDirSizes(PodView pod, Map<String, String> env, String workDir, List<String> v) {
        long total = 0;
        for (Map.Entry<String, Mount> m : pod.mounts().entrySet()) {
            if (!m.getValue().type().equals("emptyDir")) {
                continue;
            }
            Long size = m.getValue().sizeLimit() == null ? null : bytes(m.getValue().sizeLimit());
            if (size == null) {
                v.add(pod.source() + ": the emptyDir at " + m.getKey() + " has no size limit");
                continue;
            }
            total += size;
        }
        Map<String, String> d = defaults();
        long maxObject = Long.parseLong(env.getOrDefault("MIP_VALIDATION_MAX_OBJECT_SIZE_MB",
                d.get("mip.validation.max-object-size-mb"))) << 20;
        long concurrency = Long.parseLong(env.getOrDefault("MIP_PIPELINE_CONCURRENCY", d.get("mip.pipeline.concurrency")));
        Map.Entry<String, Mount> work = mountFor(pod, workDir);
        if (work != null && work.getValue().sizeLimit() != null && bytes(work.getValue().sizeLimit()) != null
                && bytes(work.getValue().sizeLimit()) < concurrency * 2 * maxObject) {
            v.add(pod.source() + ": the emptyDir of the work directory (" + work.getKey() + ") is limited to "
                    + work.getValue().sizeLimit() + ", less than " + concurrency + " objects in flight x (input + output) x "
                    + (maxObject >> 20) + " MiB: large objects would get the pod evicted");
        }
        Long ephemeral = pod.limits().get("ephemeral-storage") == null ? null : bytes(pod.limits().get("ephemeral-storage"));
        if (ephemeral != null && total > ephemeral) {
            v.add(pod.source() + ": the emptyDir size limits add up to more than the ephemeral-storage limit "
                    + pod.limits().get("ephemeral-storage"));
        }
    }

    /** The mount whose path contains {@code path} (the longest one). */
    static Map.Entry<String, Mount> mountFor(PodView pod, String path) {
        Map.Entry<String, Mount> best = null;
        for (Map.Entry<String, Mount> m : pod.mounts().entrySet()) {
            String mp = m.getKey().endsWith("/") ? m.getKey() : m.getKey() + "/";
            if ((path + "/").startsWith(mp) && (best == null || m.getKey().length() > best.getKey().length())) {
                best = m;
            }
        }
        return best;
    }

    static final String ROUTES_CONFIGMAP = "mip-routes";

    /**
     * The routes the pod reads are routes/ itself: MIP_ROUTES_DIR names the mount of the ConfigMap
     * generated from routes/ (routes/Kustomization) under its hashed name (so that a route edit
     * rolls the pods), and that ConfigMap holds every routes/*.yaml file, byte for byte, and
     * nothing else. No other ConfigMap carries routes, and the Integration has no sources/flows
     * (PodView).
     */
    private static void checkRoutes(Build build, PodView pod, Map<String, String> env, List<String> v) {
        Map<String, Object> cm = build.findGenerated("ConfigMap", ROUTES_CONFIGMAP);
        if (cm == null) {
            v.add("no ConfigMap " + ROUTES_CONFIGMAP + " generated from routes/ (k8s/base resources: ../../routes)");
            return;
        }
        String name = Yaml.name(cm);
        if (name.equals(ROUTES_CONFIGMAP)) {
            v.add("ConfigMap " + name + " has no content hash in its name: a route edit would not roll the pods");
        }
        String dir = env.get("MIP_ROUTES_DIR");
        Map.Entry<String, Mount> mount = dir == null ? null : mountFor(pod, dir);
        if (dir == null) {
            v.add(pod.source() + ": MIP_ROUTES_DIR is not set: the pods would run the image's routes, not routes/");
        } else if (mount == null || !mount.getKey().equals(dir) || !"ConfigMap".equals(mount.getValue().type())) {
            v.add(pod.source() + ": MIP_ROUTES_DIR " + dir + " is not the mount path of a ConfigMap volume");
        } else if (!mount.getValue().ref().equals(name)) {
            v.add(pod.source() + ": MIP_ROUTES_DIR " + dir + " is ConfigMap " + mount.getValue().ref() + ", not the routes "
                    + "generated from routes/ (" + name + ")");
        }
        Map<String, Object> data = dataOf(cm);
        Map<String, String> files = new TreeMap<>();
        try (var list = java.nio.file.Files.list(Repo.ROUTES)) {
            for (java.nio.file.Path f : list.filter(f -> f.getFileName().toString().endsWith(".yaml")).toList()) {
                files.put(f.getFileName().toString(), java.nio.file.Files.readString(f));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            if (!data.containsKey(f.getKey())) {
                v.add("ConfigMap " + name + " lacks the route file " + f.getKey() + " of routes/ (list it in routes/Kustomization)");
            } else if (!f.getValue().equals(String.valueOf(data.get(f.getKey())))) {
                v.add("ConfigMap " + name + ": " + f.getKey() + " differs from routes/" + f.getKey());
            }
        }
        for (String key : data.keySet()) {
            if (!files.containsKey(key)) {
                v.add("ConfigMap " + name + " holds " + key + ", which is not a route file of routes/");
            }
        }
        for (Map<String, Object> other : build.ofKind("ConfigMap")) {
            if (other != cm && dataOf(other).keySet().stream().anyMatch(k -> k.endsWith(".yaml") || k.endsWith(".yml"))) {
                v.add("ConfigMap " + Yaml.name(other) + " holds YAML files: routes come only from routes/ (" + name + ")");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkServiceAccount(Build build, PodView pod, List<String> v) {
        Map<String, Object> sa = build.find("ServiceAccount", pod.serviceAccount() == null ? "" : pod.serviceAccount());
        if (sa == null) {
            v.add(pod.source() + ": service account " + pod.serviceAccount() + " is not defined");
            return;
        }
        Object role = Yaml.path(sa, "metadata", "annotations", "eks.amazonaws.com/role-arn");
        if (!(role instanceof String r) || !r.matches(ROLE_ARN)) {
            v.add("ServiceAccount " + Yaml.name(sa) + ": no IRSA role (annotation eks.amazonaws.com/role-arn), is " + role);
        }
        if (!Boolean.FALSE.equals(sa.get("automountServiceAccountToken"))) {
            v.add("ServiceAccount " + Yaml.name(sa) + ": automountServiceAccountToken is not false (the pods never call the API)");
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkService(Build build, PodView pod, List<String> v) {
        Map<String, Object> svc = build.find("Service", APP);
        if (svc == null) {
            v.add("no Service " + APP);
            return;
        }
        checkSelects("Service " + APP, (Map<String, Object>) Yaml.path(svc, "spec", "selector"), pod, v);
        List<Object> ports = Yaml.list(Yaml.path(svc, "spec", "ports"));
        boolean rest = false;
        for (Object p : ports) {
            Map<String, Object> port = (Map<String, Object>) p;
            Object target = port.get("targetPort");
            Integer number = target instanceof String s ? pod.ports().get(s) : PodView.toInt(target);
            if (number == null) {
                v.add("Service " + APP + ": targetPort " + target + " is not a port of the pod");
            } else if (number == Integer.parseInt(defaults().get("mip.management.port"))) {
                v.add("Service " + APP + ": exposes the management port (health and metrics stay inside the pod network)");
            } else if (number == Integer.parseInt(defaults().get("mip.http.port"))) {
                rest = true;
            }
        }
        if (!rest) {
            v.add("Service " + APP + ": does not expose the REST port " + defaults().get("mip.http.port"));
        }
    }

    private static void checkSelects(String what, Map<String, Object> selector, PodView pod, List<String> v) {
        if (selector == null || selector.isEmpty()) {
            v.add(what + ": no selector");
            return;
        }
        selector.forEach((k, val) -> {
            if (!Objects.equals(pod.podLabels().get(k), String.valueOf(val))) {
                v.add(what + ": selector " + k + "=" + val + " does not select the pods of " + pod.source());
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static void checkPodMonitor(Build build, PodView pod, List<String> v) {
        List<Map<String, Object>> monitors = build.ofKind("PodMonitor");
        if (monitors.size() != 1) {
            v.add("expected one PodMonitor, found " + monitors.size());
            return;
        }
        Map<String, Object> pm = monitors.get(0);
        Object release = Yaml.path(pm, "metadata", "labels", "release");
        if (!(release instanceof String r) || r.isBlank()) {
            v.add("PodMonitor " + Yaml.name(pm) + ": no release label: kube-prometheus-stack's Prometheus selects PodMonitors by"
                    + " release=<its Helm release>; the overlay sets it (docs/DEPLOYMENT.md)");
        }
        checkSelects("PodMonitor " + Yaml.name(pm), (Map<String, Object>) Yaml.path(pm, "spec", "selector", "matchLabels"), pod, v);
        List<Object> endpoints = Yaml.list(Yaml.path(pm, "spec", "podMetricsEndpoints"));
        if (endpoints.isEmpty()) {
            v.add("PodMonitor " + Yaml.name(pm) + ": no podMetricsEndpoints");
        }
        for (Object e : endpoints) {
            Map<String, Object> ep = (Map<String, Object>) e;
            expect(v, "PodMonitor " + Yaml.name(pm) + ": path", METRICS, String.valueOf(ep.get("path")));
            Integer port = pod.ports().get(String.valueOf(ep.get("port")));
            expect(v, "PodMonitor " + Yaml.name(pm) + ": port " + ep.get("port"), defaults().get("mip.management.port"),
                    String.valueOf(port));
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkNetworkPolicy(Build build, PodView pod, List<String> v) {
        List<Map<String, Object>> policies = build.ofKind("NetworkPolicy");
        if (policies.size() != 1) {
            v.add("expected one NetworkPolicy, found " + policies.size());
            return;
        }
        Map<String, Object> np = policies.get(0);
        String what = "NetworkPolicy " + Yaml.name(np);
        checkSelects(what, (Map<String, Object>) Yaml.path(np, "spec", "podSelector", "matchLabels"), pod, v);
        List<Object> types = Yaml.list(Yaml.path(np, "spec", "policyTypes"));
        if (!types.contains("Ingress") || !types.contains("Egress")) {
            v.add(what + ": policyTypes must be Ingress and Egress, are " + types);
        }
        int http = Integer.parseInt(defaults().get("mip.http.port"));
        int management = Integer.parseInt(defaults().get("mip.management.port"));
        Set<Integer> allowedIn = new TreeSet<>();
        for (Object r : Yaml.list(Yaml.path(np, "spec", "ingress"))) {
            Map<String, Object> rule = (Map<String, Object>) r;
            List<Object> from = Yaml.list(rule.get("from"));
            List<Object> ports = Yaml.list(rule.get("ports"));
            if (from.isEmpty() || ports.isEmpty()) {
                v.add(what + ": an ingress rule without from or ports admits everyone or every port");
                continue;
            }
            for (Object f : from) {
                Map<String, Object> peer = (Map<String, Object>) f;
                if (peer.get("ipBlock") != null || Yaml.path(peer, "namespaceSelector", "matchLabels") == null) {
                    v.add(what + ": ingress from " + peer + " is not a single named namespace");
                }
            }
            String ns = String.valueOf(Yaml.path((Map<String, Object>) from.get(0), "namespaceSelector", "matchLabels",
                    "kubernetes.io/metadata.name"));
            for (Object p : ports) {
                Integer port = PodView.toInt(((Map<String, Object>) p).get("port"));
                allowedIn.add(port);
                if (port != null && port == http && !ns.contains("ingress")) {
                    v.add(what + ": the REST port is open to namespace " + ns + ", not the ingress controller's");
                }
                if (port != null && port == management && !ns.contains("monitoring")) {
                    v.add(what + ": the management port is open to namespace " + ns + ", not the monitoring one");
                }
                if (port != null && port != http && port != management) {
                    v.add(what + ": ingress to port " + port + ", which the application does not serve");
                }
            }
        }
        if (!allowedIn.contains(http) || !allowedIn.contains(management)) {
            v.add(what + ": ingress must admit " + http + " (ingress controller) and " + management + " (monitoring), admits " + allowedIn);
        }
        Set<String> egress = new TreeSet<>();
        for (Object r : Yaml.list(Yaml.path(np, "spec", "egress"))) {
            for (Object p : Yaml.list(((Map<String, Object>) r).get("ports"))) {
                Map<String, Object> port = (Map<String, Object>) p;
                egress.add(port.get("port") + "/" + port.getOrDefault("protocol", "TCP"));
            }
            if (Yaml.list(((Map<String, Object>) r).get("ports")).isEmpty()) {
                v.add(what + ": an egress rule without ports allows every port");
            }
        }
        if (!egress.equals(new TreeSet<>(List.of("53/UDP", "53/TCP", "443/TCP")))) {
            v.add(what + ": egress must be DNS (53 UDP/TCP) and HTTPS (443) only, is " + egress);
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkScaling(Build build, Map<String, String> env, List<String> v) {
        List<Map<String, Object>> scaled = build.ofKind("ScaledObject");
        if (scaled.size() != 1) {
            v.add("expected one KEDA ScaledObject, found " + scaled.size());
            return;
        }
        Map<String, Object> so = scaled.get(0);
        String what = "ScaledObject " + Yaml.name(so);
        Map<String, Object> ref = (Map<String, Object>) Yaml.path(so, "spec", "scaleTargetRef");
        String kind = ref == null ? null : String.valueOf(ref.getOrDefault("kind", "Deployment"));
        Map<String, Object> target = ref == null ? null : build.find(kind, String.valueOf(ref.get("name")));
        if (target == null) {
            v.add(what + ": scaleTargetRef " + ref + " is not a workload of this build");
        } else if (!Objects.equals(target.get("apiVersion"), ref.getOrDefault("apiVersion", "apps/v1"))) {
            v.add(what + ": scaleTargetRef apiVersion " + ref.get("apiVersion") + " is not the target's " + target.get("apiVersion"));
        }
        Integer min = PodView.toInt(Yaml.path(so, "spec", "minReplicaCount"));
        Integer max = PodView.toInt(Yaml.path(so, "spec", "maxReplicaCount"));
        if (min == null || min < 1 || max == null || max < min) {
            v.add(what + ": replica bounds " + min + ".." + max + " (at least one pod keeps the REST API up)");
        }
        if (Yaml.path(so, "spec", "cooldownPeriod") != null && min != null && min >= 1) {
            v.add(what + ": cooldownPeriod does nothing with minReplicaCount >= 1 (KEDA applies it only to scaling to"
                    + " zero); scale-in is advanced.horizontalPodAutoscalerConfig.behavior.scaleDown");
        }
        List<Object> triggers = Yaml.list(Yaml.path(so, "spec", "triggers"));
        if (triggers.size() != 1 || !"aws-sqs-queue".equals(((Map<String, Object>) triggers.get(0)).get("type"))) {
            v.add(what + ": expected one aws-sqs-queue trigger, found " + triggers);
            return;
        }
        Map<String, Object> trigger = (Map<String, Object>) triggers.get(0);
        Map<String, Object> md = (Map<String, Object>) trigger.getOrDefault("metadata", Map.of());
        String url = String.valueOf(md.get("queueURL"));
        String queue = env.get("MIP_SQS_EVENTS_QUEUE");
        String region = env.get("MIP_AWS_REGION");
        try {
            URI u = URI.create(url);
            String last = u.getPath() == null ? "" : u.getPath().replaceAll(".*/", "");
            if (!Objects.equals(last, queue)) {
                v.add(what + ": queueURL " + url + " is not the events queue the pods consume (MIP_SQS_EVENTS_QUEUE=" + queue + ")");
            }
            if (u.getHost() == null || !u.getHost().equals("sqs." + region + ".amazonaws.com")) {
                v.add(what + ": queueURL " + url + " is not in the region of the pods (MIP_AWS_REGION=" + region + ")");
            }
        } catch (IllegalArgumentException e) {
            v.add(what + ": queueURL " + url + " is not a URL");
        }
        expect(v, what + ": awsRegion", region, String.valueOf(md.get("awsRegion")));
        Integer length = PodView.toInt(md.get("queueLength"));
        Integer concurrency = PodView.toInt(env.getOrDefault("MIP_PIPELINE_CONCURRENCY", defaults().get("mip.pipeline.concurrency")));
        if (length == null || concurrency == null || length < concurrency) {
            v.add(what + ": queueLength " + md.get("queueLength") + " is below the objects a pod processes at once ("
                    + concurrency + "): pods would be added that have nothing to do");
        }
        String authName = String.valueOf(Yaml.path(trigger, "authenticationRef", "name"));
        Map<String, Object> auth = build.find("TriggerAuthentication", authName);
        if (auth == null) {
            v.add(what + ": authenticationRef " + authName + " is not defined");
            return;
        }
        expect(v, "TriggerAuthentication " + authName + ": podIdentity.provider", "aws",
                String.valueOf(Yaml.path(auth, "spec", "podIdentity", "provider")));
        checkKedaRole(build, "TriggerAuthentication " + authName, auth, v);
    }

    static final String ROLE_ARN = "arn:aws[a-z-]*:iam::\\d{12}:role/.+";

    /**
     * Terraform's KEDA role (output keda_role_arn) of the pods' role (output
     * service_account_role_arn): the module names them {@code <name>-<environment>-keda} and
     * {@code <name>-<environment>-pipeline} in the same account. null if the pods' role does not
     * follow that naming.
     */
    static String kedaRoleOf(Object podRole) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(arn:aws[a-z-]*:iam::\\d{12}:role/)([a-z][a-z0-9-]*)-pipeline")
                .matcher(String.valueOf(podRole));
        return m.matches() ? m.group(1) + m.group(2) + "-keda" : null;
    }

    /**
     * KEDA reads the queue depth with Terraform's KEDA role (podIdentity.roleArn, allowed only
     * sqs:GetQueueAttributes on the events queue), never with the pods' role, which reads and
     * deletes PHI: not by naming it, not with identityOwner workload (KEDA then assumes the
     * workload's IRSA role), and not with its operator's own role (no roleArn: whatever that role
     * may do, outside Terraform's control).
     */
    private static void checkKedaRole(Build build, String what, Map<String, Object> auth, List<String> v) {
        Map<String, Object> sa = build.find("ServiceAccount", APP);
        Object podRole = sa == null ? null : Yaml.path(sa, "metadata", "annotations", "eks.amazonaws.com/role-arn");
        Object kedaRole = Yaml.path(auth, "spec", "podIdentity", "roleArn");
        Object owner = Yaml.path(auth, "spec", "podIdentity", "identityOwner");
        if (owner != null) {
            v.add(what + ": podIdentity.identityOwner " + owner + " is set: KEDA must read the queue with Terraform's"
                    + " KEDA role (podIdentity.roleArn = keda_role_arn), not with "
                    + ("workload".equals(owner) ? "the pods' role" : "its operator's own role"));
        }
        if (!(kedaRole instanceof String k) || !k.matches(ROLE_ARN)) {
            v.add(what + ": podIdentity.roleArn is " + kedaRole + ", expected Terraform's KEDA role (terraform output"
                    + " keda_role_arn)");
            return;
        }
        if (k.equals(podRole)) {
            v.add(what + ": KEDA reads the queue with the pods' IRSA role " + podRole + ", which reads and deletes PHI;"
                    + " use Terraform's KEDA role (terraform output keda_role_arn, sqs:GetQueueAttributes only)");
            return;
        }
        String expected = kedaRoleOf(podRole);
        if (expected == null) {
            v.add(what + ": cannot tell Terraform's KEDA role: the pods' role " + podRole
                    + " is not named like Terraform's <name>-<environment>-pipeline");
        } else if (!expected.equals(k)) {
            v.add(what + ": KEDA reads the queue with " + k + ", not Terraform's KEDA role " + expected
                    + " (terraform output keda_role_arn)");
        }
    }

    private static void checkImage(PodView pod, List<String> v) {
        String image = pod.image();
        if (image == null || !image.contains("/") || !(image.contains(":") || image.contains("@"))) {
            v.add(pod.source() + ": image " + image + " is not a registry image with a tag or digest (overlay images:)");
        } else if (image.endsWith(":latest")) {
            v.add(pod.source() + ": image tag latest: deploy a version");
        } else if (!image.contains("@") && image.matches(".*:[^/]*-SNAPSHOT") && !"Always".equals(pod.imagePullPolicy())) {
            v.add(pod.source() + ": image " + image + " has a mutable tag but imagePullPolicy " + pod.imagePullPolicy()
                    + ": nodes would run the copy they cached (set Always, or deploy a release tag or a digest)");
        }
    }

    /** The pods of the two variants must be the same pod. */
    static List<String> parity(PodView a, PodView b) {
        List<String> v = new ArrayList<>();
        String w = a.source() + " vs " + b.source();
        same(v, w + ": ports", a.ports(), b.ports());
        same(v, w + ": probes", a.probes(), b.probes());
        same(v, w + ": requests", a.requests(), b.requests());
        same(v, w + ": limits", a.limits(), b.limits());
        same(v, w + ": security", a.security(), b.security());
        same(v, w + ": mounts", new TreeMap<>(a.mounts()).keySet(), new TreeMap<>(b.mounts()).keySet());
        for (String path : a.mounts().keySet()) {
            if (b.mounts().containsKey(path)) {
                same(v, w + ": mount " + path, a.mounts().get(path), b.mounts().get(path));
            }
        }
        same(v, w + ": service account", a.serviceAccount(), b.serviceAccount());
        same(v, w + ": image", a.image(), b.image());
        return v;
    }

    private static void same(List<String> v, String what, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            v.add(what + " differ: " + a + " / " + b);
        }
    }

    private static void expect(List<String> v, String what, String expected, String actual) {
        if (!Objects.equals(expected, actual)) {
            v.add(what + " is " + actual + ", expected " + expected);
        }
    }

    static Long bytes(String quantity) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti|k|M|G|T)?").matcher(quantity);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        return switch (unit) {
            case "Ki" -> n << 10;
            case "Mi" -> n << 20;
            case "Gi" -> n << 30;
            case "Ti" -> n << 40;
            case "k" -> n * 1000;
            case "M" -> n * 1000_000;
            case "G" -> n * 1000_000_000L;
            case "T" -> n * 1000_000_000_000L;
            default -> n;
        };
    }
}
