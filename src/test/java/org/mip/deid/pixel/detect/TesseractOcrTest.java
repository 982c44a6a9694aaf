package org.mip.deid.pixel.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tesseract in-process: the probe's answers, reading a label, the word filter, thread safety and the
 * reason codes. The English model comes from the jar (BundledTessdata) when no folder is named, so
 * these run wherever the natives load.
 */
class TesseractOcrTest {
    private static TesseractOcr ocr;

    @BeforeAll
    static void open() throws Exception {
        if (TesseractOcr.probe(OcrSettings.defaults()).available()) {
            ocr = TesseractOcr.open(OcrSettings.defaults());
        }
    }

    @AfterAll
    static void close() {
        if (ocr != null) {
            ocr.close();
        }
    }

    private static void assumeOcr() {
        assumeTrue(ocr != null, "no eng.traineddata here: " + TesseractOcr.probe(OcrSettings.defaults()).reason());
    }

    @Test
    void probeSaysAvailableWithTheDataItFound() {
        assumeOcr();
        OcrStatus s = TesseractOcr.probe(OcrSettings.defaults());
        assertTrue(s.available(), s.describe());
        assertTrue(Files.isRegularFile(s.tessdata().resolve("eng.traineddata")));
        assertTrue(s.describe().startsWith("OCR available: Tesseract 5.5.1"), s.describe());
    }

    @Test
    void probeNamesTheFolderItLookedInWhenTheConfiguredOneIsWrong(@TempDir Path empty) {
        OcrSettings wrong = new OcrSettings(empty, "eng", Map.of());
        OcrStatus s = TesseractOcr.probe(wrong);
        assertFalse(s.available());
        assertTrue(s.reason().contains("eng.traineddata not found"), s.reason());
        assertTrue(s.reason().contains(empty.toString()), s.reason());
        // A configured folder is the only place looked at: no quiet fall-back to the Debian data.
        assertFalse(s.reason().contains("/usr/share/tesseract-ocr"), s.reason());
        TextDetectionException e = assertThrows(TextDetectionException.class, () -> TesseractOcr.open(wrong));
        assertEquals("OCR_UNAVAILABLE", e.code());
    }

