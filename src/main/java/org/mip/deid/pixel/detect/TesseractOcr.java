package org.mip.deid.pixel.detect;

import static org.bytedeco.tesseract.global.tesseract.OEM_LSTM_ONLY;
import static org.bytedeco.tesseract.global.tesseract.PSM_SPARSE_TEXT;
import static org.bytedeco.tesseract.global.tesseract.RIL_WORD;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.tesseract.ETEXT_DESC;
import org.bytedeco.tesseract.ResultIterator;
import org.bytedeco.tesseract.TessBaseAPI;
import org.mip.deid.pixel.detect.TextDetectionException.Reason;

/**
 * OCR with Tesseract 5 in-process (JavaCPP presets {@code org.bytedeco:tesseract}): words and their
 * boxes. Thread-safe: a {@code TessBaseAPI} is not, so each call borrows one from a pool (one per
 * thread detecting at the same time) and gives it back.
 *
 * <p>How a frame is read: scaled so that it has about {@link #TARGET_PIXELS} pixels (512x512 frames
 * are doubled, so 9 px text reaches the height the LSTM reads well; very large frames are reduced,
 * which bounds the cost), page segmentation "sparse text" (labels scattered over an image, in no
 * order), LSTM engine, Tesseract's own inversion of lines it reads badly (white on black), a
 * deadline per frame. Words are kept by {@link #plausible}.
 *
 * <p>Natives come from the platform jars (linux-x86_64) and are unpacked by JavaCPP into
 * {@code org.bytedeco.javacpp.cachedir}; when that is not set, into {@code java.io.tmpdir}
 * (not the home folder), so a read-only root file system and a non-root user work.
 */
public final class TesseractOcr implements TextDetector, AutoCloseable {
    static final String ENGINE = "Tesseract 5.5.1 (org.bytedeco:tesseract 5.5.1-1.5.12)";
    /** The platform the build's native jars are for (pom.xml property javacpp.platform). */
    static final String BUILT_FOR = "linux-x86_64";
    static final String CACHE_DIR_PROPERTY = "org.bytedeco.javacpp.cachedir";
    static final long TARGET_PIXELS = 1024L * 1024;
    static final double MAX_SCALE = 3;
    static final double MIN_SCALE = 0.5;
    static final int MIN_CONFIDENCE = 60;
    static final int MIN_CONFIDENCE_SHORT = 90;
    static final int MIN_HEIGHT = 6;
    static final int DEADLINE_MS = 20_000;

    private static volatile boolean nativesLoaded;

    private final Path tessdata;
    private final String languages;
    private final ConcurrentLinkedDeque<TessBaseAPI> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    private TesseractOcr(Path tessdata, String languages) {
        this.tessdata = tessdata;
        this.languages = languages;
    }

    /**
     * Loads the library and the trained data once and says whether OCR can run here. Never throws:
     * the answer names what is missing.
     */
    public static OcrStatus probe(OcrSettings settings) {
        try (TesseractOcr ocr = open(settings)) {
            return OcrStatus.available(ENGINE, ocr.tessdata);
        } catch (TextDetectionException e) {
            return OcrStatus.unavailable(e.getMessage().substring(e.code().length() + 2));
        }
    }

    /**
     * An engine ready to detect: natives loaded, trained data found and one API initialised.
     *
     * @throws TextDetectionException {@code OCR_UNAVAILABLE} saying which of the three failed
     */
    public static TesseractOcr open(OcrSettings settings) throws TextDetectionException {
        loadNatives();
        Path dir = locate(settings);
        TesseractOcr ocr = new TesseractOcr(dir, settings.languages());
        ocr.idle.push(ocr.newApi());
        return ocr;
    }

    /** Where the trained data was found. */
    public Path tessdata() {
        return tessdata;
    }

    @Override
    public String name() {
        return "ocr";
    }

