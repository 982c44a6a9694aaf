package org.mip.dicom.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The shared sample files (read only, never copied into the project); tests skip when they are absent. */
final class Samples {
    /** Files the reader must refuse, with the reason it gives (see dicom-samples/SOURCES.md). */
    static final Set<String> NEGATIVE = Set.of("MR_truncated.dcm", "rtplan_truncated.dcm", "no_meta.dcm");

    private Samples() {
    }

    static Path dir() {
        String p = System.getProperty("mip.samples");
        Path dir = p == null ? null : Path.of(p);
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir), "sample files not present (mip.samples=" + p + ")");
        return dir;
    }

    static Path get(String name) {
        Path f = dir().resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(f), "sample " + name + " not present");
        return f;
    }

    /** Every sample file (not SOURCES.md), sorted by name. */
    static List<Path> all() {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(f -> !f.getFileName().toString().endsWith(".md")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The samples the reader must read. */
    static List<Path> readable() {
        return all().stream().filter(f -> !NEGATIVE.contains(f.getFileName().toString())).collect(Collectors.toList());
    }

    /** For parameterized tests: the readable samples' names (an empty list when they are absent makes the test fail, so assume first). */
    static Stream<String> readableNames() {
        String p = System.getProperty("mip.samples");
        if (p == null || !Files.isDirectory(Path.of(p))) {
            return Stream.of("(samples absent)");
        }
        return readable().stream().map(f -> f.getFileName().toString());
    }
}
