package org.mip.deid.pixel.detect;

import java.nio.file.Path;

/**
 * Whether the OCR engine can run on this machine, and if not, exactly why.
 *
 * @param tessdata the trained-data folder used, when found
 * @param reason   null when available; else what failed: no native library for this platform, data
 *                 not found (with every place looked at), or the engine's initialisation failed
 */
public record OcrStatus(boolean available, String engine, Path tessdata, String reason) {

    static OcrStatus available(String engine, Path tessdata) {
        return new OcrStatus(true, engine, tessdata, null);
    }

    static OcrStatus unavailable(String reason) {
        return new OcrStatus(false, null, null, reason);
    }

    /** One line for a start-up banner or an error message. */
    public String describe() {
        return available ? "OCR available: " + engine + ", trained data in " + tessdata : "OCR unavailable: " + reason;
    }
}
