package org.mip.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared sample files, ../shared/dicom-samples or the folder of system property {@code mip.samples}
 * (read only, never copied into the project); a test that needs them skips when they are absent.
 */
public final class Samples {
    /** Files the reader must refuse, with the reason it gives (see dicom-samples/SOURCES.md). */
    public static final Set<String> NEGATIVE = Set.of("MR_truncated.dcm", "rtplan_truncated.dcm", "no_meta.dcm");

    private Samples() {
    }

    /** The folder, whether or not it exists. */
    public static Path location() {
        return Path.of(System.getProperty("mip.samples", "../shared/dicom-samples"));
    }

    /** The folder; the calling test is skipped when it is absent. */
    public static Path dir() {
        Path dir = location();
        Assumptions.assumeTrue(Files.isDirectory(dir), "sample files not present: " + dir);
        return dir;
    }

    public static Path get(String name) {
        Path f = dir().resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(f), "sample " + name + " not present");
        return f;
    }

    /** Every sample file (not SOURCES.md), sorted by name. */
    public static List<Path> all() {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(f -> !f.getFileName().toString().endsWith(".md")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The samples the reader must read. */
    public static List<Path> readable() {
        return all().stream().filter(f -> !NEGATIVE.contains(f.getFileName().toString())).collect(Collectors.toList());
    }

    /** For parameterized tests: the readable samples' names (an empty list when they are absent makes the test fail, so assume first). */
    public static Stream<String> readableNames() {
        if (!Files.isDirectory(location())) {
            return Stream.of("(samples absent)");
        }
        return readable().stream().map(f -> f.getFileName().toString());
    }
}
