package org.mip.deid.pixel;

import java.util.concurrent.CompletableFuture;
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
 * image sets it). {@link #start} refuses a required OCR that cannot load, saying why; with
 * {@code auto} the scan goes on without OCR and {@link #describe()} says so, for the start-up banner.
 *
 * <p>With {@code auto}, OCR loads when the first image is scanned (its natives and model take about
 * a second of CPU), so a run whose images are not scanned (CT slices declaring NO) never pays for
 * it; {@link #preload()} loads it in the background instead, for the long-running pipeline. With
 * {@code required} it loads before {@link #start} returns, so a machine that cannot run it stops at
 * once. Thread-safe.
 */
public final class ScanEngine {
    /** What the detectors are, once known. */
    private record Detectors(TextFinder finder, boolean ocr, String description) {
    }

    private final CompletableFuture<Detectors> detectors;
    private final java.util.concurrent.atomic.AtomicBoolean loading = new java.util.concurrent.atomic.AtomicBoolean();
    private final OcrSettings settings; // null unless OCR is loaded on demand (auto)
    /** What a load that failed beyond its own handlers leaves (made now: that failure may be a class that cannot load). */
    private final Detectors unloadable;

    private ScanEngine(CompletableFuture<Detectors> detectors, OcrSettings settings) {
        this.detectors = detectors;
        this.settings = settings;
        this.unloadable = settings == null ? null
                : new Detectors(TextFinder.withoutOcr(), false, "burned-in text: text-likeness detector only; OCR failed to load");
    }

    private ScanEngine(TextFinder finder, boolean ocr, String description) {
        this(CompletableFuture.completedFuture(new Detectors(finder, ocr, description)), null);
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
        if (mode == BurnedInPolicy.Ocr.REQUIRED) {
            try {
                return new ScanEngine(CompletableFuture.completedFuture(withOcr(TesseractOcr.open(settings))), null);
            } catch (TextDetectionException e) {
                throw new Unavailable("burned-in text detection requires OCR (" + (ocrRequired ? "mip.pixel.ocr.required=true"
                        : "the profile's burned-in ocr: required") + ") and it cannot run here: " + e.getMessage()
                        + ". The jar carries the English model; for other languages set mip.pixel.ocr.tessdata-dir to a "
                        + "folder holding their .traineddata files (Debian/Ubuntu: apt-get install tesseract-ocr-<lang>)");
            }
        }
        return new ScanEngine(new CompletableFuture<>(), settings); // auto: loaded when first needed
    }

    /**
     * Starts loading OCR on a background thread now, for a long-running process that will scan
     * soon (the pipeline's {@code run}); a no-op when it is loaded or loading.
     */
    public ScanEngine preload() {
        if (settings != null && loading.compareAndSet(false, true)) {
            Thread loader = new Thread(this::load, "mip-ocr-loader");
            loader.setDaemon(true); // never holds the JVM open
            loader.start();
        }
        return this;
    }

    private Detectors detectors() {
        if (settings != null && loading.compareAndSet(false, true)) {
            load(); // the first scan loads it on its own thread
        }
        return detectors.join();
    }

    private void load() {
        try {
            detectors.complete(withOcr(TesseractOcr.open(settings)));
        } catch (TextDetectionException e) {
            detectors.complete(new Detectors(TextFinder.withoutOcr(), false, "burned-in text: text-likeness detector only; "
                    + e.getMessage() + " (set mip.pixel.ocr.tessdata-dir to a folder holding the languages' .traineddata to add OCR)"));
        } catch (RuntimeException | Error e) {
            detectors.complete(new Detectors(TextFinder.withoutOcr(), false,
                    "burned-in text: text-likeness detector only; OCR failed to load: " + e));
        } finally {
            // a handler above that failed too (its jar replaced under the JVM): whoever waits must not wait forever
            detectors.complete(unloadable);
        }
    }

    private static Detectors withOcr(TesseractOcr engine) {
        return new Detectors(TextFinder.standard(engine), true, "burned-in text: OCR (Tesseract, trained data in "
                + engine.tessdata() + ") and the text-likeness detector");
    }

    /** Text-likeness alone, for tools and tests that must not depend on the machine. */
    public static ScanEngine withoutOcr() {
        return new ScanEngine(TextFinder.withoutOcr(), false, "burned-in text: text-likeness detector only");
    }

    TextFinder finder() {
        return detectors().finder();
    }

    /** Whether OCR takes part in the scans (waits for it to load). */
    public boolean ocr() {
        return detectors().ocr();
    }

    /** Whether the detectors are known without waiting: OCR loaded (or failed to), or not wanted. */
    public boolean ready() {
        return detectors.isDone();
    }

    /** One line for the start-up banner: what scans, and why OCR is missing if it is (waits for it to load). */
    public String describe() {
        return detectors().description();
    }
}
