package org.mip.deid.pixel.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The English model travels inside the jar, so OCR works where no tesseract-ocr-eng package is
 * installed (a fresh clone, the distroless image): it unpacks to a folder Tesseract loads, is reused
 * only when unchanged, and a file planted in its place is not trusted.
 */
class BundledTessdataTest {

    @TempDir
    Path tmp;

    static byte[] model() throws Exception {
        try (InputStream in = BundledTessdata.class.getResourceAsStream("tessdata/eng.traineddata")) {
            assertTrue(in != null, "the build must put eng.traineddata beside BundledTessdata (pom.xml, bundle-tessdata)");
            return in.readAllBytes();
        }
    }

    @Test
    void theJarCarriesEnglishOnly() throws Exception {
        assertTrue(model().length > 1_000_000, "a real model, not a placeholder: " + model().length + " bytes");
        assertTrue(BundledTessdata.covers(List.of("eng")));
        assertTrue(!BundledTessdata.covers(List.of("eng", "deu")), "German is not in the jar");
    }

    @Test
    void itUnpacksOnceAndTesseractLoadsIt() throws Exception {
        Path dir = BundledTessdata.unpack(tmp).orElseThrow();
        Path file = dir.resolve("eng.traineddata");
        assertArrayEquals(model(), Files.readAllBytes(file));
        long modified = Files.getLastModifiedTime(file).toMillis();
        Thread.sleep(20);
        assertEquals(dir, BundledTessdata.unpack(tmp).orElseThrow());
        assertEquals(modified, Files.getLastModifiedTime(file).toMillis(), "an intact copy is reused, not rewritten");

        OcrStatus status = TesseractOcr.probe(new OcrSettings(dir, "eng", Map.of()));
        assertTrue(status.available(), () -> "Tesseract must load the jar's model: " + status.reason());
    }

    @Test
    void aTamperedCopyIsReplaced() throws Exception {
        Path dir = BundledTessdata.unpack(tmp).orElseThrow();
        Files.write(dir.resolve("eng.traineddata"), new byte[] {1, 2, 3});
        assertEquals(dir, BundledTessdata.unpack(tmp).orElseThrow());
        assertArrayEquals(model(), Files.readAllBytes(dir.resolve("eng.traineddata")));
    }

    @Test
    void withNoFolderNamedTheJarsModelIsFoundBeforeTheSystems() throws Exception {
        OcrStatus status = TesseractOcr.probe(new OcrSettings(null, "eng", Map.of()));
        assertTrue(status.available(), () -> status.reason());
        assertTrue(status.tessdata().getFileName().toString().startsWith("mip-tessdata-"),
                "the same model on every installation: " + status.tessdata());
    }
}
