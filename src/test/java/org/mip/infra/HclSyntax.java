package org.mip.infra;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Structural syntax check of HCL source, run before hcl4j.
 *
 * <p>hcl4j 0.9.4 is lenient: it accepts an unclosed block, a closing brace without its opening
 * one, mismatched brackets or an attribute without a value and silently returns a partial
 * tree. This scanner rejects those, so that a broken file fails the tests instead of being
 * checked half-read. It understands strings with template interpolations ({@code ${...}},
 * {@code %{...}}), heredocs ({@code <<EOT}, {@code <<-EOT}) and the three comment forms. It is
 * not a full HCL grammar: expressions themselves are left to hcl4j.
 */
final class HclSyntax {

    private HclSyntax() {}

    /** Thrown for a structural error; the message names the file and line. */
    static final class HclSyntaxException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HclSyntaxException(String file, int line, String message) {
            super(file + ":" + line + ": " + message);
        }
    }

    private record Open(char kind, int line) {}

    static void check(String file, String text) {
        Deque<Open> stack = new ArrayDeque<>();
        int line = 1;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            char next = i + 1 < n ? text.charAt(i + 1) : '\0';
            Open top = stack.peek();

            if (top != null && top.kind() == '"') { // inside a quoted string
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    stack.pop();
                } else if ((c == '$' || c == '%') && next == '{') {
                    if (i + 2 < n && text.charAt(i + 2) == '{') {
                        i += 2; // "$${" is an escaped literal
                    } else {
                        stack.push(new Open(c, line));
                        i++;
                    }
                } else if (c == '\n') {
                    throw new HclSyntaxException(file, top.line(), "unterminated string");
                }
                continue;
            }

            switch (c) {
                case '\n' -> line++;
                case '#' -> i = endOfLine(text, i) - 1;
                case '/' -> {
                    if (next == '/') {
                        i = endOfLine(text, i) - 1;
                    } else if (next == '*') {
                        int end = text.indexOf("*/", i + 2);
                        if (end < 0) {
                            throw new HclSyntaxException(file, line, "unterminated /* comment");
                        }
                        line += count(text, i, end, '\n');
                        i = end + 1;
                    }
                }
                case '"' -> stack.push(new Open('"', line));
                case '<' -> {
                    if (next == '<') {
                        int[] res = heredoc(file, text, i, line);
                        if (res != null) {
                            i = res[0];
                            line = res[1];
                        }
                    }
                }
                case '{', '[', '(' -> stack.push(new Open(c, line));
                case '}', ']', ')' -> {
                    if (top == null) {
                        throw new HclSyntaxException(file, line, "'" + c + "' without an opening bracket");
                    }
                    char open = top.kind();
                    boolean template = open == '$' || open == '%';
                    char expected = template ? '}' : closing(open);
                    if (c != expected) {
                        throw new HclSyntaxException(file, line,
                                "'" + c + "' closes '" + (template ? open + "{" : String.valueOf(open))
                                        + "' opened on line " + top.line());
                    }
                    stack.pop();
                }
                case '=' -> {
                    char prev = i > 0 ? text.charAt(i - 1) : '\0';
                    boolean operator = next == '=' || next == '>' || prev == '=' || prev == '!'
                            || prev == '<' || prev == '>';
                    boolean newlinesInsignificant = top != null && (top.kind() == '[' || top.kind() == '(');
                    if (!operator && !newlinesInsignificant && restOfLineIsBlank(text, i + 1)) {
                        throw new HclSyntaxException(file, line, "'=' without a value");
                    }
                }
                default -> { }
            }
        }
        if (!stack.isEmpty()) {
            Open open = stack.peek();
            String what = switch (open.kind()) {
                case '"' -> "unterminated string";
                case '$', '%' -> "unclosed template interpolation";
                default -> "unclosed '" + open.kind() + "'";
            };
            throw new HclSyntaxException(file, open.line(), what + " (end of file reached)");
        }
    }

    /** Skips a heredoc starting at {@code <<}; returns {index of its last char, line}, or null if not a heredoc. */
    private static int[] heredoc(String file, String text, int start, int line) {
        int i = start + 2;
        if (i < text.length() && text.charAt(i) == '-') {
            i++;
        }
        int idStart = i;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        if (i == idStart || i >= text.length() || text.charAt(i) != '\n') {
            return null; // "<<" not followed by an identifier and a newline: not a heredoc
        }
        String marker = text.substring(idStart, i);
        int bodyLine = line;
        int pos = i + 1;
        while (pos < text.length()) {
            int eol = endOfLine(text, pos);
            bodyLine++;
            if (text.substring(pos, eol).strip().equals(marker)) {
                return new int[] {eol - 1, bodyLine};
            }
            pos = eol + 1;
        }
        throw new HclSyntaxException(file, line, "heredoc <<" + marker + " is never closed");
    }

    private static char closing(char open) {
        return switch (open) {
            case '{' -> '}';
            case '[' -> ']';
            default -> ')';
        };
    }

    private static int endOfLine(String text, int from) {
        int eol = text.indexOf('\n', from);
        return eol < 0 ? text.length() : eol;
    }

    private static boolean restOfLineIsBlank(String text, int from) {
        int eol = endOfLine(text, from);
        String rest = text.substring(from, eol).strip();
        return rest.isEmpty() || rest.startsWith("#") || rest.startsWith("//");
    }

    private static int count(String text, int from, int to, char c) {
        int k = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                k++;
            }
        }
        return k;
    }
}
