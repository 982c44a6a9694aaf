package org.mip.deid.pixel.detect;

import static org.mip.deid.pixel.detect.TextLikenessDetector.MAX_BAND;
import static org.mip.deid.pixel.detect.TextLikenessDetector.MAX_HEIGHT;
import static org.mip.deid.pixel.detect.TextLikenessDetector.MIN_FILL;
import static org.mip.deid.pixel.detect.TextLikenessDetector.MIN_HEIGHT;
import static org.mip.deid.pixel.detect.TextLikenessDetector.STRICT_SCORE;
import static org.mip.deid.pixel.detect.TextLikenessDetector.character;
import static org.mip.deid.pixel.detect.TextLikenessDetector.groups;
import static org.mip.deid.pixel.detect.TextLikenessDetector.grow;
import static org.mip.deid.pixel.detect.TextLikenessDetector.runs;

import java.util.ArrayList;
import java.util.List;
import org.mip.deid.pixel.detect.Blobs.Blob;
import org.mip.deid.pixel.detect.TextLikenessDetector.Line;
import org.mip.deid.pixel.detect.TextLikenessDetector.Plane;

/**
 * The text-likeness detector's second pass ({@link TextLikenessDetector}): lines of small bold text,
 * whose anti-aliased strokes are too thick for the first pass's characters. It only adds lines.
 */
final class BoldLines {
    /** Bold components are considered up to this height (8-12 px text; larger bold text makes characters). */
    static final int MAX_BOLD_HEIGHT = 10;
    /** A line with bold components needs this many components... */
    static final int MIN_BOLD_COMPONENTS = 4;
    /** ...and this many characters (estimated from their widths). */
    static final int MIN_BOLD_CHARS = 6;

    private BoldLines() {
    }

    /**
     * Lines of small bold text (components 5-{@value #MAX_BOLD_HEIGHT} px high: 8-12 px bold,
     * anti-aliased; a screen capture's 9 px bold ID). A stroke of 2 px with a pixel of halo on each
     * side measures 2.5-3 px, above {@link TextLikenessDetector#character}'s bound, and touching
     * glyphs fuse into components of two to five characters, solid enough to look like bars and
     * crossed less often than one stroke per character. Such {@link #bold} components are characters only in
     * company, judged by {@link #score}: a row of at least {@value #MIN_BOLD_COMPONENTS}
     * components (with the characters that made no line) of one height, colour and baseline, with
     * clear bands above and below, none of them a solid bar. A speckle grain of that size is as
     * thick, but grains make no such row. Horizontal only, and no short tokens from them: a lone bold
     * blob stays a blob. The first pass's lines of small text (median height up to
     * {@value #MAX_BOLD_HEIGHT} px) also take in bold components beside them (a bold word continuing
     * a line whose other words were thin enough).
     *
     * @param found the first pass's lines in the same plane
     */
    static List<Line> find(List<Blob> blobs, Plane plane, List<Line> found) {
        List<Blob> chars = new ArrayList<>();
        List<Blob> small = new ArrayList<>();
        boolean anyBold = false;
        for (Blob b : blobs) {
            if (b.taken) {
                continue;
            }
            boolean bold = bold(b);
            if (bold || character(b)) {
                chars.add(b);
                anyBold |= bold;
            } else if (b.height() < MIN_HEIGHT && b.width() <= 3 * MAX_HEIGHT && b.area >= 2) {
                small.add(b);
            }
        }
        if (!anyBold) {
            return List.of();
        }
        List<Line> out = new ArrayList<>();
        for (List<Blob> g : groups(chars)) {
            if (g.size() < MIN_BOLD_COMPONENTS || g.stream().noneMatch(BoldLines::bold)) {
                continue; // too few, or a group the first pass has judged already
            }
            Line line = Line.measure(g, small, plane);
            double score = score(line, plane);
            if (score > 0) {
                line.score = score;
                out.add(line);
            }
        }
        List<Line> seeds = new ArrayList<>(out);
        for (Line l : found) {
            if (l.medianHeight <= MAX_BOLD_HEIGHT) {
                seeds.add(l); // a larger line's bold glyphs are characters already; a small thick blob beside it is not one
            }
        }
        grow(seeds, chars, small);
        return out;
    }

    /**
     * 0 when a group with bold components is not a line of text, else its confidence (at least
     * {@value TextLikenessDetector#STRICT_SCORE}). As {@link TextLikenessDetector#score}, but fused
     * bold glyphs are allowed what thin text is not: a solid-looking component is a bar only when
     * every row crosses it once (a fused word has gaps and counters), and 0.75 strokes crossed per
     * character (estimated from the width) suffice.
     */
    static double score(Line l, Plane plane) {
        int solid = 0;
        for (Blob b : l.blobs) {
            solid += b.width() >= 2.2 * b.height() && solidRows(b, plane) ? 1 : 0;
        }
        double band = Math.max(l.above, l.below);
        if (l.blobs.size() < MIN_BOLD_COMPONENTS || l.chars < MIN_BOLD_CHARS || l.consistentHeights < 0.75
                || Math.max(l.alignedBottom, l.alignedTop) < 0.6 || solid > 0 || l.extremeSpread > 0.35
                || band > MAX_BAND || l.runsPerChar < 0.75) {
            return 0;
        }
        double score = 1 - 0.5 * l.extremeSpread - 4 * band - 0.15 * Math.max(0, 1.0 - l.runsPerChar);
        return score >= STRICT_SCORE ? Math.min(1, score) : 0;
    }

    /**
     * A small component too thick for {@link TextLikenessDetector#character}, but by no more than the pixel of halo on
     * each side of an anti-aliased bold stroke: its stroke width at most one pixel over that bound.
     */
    static boolean bold(Blob b) {
        int bh = b.height();
        int bw = b.width();
        if (bh < MIN_HEIGHT || bh > MAX_BOLD_HEIGHT || bw > 8 * bh || b.area < 4 || character(b)) {
            return false;
        }
        double fill = b.fill();
        return b.strokeWidth() <= Math.max(2.2, 0.35 * bh) + 1 && fill >= MIN_FILL && fill <= 0.9;
    }

    /** Whether the rows at 30, 50 and 70 % of the component's height each cross it in one run. */
    private static boolean solidRows(Blob b, Plane plane) {
        for (double f : new double[] {0.3, 0.5, 0.7}) {
            if (runs(plane, b.x0, b.x1, b.y0 + (int) Math.round(f * (b.y1 - b.y0))) > 1) {
                return false;
            }
        }
        return true;
    }
}
