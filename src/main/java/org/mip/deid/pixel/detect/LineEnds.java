package org.mip.deid.pixel.detect;

import java.util.ArrayList;
import java.util.List;
import org.mip.deid.pixel.detect.Blobs.Blob;

/**
 * A check verification adds to the detectors: a line of text continues along its row, so characters
 * just beyond the end of a blanked box, in its row and of its size, are what the box missed (the
 * last letters of a name whose first part was found). The detectors alone would miss them again: a
 * stub of two or three letters is not a line.
 *
 * <p>A character here is a component that passes the text-likeness detector's character test (or
 * is letters fused into one, {@link #fusedLetters}), lies
 * within the box's row (its line height, 20 % slack), is 45-120 % of the text's height (the box's
 * line height less its margin), starts within 1.5 line heights of the box's end, and stands out by
 * 1.5 times the local threshold (speckle grains next to a box rarely do).
 */
final class LineEnds {

    private LineEnds() {
    }

    /**
     * Boxes around characters found just beyond the ends of the boxes of {@code lines}, in the view's
     * pixels. A component that touches another blanked box is a piece that box cut from something
     * (a vessel, when the box lay on anatomy), not a character of this line: its shape was made by the
     * cut. A letter cut by its own line's box is looked for as before.
     *
     * @param lines   the text whose lines may go on beyond their boxes
     * @param blanked every box blanked in the frame ({@code lines} among them)
     */
    static List<TextBox> beyond(Gray8 view, List<TextBox> lines, List<TextBox> blanked) {
        List<TextBox> out = new ArrayList<>();
        if (lines.isEmpty()) {
            return out;
        }
        int w = view.width();
        int h = view.height();
        int n = w * h;
        int[] white = new int[n];
        int[] black = new int[n];
        Morphology.topHats(view.pixels(), w, h, TextLikenessDetector.RADIUS, white, black);
        int[] threshold = TextLikenessDetector.thresholds(view);
        for (int polarity = 0; polarity < 2; polarity++) {
            int[] response = polarity == 0 ? white : black;
            boolean[] mask = new boolean[n];
            for (int i = 0; i < n; i++) {
                mask[i] = response[i] >= threshold[i];
            }
            for (Blob b : Blobs.label(mask, response, view.pixels(), polarity == 1, w, h,
                    4 * TextLikenessDetector.MAX_HEIGHT * TextLikenessDetector.MAX_HEIGHT)) {
                int centre = (b.y0 + b.y1) / 2 * w + (b.x0 + b.x1) / 2;
                if (!(TextLikenessDetector.character(b) || fusedLetters(b, mask, w)) || b.peak < 1.5 * threshold[centre]) {
                    continue;
                }
                for (TextBox box : lines) {
                    // an oblique line does not continue along a row
                    if (!box.oblique() && continues(box, b) && !cutByAnother(b, box, blanked)) {
                        out.add(new TextBox(b.x0, b.y0, b.width(), b.height(), TextBox.Source.TEXT_LIKENESS, 0.5,
                                box.vertical()));
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** Whether the component touches a blanked box other than {@code line} (or one holding the same place). */
    static boolean cutByAnother(Blob b, TextBox line, List<TextBox> blanked) {
        for (TextBox o : blanked) {
            boolean touches = b.x0 <= o.right() && b.x1 >= o.x() - 1 && b.y0 <= o.bottom() && b.y1 >= o.y() - 1;
            if (touches && !line.intersects(o)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Small anti-aliased letters fuse into one solid-looking component ("DUB" of a 9 px name): wider
     * than high, and a row through its middle crosses three strokes or more (a speckle grain: one).
     */
    static boolean fusedLetters(Blob b, boolean[] mask, int w) {
        if (b.width() < 1.2 * b.height() || b.fill() > 0.9 || b.area < 6) {
            return false;
        }
        int y = (b.y0 + b.y1) / 2;
        int runs = 0;
        boolean in = false;
        for (int x = b.x0; x <= b.x1; x++) {
            boolean set = mask[y * w + x];
            if (set && !in) {
                runs++;
            }
            in = set;
        }
        return runs >= 3;
    }

    /** Whether the component lies just beyond one end of the box, in its row, of its text's size. */
    static boolean continues(TextBox box, Blob b) {
        // Across the line: y for horizontal text, x for vertical; along it: the other.
        int lo = box.vertical() ? box.x() : box.y();
        int hi = box.vertical() ? box.right() : box.bottom();
        int start = box.vertical() ? box.y() : box.x();
        int end = box.vertical() ? box.bottom() : box.right();
        int across0 = box.vertical() ? b.x0 : b.y0;
        int across1 = box.vertical() ? b.x1 : b.y1;
        int along0 = box.vertical() ? b.y0 : b.x0;
        int along1 = box.vertical() ? b.y1 : b.x1;
        int line = hi - lo;
        int text = Math.max(1, line - 2 * CombinedDetector.margin(line));
        int size = across1 - across0 + 1;
        if (across0 < lo - 0.2 * line || across1 > hi + 0.2 * line || size < 0.45 * text || size > 1.2 * text) {
            return false;
        }
        double reach = 1.5 * line;
        boolean after = along0 >= end - 1 && along0 <= end + reach;
        boolean before = along1 <= start && along1 >= start - reach;
        return after || before;
    }
}
