package org.mip.deid.pixel.detect;

import java.util.Arrays;
import org.mip.deid.pixel.detect.TextLikenessDetector.Line;

/**
 * The noise-free flat areas of a frame, per {@value TextLikenessDetector#NOISE_TILE}-pixel tile: a
 * screen's black (or white) margin, and a uniform panel of any grey (a screen capture's UI, a status
 * bar). Text drawn a few grey levels off such an area is plain once windowed, and nothing but text
 * makes strokes there; on tissue, speckle or noise the same few levels are texture.
 */
final class FlatPanels {
    /** No panel: the tile has texture, noise or an edge. */
    static final int NONE = -1;
    /** Neighbours on a panel differ by at most this much: JPEG's ripple on a flat area, not noise. */
    static final int FLAT_STEP = 1;

    private FlatPanels() {
    }

    /**
     * Per pixel, the grey of the panel its tile is, or {@link #NONE}. A tile is a margin (grey 0 or
     * 255) when most of its neighbour pairs are both within {@link TextLikenessDetector#MARGIN_GREY}
     * of black (or white), whatever their ripple (JPEG leaves a black margin at 0-8); otherwise a panel
     * of its most common grey when most pairs are both within that distance of it and differ by at most
     * {@value #FLAT_STEP}: a mid grey with faint noise, a gradient or texture is not one.
     */
    static int[] greys(Gray8 image) {
        int w = image.width();
        int h = image.height();
        int tile = TextLikenessDetector.NOISE_TILE;
        int tilesX = (w + tile - 1) / tile;
        int tilesY = (h + tile - 1) / tile;
        int[] tileGrey = new int[tilesX * tilesY];
        int[] hist = new int[256];
        for (int ty = 0; ty < tilesY; ty++) {
            for (int tx = 0; tx < tilesX; tx++) {
                tileGrey[ty * tilesX + tx] = tileGrey(image, tx * tile, Math.min(w - 1, (tx + 1) * tile), ty * tile,
                        Math.min(h, (ty + 1) * tile), hist);
            }
        }
        int[] out = new int[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = tileGrey[(i / w / tile) * tilesX + (i % w) / tile];
        }
        return out;
    }

    /** The panel grey of the tile whose pairs (x, x + 1) start in [xa, xb) x [ya, yb), or {@link #NONE}. */
    private static int tileGrey(Gray8 image, int xa, int xb, int ya, int yb, int[] hist) {
        int w = image.width();
        byte[] p = image.pixels();
        int tol = TextLikenessDetector.MARGIN_GREY;
        Arrays.fill(hist, 0);
        int total = 0;
        int black = 0;
        int white = 0;
        for (int y = ya; y < yb; y++) {
            for (int x = xa; x < xb; x++) {
                int a = p[y * w + x] & 0xFF;
                int b = p[y * w + x + 1] & 0xFF;
                hist[a]++;
                total++;
                black += a <= tol && b <= tol ? 1 : 0;
                white += a >= 255 - tol && b >= 255 - tol ? 1 : 0;
            }
        }
        if (2 * (black + white) >= total) {
            return black >= white ? 0 : 255;
        }
        int mode = mode(hist);
        if (2 * near(hist, mode) < total) {
            return NONE; // speckle, tissue, an edge: most pixels far from the mode (and no second look at the pairs)
        }
        int flat = 0;
        for (int y = ya; y < yb; y++) {
            for (int x = xa; x < xb; x++) {
                int a = p[y * w + x] & 0xFF;
                int b = p[y * w + x + 1] & 0xFF;
                flat += Math.abs(a - mode) <= tol && Math.abs(b - mode) <= tol && Math.abs(a - b) <= FLAT_STEP ? 1 : 0;
            }
        }
        return 2 * flat >= total ? mode : NONE;
    }

    /** Whether a panel grey is a screen's margin (black or white), the only panels the faint-token pass reads. */
    static boolean margin(int grey) {
        return grey == 0 || grey == 255;
    }

    /**
     * The grey that nearly all (80 %) of the line's surroundings share (its box grown by one height, the
     * box left out; within {@link TextLikenessDetector#MARGIN_GREY} of their most common grey), or
     * {@link #NONE}: a label on a panel, not a piece of an edge between a panel and an image beside it.
     */
    static int around(Gray8 image, Line l) {
        int m = (int) Math.ceil(l.medianHeight);
        int w = image.width();
        int[] hist = new int[256];
        int count = 0;
        for (int y = Math.max(0, l.y0 - m); y <= Math.min(image.height() - 1, l.y1 + m); y++) {
            for (int x = Math.max(0, l.x0 - m); x <= Math.min(w - 1, l.x1 + m); x++) {
                if (y < l.y0 || y > l.y1 || x < l.x0 || x > l.x1) {
                    hist[image.get(x, y)]++;
                    count++;
                }
            }
        }
        int mode = mode(hist);
        return count > 0 && near(hist, mode) >= 0.8 * count ? mode : NONE;
    }

    /** The most common grey of a histogram (the lowest of equals). */
    private static int mode(int[] hist) {
        int mode = 0;
        for (int v = 1; v < 256; v++) {
            mode = hist[v] > hist[mode] ? v : mode;
        }
        return mode;
    }

    /** How many of a histogram's pixels lie within {@link TextLikenessDetector#MARGIN_GREY} of {@code grey}. */
    private static int near(int[] hist, int grey) {
        int near = 0;
        for (int v = Math.max(0, grey - TextLikenessDetector.MARGIN_GREY); v <= Math.min(255, grey + TextLikenessDetector.MARGIN_GREY); v++) {
            near += hist[v];
        }
        return near;
    }
}
