package org.mip.infra;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Operator;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.PrimitiveType;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Variable;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.VariableTree;
import com.bertramlabs.plugins.hcl4j.symbols.HCLArray;
import com.bertramlabs.plugins.hcl4j.symbols.HCLValue;
import com.bertramlabs.plugins.hcl4j.symbols.Symbol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses Terraform files with hcl4j into plain Java values.
 *
 * <p>What hcl4j (0.9.4) gives, and how it is turned into something a checker can read:
 * <ul>
 *   <li>blocks become nested {@code Map}s ({@code resource -> type -> name -> body}); a block
 *       type repeated in one body ({@code statement}, {@code rule}, {@code condition}) becomes a
 *       {@code List} of maps; {@code dynamic "x" { content {...} }} stays as
 *       {@code dynamic -> x -> {for_each, content}};</li>
 *   <li>literals become String, Double, Boolean or null;</li>
 *   <li>hcl4j evaluates what it can: {@code var.x} declared with a default in the same file,
 *       {@code local.x} of the same file, conditionals, some functions. References it cannot
 *       resolve (other resources, data sources, {@code each}, variables of other files) stay
 *       {@code VariableTree}s: they become {@link Ref}s, rendered as written
 *       ({@code aws_sns_topic.audit[0].arn});</li>
 *   <li>a reference inside a quoted template is concatenated as text:
 *       {@code "${aws_s3_bucket.raw.arn}/*"} becomes the string {@code aws_s3_bucket.raw.arn/*}
 *       (an index inside a template is rendered by hcl4j as {@code .value.});</li>
 *   <li>{@code jsonencode(...)}: hcl4j's own implementation serialises with Jackson and gives
 *       null as soon as the value holds a reference; it is replaced here by one that keeps the
 *       value, so a policy written as {@code jsonencode({...})} arrives as a {@link JsonEncoded}
 *       map whose references are {@link Ref}s. {@code jsonencode(local.x)} (an unresolvable
 *       argument) still gives null: the checks report such a policy as not inspectable;</li>
 *   <li>heredocs arrive as their raw text (JSON policies are parsed by the checks);</li>
 *   <li>{@code [for ...]} / {@code {for ...}} expressions and function calls over unresolved
 *       references are not represented (null or {@link Expr}).</li>
 * </ul>
 * hcl4j also registers an {@code http} data lookup that performs the HTTP request at parse
 * time: it is replaced by a no-op, so parsing never touches the network. It prints debug lines
 * to standard output while lexing: they are swallowed.
 */
final class Hcl {

    private Hcl() {}

    /** A reference (traversal) that hcl4j left unevaluated, e.g. {@code aws_kms_key.this.arn}. */
    record Ref(String path) {
        @Override
        public String toString() {
            return path;
        }
    }

    /** The argument of {@code jsonencode(...)}. */
    record JsonEncoded(Object value) {}

    /** Any other expression hcl4j left as a symbol (type constraints, for expressions...). */
    record Expr(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** A file that could not be parsed; the message starts with the file name. */
    static final class HclParseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HclParseException(String file, Throwable cause) {
            super(String.valueOf(cause.getMessage()).startsWith(file + ":")
                    ? cause.getMessage() : file + ": " + cause.getMessage(), cause);
        }
    }

    static Map<String, Object> parse(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new HclParseException(file.toString(), e);
        }
    }

    static Map<String, Object> parse(String fileName, String text) {
        return parse(fileName, text, Map.of());
    }

    /**
     * Parses with {@code var.*} set to {@code variables} (they win over the declared defaults), so
     * hcl4j evaluates conditionals, {@code for_each} and {@code count} that depend on them.
     */
    static Map<String, Object> parse(String fileName, String text, Map<String, Object> variables) {
        try {
            HclSyntax.check(fileName, text);
        } catch (HclSyntax.HclSyntaxException e) {
            throw new HclParseException(fileName, e);
        }
        Map<String, Object> raw;
        try {
            raw = quietly(() -> newParser(variables).parse(text, false));
        } catch (Exception e) {
            Throwable cause = e.getCause() != null && e instanceof RuntimeException ? e.getCause() : e;
            throw new HclParseException(fileName, cause);
        }
        if (raw == null) {
            throw new HclParseException(fileName, new IllegalStateException("hcl4j returned nothing"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> normalized = (Map<String, Object>) normalize(raw);
        if (!fileName.contains(".tfvars")) {
            // hcl4j leaks the argument of a function call into a root key named after the
            // function ("jsonencode"); a .tf file's root holds only these block types.
            normalized.keySet().retainAll(ROOT_BLOCKS);
        }
        return normalized;
    }

    private static final List<String> ROOT_BLOCKS = List.of(
            "terraform", "provider", "variable", "locals", "resource", "data", "module", "output",
            "moved", "import", "check", "removed");

    private static HCLParser newParser(Map<String, Object> variables) {
        HCLParser parser = new HCLParser();
        if (!variables.isEmpty()) {
            parser.setVariables(new LinkedHashMap<>(variables));
        }
        parser.registerFunction("jsonencode", args -> args.isEmpty() || args.get(0) == null
                ? null : new JsonEncoded(args.get(0)));
        parser.registerDataLookup("http", props -> new LinkedHashMap<>());
        return parser;
    }

    private interface ParseCall {
        Map<String, Object> run() throws Exception;
    }

    private static final Object STDOUT_LOCK = new Object();

    private static Map<String, Object> quietly(ParseCall call) throws Exception {
        synchronized (STDOUT_LOCK) {
            PrintStream out = System.out;
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            try {
                return call.run();
            } finally {
                System.setOut(out);
            }
        }
    }

    static Object normalize(Object o) {
        if (o == null || o instanceof String || o instanceof Boolean) {
            return o;
        }
        if (o instanceof Number num) {
            return num.doubleValue();
        }
        if (o instanceof JsonEncoded j) {
            return new JsonEncoded(normalize(j.value()));
        }
        if (o instanceof Ref || o instanceof Expr) {
            return o;
        }
        if (o instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
            return out;
        }
        if (o instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(normalize(v)));
            return out;
        }
        if (o instanceof VariableTree tree) {
            return new Ref(render(tree));
        }
        if (o instanceof Variable v) {
            return new Ref(v.getName());
        }
        if (o instanceof PrimitiveType type) {
            return new Expr("type " + type.getName());
        }
        if (o instanceof Symbol s) {
            return new Expr(s.getSymbolName() + " " + s.getName());
        }
        return new Expr(String.valueOf(o));
    }

    /** Renders a traversal as written: {@code a.b[0].c}, {@code a.b["k"]}, {@code a.b[*].c}. */
    static String render(VariableTree tree) {
        StringBuilder sb = new StringBuilder();
        for (Symbol child : tree.getChildren()) {
            if (child instanceof HCLArray index) {
                sb.append('[');
                if (!index.getChildren().isEmpty()) {
                    Symbol key = index.getChildren().get(0);
                    if (key instanceof HCLValue value && "number".equals(value.type)) {
                        sb.append((long) Double.parseDouble(String.valueOf(value.value)));
                    } else if (key instanceof HCLValue value) {
                        sb.append('"').append(value.value).append('"');
                    } else if (key instanceof VariableTree inner) {
                        sb.append(render(inner));
                    } else {
                        sb.append(key.getName());
                    }
                }
                sb.append(']');
            } else if (child instanceof Operator op && "*".equals(op.getName())) {
                sb.append("[*]");
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(child.getName());
            }
        }
        return sb.toString();
    }
}
