package org.mip.app.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One route file as a JSON tree (what the YAML DSL schema validates) that remembers where each
 * node and each mapping key stood in the file, so a problem found in the tree is reported at its
 * line and column. Parsed with SnakeYAML Engine, the parser Camel's YAML DSL uses itself.
 */
final class YamlTree {
    /** A position in the file, 1-based as editors show it. */
    record Position(int line, int column) {
    }

    private final String file;
    private final JsonNode root;
    private final Map<List<Object>, Position> nodes = new HashMap<>();
    private final Map<List<Object>, Position> keys = new HashMap<>();
    private final List<RouteProblem> problems = new ArrayList<>();

    private YamlTree(String file, String text) {
        this.file = file;
        JsonNode parsed;
        try {
            Optional<Node> node = new Compose(LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(true)
                    .setMaxAliasesForCollections(50).build()).composeString(text);
            parsed = node.isPresent() ? convert(node.get(), new ArrayList<>()) : JsonNodeFactory.instance.nullNode();
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            problems.add(new RouteProblem(file, mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1,
                    RouteProblem.YAML_SYNTAX, "not valid YAML: " + e.getProblem()));
            parsed = null;
        } catch (YamlEngineException e) {
            problems.add(new RouteProblem(file, 1, 1, RouteProblem.YAML_SYNTAX, "not valid YAML: " + e.getMessage()));
            parsed = null;
        }
        this.root = parsed;
    }

    /** Parses {@code text}; a syntax error leaves {@link #root()} null and is in {@link #problems()}. */
    static YamlTree parse(String file, String text) {
        return new YamlTree(file, text);
    }

    String file() {
        return file;
    }

    /** The document, or null when it is not valid YAML. */
    JsonNode root() {
        return root;
    }

    /** Syntax errors and duplicate keys. */
    List<RouteProblem> problems() {
        return problems;
    }

    /** Where the node at {@code path} (mapping keys and sequence indexes) starts; its nearest ancestor's when unknown. */
    Position at(List<Object> path) {
        for (int n = path.size(); n >= 0; n--) {
            Position p = nodes.get(path.subList(0, n));
            if (p != null) {
                return p;
            }
        }
        return new Position(1, 1);
    }

    /** Where the key {@code name} of the mapping at {@code path} stands; the mapping's position when absent. */
    Position keyAt(List<Object> path, String name) {
        List<Object> key = new ArrayList<>(path);
        key.add(name);
        Position p = keys.get(key);
        return p != null ? p : at(path);
    }

    RouteProblem problem(List<Object> path, String code, String message) {
        Position p = at(path);
        return new RouteProblem(file, p.line(), p.column(), code, message);
    }

    private JsonNode convert(Node node, List<Object> path) {
        nodes.put(List.copyOf(path), position(node));
        if (node instanceof MappingNode mapping) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(tuple.getKeyNode());
                List<Object> child = new ArrayList<>(path);
                child.add(key);
                if (object.has(key)) {
                    Position p = position(tuple.getKeyNode());
                    problems.add(new RouteProblem(file, p.line(), p.column(), RouteProblem.YAML_SYNTAX,
                            "the key \"" + key + "\" appears twice in one mapping (the second would silently win)"));
                }
                keys.put(List.copyOf(child), position(tuple.getKeyNode()));
                object.set(key, convert(tuple.getValueNode(), child));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            int i = 0;
            for (Node item : sequence.getValue()) {
                List<Object> child = new ArrayList<>(path);
                child.add(i++);
                array.add(convert(item, child));
            }
            return array;
        }
        return scalar((ScalarNode) node);
    }

    /**
     * A scalar as JSON text, as the YAML DSL reads it (its deserializers take every scalar as a string
     * and convert it to the option's type); only an empty value is null.
     */
    private static JsonNode scalar(ScalarNode node) {
        return Tag.NULL.equals(node.getTag()) ? JsonNodeFactory.instance.nullNode() : JsonNodeFactory.instance.textNode(node.getValue());
    }

    private static Position position(Node node) {
        return node.getStartMark().map(m -> new Position(m.getLine() + 1, m.getColumn() + 1)).orElse(new Position(1, 1));
    }
}
