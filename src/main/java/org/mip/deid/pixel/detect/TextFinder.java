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
 * cost for what text-likeness already covers), except on small frames ({@link #SMALL_FRAME_PIXELS}).
 * Boxes get the margin of {@link CombinedDetector} and are merged across detectors and views.
 */
public final class TextFinder {
    /** The surroundings of a blanked box checked in verification: this share of its line height, at least 4 px. */
    static final double SURROUNDING = 0.5;
    /**
     * Frames this small (128x128 and less: nuclear medicine, small MR matrices) have every view read by
     * OCR, not only the display view. There text-likeness is weak (an 8 px name's letters run together
     * into one component) and OCR all but alone; Tesseract reads a label in one view and not in another
     * of the same pixels (a probe, 2026-12-07: "MARTIN" on a 64x64 NM read in the full-range view only,
     * published untouched). At this size a view costs OCR a few milliseconds.
     */
    static final long SMALL_FRAME_PIXELS = 128 * 128;
    /** Find-blank-verify rounds at most (see {@link #redact}). */
    public static final int MAX_ROUNDS = 3;

    /** Blanks boxes in a frame's own stored values, as the redactor does; returns a new frame. */
    @FunctionalInterface
    public interface Blanker {
        byte[] blank(byte[] frame, List<TextBox> boxes) throws RedactionException;
    }

    /**
     * What {@link #redact} did to one frame.
     *
     * @param boxes        every box blanked, in frame pixels
     * @param redacted     the frame with them blanked (the input itself when nothing was found)
     * @param verification what the detectors found on the last redacted frame: clean, or the
     *                     reason to quarantine
     * @param rounds       find-blank-verify rounds run (0 when nothing was found)
     */
    public record Result(List<TextBox> boxes, byte[] redacted, Verification verification, int rounds) {
        public Result {
            boxes = List.copyOf(boxes);
        }

        public boolean verified() {
            return verification.clean();
        }
    }

    private final TextDetector ocr;
    private final TextDetector likeness;
    /** Run in verification, on frames already redacted ({@link TextDetector#onRedactedFrames}). */
    private final TextDetector likenessRedacted;

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
        this.likenessRedacted = likeness == null ? null : likeness.onRedactedFrames();
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
        return find(views, likeness);
    }

    private List<TextBox> find(List<GrayViews.View> views, TextDetector likenessDetector) throws TextDetectionException {
        List<TextBox> all = new ArrayList<>();
        Gray8 display = views.get(0).image();
        if (ocr != null) {
            all.addAll(ocr.detect(display));
            if ((long) display.width() * display.height() <= SMALL_FRAME_PIXELS) {
                for (GrayViews.View v : views.subList(1, views.size())) {
                    all.addAll(ocr.detect(v.image()));
                }
            }
        }
        if (likenessDetector != null) {
            for (GrayViews.View v : views) {
                all.addAll(likenessDetector.detect(v.image()));
            }
        }
        return CombinedDetector.merge(CombinedDetector.withMargin(all), display.width(), display.height());
    }

    /**
     * Finds text, blanks it with {@code blanker}, and runs the detectors again on the result; what they
     * find then (text the first pass missed beside a blanked box, or found only once the rest was
     * gone) is added and blanked in a further round, up to {@value #MAX_ROUNDS} rounds. The answer is
     * verified when the last round's detectors found nothing; otherwise its verification lists what
     * is still there, and the instance must be quarantined. A frame where nothing is found is
     * returned unchanged, without a second pass: there is nothing to verify.
     */
    public Result redact(byte[] frame, FrameDescription description, Blanker blanker)
            throws RedactionException, TextDetectionException {
        List<TextBox> boxes = find(GrayViews.of(frame, description));
        if (boxes.isEmpty()) {
            return new Result(boxes, frame, new Verification(List.of(), List.of()), 0);
        }
        for (int round = 1; ; round++) {
            byte[] redacted = blanker.blank(frame, boxes);
            Verification v = verify(GrayViews.of(redacted, description), boxes);
            if (v.clean() || round == MAX_ROUNDS) {
                return new Result(boxes, redacted, v, round);
            }
            List<TextBox> more = new ArrayList<>(boxes);
            more.addAll(v.residual());
            more.addAll(v.elsewhere());
            boxes = CombinedDetector.merge(more, description.columns(), description.rows());
        }
    }

    /**
     * Runs the detectors again on a redacted frame, and looks for characters just beyond the ends of
     * the blanked boxes ({@link LineEnds}: the letters a box cut off are too few to make a line of
     * their own). Anything found inside a blanked box or within its surroundings (half its line
     * height, at least 4 px) is {@link Verification#residual()}; anything else found is
     * {@link Verification#elsewhere()}. Either means the frame is not verified.
     *
     * @param blanked the boxes that were blanked (as {@link #find} returned them)
     */
    public Verification verify(byte[] redactedFrame, FrameDescription description, List<TextBox> blanked)
            throws RedactionException, TextDetectionException {
        return verify(GrayViews.of(redactedFrame, description), blanked, blanked);
    }

    public Verification verify(List<GrayViews.View> redactedViews, List<TextBox> blanked) throws TextDetectionException {
        return verify(redactedViews, blanked, blanked);
    }

    /**
     * As {@link #verify(byte[], FrameDescription, List)}, with the characters beyond the ends of
     * {@code seenHere} only: the boxes of text found in this frame. A box found in another frame of a
     * sampled cine and blanked here too may lie on moving anatomy in this one, and what its edges cut
     * there (a vessel's next piece) is no line's missing letters.
     */
    public Verification verify(byte[] redactedFrame, FrameDescription description, List<TextBox> blanked,
                               List<TextBox> seenHere) throws RedactionException, TextDetectionException {
        return verify(GrayViews.of(redactedFrame, description), blanked, seenHere);
    }

    private Verification verify(List<GrayViews.View> redactedViews, List<TextBox> blanked, List<TextBox> seenHere)
            throws TextDetectionException {
        List<TextBox> found = new ArrayList<>(find(redactedViews, likenessRedacted));
        if (likeness != null && !seenHere.isEmpty()) {
            Gray8 first = redactedViews.get(0).image();
            List<TextBox> ends = new ArrayList<>();
            for (GrayViews.View v : redactedViews) {
                ends.addAll(LineEnds.beyond(v.image(), seenHere, blanked));
            }
            found.addAll(CombinedDetector.merge(CombinedDetector.withMargin(ends), first.width(), first.height()));
        }
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