    private static synchronized void loadNatives() throws TextDetectionException {
        if (nativesLoaded) {
            return;
        }
        if (System.getProperty(CACHE_DIR_PROPERTY) == null) {
            String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
            System.setProperty(CACHE_DIR_PROPERTY,
                    Path.of(System.getProperty("java.io.tmpdir"), "javacpp-" + user).toString());
        }
        if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
            System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        }
        String platform = "unknown";
        try {
            platform = Loader.getPlatform();
            Loader.load(org.bytedeco.tesseract.global.tesseract.class);
            nativesLoaded = true;
        } catch (LinkageError | RuntimeException e) {
            // UnsatisfiedLinkError (no natives for this platform, or a system library missing),
            // NoClassDefFoundError (a JavaCPP jar missing), ExceptionInInitializerError.
            throw new TextDetectionException(Reason.OCR_UNAVAILABLE, "no usable native Tesseract library for platform "
                    + platform + " (this build ships " + BUILT_FOR + ", unpacked into "
                    + System.getProperty(CACHE_DIR_PROPERTY) + "): " + e, e);
        }
    }

    private static Path locate(OcrSettings settings) throws TextDetectionException {
        List<Path> looked = settings.searchPath();
        for (Path dir : looked) {
            boolean all = true;
            for (String lang : settings.languageList()) {
                all &= Files.isRegularFile(dir.resolve(lang + ".traineddata"));
            }
            if (all) {
                return dir.toAbsolutePath();
            }
        }
        List<String> files = new ArrayList<>();
        for (String lang : settings.languageList()) {
            files.add(lang + ".traineddata");
        }
        throw new TextDetectionException(Reason.OCR_UNAVAILABLE, "trained data " + String.join(", ", files)
                + " not found; looked in " + looked + " (set mip.pixel.ocr.tessdata-dir, " + OcrSettings.ENV_TESSDATA
                + " or " + OcrSettings.ENV_TESSDATA_PREFIX + ", or install tesseract-ocr-eng)");
    }

    private TessBaseAPI newApi() throws TextDetectionException {
        TessBaseAPI api = new TessBaseAPI();
        int rc;
        try {
            rc = api.Init(tessdata.toString(), languages, OEM_LSTM_ONLY);
        } catch (RuntimeException e) {
            api.close();
            throw new TextDetectionException(Reason.OCR_UNAVAILABLE, "Tesseract initialisation failed with "
                    + tessdata + " and languages " + languages + ": " + e, e);
        }
        if (rc != 0) {
            api.End();
            api.close();
            throw new TextDetectionException(Reason.OCR_UNAVAILABLE, "Tesseract initialisation failed (code " + rc
                    + ") with the trained data in " + tessdata + " and languages " + languages
                    + ": the files may be damaged or not Tesseract 4/5 LSTM data");
        }
        api.SetPageSegMode(PSM_SPARSE_TEXT);
        // Tesseract's messages go to stderr by default; nothing of a frame should reach a log that way.
        api.SetVariable("debug_file", "/dev/null");
        api.SetVariable("user_defined_dpi", "300");
        return api;
    }

    @Override
    public List<TextBox> detect(Gray8 image) throws TextDetectionException {
        if (closed) {
            throw new TextDetectionException(Reason.OCR_FAILED, "the OCR engine was closed");
        }
        double scale = scaleFor(image.width(), image.height());
        TessBaseAPI api = idle.poll();
        if (api == null) {
            api = newApi();
        }
        boolean healthy = false;
        try {
            List<TextBox> out = recognize(api, Resample.scale(image, scale), scale, image.width(), image.height());
            healthy = true;
            return out;
        } catch (RuntimeException e) {
            throw new TextDetectionException(Reason.OCR_FAILED, "Tesseract failed on a " + image.width() + "x"
                    + image.height() + " frame: " + e.getClass().getSimpleName(), e);
        } finally {
            if (healthy && !closed) {
                idle.push(api);
            } else {
                end(api); // an API that failed may hold broken state: never reuse it
            }
        }
    }

    /** The scale that brings a frame to about TARGET_PIXELS, between MIN_SCALE and MAX_SCALE. */
    static double scaleFor(int width, int height) {
        double s = Math.sqrt((double) TARGET_PIXELS / ((double) width * height));
        s = Math.max(MIN_SCALE, Math.min(MAX_SCALE, s));
        return Math.round(s * 4) / 4.0; // quarter steps: 2.0 for 512x512
    }

    private static List<TextBox> recognize(TessBaseAPI api, Gray8 img, double scale, int columns, int rows)
            throws TextDetectionException {
        List<TextBox> out = new ArrayList<>();
        try (BytePointer pixels = new BytePointer(img.pixels()); ETEXT_DESC monitor = new ETEXT_DESC()) {
            api.SetImage(pixels, img.width(), img.height(), 1, img.width());
            monitor.set_deadline_msecs(DEADLINE_MS);
            int rc = api.Recognize(monitor);
            if (rc != 0) {
                throw new TextDetectionException(Reason.OCR_FAILED, "Tesseract recognition failed (code " + rc + ")");
            }
            if (monitor.deadline_exceeded()) {
                throw new TextDetectionException(Reason.OCR_FAILED, "Tesseract did not finish a " + columns + "x" + rows
                        + " frame within " + DEADLINE_MS + " ms");
            }
            ResultIterator it = api.GetIterator();
            if (it != null) {
                try {
                    int[] x0 = new int[1];
                    int[] y0 = new int[1];
                    int[] x1 = new int[1];
                    int[] y1 = new int[1];
                    do {
                        BytePointer utf8 = it.GetUTF8Text(RIL_WORD);
                        if (utf8 == null) {
                            continue;
                        }
                        String word;
                        try {
                            word = utf8.getString(java.nio.charset.StandardCharsets.UTF_8).strip();
                        } finally {
                            utf8.deallocate();
                        }
                        float confidence = it.Confidence(RIL_WORD);
                        if (!it.BoundingBox(RIL_WORD, x0, y0, x1, y1)) {
                            continue;
                        }
                        int bx = (int) Math.floor(x0[0] / scale);
                        int by = (int) Math.floor(y0[0] / scale);
                        int bw = (int) Math.ceil(x1[0] / scale) - bx;
                        int bh = (int) Math.ceil(y1[0] / scale) - by;
                        if (plausible(word, confidence, bh)) {
                            TextBox box = new TextBox(bx, by, bw, bh, TextBox.Source.OCR, confidence / 100.0, false, word)
                                    .clipped(columns, rows);
                            if (box != null) {
                                out.add(box);
                            }
                        }
                    } while (it.Next(RIL_WORD));
                } finally {
                    it.deallocate();
                }
            }
        } finally {
            api.Clear();
        }
        return out;
    }

    /**
     * Whether a recognised word is kept. Anatomy, speckle and noise make Tesseract "read" short
     * words at low confidence in small boxes; real labels read at high confidence. A word needs a
     * letter or digit, a height of {@value #MIN_HEIGHT} px or more in the frame, and a confidence of
     * {@value #MIN_CONFIDENCE} or more ({@value #MIN_CONFIDENCE_SHORT} for words of one or two
     * letters or digits).
     */
    static boolean plausible(String word, float confidence, int height) {
        long alnum = word.codePoints().filter(Character::isLetterOrDigit).count();
        if (alnum == 0 || height < MIN_HEIGHT) {
            return false;
        }
        return confidence >= (alnum <= 2 ? MIN_CONFIDENCE_SHORT : MIN_CONFIDENCE);
    }

    private static void end(TessBaseAPI api) {
        try {
            api.End();
        } finally {
            api.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (TessBaseAPI api; (api = idle.poll()) != null; ) {
            end(api);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "TesseractOcr[%s, %s]", languages, tessdata);
    }
}
