package org.mip.deid.pixel.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JavaCPP unpacks the Tesseract natives into {@code java.io.tmpdir}, never the home folder, so the
 * container's read-only root file system works: a fresh JVM whose home is a folder it must not write
 * to runs the probe, and the natives land under its temporary folder.
 */
class OcrNativesTest {

    @Test
    void nativesAreUnpackedUnderTheTemporaryFolderNotTheHome(@TempDir Path dir) throws Exception {
        assumeTrue(TesseractOcr.probe(OcrSettings.defaults()).available(), "no trained data here");
        Path home = Files.createDirectories(dir.resolve("home"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Duser.home=" + home, "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), OcrProbeMain.class.getName()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe did not finish");
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("OCR available"), out);
        assertTrue(out.contains("cachedir=" + tmp + File.separator + "javacpp-"), out);
        try (Stream<Path> unpacked = Files.walk(tmp)) {
            assertTrue(unpacked.anyMatch(f -> f.getFileName().toString().startsWith("libjnitesseract")), out);
        }
        try (Stream<Path> written = Files.walk(home)) {
            assertEquals(1, written.count(), "nothing may be written to the home folder");
        }
    }
}
