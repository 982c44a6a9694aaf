package org.mip.deid.pixel.detect;

import java.util.ArrayList;
import java.util.List;
import org.mip.deid.pixel.detect.Blobs.Blob;
import org.mip.deid.pixel.detect.TextLikenessDetector.Line;
import org.mip.deid.pixel.detect.TextLikenessDetector.Plane;

/**
 * Device annotations in short tokens ("P21", "0.9", "TIS", "MI", "A"): 1-4 characters, 5-12 px
 * high, too few for a line. What makes them text is where and how a device draws them, not their
 * number: each token must look like characters (consistent heights on one baseline, thin strokes
 * crossed along it, not a solid block or a bar, clear rows above and below), sit on a quiet
 * background (around it, the median difference of neighbouring pixels is at most
 * {@value #QUIET_NOISE} grey levels: the black margin of an ultrasound screen, a status bar, not
 * speckle, tissue or a noisy field), and have a neighbour of its size: another such token stacked
 * above or below it (a column at the screen's edge) or beside it in a row (a status bar), or an
 * accepted line of text. A bright, blobby structure in the anatomy fails the first two (solid, in
 * noise); a lone mark on black fails the third.
 */
final class ShortTokens {
    static final int MAX_CHARS = 4;
    static final int MAX_TOKEN_HEIGHT = 12;
    /** Surroundings are quiet when the median difference of neighbouring pixels is at most this (grey levels). */
    static final int QUIET_NOISE = 3;
    /** The confidence given to a token: below any line's, so it never outweighs OCR or a line. */
    static final double SCORE = 0.5;

    private final Gray8 image;

    /** @param image the view the components were found in */
    ShortTokens(Gray8 image) {
        this.image = image;
    }

    /**
     * The candidates accepted as tokens, their score set. Horizontal plane only: device annotations
     * are upright.
     *
     * @param candidates groups of at most {@value #MAX_CHARS} characters that made no line
     * @param lines      the lines found in the same plane (accepted ones count as neighbours)
     */
    List<Line> accept(List<Line> candidates, List<Line> lines, Plane plane) {
        List<Line> plausible = new ArrayList<>();
        for (Line c : candidates) {
            if (tokenLike(c) && quiet(c, plane)) {
                plausible.add(c);
            }
        }
        List<Line> accepted = new ArrayList<>();
        for (Line c : plausible) {
            boolean arranged = false;
            for (Line o : plausible) {
                arranged |= o != c && arranged(c, o);
            }
            for (Line o : lines) {
                arranged |= o != c && o.score > 0 && !o.vertical && arranged(c, o);
            }
            if (arranged) {
                accepted.add(c);
            }
        }
        for (Line c : accepted) {
            c.score = SCORE;
        }
        return accepted;
    }

    /** Characters of one size on one baseline, strokes crossed, not a bar, a block or a fleck. */
    static boolean tokenLike(Line l) {
        if (l.vertical || l.blobs.size() > MAX_CHARS || l.chars > MAX_CHARS
                || l.medianHeight < TextLikenessDetector.MIN_HEIGHT || l.medianHeight > MAX_TOKEN_HEIGHT
                || l.consistentHeights < 1 || Math.max(l.alignedBottom, l.alignedTop) < 1 || l.bars > 0
                || l.extremeSpread > 0.35 || Math.max(l.above, l.below) > TextLikenessDetector.MAX_BAND
                || l.runsPerChar < 1.0) {
            return false;
        }
        for (Blob b : l.blobs) {
            if (b.fill() > 0.85 && b.width() > 2) {
                return false; // a filled block: an icon, a speckle grain, a bright spot
            }
        }
        // One component alone must be crossed twice along some row ("A", "0", "P21" run together):
        // a lone stroke (a tick, a cut piece of a curve, "/", "1") is not a token.
        return l.blobs.size() > 1 || l.runsPerChar * l.chars >= 2;
    }

    /**
     * The token's surroundings (its box grown by one height on every side, the box itself left out)
     * are quiet: the median difference of horizontal neighbours there is at most {@value #QUIET_NOISE}.
     * A neighbouring token or icon is a minority of that area and does not move the median;
     * speckle, tissue and noise do.
     */
    private boolean quiet(Line l, Plane plane) {
        int m = (int) Math.ceil(l.medianHeight);
        int x0 = Math.max(0, l.x0 - m);
        int x1 = Math.min(plane.width() - 2, l.x1 + m);
        int y0 = Math.max(0, l.y0 - m);
        int y1 = Math.min(plane.height() - 1, l.y1 + m);
        int[] hist = new int[256];
        int count = 0;
        byte[] p = image.pixels();
        int w = image.width();
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                if (y >= l.y0 && y <= l.y1 && x >= l.x0 - 1 && x <= l.x1) {
                    continue; // the token's own strokes
                }
                hist[Math.abs((p[y * w + x] & 0xFF) - (p[y * w + x + 1] & 0xFF))]++;
                count++;
            }
        }
        int seen = 0;
        for (int d = 0; d <= QUIET_NOISE; d++) {
            seen += hist[d];
        }
        return count > 0 && 2 * seen >= count;
    }

    /**
     * Whether nearly all of the token's surroundings (its box grown by one height, the box left out)
     * are margin grey (within {@link TextLikenessDetector#MARGIN_GREY} of black or white): a label
     * on a screen's margin, not the edge of a clipped region (a lung at a soft-tissue window) with
     * tissue beside it.
     */
    boolean uniformMargin(Line l) {
        int m = (int) Math.ceil(l.medianHeight);
        int w = image.width();
        byte[] p = image.pixels();
        int other = 0;
        int count = 0;
        for (int y = Math.max(0, l.y0 - m); y <= Math.min(image.height() - 1, l.y1 + m); y++) {
            for (int x = Math.max(0, l.x0 - m); x <= Math.min(w - 1, l.x1 + m); x++) {
                if (y >= l.y0 && y <= l.y1 && x >= l.x0 && x <= l.x1) {
                    continue;
                }
                int v = p[y * w + x] & 0xFF;
                count++;
                if (v > TextLikenessDetector.MARGIN_GREY && v < 255 - TextLikenessDetector.MARGIN_GREY) {
                    other++;
                }
            }
        }
        return count > 0 && other <= 0.2 * count;
    }

    /**
     * Whether o is a neighbour of c in a device layout: of similar height (at most 1.5 times) and
     * stacked in a column (their spans across overlap or nearly, at most 3.5 heights apart down) or
     * in a row (overlapping down by half, at most 5 heights apart across).
     */
    static boolean arranged(Line c, Line o) {
        double hc = c.medianHeight;
        double ho = o.medianHeight;
        if (Math.max(hc, ho) > 1.5 * Math.min(hc, ho)) {
            return false;
        }
        double hh = Math.max(hc, ho);
        int gapX = Math.max(o.x0 - c.x1, c.x0 - o.x1) - 1;
        int gapY = Math.max(o.y0 - c.y1, c.y0 - o.y1) - 1;
        int overlapY = Math.min(c.y1, o.y1) - Math.max(c.y0, o.y0) + 1;
        boolean column = gapX <= hh && gapY >= 0 && gapY <= 3.5 * hh;
        boolean row = overlapY >= 0.5 * Math.min(hc, ho) && gapX >= 0 && gapX <= 5 * hh;
        return column || row;
    }
}
