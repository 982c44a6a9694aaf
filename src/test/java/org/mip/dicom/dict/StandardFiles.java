package org.mip.dicom.dict;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared standard tables are (next to the samples surefire names), and classpath reads. */
public final class StandardFiles {
    private StandardFiles() {
    }

    /** {@code dicom-standard/<name>}, or the test is skipped when the shared folder is absent. */
    public static Path require(String name) {
        String samples = System.getProperty("mip.samples", "../shared/dicom-samples");
        Path file = Path.of(samples).resolveSibling("dicom-standard").resolve(name);
        assumeTrue(Files.isRegularFile(file), "shared standard table absent: " + file);
        return file;
    }

    public static String resource(Class<?> anchor, String name) throws IOException {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " missing next to " + anchor.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
