package org.mip.deid.pixel.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The union of several detectors (OCR and text-likeness): every box grown by a margin, then boxes
 * that overlap or nearly touch merged into one where that adds little area (see {@link #close}), so
 * what is blanked is whole lines of text with a border and no thin strips of image left between
 * neighbouring boxes.
 *
 * <p>Margin: {@value #MARGIN_PX} px plus {@value #MARGIN_PERCENT} % of the line height on every side,
 * rounded up (3 px for 9-28 px text, 4 px from a line height of 41 px). It covers the anti-aliased
 * fringe of the glyphs and a pixel or two a detector placed outside its box. A wider margin blanks
 * more of the image for little: what a box misses by more (an accent, a descender, a first letter)
 * is what verification finds beside the blanked box, and the next round blanks it
 * ({@link TextFinder#redact}). Measured on the corpus (TextDetectionBenchmark): with 2 px + 15 %,
 * 1.37 % of a frame blanked outside the texts on average; with 2 px + 5 %, 0.96 %; nothing legible
 * left and every frame verified either way.
 */
public final class CombinedDetector implements TextDetector {
    static final int MARGIN_PX = 2;
    static final int MARGIN_PERCENT = 5;
    /** Boxes this close after their margins are merged: a strip narrower than this could look like a stroke. */
    static final int MERGE_GAP = 3;

    private final List<TextDetector> detectors;

    public CombinedDetector(List<TextDetector> detectors) {
        this.detectors = List.copyOf(detectors);
    }

    @Override
    public String name() {
        return "combined";
    }

    @Override
    public List<TextBox> detect(Gray8 image) throws TextDetectionException {
        List<TextBox> all = new ArrayList<>();
        for (TextDetector d : detectors) {
            all.addAll(d.detect(image));
        }
        return merge(withMargin(all), image.width(), image.height());
    }

    /** Each box grown by the margin ({@value #MARGIN_PX} px + {@value #MARGIN_PERCENT} % of its line height). */
    public static List<TextBox> withMargin(List<TextBox> boxes) {
        List<TextBox> out = new ArrayList<>(boxes.size());
        for (TextBox b : boxes) {
            int m = margin(b.lineHeight());
            out.add(b.grown(m, m));
        }
        return out;
    }

    static int margin(int lineHeight) {
        return MARGIN_PX + (lineHeight * MARGIN_PERCENT + 99) / 100;
    }

    /**
     * Overlapping and nearly touching boxes merged (their union), then cut to the image. A merged box
     * is {@link TextBox.Source#BOTH} when its parts came from different detectors; its confidence is
     * the highest; its OCR text the parts' words in reading order.
     */
    public static List<TextBox> merge(List<TextBox> boxes, int columns, int rows) {
        List<TextBox> work = new ArrayList<>(boxes);
        boolean merged = true;
        while (merged) {
            merged = false;
            outer:
            for (int i = 0; i < work.size(); i++) {
                for (int j = i + 1; j < work.size(); j++) {
                    if (close(work.get(i), work.get(j))) {
                        TextBox u = union(work.get(i), work.get(j));
                        work.remove(j);
                        work.set(i, u);
                        merged = true;
                        break outer;
                    }
                }
            }
        }
        List<TextBox> out = new ArrayList<>(work.size());
        for (TextBox b : work) {
            TextBox c = b.clipped(columns, rows);
            if (c != null) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparingInt(TextBox::y).thenComparingInt(TextBox::x));
        return out;
    }

    /**
     * Whether two boxes become one: they overlap or nearly touch, and their union's bounding box adds
     * little (at most a quarter of their own area): pieces of one line, or a box inside another. Two
     * boxes at right angles, or far apart along a diagonal, stay two rectangles, so that merging does
     * not snowball into a box over half the image.
     */
    private static boolean close(TextBox a, TextBox b) {
        if (!(a.x() < b.right() + MERGE_GAP && b.x() < a.right() + MERGE_GAP
                && a.y() < b.bottom() + MERGE_GAP && b.y() < a.bottom() + MERGE_GAP)) {
            return false;
        }
        long ix = Math.max(0, Math.min(a.right(), b.right()) - Math.max(a.x(), b.x()));
        long iy = Math.max(0, Math.min(a.bottom(), b.bottom()) - Math.max(a.y(), b.y()));
        long covered = a.area() + b.area() - ix * iy;
        long bbox = (long) (Math.max(a.right(), b.right()) - Math.min(a.x(), b.x()))
                * (Math.max(a.bottom(), b.bottom()) - Math.min(a.y(), b.y()));
        // Pieces of an oblique line sit corner to corner: merged, they would grow into the line's whole
        // bounding box (four times the text's area at 45°). Only near duplicates merge (a piece inside another).
        return bbox - covered <= covered / (a.oblique() && b.oblique() ? 25 : 4);
    }

    private static TextBox union(TextBox a, TextBox b) {
        int x0 = Math.min(a.x(), b.x());
        int y0 = Math.min(a.y(), b.y());
        int x1 = Math.max(a.right(), b.right());
        int y1 = Math.max(a.bottom(), b.bottom());
        TextBox.Source source = a.source() == b.source() ? a.source() : TextBox.Source.BOTH;
        boolean vertical = a.area() >= b.area() ? a.vertical() : b.vertical();
        String text;
        if (a.text() == null || b.text() == null) {
            text = a.text() == null ? b.text() : a.text();
        } else {
            boolean aFirst = a.y() + a.height() / 2 < b.y() || (a.y() < b.bottom() && a.x() <= b.x());
            text = aFirst ? a.text() + " " + b.text() : b.text() + " " + a.text();
        }
        // pieces of oblique lines stay oblique together; with an ordinary box, the box's row rules
        int line = a.oblique() && b.oblique() ? Math.max(a.line(), b.line()) : 0;
        return new TextBox(x0, y0, x1 - x0, y1 - y0, source, Math.max(a.confidence(), b.confidence()), vertical, text,
                line);
    }
}
