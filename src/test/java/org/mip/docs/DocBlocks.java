package org.mip.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fenced code blocks of the project's Markdown files, and the test marker each shell block carries
 * on the line just before its fence (an HTML comment, invisible on GitHub):
 *
 * <pre>
 *   &lt;!-- test: exit 0; prints "OK image.dcm" --&gt;     runs; its exit status and (part of) its output
 *   &lt;!-- test: exit 0; within 60 s; prints ".dcm" --&gt;  runs again until it meets them, up to 60 s
 *   &lt;!-- test: endpoints --&gt;                          sets the endpoint variables to local mode's defaults
 *   &lt;!-- test: not run: needs AWS --&gt;                  cannot run here, and why
 *   &lt;!-- test: file trial-042.yaml --&gt;                 (any block) its text is saved as that file for later blocks
 * </pre>
 *
 * Shell blocks are {@code bash}, {@code sh}, {@code shell} and {@code console}. In a {@code console}
 * block the lines starting with {@code $ } are the commands and the others the output they must print,
 * in order ({@code ...} stands for any text). Every fence must name its language, so no command hides
 * in an unlabelled block; a shell block without a marker, or a marker that does not parse, is an error
 * with its file and line ({@link #problems}).
 */
public final class DocBlocks {
    public static final Set<String> SHELL = Set.of("bash", "sh", "shell", "console");
    private static final Pattern FENCE = Pattern.compile("^(\\s*)(```+|~~~+)\\s*([A-Za-z0-9_+-]*)\\s*$");
    private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*test:(.*)-->\\s*$");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private DocBlocks() {
    }

    /** What a marker says; {@code kind} RUN, NOT_RUN, ENDPOINTS, FILE or NONE (no marker). */
    public record Marker(Kind kind, int exit, List<String> prints, int withinSeconds, String reason, String file) {
        public enum Kind { RUN, NOT_RUN, ENDPOINTS, FILE, NONE }

        static final Marker NONE = new Marker(Kind.NONE, 0, List.of(), 0, null, null);
    }

    /** One fenced block: where it is, its language, its text (the fence's indentation removed) and its marker. */
    public record Block(Path doc, int line, String language, String text, Marker marker, String markerError) {
        public boolean shell() {
            return SHELL.contains(language);
        }

        public String where() {
            return doc + ":" + line;
        }

        /** The commands: the text itself, or the {@code $ } lines of a console block. */
        public String script() {
            if (!language.equals("console")) {
                return text;
            }
            StringBuilder b = new StringBuilder();
            boolean continued = false;
            for (String l : text.split("\n", -1)) {
                if (l.startsWith("$ ") || continued) {
                    b.append(continued ? l : l.substring(2)).append('\n');
                    continued = l.endsWith("\\");
                }
            }
            return b.toString();
        }

        /** The output lines a console block shows after its commands (empty for other blocks). */
        public List<String> shownOutput() {
            List<String> out = new ArrayList<>();
            if (!language.equals("console")) {
                return out;
            }
            boolean continued = false;
            for (String l : text.split("\n")) {
                if (l.startsWith("$ ") || continued) {
                    continued = l.endsWith("\\");
                } else if (!l.isBlank()) {
                    out.add(l.stripTrailing());
                }
            }
            return out;
        }
    }

    /** Every Markdown file of the project (README.md first, then by path), outside target/ and hidden folders. */
    public static List<Path> documents(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".md") && Files.isRegularFile(p))
                    .map(root::relativize)
                    .filter(p -> !p.startsWith("target") && !p.startsWith("node_modules")
                            && p.toString().chars().noneMatch(c -> c == 0)
                            && !hidden(p))
                    .sorted(Comparator.comparing((Path p) -> !p.toString().equals("README.md")).thenComparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hidden(Path p) {
        for (Path part : p) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** The blocks of one document ({@code doc} relative to {@code root}). */
    public static List<Block> of(Path root, Path doc) {
        try {
            return parse(doc, Files.readString(root.resolve(doc)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Block> parse(Path doc, String markdown) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher open = FENCE.matcher(lines[i]);
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            String fence = open.group(2);
            String language = open.group(3);
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            for (; j < lines.length; j++) {
                String l = lines[j];
                if (l.strip().equals(fence) || l.strip().startsWith(fence) && l.strip().replace(fence.substring(0, 1), "").isEmpty()) {
                    break;
                }
                text.append(l.startsWith(indent) ? l.substring(indent.length()) : l.stripLeading()).append('\n');
            }
            if (j == lines.length) {
                blocks.add(new Block(doc, i + 1, language, text.toString(), Marker.NONE, "the block is not closed"));
                break;
            }
            String markerError = null;
            Marker marker = Marker.NONE;
            if (i > 0 && MARKER.matcher(lines[i - 1]).matches()) {
                Matcher m = MARKER.matcher(lines[i - 1]);
                m.matches();
                try {
                    marker = marker(m.group(1));
                } catch (IllegalArgumentException e) {
                    markerError = e.getMessage();
                }
            }
            blocks.add(new Block(doc, i + 1, language, text.toString(), marker, markerError));
            i = j;
        }
        return blocks;
    }

    /** Parses the clauses of a marker: {@code exit N; prints "..."; within N s}, or {@code not run: why}, {@code endpoints}, {@code file NAME}. */
    static Marker marker(String body) {
        String b = body.strip();
        if (b.startsWith("not run:")) {
            String reason = b.substring("not run:".length()).strip();
            if (reason.isEmpty()) {
                throw new IllegalArgumentException("\"not run:\" needs a reason");
            }
            return new Marker(Marker.Kind.NOT_RUN, 0, List.of(), 0, reason, null);
        }
        if (b.equals("endpoints")) {
            return new Marker(Marker.Kind.ENDPOINTS, 0, List.of(), 0, null, null);
        }
        if (b.startsWith("file ")) {
            String name = b.substring(5).strip();
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("file needs a plain file name, not \"" + name + "\"");
            }
            return new Marker(Marker.Kind.FILE, 0, List.of(), 0, null, name);
        }
        Integer exit = null;
        int within = 0;
        List<String> prints = new ArrayList<>();
        for (String clause : clauses(b)) {
            String c = clause.strip();
            if (c.matches("exit \\d{1,3}")) {
                exit = Integer.parseInt(c.substring(5));
            } else if (c.matches("within \\d{1,4} s")) {
                within = Integer.parseInt(c.substring(7, c.length() - 2));
            } else if (c.startsWith("prints ")) {
                Matcher q = QUOTED.matcher(c.substring(7).strip());
                if (!q.matches()) {
                    throw new IllegalArgumentException("prints needs a quoted text: " + c);
                }
                prints.add(q.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
            } else {
                throw new IllegalArgumentException("unknown clause \"" + c + "\" (exit N; prints \"...\"; within N s; "
                        + "not run: why; endpoints; file NAME)");
            }
        }
        if (exit == null) {
            throw new IllegalArgumentException("a block that runs states its exit status (exit N)");
        }
        return new Marker(Marker.Kind.RUN, exit, List.copyOf(prints), within, null, null);
    }

    /** Splits on ';' outside double quotes. */
    private static List<String> clauses(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString());
        }
        return out;
    }

    /** What is wrong with the blocks' labels and markers, one line each with file and line; empty when all is well. */
    public static List<String> problems(List<Block> blocks) {
        List<String> p = new ArrayList<>();
        for (Block b : blocks) {
            if (b.markerError() != null) {
                p.add(b.where() + ": " + b.markerError());
                continue;
            }
            if (b.language().isEmpty()) {
                p.add(b.where() + ": a block without a language: name it (```text, ```json, ```bash...), so no command hides in it");
                continue;
            }
            boolean prompt = b.text().lines().anyMatch(l -> l.startsWith("$ "));
            if (!b.shell() && prompt) {
                p.add(b.where() + ": ```" + b.language() + " block with a \"$ \" command: make it a ```console block with a test marker");
            }
            Marker.Kind k = b.marker().kind();
            if (b.shell() && k == Marker.Kind.NONE) {
                p.add(b.where() + ": a shell block without a test marker on the line before it "
                        + "(<!-- test: exit 0 -->, <!-- test: not run: why -->...)");
            }
            if (!b.shell() && (k == Marker.Kind.RUN || k == Marker.Kind.NOT_RUN || k == Marker.Kind.ENDPOINTS)) {
                p.add(b.where() + ": a ```" + b.language() + " block cannot run: only file NAME applies to it");
            }
            if (b.language().equals("console") && k == Marker.Kind.RUN && b.script().isBlank()) {
                p.add(b.where() + ": a console block without a \"$ \" command");
            }
        }
        return p;
    }
}
