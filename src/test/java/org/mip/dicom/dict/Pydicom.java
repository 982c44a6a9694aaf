package org.mip.dicom.dict;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a snippet under the system Python with pydicom (an independent oracle); skips when absent. */
public final class Pydicom {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private Pydicom() {
    }

    /** stdout lines of {@code script}; the calling test is skipped if Python or pydicom is missing. */
    public static List<String> run(String script) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "no " + PYTHON);
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import pydicom\n" + script)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "python did not finish");
        assumeTrue(p.exitValue() == 0, "pydicom not importable (exit " + p.exitValue() + ")");
        return new String(out, StandardCharsets.UTF_8).lines().toList();
    }
}
