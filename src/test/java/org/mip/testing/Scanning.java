package org.mip.testing;

import org.mip.deid.pixel.ScanEngine;
import org.mip.deid.pixel.detect.OcrSettings;
import org.mip.deid.profile.BurnedInPolicy;

/**
 * The burned-in text detectors as the product starts them (OCR where Tesseract's data is found, the
 * text-likeness detector always), opened once for all tests of a JVM: loading the OCR engine is the
 * slow part.
 */
public final class Scanning {
    private static volatile ScanEngine engine;

    private Scanning() {
    }

    public static ScanEngine engine() {
        ScanEngine e = engine;
        if (e == null) {
            synchronized (Scanning.class) {
                if (engine == null) {
                    try {
                        engine = ScanEngine.start(BurnedInPolicy.DEFAULT, OcrSettings.defaults(), false);
                    } catch (ScanEngine.Unavailable impossible) {
                        throw new IllegalStateException(impossible); // auto never refuses
                    }
                }
                e = engine;
            }
        }
        return e;
    }
}
