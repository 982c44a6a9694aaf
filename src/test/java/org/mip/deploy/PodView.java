package org.mip.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The pipeline's pod as it will run, whichever way it is declared: read from a Deployment's pod
 * template, or worked out from a Camel K Integration the way the operator (2.10) does it (the
 * container, health, environment, mount traits, then {@code spec.template} merged over the result
 * by container name). The checks then look at one shape.
 */
record PodView(String source, String serviceAccount, Map<String, String> podLabels, String image,
               String imagePullPolicy, Map<String, Integer> ports, Map<String, Probe> probes, List<EnvSource> env,
               Map<String, String> requests, Map<String, String> limits, Security security,
               Map<String, Mount> mounts, List<String> problems) {

    record Probe(String path, Object port) {}

    /** An environment variable (name with a value, or a key of a ConfigMap/Secret) or a whole ConfigMap (envFrom). */
    record EnvSource(String name, String value, String kind, String ref, String key) {
        boolean fromMap() {
            return name == null;
        }
    }

    /** A mount path: a Secret, ConfigMap or emptyDir volume, read-only or not; an emptyDir's size limit (null: none). */
    record Mount(String type, String ref, boolean readOnly, String sizeLimit) {}

    /** The size limit Camel K's mount trait gives an emptyDir written name:/path (pkg/trait/mount.go). */
    static final String CAMEL_K_EMPTY_DIR_DEFAULT = "500Mi";

    record Security(Boolean runAsNonRoot, Long runAsUser, Boolean allowPrivilegeEscalation,
                    Boolean readOnlyRootFilesystem, List<String> capabilitiesDrop, String seccomp) {}

    static final String CONTAINER = "integration";

    @SuppressWarnings("unchecked")
    static PodView ofDeployment(Map<String, Object> d) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> template = (Map<String, Object>) Yaml.path(d, "spec", "template");
        Map<String, Object> pod = (Map<String, Object>) Yaml.path(template, "spec");
        if (pod == null) {
            problems.add("Deployment " + Yaml.name(d) + " has no pod template");
            return empty("Deployment/" + Yaml.name(d), problems);
        }
        Map<String, String> labels = strings((Map<String, Object>) Yaml.path(template, "metadata", "labels"));
        List<Object> containers = Yaml.list(pod.get("containers"));
        Map<String, Object> c = containers.isEmpty() ? Map.of() : (Map<String, Object>) containers.get(0);
        if (containers.size() != 1) {
            problems.add("Deployment " + Yaml.name(d) + " must run exactly one container, it has " + containers.size());
        }
        return fromContainer("Deployment/" + Yaml.name(d), (String) pod.get("serviceAccountName"), labels, pod, c, problems);
    }

    @SuppressWarnings("unchecked")
    private static PodView fromContainer(String source, String sa, Map<String, String> labels, Map<String, Object> pod,
                                         Map<String, Object> c, List<String> problems) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Object p : Yaml.list(c.get("ports"))) {
            Map<String, Object> port = (Map<String, Object>) p;
            ports.put(String.valueOf(port.get("name")), toInt(port.get("containerPort")));
        }
        Map<String, Probe> probes = new TreeMap<>();
        for (String kind : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Object http = Yaml.path(c, kind, "httpGet");
            if (http instanceof Map<?, ?> h) {
                probes.put(kind.replace("Probe", ""), new Probe(String.valueOf(h.get("path")), h.get("port")));
            }
        }
        List<EnvSource> env = new ArrayList<>();
        for (Object e : Yaml.list(c.get("envFrom"))) {
            Map<String, Object> ef = (Map<String, Object>) e;
            if (ef.get("configMapRef") instanceof Map<?, ?> ref) {
                env.add(new EnvSource(null, null, "ConfigMap", String.valueOf(ref.get("name")), null));
            }
            if (ef.get("secretRef") instanceof Map<?, ?> ref) {
                env.add(new EnvSource(null, null, "Secret", String.valueOf(ref.get("name")), null));
            }
        }
        for (Object e : Yaml.list(c.get("env"))) {
            Map<String, Object> ev = (Map<String, Object>) e;
            String name = String.valueOf(ev.get("name"));
            if (Yaml.path(ev, "valueFrom", "configMapKeyRef") instanceof Map<?, ?> ref) {
                env.add(new EnvSource(name, null, "ConfigMap", String.valueOf(ref.get("name")), String.valueOf(ref.get("key"))));
            } else if (Yaml.path(ev, "valueFrom", "secretKeyRef") instanceof Map<?, ?> ref) {
                env.add(new EnvSource(name, null, "Secret", String.valueOf(ref.get("name")), String.valueOf(ref.get("key"))));
            } else {
                env.add(new EnvSource(name, ev.get("value") == null ? "" : String.valueOf(ev.get("value")), null, null, null));
            }
        }
        Map<String, Mount> volumes = new LinkedHashMap<>();
        for (Object v : Yaml.list(pod.get("volumes"))) {
            Map<String, Object> vol = (Map<String, Object>) v;
            String name = String.valueOf(vol.get("name"));
            if (vol.get("secret") instanceof Map<?, ?> s) {
                volumes.put(name, new Mount("Secret", String.valueOf(s.get("secretName")), true, null));
            } else if (vol.get("configMap") instanceof Map<?, ?> s) {
                volumes.put(name, new Mount("ConfigMap", String.valueOf(s.get("name")), true, null));
            } else if (vol.containsKey("emptyDir")) {
                Object size = Yaml.path(vol, "emptyDir", "sizeLimit");
                volumes.put(name, new Mount("emptyDir", name, false, size == null ? null : String.valueOf(size)));
            } else {
                volumes.put(name, new Mount("other", name, false, null));
            }
        }
        Map<String, Mount> mounts = new LinkedHashMap<>();
        for (Object m : Yaml.list(c.get("volumeMounts"))) {
            Map<String, Object> vm = (Map<String, Object>) m;
            Mount vol = volumes.get(String.valueOf(vm.get("name")));
            if (vol == null) {
                problems.add(source + ": volumeMount " + vm.get("name") + " has no volume");
                continue;
            }
            mounts.put(String.valueOf(vm.get("mountPath")),
                    new Mount(vol.type(), vol.ref(), vol.readOnly() || Boolean.TRUE.equals(vm.get("readOnly")), vol.sizeLimit()));
        }
        Map<String, Object> sc = (Map<String, Object>) c.getOrDefault("securityContext", Map.of());
        Map<String, Object> podSc = pod.get("securityContext") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Security security = new Security(
                (Boolean) first(sc.get("runAsNonRoot"), podSc.get("runAsNonRoot")),
                toLong(first(sc.get("runAsUser"), podSc.get("runAsUser"))),
                (Boolean) sc.get("allowPrivilegeEscalation"),
                (Boolean) sc.get("readOnlyRootFilesystem"),
                Yaml.list(Yaml.path(sc, "capabilities", "drop")).stream().map(String::valueOf).toList(),
                (String) first(Yaml.path(sc, "seccompProfile", "type"), Yaml.path(podSc, "seccompProfile", "type")));
        return new PodView(source, sa, labels, (String) c.get("image"), (String) c.get("imagePullPolicy"), ports, probes, env,
                strings((Map<String, Object>) Yaml.path(c, "resources", "requests")),
                strings((Map<String, Object>) Yaml.path(c, "resources", "limits")), security, mounts, problems);
    }

    /** The pod the Camel K operator makes of a self-managed Integration (traits, then spec.template). */
    @SuppressWarnings("unchecked")
    static PodView ofIntegration(Map<String, Object> it) {
        String name = Yaml.name(it);
        String source = "Integration/" + name;
        List<String> problems = new ArrayList<>();
        Map<String, Object> spec = (Map<String, Object>) it.getOrDefault("spec", Map.of());
        Map<String, Object> traits = (Map<String, Object>) spec.getOrDefault("traits", Map.of());
        Map<String, Object> ct = (Map<String, Object>) traits.getOrDefault("container", Map.of());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", ct.getOrDefault("name", CONTAINER));
        c.put("image", ct.get("image"));
        if (ct.get("imagePullPolicy") != null) {
            c.put("imagePullPolicy", ct.get("imagePullPolicy"));
        }
        List<Object> ports = new ArrayList<>();
        if (Boolean.TRUE.equals(ct.get("expose"))) {
            ports.add(Map.of("name", ct.getOrDefault("portName", "http"), "containerPort", ct.getOrDefault("port", 8080)));
        }
        for (Object p : Yaml.list(ct.get("ports"))) {
            String[] parts = String.valueOf(p).split(";");
            if (parts.length < 2 || !parts[1].matches("\\d+")) {
                problems.add(source + ": container.ports entry \"" + p + "\" is not name;number[;protocol]");
                continue;
            }
            ports.add(Map.of("name", parts[0], "containerPort", Integer.parseInt(parts[1])));
        }
        c.put("ports", ports);
        // Camel K defaults when a value is not set (pkg/trait/container.go).
        c.put("resources", Map.of(
                "requests", new LinkedHashMap<>(Map.of("cpu", ct.getOrDefault("requestCPU", "125m"),
                        "memory", ct.getOrDefault("requestMemory", "128Mi"))),
                "limits", new LinkedHashMap<>(Map.of("cpu", ct.getOrDefault("limitCPU", "500m"),
                        "memory", ct.getOrDefault("limitMemory", "512Mi")))));
        Map<String, Object> sc = new LinkedHashMap<>();
        sc.put("runAsNonRoot", ct.getOrDefault("runAsNonRoot", false));
        if (ct.get("runAsUser") != null) {
            sc.put("runAsUser", ct.get("runAsUser"));
        }
        sc.put("allowPrivilegeEscalation", ct.getOrDefault("allowPrivilegeEscalation", false));
        sc.put("capabilities", Map.of("drop", ct.getOrDefault("capabilitiesDrop", List.of("ALL"))));
        sc.put("seccompProfile", Map.of("type", ct.getOrDefault("seccompProfileType", "RuntimeDefault")));
        c.put("securityContext", sc);

        Map<String, Object> health = (Map<String, Object>) traits.getOrDefault("health", Map.of());
        if (Boolean.TRUE.equals(health.get("enabled"))) {
            for (String kind : List.of("startup", "liveness", "readiness")) {
                boolean enabled = Boolean.TRUE.equals(health.getOrDefault(kind + "ProbeEnabled", kind.equals("readiness")));
                if (enabled) {
                    Object port = health.getOrDefault(kind + "Port", ct.getOrDefault("port", 8080));
                    Object path = health.get(kind + "Probe");
                    c.put(kind + "Probe", Map.of("httpGet", Map.of("path", String.valueOf(path), "port", port)));
                }
            }
        }

        List<Object> env = new ArrayList<>();
        Map<String, Object> environment = (Map<String, Object>) traits.getOrDefault("environment", Map.of());
        for (Object v : Yaml.list(environment.get("vars"))) {
            String s = String.valueOf(v);
            int eq = s.indexOf('=');
            if (eq <= 0) {
                problems.add(source + ": environment.vars entry \"" + s + "\" is not VAR=VALUE");
                continue;
            }
            String var = s.substring(0, eq);
            String value = s.substring(eq + 1);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(configmap|secret):([^/]+)/(.+)").matcher(value);
            if (m.matches()) {
                String ref = m.group(1).equals("configmap") ? "configMapKeyRef" : "secretKeyRef";
                env.add(Map.of("name", var, "valueFrom", Map.of(ref, Map.of("name", m.group(2), "key", m.group(3)))));
            } else {
                env.add(Map.of("name", var, "value", value));
            }
        }
        c.put("env", env);

        List<Object> volumes = new ArrayList<>();
        List<Object> mounts = new ArrayList<>();
        Map<String, Object> mount = (Map<String, Object>) traits.getOrDefault("mount", Map.of());
        int i = 0;
        for (Object r : Yaml.list(mount.get("resources")) ) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(configmap|secret):([^/@]+)(/[^@]+)?(@(.+))?")
                    .matcher(String.valueOf(r));
            if (!m.matches()) {
                problems.add(source + ": mount.resources entry \"" + r + "\" is not [configmap|secret]:name[/key][@path]");
                continue;
            }
            String vol = "r-" + i++;
            String kind = m.group(1);
            String path = m.group(5) != null ? m.group(5)
                    : "/etc/camel/resources.d/_" + kind + "s/" + m.group(2);
            volumes.add(kind.equals("secret") ? Map.of("name", vol, "secret", Map.of("secretName", m.group(2)))
                    : Map.of("name", vol, "configMap", Map.of("name", m.group(2))));
            mounts.add(Map.of("name", vol, "mountPath", path, "readOnly", true));
        }
        for (Object e : Yaml.list(mount.get("emptyDirs"))) {
            // name:/path[:sizeLimit]; the operator's default size limit when none is given
            String[] parts = String.valueOf(e).split(":", 3);
            if (parts.length < 2) {
                problems.add(source + ": mount.emptyDirs entry \"" + e + "\" is not name:/path[:sizeLimit]");
                continue;
            }
            String size = parts.length == 3 ? parts[2] : CAMEL_K_EMPTY_DIR_DEFAULT;
            volumes.add(Map.of("name", parts[0], "emptyDir", Map.of("sizeLimit", size)));
            mounts.add(Map.of("name", parts[0], "mountPath", parts[1]));
        }
        c.put("volumeMounts", mounts);

        Map<String, Object> pod = new LinkedHashMap<>();
        pod.put("serviceAccountName", spec.get("serviceAccountName"));
        pod.put("volumes", volumes);
        pod.put("containers", new ArrayList<>(List.of(c)));
        // The pod trait: spec.template merged over the generated pod spec, containers by name.
        Map<String, Object> template = (Map<String, Object>) Yaml.path(spec, "template", "spec");
        if (template != null) {
            for (Map.Entry<String, Object> e : template.entrySet()) {
                if (e.getKey().equals("containers")) {
                    for (Object tc : Yaml.list(e.getValue())) {
                        Map<String, Object> patch = (Map<String, Object>) tc;
                        if (!Objects.equals(patch.get("name"), c.get("name"))) {
                            problems.add(source + ": spec.template container " + patch.get("name")
                                    + " is not the integration container (" + c.get("name") + ")");
                            continue;
                        }
                        strategicMerge(c, patch);
                    }
                } else if (e.getKey().equals("volumes")) {
                    mergeList(volumes, Yaml.list(e.getValue()), "name");
                } else if (e.getValue() instanceof Map<?, ?> m && pod.get(e.getKey()) instanceof Map<?, ?>) {
                    deepMerge((Map<String, Object>) pod.get(e.getKey()), (Map<String, Object>) m);
                } else {
                    pod.put(e.getKey(), e.getValue());
                }
            }
        }
        if (spec.get("sources") != null || spec.get("flows") != null) {
            problems.add(source + ": has sources/flows: the routes must be the ones packaged from routes/ into the image");
        }
        Map<String, String> labels = Map.of("camel.apache.org/integration", name);
        return fromContainer(source, (String) spec.get("serviceAccountName"), labels, pod, c, problems);
    }

    /**
     * The pod trait applies spec.template as a strategic merge patch: in a container, the lists
     * with a merge key (ports by containerPort, env by name, volumeMounts by mountPath) are merged
     * entry by entry, maps are merged, anything else is replaced.
     */
    @SuppressWarnings("unchecked")
    private static void strategicMerge(Map<String, Object> container, Map<String, Object> patch) {
        Map<String, String> mergeKeys = Map.of("volumeMounts", "mountPath", "env", "name", "ports", "containerPort");
        Map<String, Object> rest = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = mergeKeys.get(e.getKey());
            if (key != null && e.getValue() instanceof List<?>) {
                List<Object> target = new ArrayList<>(Yaml.list(container.get(e.getKey())));
                mergeList(target, Yaml.list(e.getValue()), key);
                container.put(e.getKey(), target);
            } else {
                rest.put(e.getKey(), e.getValue());
            }
        }
        deepMerge(container, rest);
    }

    /** Entries of {@code patch} replace the entry of {@code target} with the same {@code key}, or are added. */
    @SuppressWarnings("unchecked")
    private static void mergeList(List<Object> target, List<Object> patch, String key) {
        for (Object p : patch) {
            Object k = p instanceof Map<?, ?> m ? m.get(key) : null;
            int at = -1;
            for (int i = 0; i < target.size() && k != null; i++) {
                if (target.get(i) instanceof Map<?, ?> t && k.equals(t.get(key))) {
                    at = i;
                }
            }
            if (at >= 0) {
                Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) target.get(at));
                deepMerge(merged, (Map<String, Object>) p);
                target.set(at, merged);
            } else {
                target.add(Yaml.deepCopy(p));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void deepMerge(Map<String, Object> target, Map<String, Object> patch) {
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> pm && target.get(e.getKey()) instanceof Map<?, ?> tm) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) tm);
                deepMerge(copy, (Map<String, Object>) pm);
                target.put(e.getKey(), copy);
            } else {
                target.put(e.getKey(), Yaml.deepCopy(e.getValue()));
            }
        }
    }

    private static PodView empty(String source, List<String> problems) {
        return new PodView(source, null, Map.of(), null, null, Map.of(), Map.of(), List.of(), Map.of(), Map.of(),
                new Security(null, null, null, null, List.of(), null), Map.of(), problems);
    }

    private static Object first(Object a, Object b) {
        return a != null ? a : b;
    }

    static Integer toInt(Object o) {
        if (o instanceof Number n) {
            return n.intValue();
        }
        return o != null && String.valueOf(o).matches("\\d+") ? Integer.valueOf(String.valueOf(o)) : null;
    }

    private static Long toLong(Object o) {
        return o instanceof Number n ? n.longValue() : null;
    }

    private static Map<String, String> strings(Map<String, Object> m) {
        Map<String, String> out = new LinkedHashMap<>();
        if (m != null) {
            m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        }
        return out;
    }
}
