package org.mip.deid.pixel;

import org.mip.deid.pixel.detect.OcrSettings;
import org.mip.deid.pixel.detect.TesseractOcr;
import org.mip.deid.pixel.detect.TextDetectionException;
import org.mip.deid.pixel.detect.TextFinder;
import org.mip.deid.profile.BurnedInPolicy;

/**
 * The detectors the pixel stage scans with, chosen once at start-up: OCR (Tesseract) and the
 * text-likeness detector, or the text-likeness detector alone. Whether OCR must be there comes from
 * the profile's {@code burned-in.ocr} ({@code auto}, {@code required}, {@code off}) and the setting
 * {@code mip.pixel.ocr.required}, which makes it required whatever the profile says (the container
 * image sets it, since it ships the trained data). {@link #start} refuses a required OCR that cannot
 * load, saying why; with {@code auto} the scan goes on without OCR and {@link #describe()} says so,
 * for the start-up banner and the health check. Thread-safe.
 */
public final class ScanEngine {
    private final TextFinder finder;
    private final boolean ocr;
    private final String description;

    private ScanEngine(TextFinder finder, boolean ocr, String description) {
        this.finder = finder;
        this.ocr = ocr;
        this.description = description;
    }

    /** Refused at start-up: a profile or a setting requires OCR and it cannot run here. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /**
     * @param policy        the profile's burned-in policy
     * @param settings      where the trained data is looked for
     * @param ocrRequired   {@code mip.pixel.ocr.required}: OCR must load whatever the profile says
     */
    public static ScanEngine start(BurnedInPolicy policy, OcrSettings settings, boolean ocrRequired) throws Unavailable {
        BurnedInPolicy.Ocr mode = ocrRequired ? BurnedInPolicy.Ocr.REQUIRED : policy.detection().ocr();
        if (!policy.detection().scans() && !ocrRequired) {
            return new ScanEngine(TextFinder.withoutOcr(), false, "pixels are not scanned (burned-in detect: never)");
        }
        if (mode == BurnedInPolicy.Ocr.OFF) {
            return new ScanEngine(TextFinder.withoutOcr(), false, "burned-in text: text-likeness detector only (burned-in ocr: off)");
        }
        try {
            TesseractOcr engine = TesseractOcr.open(settings);
            return new ScanEngine(TextFinder.standard(engine), true, "burned-in text: OCR (Tesseract, trained data in "
                    + engine.tessdata() + ") and the text-likeness detector");
        } catch (TextDetectionException e) {
            String why = e.getMessage();
            if (mode == BurnedInPolicy.Ocr.REQUIRED) {
                throw new Unavailable("burned-in text detection requires OCR (" + (ocrRequired ? "mip.pixel.ocr.required=true"
                        : "the profile's burned-in ocr: required") + ") and it cannot run here: " + why
                        + ". Install Tesseract's English data (Debian/Ubuntu: apt-get install tesseract-ocr-eng) or set "
                        + "mip.pixel.ocr.tessdata-dir to a folder holding eng.traineddata");
            }
            return new ScanEngine(TextFinder.withoutOcr(), false, "burned-in text: text-likeness detector only; " + why
                    + " (install tesseract-ocr-eng, or set mip.pixel.ocr.tessdata-dir, to add OCR)");
        }
    }

    /** Text-likeness alone, for tools and tests that must not depend on the machine. */
    public static ScanEngine withoutOcr() {
        return new ScanEngine(TextFinder.withoutOcr(), false, "burned-in text: text-likeness detector only");
    }

    TextFinder finder() {
        return finder;
    }

    /** Whether OCR takes part in the scans. */
    public boolean ocr() {
        return ocr;
    }

    /** One line for the start-up banner and health: what scans, and why OCR is missing if it is. */
    public String describe() {
        return description;
    }
}
