package org.mip.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The real schemas of what k8s/ renders to, from {@code ../shared/k8s-schemas} (its SOURCES.md):
 * the strict Kubernetes 1.32.2 JSON schemas (unknown fields rejected), and the CRDs of Camel K
 * 2.10.1, KEDA 2.20.2 and the Prometheus Operator 0.93.0, whose {@code openAPIV3Schema} is turned
 * into a JSON schema the way the API server's strict field validation reads it: an object with
 * properties accepts no other field unless it says {@code x-kubernetes-preserve-unknown-fields},
 * {@code nullable} admits null, {@code x-kubernetes-int-or-string} an integer or a string; a CRD
 * object's {@code metadata} is the ObjectMeta of the Kubernetes schemas.
 */
final class K8sSchemas {
    static final Path DIR = Path.of(System.getProperty("mip.k8s-schemas",
            Repo.ROOT.resolve("../shared/k8s-schemas").normalize().toString()));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry DRAFT4 = SchemaRegistry.withDefaultDialect(Dialects.getDraft4());
    private final Map<String, Schema> byKind = new HashMap<>();

    static boolean available() {
        return Files.isDirectory(DIR.resolve("crds")) && Files.isDirectory(DIR.resolve("kubernetes-v1.32.2"));
    }

    K8sSchemas() {
        try {
            JsonNode objectMeta = null;
            try (var files = Files.list(DIR.resolve("kubernetes-v1.32.2"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    ObjectNode schema = (ObjectNode) JSON.readTree(f.toFile());
                    schema.remove("$schema");
                    for (JsonNode gvk : schema.path("x-kubernetes-group-version-kind")) {
                        byKind.put(key(gvk.path("group").asText(), gvk.path("version").asText(), gvk.path("kind").asText()),
                                DRAFT4.getSchema(schema));
                    }
                    if (objectMeta == null) {
                        objectMeta = schema.path("properties").path("metadata");
                    }
                }
            }
            try (var files = Files.list(DIR.resolve("crds"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                    JsonNode crd = JSON.valueToTree(Yaml.loadOne(f));
                    String group = crd.path("spec").path("group").asText();
                    String kind = crd.path("spec").path("names").path("kind").asText();
                    for (JsonNode version : crd.path("spec").path("versions")) {
                        ObjectNode schema = strict(version.path("schema").path("openAPIV3Schema").deepCopy());
                        ObjectNode properties = (ObjectNode) schema.path("properties");
                        properties.set("metadata", objectMeta);
                        byKind.put(key(group, version.path("name").asText(), kind), DRAFT4.getSchema(schema));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(String group, String version, String kind) {
        return (group.isEmpty() ? "" : group + "/") + version + "/" + kind;
    }

    /** The schema of an object's apiVersion and kind, or null when k8s-schemas has none. */
    Schema schemaOf(Map<String, Object> object) {
        return byKind.get(object.get("apiVersion") + "/" + object.get("kind"));
    }

    /** Every problem of one object against its schema ("no schema" when there is none), each naming the object. */
    List<String> validate(Map<String, Object> object) {
        String what = object.get("kind") + "/" + Yaml.name(object);
        Schema schema = schemaOf(object);
        if (schema == null) {
            return List.of(what + ": no schema for " + object.get("apiVersion") + " " + object.get("kind") + " in " + DIR);
        }
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(JSON.valueToTree(object))) {
            out.add(what + ": " + e);
        }
        return out;
    }

    /** openAPIV3Schema as the API server's strict validation reads it (see the class comment). */
    static ObjectNode strict(ObjectNode node) {
        boolean preserve = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (node.path("x-kubernetes-int-or-string").asBoolean(false)) {
            node.remove("type");
            ArrayNode anyOf = node.putArray("anyOf");
            anyOf.addObject().put("type", "integer");
            anyOf.addObject().put("type", "string");
        }
        if (node.path("nullable").asBoolean(false) && node.has("type")) {
            ArrayNode types = JsonNodeFactory.instance.arrayNode();
            types.add(node.get("type").asText());
            types.add("null");
            node.set("type", types);
        }
        node.remove("nullable");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            if (it.next().toLowerCase(Locale.ROOT).startsWith("x-kubernetes-")) {
                it.remove();
            }
        }
        if (node.has("properties")) {
            node.path("properties").fields().forEachRemaining(e -> strict((ObjectNode) e.getValue()));
        }
        if (node.get("items") instanceof ObjectNode items) {
            strict(items);
        }
        if (node.get("additionalProperties") instanceof ObjectNode additional) {
            strict(additional);
        }
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            node.path(combinator).forEach(n -> {
                if (n instanceof ObjectNode o) {
                    strict(o);
                }
            });
        }
        boolean object = "object".equals(node.path("type").asText()) || node.has("properties");
        if (object && !preserve && !node.has("additionalProperties")) {
            node.put("additionalProperties", false);
        }
        return node;
    }
}