    @Test
    void probeSaysInitFailedForDamagedData(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("eng.traineddata"), "not trained data");
        OcrStatus s = TesseractOcr.probe(new OcrSettings(dir, "eng", Map.of()));
        assertFalse(s.available());
        assertTrue(s.reason().contains("initialisation failed") && s.reason().contains(dir.toString()), s.reason());
    }

    @Test
    void searchPathFollowsTheDocumentedOrder() {
        Path configured = Path.of("/opt/tess");
        OcrSettings named = new OcrSettings(configured, "eng", Map.of("MIP_OCR_TESSDATA", "/x"));
        assertEquals(List.of(configured), named.namedPaths());
        assertFalse(named.mayUseBundled(), "a configured folder must fail when wrong, not fall back");
        assertEquals(List.of(), named.systemPaths());
        OcrSettings env = new OcrSettings(null, "eng", Map.of("MIP_OCR_TESSDATA", "/x", "TESSDATA_PREFIX", "/y"));
        assertEquals(List.of(Path.of("/x")), env.namedPaths());
        assertFalse(env.mayUseBundled());
        OcrSettings prefix = new OcrSettings(null, "eng", Map.of("TESSDATA_PREFIX", "/y"));
        assertEquals(List.of(Path.of("/y"), Path.of("/y/tessdata")), prefix.namedPaths());
        assertTrue(prefix.mayUseBundled());
        assertEquals(OcrSettings.DEBIAN_PATHS, prefix.systemPaths());
        assertEquals(List.of(), new OcrSettings(null, "eng", Map.of()).namedPaths());
        assertThrows(IllegalArgumentException.class, () -> new OcrSettings(null, "../../etc/passwd", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new OcrSettings(null, "eng+", Map.of()));
        assertEquals(List.of("eng", "deu"), new OcrSettings(null, "eng+deu", Map.of()).languageList());
    }

    @Test
    void readsALabelWhiteOnBlackAndBlackOnWhite() throws Exception {
        assumeOcr();
        for (boolean light : new boolean[] {true, false}) {
            Gray8 g = SimpleText.render(320, 60, "MUELLER ANNA 48213397", 16, light);
            List<TextBox> words = ocr.detect(g);
            assertTrue(words.stream().anyMatch(w -> "48213397".equals(w.text())), words.toString());
            TextBox id = words.stream().filter(w -> "48213397".equals(w.text())).findFirst().orElseThrow();
            assertEquals(TextBox.Source.OCR, id.source());
            assertTrue(id.y() >= 10 && id.bottom() <= 32 && id.confidence() > 0.6, id.toString());
        }
    }

    @Test
    void readsSmallTextBecauseTheFrameIsEnlarged() throws Exception {
        assumeOcr();
        Gray8 g = SimpleText.render(512, 40, "DOB 1962-03-04", 9, true);
        assertEquals(2.0, TesseractOcr.scaleFor(512, 512));
        List<TextBox> words = ocr.detect(g);
        assertTrue(words.stream().anyMatch(w -> w.text().contains("1962")), words.toString());
    }

    @Test
    void scaleBoundsTheCostOfLargeFrames() {
        assertEquals(3.0, TesseractOcr.scaleFor(256, 256));
        assertEquals(1.0, TesseractOcr.scaleFor(1024, 1024));
        assertEquals(0.5, TesseractOcr.scaleFor(4096, 4096));
    }

    @Test
    void findsNothingOnAFlatOrNoisyFrame() throws Exception {
        assumeOcr();
        assertTrue(ocr.detect(new Gray8(256, 256, new byte[256 * 256])).isEmpty());
        byte[] noise = new byte[256 * 256];
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) (100 + r.nextGaussian() * 25);
        }
        assertTrue(ocr.detect(new Gray8(256, 256, noise)).isEmpty());
    }

    @Test
    void keepsOnlyPlausibleWords() {
        assertTrue(TesseractOcr.plausible("A1734024", 61, 10));
        assertFalse(TesseractOcr.plausible("A1734024", 59, 10), "low confidence");
        assertFalse(TesseractOcr.plausible("we", 89, 10), "short word needs 90");
        assertTrue(TesseractOcr.plausible("ID", 91, 10));
        assertFalse(TesseractOcr.plausible("Ain", 90, 2), "too low to be text");
        assertFalse(TesseractOcr.plausible("---", 95, 10), "no letter or digit");
    }

    @Test
    void isSafeForConcurrentUse() throws Exception {
        assumeOcr();
        Gray8 g = SimpleText.render(320, 60, "ACC 2024000417", 16, true);
        List<TextBox> expected = ocr.detect(g);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<TextBox>>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                runs.add(pool.submit(() -> ocr.detect(g)));
            }
            for (Future<List<TextBox>> f : runs) {
                assertEquals(expected, f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void neverPutsWhatItReadInMessages() throws Exception {
        assumeOcr();
        Gray8 g = SimpleText.render(320, 60, "PETERSEN 8675309", 16, true);
        List<TextBox> words = ocr.detect(g);
        assertTrue(words.stream().anyMatch(w -> w.text() != null && w.text().contains("8675309")));
        assertFalse(words.toString().contains("8675309") || words.toString().contains("PETERSEN"), words.toString());
    }

    @Test
    void aClosedEngineFailsWithAReasonCode() throws Exception {
        assumeOcr();
        TesseractOcr other = TesseractOcr.open(OcrSettings.defaults());
        other.close();
        TextDetectionException e = assertThrows(TextDetectionException.class,
                () -> other.detect(new Gray8(8, 8, new byte[64])));
        assertEquals("OCR_FAILED", e.code());
    }
}
