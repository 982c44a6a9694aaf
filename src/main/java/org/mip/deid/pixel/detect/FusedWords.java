package org.mip.deid.pixel.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.mip.deid.pixel.detect.Blobs.Blob;
import org.mip.deid.pixel.detect.TextLikenessDetector.Line;
import org.mip.deid.pixel.detect.TextLikenessDetector.Plane;

/**
 * Words of tiny text (5-7 px capitals, anti-aliased or drawn with a 2 px pen) on a screen's margin,
 * whose glyphs run together into one component per word: too thick and too wide for a character,
 * and one component is no line. Looked for among the components of the main pass and of the
 * contrast-floor pass ({@link TextLikenessDetector}), and kept only where nearly all around is an
 * even margin: what stands there is labels and screen furniture, both fine to blank. Components {@value #MIN_HEIGHT}-{@value #MAX_HEIGHT}
 * px high, at least as wide, make a row (words side by side on one band); the row is text when it is
 * at least {@value #MIN_ASPECT} heights wide, some row of pixels inside it crosses a gap within a
 * component (glyphs, not a bar or a row of buttons), with clear rows above and below and nearly all
 * margin around ({@link ShortTokens#uniformMargin}); it then takes in the rest of its band's text
 * ({@link #extended}). Never run on a redacted frame ({@link TextLikenessDetector#onRedactedFrames}).
 */
final class FusedWords {
    static final int MIN_HEIGHT = 5;
    /** Capitals of 5-7 px grow a row or two with a 2 px pen, and a comma or descender adds more. */
    static final int MAX_HEIGHT = 11;
    /** A row of them at least this many heights wide. */
    static final double MIN_ASPECT = 2;
    /** A fused word's fill: glyphs drawn with a 2 px pen leave few gaps; a filled box is left to the crossing test. */
    static final double MAX_FILL = 0.95;
    static final double MIN_FILL = 0.3;
    /** The confidence given: that of a short token, below any line's. */
    static final double SCORE = 0.5;
    /** The rest of a row's text is at most this many times its median height. */
    static final double MAX_GROWTH = 1.6;

    private FusedWords() {
    }

    /**
     * The fused words among the components of the margin pass, a row of them ("SMITH JOHN") taken
     * as one line, so that its words do not count against each other's margin.
     */
    static List<Line> find(List<Blob> blobs, Plane plane, ShortTokens margins) {
        List<Blob> words = new ArrayList<>();
        for (Blob b : blobs) {
            if (candidate(b)) {
                words.add(b);
            }
        }
        words.sort(Comparator.comparingInt((Blob b) -> b.x0));
        List<Line> out = new ArrayList<>();
        boolean[] used = new boolean[words.size()];
        for (int i = 0; i < words.size(); i++) {
            if (used[i]) {
                continue;
            }
            List<Blob> row = new ArrayList<>(List.of(words.get(i)));
            used[i] = true;
            Blob last = words.get(i);
            for (int j = i + 1; j < words.size(); j++) {
                Blob next = words.get(j);
                if (!used[j] && sameRow(last, next)) {
                    row.add(next);
                    used[j] = true;
                    last = next;
                }
            }
            Line l = Line.measure(row, List.of(), plane);
            if (l.x1 - l.x0 + 1 >= MIN_ASPECT * l.medianHeight && crossed(row, l, plane)
                    && Math.max(l.above, l.below) <= TextLikenessDetector.MAX_BAND && margins.uniformMargin(l)) {
                Line whole = extended(l, blobs, plane);
                Line found = whole != l && margins.uniformMargin(whole) ? whole : l;
                found.score = SCORE;
                out.add(found);
            }
        }
        return out;
    }

    /**
     * The row with the rest of its text: components on its band (overlapping it by half their own
     * height, at most {@value #MAX_GROWTH} times its height) within two heights of its ends, taken
     * in turn. The parts of a word or date that did not pass as fused words on their own (a glyph
     * apart, a solid clump of bold letters, a word whose counters all closed) stand on the same
     * baseline beside those that did; returns {@code row} itself when there are none.
     */
    private static Line extended(Line row, List<Blob> blobs, Plane plane) {
        List<Blob> members = new ArrayList<>(row.blobs);
        int x0 = row.x0;
        int x1 = row.x1;
        int reach = (int) Math.ceil(2 * row.medianHeight);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Blob b : blobs) {
                if (b.taken || members.contains(b) || b.height() > MAX_GROWTH * row.medianHeight + 1) {
                    continue;
                }
                int overlap = Math.min(b.y1, row.y1) - Math.max(b.y0, row.y0) + 1;
                int gap = b.x0 > x1 ? b.x0 - x1 : x0 > b.x1 ? x0 - b.x1 : 0;
                if (overlap >= 0.5 * b.height() && gap <= reach) {
                    members.add(b);
                    x0 = Math.min(x0, b.x0);
                    x1 = Math.max(x1, b.x1);
                    grew = true;
                }
            }
        }
        return members.size() == row.blobs.size() ? row : Line.measure(members, List.of(), plane);
    }

    /** The next word of a row: beside the last one (a gap of at most two heights), overlapping it by half its height. */
    private static boolean sameRow(Blob a, Blob b) {
        int h = Math.min(a.height(), b.height());
        int overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) + 1;
        return b.x0 > a.x1 && b.x0 - a.x1 <= 2 * h && overlap >= 0.5 * h;
    }

    static boolean candidate(Blob b) {
        int h = b.height();
        double fill = b.fill();
        return h >= MIN_HEIGHT && h <= MAX_HEIGHT && b.width() >= h && fill >= MIN_FILL && fill <= MAX_FILL
                && !TextLikenessDetector.character(b);
    }

    /**
     * Some row of pixels inside the line (not its top or bottom) crosses more runs than it has
     * components: a gap within one of them (between glyphs or in a counter), which a bar or a row of
     * solid buttons does not have.
     */
    private static boolean crossed(List<Blob> row, Line l, Plane plane) {
        for (int y = l.y0 + 1; y <= l.y1 - 1; y++) {
            if (TextLikenessDetector.runs(plane, l.x0, l.x1, y) > row.size()) {
                return true;
            }
        }
        return false;
    }
}
