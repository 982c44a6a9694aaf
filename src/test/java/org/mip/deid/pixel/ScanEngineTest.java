package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.deid.pixel.detect.OcrSettings;
import org.mip.deid.profile.BurnedInPolicy;

/**
 * Which detectors the scan gets, and when OCR loads: required OCR that cannot load stops start-up
 * with a reason; auto OCR loads only when first needed (a run with nothing to scan never pays for
 * it) and falls back to the text-likeness detector, saying why.
 */
class ScanEngineTest {

    @TempDir
    Path empty;

    /** A folder named explicitly and holding no trained data: OCR cannot load, and must not fall back. */
    OcrSettings nowhere() {
        return new OcrSettings(empty, "eng", Map.of());
    }

    @Test
    void requiredOcrThatCannotLoadStopsStartUpSayingWhere() {
        ScanEngine.Unavailable e = assertThrows(ScanEngine.Unavailable.class,
                () -> ScanEngine.start(BurnedInPolicy.DEFAULT, nowhere(), true));
        assertTrue(e.getMessage().contains("mip.pixel.ocr.required=true") && e.getMessage().contains(empty.toString()),
                e.getMessage());
    }

    @Test
    void autoOcrLoadsOnlyWhenFirstNeededAndFallsBackSayingWhy() throws Exception {
        ScanEngine engine = ScanEngine.start(BurnedInPolicy.DEFAULT, nowhere(), false);
        assertFalse(engine.ready(), "nothing is loaded before the first scan");
        assertFalse(engine.ocr(), "no trained data: text-likeness alone");
        assertTrue(engine.ready());
        assertTrue(engine.describe().contains("text-likeness detector only") && engine.describe().contains("not found"),
                engine.describe());
    }

    @Test
    void autoOcrLoadsFromTheJarsModelWhenNoFolderIsNamed() throws Exception {
        ScanEngine engine = ScanEngine.start(BurnedInPolicy.DEFAULT, new OcrSettings(null, "eng", Map.of()), false).preload();
        assertTrue(engine.ocr(), engine.describe());
        assertTrue(engine.describe().startsWith("burned-in text: OCR (Tesseract"), engine.describe());
    }

    @Test
    void ocrOffAndDetectNeverNeedNoOcr() throws Exception {
        BurnedInPolicy off = BurnedInPolicy.DEFAULT.withDetection(BurnedInPolicy.DEFAULT.detection().withOcr(BurnedInPolicy.Ocr.OFF));
        ScanEngine engine = ScanEngine.start(off, nowhere(), false);
        assertTrue(engine.ready());
        assertFalse(engine.ocr());
    }
}
