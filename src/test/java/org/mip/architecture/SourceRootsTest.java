package org.mip.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The two source roots of the one build stay apart: {@code processors/} holds the Camel adapters
 * the routes call (packages {@code org.mip.pipeline} and {@code org.mip.rest}), {@code src/main/java}
 * everything else, and no package is split across them (a split package hides which layer a class
 * is in, and a module system refuses it). Both roots compile into one class folder, so this is read
 * from the sources, not from the classes {@link LayersTest} checks. And no helper is written twice.
 */
class SourceRootsTest {
    static final Path MAIN = Path.of("src/main/java");
    static final Path ADAPTERS = Path.of("processors");
    /** The packages of the Camel adapters, and so of processors/. */
    static final Set<String> ADAPTER_PACKAGES = Set.of("org.mip.pipeline", "org.mip.rest");

    static Set<String> packages(Path root) throws IOException {
        assertTrue(Files.isDirectory(root), root + " is missing (run from the project folder)");
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .forEach(f -> out.add(root.relativize(f.getParent()).toString().replace('/', '.')));
        }
        return out;
    }

    @Test
    void noPackageIsSplitAcrossTheSourceRoots() throws IOException {
        Set<String> both = new TreeSet<>(packages(MAIN));
        both.retainAll(packages(ADAPTERS));
        assertEquals(Set.of(), both, "packages with sources in both src/main/java and processors/");
    }

    @Test
    void processorsHoldsTheCamelAdaptersOnly() throws IOException {
        List<String> elsewhere = new ArrayList<>();
        for (String p : packages(ADAPTERS)) {
            if (ADAPTER_PACKAGES.stream().noneMatch(a -> p.equals(a) || p.startsWith(a + "."))) {
                elsewhere.add(p);
            }
        }
        assertEquals(List.of(), elsewhere, "packages in processors/ that are not Camel adapters " + ADAPTER_PACKAGES);
    }

    /**
     * One copy of each helper: no two classes share a simple name, across the main roots and the tests
     * (test classes themselves, *Test and *IT, may). Shared test helpers live in {@code org.mip.testing}.
     */
    @Test
    void noClassNameIsUsedTwice() throws IOException {
        java.util.Map<String, List<Path>> byName = new java.util.TreeMap<>();
        for (Path root : List.of(MAIN, ADAPTERS, Path.of("src/test/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> byName
                        .computeIfAbsent(f.getFileName().toString().replace(".java", ""), k -> new ArrayList<>()).add(f));
            }
        }
        List<String> twice = new ArrayList<>();
        byName.forEach((name, paths) -> {
            if (paths.size() > 1 && !name.endsWith("Test") && !name.endsWith("IT")) {
                twice.add(name + " " + paths);
            }
        });
        assertEquals(List.of(), twice, "classes written twice");
    }
}
