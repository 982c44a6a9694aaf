package org.mip.infra;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Where the Terraform code lives, and small helpers shared by the infra tests. */
final class Terraform {

    private Terraform() {}

    static final Path ROOT = Path.of(System.getProperty("mip.terraform", "terraform")).toAbsolutePath().normalize();
    static final Path MODULE = ROOT.resolve("modules/pipeline");
    static final Path DEV = ROOT.resolve("environments/dev");
    static final Path PROD = ROOT.resolve("environments/prod");

    static void assertNoViolations(List<String> violations) {
        assertTrue(violations.isEmpty(), () -> violations.size() + " violation(s):\n  " + String.join("\n  ", violations));
    }

    static void assertReported(List<String> violations, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(violations.stream().anyMatch(v -> v.contains(fragment)),
                    () -> "expected a violation containing \"" + fragment + "\", got:\n  " + String.join("\n  ", violations));
        }
    }

    /** The module's files as text (file name -> content), to be mutated by negative tests. */
    static Map<String, String> sources(Path dir) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
                out.put(p.getFileName().toString(), Files.readString(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The real module with one textual change in one file (the original text must occur exactly once). */
    static TfModule mutated(String file, String original, String replacement) {
        Map<String, String> sources = sources(MODULE);
        String text = sources.get(file);
        // Whitespace-insensitive, so that a snippet need not reproduce the file's indentation.
        String[] words = original.strip().split("\\s+");
        StringBuilder regex = new StringBuilder();
        for (String word : words) {
            regex.append(regex.length() == 0 ? "" : "\\s+").append(Pattern.quote(word));
        }
        Matcher matcher = Pattern.compile(regex.toString()).matcher(text);
        assertTrue(matcher.find(), () -> file + " must contain: " + original);
        int start = matcher.start();
        int end = matcher.end();
        assertTrue(!matcher.find(), () -> file + " must contain only once: " + original);
        sources.put(file, text.substring(0, start) + replacement + text.substring(end));
        return TfModule.of(sources);
    }
}
