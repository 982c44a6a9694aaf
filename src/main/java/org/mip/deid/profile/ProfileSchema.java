package org.mip.deid.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The JSON Schema of profile YAML ({@value #RESOURCE}, draft 2020-12): the one list of keys, value
 * types, allowed words and defaults. {@link ProfileLoader} takes its key lists from here and
 * validates every file against it; the loader's own checks add what a schema cannot say (keywords
 * in the DICOM dictionary, values valid for the VR, settings that would have no effect) and word
 * the problems precisely. Editors use the same file through the YAML language server.
 *
 * <p>YAML scalars are typed as YAML 1.2's core schema types them (and as editors do): {@code true}
 * is a boolean, {@code 0x0029} and {@code 64} are integers, anything quoted is a string.
 */
public final class ProfileSchema {
    /** The schema on the class path, beside the shipped profiles. */
    public static final String RESOURCE = ProfileLoader.BUILT_IN_PATH + "profile.schema.json";

    private static final Pattern INT = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]+");
    private static final Pattern OCT = Pattern.compile("0o[0-7]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final ProfileSchema INSTANCE = load();

    /** The schema as plain maps (snakeyaml-engine reads JSON as YAML): enough for the key lists. */
    private final Map<String, Object> tree;

    private ProfileSchema(Map<String, Object> tree) {
        this.tree = tree;
    }

    /**
     * The validator and the Jackson document, built on first use: Jackson's and the validator's
     * start costs most of a second of CPU, which a run on a shipped profile does not pay.
     */
    private static final class Validating {
        static final JsonNode DOCUMENT;
        static final Schema SCHEMA;

        static {
            try (InputStream in = open()) {
                DOCUMENT = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the profile schema " + RESOURCE, e);
            }
            SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getDraft202012(), b -> b.schemaRegistryConfig(
                    SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build()));
            SCHEMA = registry.getSchema(DOCUMENT);
        }
    }

    private static InputStream open() {
        InputStream in = ProfileSchema.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("the profile schema " + RESOURCE + " is not on the class path");
        }
        return in;
    }

    @SuppressWarnings("unchecked")
    private static ProfileSchema load() {
        try (InputStream in = open()) {
            Object tree = new org.snakeyaml.engine.v2.api.Load(org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
                    .loadFromInputStream(in);
            return new ProfileSchema((Map<String, Object>) tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the profile schema " + RESOURCE, e);
        }
    }

    /** The schema, loaded once. */
    public static ProfileSchema get() {
        return INSTANCE;
    }

    /** The schema document itself (for tests and tools). */
    public JsonNode document() {
        return Validating.DOCUMENT;
    }

    /**
     * The keys the schema allows in the mapping at {@code pointer} (a JSON pointer into the
     * schema, e.g. {@code /properties/burned-in}), in schema order.
     */
    public List<String> keys(String pointer) {
        Object at = tree;
        if (!pointer.isEmpty()) {
            for (String part : pointer.substring(1).split("/", -1)) {
                String name = part.replace("~1", "/").replace("~0", "~");
                if (at instanceof Map<?, ?> m) {
                    at = m.get(name);
                } else if (at instanceof List<?> l && name.matches("[0-9]{1,4}") && Integer.parseInt(name) < l.size()) {
                    at = l.get(Integer.parseInt(name));
                } else {
                    at = null;
                }
                if (at == null) {
                    throw new IllegalArgumentException("no " + pointer + " in " + RESOURCE);
                }
            }
        }
        Object properties = at instanceof Map<?, ?> m ? m.get("properties") : null;
        List<String> out = new ArrayList<>();
        if (properties instanceof Map<?, ?> props) {
            for (Object key : props.keySet()) {
                out.add(String.valueOf(key));
            }
        }
        return List.copyOf(out);
    }

    /** A schema violation: the YAML node it concerns and a message in the loader's words. */
    record Violation(Node node, String message) {
    }

    /** Every violation of the schema in a composed YAML document. */
    List<Violation> validate(Node root) {
        Map<String, Node> nodes = new HashMap<>();
        JsonNode instance = json(root, "", nodes);
        List<Violation> out = new ArrayList<>();
        for (Error e : Validating.SCHEMA.validate(instance)) {
            String at = e.getInstanceLocation().toString();
            Node node = nodes.get(at);
            if ("additionalProperties".equals(e.getKeyword()) && e.getProperty() != null) {
                Node key = nodes.get(at + "/" + escape(e.getProperty()) + "#key");
                out.add(new Violation(key != null ? key : node, "unknown key \"" + e.getProperty() + "\" in "
                        + where(at) + "; allowed: " + String.join(", ", allowedAt(e)) + ProfileValues.didYouMean(
                        e.getProperty(), allowedAt(e))));
            } else if ("required".equals(e.getKeyword())) {
                out.add(new Violation(node, where(at) + " needs " + e.getProperty()));
            } else {
                String message = e.getMessage();
                int colon = message.indexOf(": ");
                out.add(new Violation(node, where(at) + ": " + (colon >= 0 && message.startsWith(at) ? message.substring(colon + 2)
                        : message)));
            }
        }
        return out;
    }

    private List<String> allowedAt(Error e) {
        String fragment = e.getSchemaLocation().getFragment().toString();
        int cut = fragment.lastIndexOf('/');
        return cut < 0 ? List.of() : keys(fragment.substring(0, cut));
    }

    /** "burned-in", "an entry of redaction", ... for a JSON pointer into the instance. */
    private static String where(String pointer) {
        if (pointer.isEmpty() || pointer.equals("/")) {
            return "the profile";
        }
        String[] parts = pointer.substring(1).split("/");
        String last = parts[parts.length - 1].replace("~1", "/").replace("~0", "~");
        if (last.matches("[0-9]+") && parts.length > 1) {
            return "entry " + (Integer.parseInt(last) + 1) + " of " + parts[parts.length - 2];
        }
        return last;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** A composed YAML document as the JSON the schema validates. */
    static JsonNode toJson(Node root) {
        return json(root, "", new HashMap<>());
    }

    /** The YAML node as JSON, typed as YAML 1.2's core schema does; {@code nodes} maps JSON pointers to nodes. */
    private static JsonNode json(Node node, String pointer, Map<String, Node> nodes) {
        nodes.put(pointer, node);
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node instanceof MappingNode m) {
            ObjectNode o = f.objectNode();
            int i = 0;
            for (NodeTuple t : m.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?" + i;
                String child = pointer + "/" + escape(key);
                nodes.put(child + "#key", t.getKeyNode());
                o.set(key, json(t.getValueNode(), child, nodes));
                i++;
            }
            return o;
        }
        if (node instanceof SequenceNode s) {
            ArrayNode a = f.arrayNode();
            int i = 0;
            for (Node item : s.getValue()) {
                a.add(json(item, pointer + "/" + i++, nodes));
            }
            return a;
        }
        ScalarNode s = (ScalarNode) node;
        String v = s.getValue();
        if (!s.isPlain()) {
            return f.textNode(v);
        }
        if (v.isEmpty() || v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL")) {
            return f.nullNode();
        }
        if (v.equals("true") || v.equals("True") || v.equals("TRUE")) {
            return f.booleanNode(true);
        }
        if (v.equals("false") || v.equals("False") || v.equals("FALSE")) {
            return f.booleanNode(false);
        }
        if (INT.matcher(v).matches()) {
            return f.numberNode(new BigInteger(v.startsWith("+") ? v.substring(1) : v));
        }
        if (HEX.matcher(v).matches()) {
            return f.numberNode(new BigInteger(v.substring(2), 16));
        }
        if (OCT.matcher(v).matches()) {
            return f.numberNode(new BigInteger(v.substring(2), 8));
        }
        if (FLOAT.matcher(v).matches()) {
            return f.numberNode(new BigDecimal(v));
        }
        return f.textNode(v);
    }

    /** Line and column (1-based) of a node's start; 0, 0 when unknown. */
    static int[] position(Node node) {
        Mark m = node == null ? null : node.getStartMark().orElse(null);
        return m == null ? new int[] {0, 0} : new int[] {m.getLine() + 1, m.getColumn() + 1};
    }
}
