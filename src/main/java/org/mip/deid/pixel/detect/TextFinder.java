package org.mip.deid.pixel.detect;

import java.util.ArrayList;
import java.util.List;
import org.mip.deid.pixel.RedactionException;

/**
 * Finds burned-in text in decoded frames and checks redacted frames: what the de-identifier calls.
 * Thread-safe.
 *
 * <p>Which views each detector scans ({@link GrayViews}): text-likeness every view (display, full
 * range, colour value: it is cheap, and text outside the window shows only in the full range);
 * OCR the display view only (what a reader of the image sees; a second OCR pass would double the
 * cost for what text-likeness already covers). Boxes get the margin of {@link CombinedDetector} and
 * are merged across detectors and views.
 */
public final class TextFinder {
    /** The surroundings of a blanked box checked in verification: this share of its line height, at least 4 px. */
    static final double SURROUNDING = 0.5;

    private final TextDetector ocr;
    private final TextDetector likeness;

    /**
     * @param ocr      run on the display view; null for none
     * @param likeness run on every view; null for none
     */
    public TextFinder(TextDetector ocr, TextDetector likeness) {
        if (ocr == null && likeness == null) {
            throw new IllegalArgumentException("a text finder needs a detector");
        }
        this.ocr = ocr;
        this.likeness = likeness;
    }

    /** OCR and text-likeness combined: the standard finder. */
    public static TextFinder standard(TesseractOcr ocr) {
        return new TextFinder(ocr, new TextLikenessDetector());
    }

    /** Text-likeness alone (no OCR): for measuring what OCR adds, and where no OCR may run. */
    public static TextFinder withoutOcr() {
        return new TextFinder(null, new TextLikenessDetector());
    }

    /**
     * The regions to blank in one frame: boxes with their margin, merged, cut to the frame; in frame
     * pixel coordinates ({@link TextBox#toRectangle()} gives the redactor's rectangles).
     *
     * @throws RedactionException     the frame does not hold what the description says
     * @throws TextDetectionException OCR failed: the frame is unverified
     */
    public List<TextBox> find(byte[] frame, FrameDescription description)
            throws RedactionException, TextDetectionException {
        return find(GrayViews.of(frame, description));
    }

    /** As {@link #find(byte[], FrameDescription)}, on views already made (the display view first). */
    public List<TextBox> find(List<GrayViews.View> views) throws TextDetectionException {
        List<TextBox> all = new ArrayList<>();
        Gray8 display = views.get(0).image();
        if (ocr != null) {
            all.addAll(ocr.detect(display));
        }
        if (likeness != null) {
            for (GrayViews.View v : views) {
                all.addAll(likeness.detect(v.image()));
            }
        }
        return CombinedDetector.merge(CombinedDetector.withMargin(all), display.width(), display.height());
    }

    /**
     * Runs the detectors again on a redacted frame. Anything found inside a blanked box or within
     * its surroundings (half its line height, at least 4 px) is {@link Verification#residual()};
     * anything else found is {@link Verification#elsewhere()}. Either means the frame is not verified.
     *
     * @param blanked the boxes that were blanked (as {@link #find} returned them)
     */
    public Verification verify(byte[] redactedFrame, FrameDescription description, List<TextBox> blanked)
            throws RedactionException, TextDetectionException {
        return verify(GrayViews.of(redactedFrame, description), blanked);
    }

    public Verification verify(List<GrayViews.View> redactedViews, List<TextBox> blanked) throws TextDetectionException {
        List<TextBox> found = find(redactedViews);
        List<TextBox> surroundings = new ArrayList<>(blanked.size());
        for (TextBox b : blanked) {
            int s = (int) Math.max(4, Math.ceil(SURROUNDING * b.lineHeight()));
            surroundings.add(b.grown(s, s));
        }
        List<TextBox> residual = new ArrayList<>();
        List<TextBox> elsewhere = new ArrayList<>();
        for (TextBox f : found) {
            boolean near = false;
            for (TextBox s : surroundings) {
                near |= f.intersects(s);
            }
            (near ? residual : elsewhere).add(f);
        }
        return new Verification(residual, elsewhere);
    }
}
