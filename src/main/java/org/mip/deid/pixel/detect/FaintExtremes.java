package org.mip.deid.pixel.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mip.deid.pixel.PixelFormat;

/**
 * Views for a label drawn at the frame's minimum or maximum over a ground near that extreme: white
 * text on a CR's near-white collimated corner (MONOCHROME1, stored 0 over 120), a DX label at 4095
 * over a band at 3,970. Every mapped view shows it faintly (3-8 % of the range is 8-20 grey levels),
 * under text-likeness's 28-level floor, and the exact-value view ({@link GrayViews#spikes}) leaves the
 * extremes out. A probe (2026-12-08: CR, DX and MG frames of 12 bits, labels 3-12 % of the range off
 * their ground, 14-64 px) had 21 of 48 published legible with a window.
 *
 * <p>The view is the window a reader would put on it: from the ground to the extreme, the extreme
 * white. An exact-value view of the same label is broken strokes (only the cores of an anti-aliased
 * font reach the extreme), which no detector reads; the window keeps the edges grey.
 *
 * <p>Where the frame's own content is clipped at the same extreme (air or texture cut off at it) the
 * window would stretch that content too, and the detectors took its texture for text. So the view is
 * made only of the pixels at the extreme that are <em>strokes</em>: clusters whose pixels step onto
 * their ground at once (their neighbours two pixels away mostly as far from the extreme as the
 * farthest of them), and only within a line's reach of them. Clipped content fades into values near
 * the extreme instead (measured: the median of those distances 0.33-0.45 of their 90th percentile;
 * labels' 0.73-0.88).
 */
final class FaintExtremes {
    /**
     * A spike at the extreme is faint when the mapped views show it with less contrast than this (grey
     * levels, the mean difference from its ground in the clearest view): text-likeness needs 28 at
     * least, more over noise, and an anti-aliased edge has less than the stroke's core.
     */
    static final int FAINT_LEVELS = 64;
    /**
     * Fewer pixels at the extreme than a spike inside the range needs ({@link GrayViews#SPIKE_MIN_PIXELS}),
     * and fewer of them joined: only the cores of a thin anti-aliased font reach it (a 14 px name: 47 to
     * 133 pixels, 59 % of them touching another), and the view is a window, which shows the edges too.
     */
    static final int MIN_PIXELS = 32;
    static final double MIN_JOINED = 0.5;
    /** A cluster is strokes when the median of its distances is at least this share of their 90th percentile. */
    static final double STROKE_SHARPNESS = 0.6;
    /** Pixels at the extreme this close (a square) belong to one cluster: the gaps between a thin font's cores. */
    static final int LINK = 6;
    /** A cluster with fewer distances than this is no line of text (a stray pixel or two). */
    static final int CLUSTER_MIN_SAMPLES = 48;
    /** How far from a stroke the view shows the frame (about a line of the text); black beyond. */
    static final int REACH = 16;

    private FaintExtremes() {
    }

    /** A view for each extreme of the frame that holds a faint label's strokes; usually none. */
    static List<Gray8> views(GrayViews.Samples s, FrameDescription d, List<Gray8> mapped) {
        // PALETTE COLOR shown as grey (tables unreadable) is blanked with an index that need not be an extreme.
        if (s.binWidth != 1 || s.max == s.min || d.photometric().equals(FrameDescription.PALETTE_COLOR)) {
            return List.of();
        }
        int[] h = s.histogram;
        long most = (long) (GrayViews.SPIKE_MAX_FRACTION * s.values.length);
        // Blanked boxes are no text to find again.
        long blank = PixelFormat.grayscaleBlank(d.photometric(), d.bitsStored(), d.signed());
        List<Gray8> out = new ArrayList<>(2);
        for (int i : new int[] {0, h.length - 1}) {
            long v = s.min + i;
            if (v == blank || h[i] < MIN_PIXELS || h[i] > most
                    || h[i] <= GrayViews.SPIKE_FACTOR * GrayViews.nearestMean(h, i)) {
                continue;
            }
            int[] candidate = new int[h.length];
            Arrays.fill(candidate, -1);
            candidate[i] = 0;
            if (GrayViews.joinedPixels(s, d.columns(), candidate, 1)[0] < MIN_JOINED * h[i]) {
                continue;
            }
            Strokes strokes = strokes(s, d.columns(), (int) (v - s.offset));
            if (strokes.pixels() >= MIN_PIXELS && contrast(strokes, mapped) < FAINT_LEVELS) {
                long ground = v == s.min ? v + strokes.step() : v - strokes.step();
                out.add(window(s, d, v, ground, strokes.mask()));
            }
        }
        return out;
    }

    /**
     * The pixels at the extreme that are strokes, the median distance of their ground from it (stored
     * values), and the pairs (stroke pixel, pixel two away) the contrast is measured on.
     */
    private record Strokes(boolean[] mask, int pixels, int step, int[] pairs, int pairCount) {
    }

    /**
     * Finds the strokes among the clusters of pixels at {@code stored}: pixels within
     * {@value #LINK} px of each other are one cluster, so the fragments of a thin font's cores make
     * one line, and clipped content one patch, each judged on all its distances together.
     */
    private static Strokes strokes(GrayViews.Samples s, int width, int stored) {
        int[] values = s.values;
        int rows = values.length / width;
        boolean[] seen = new boolean[values.length];
        boolean[] mask = new boolean[values.length];
        Buffer cluster = new Buffer();
        Buffer distances = new Buffer();
        Buffer kept = new Buffer();
        Buffer pairs = new Buffer();
        Buffer stack = new Buffer();
        int pixels = 0;
        for (int start = 0; start < values.length; start++) {
            if (values[start] != stored || seen[start]) {
                continue;
            }
            cluster.size = 0;
            distances.size = 0;
            int pairsBefore = pairs.size;
            stack.size = 0;
            stack.add(start);
            seen[start] = true;
            while (stack.size > 0) {
                int p = stack.data[--stack.size];
                cluster.add(p);
                int x = p % width;
                int y = p / width;
                for (int ny = Math.max(0, y - LINK); ny <= Math.min(rows - 1, y + LINK); ny++) {
                    for (int nx = Math.max(0, x - LINK); nx <= Math.min(width - 1, x + LINK); nx++) {
                        int q = ny * width + nx;
                        if (values[q] == stored && !seen[q]) {
                            seen[q] = true;
                            stack.add(q);
                        }
                    }
                }
                for (int q : twoAway(p, width, rows)) {
                    if (q >= 0 && values[q] != stored) {
                        distances.add(Math.abs(values[q] - stored));
                        pairs.add(p);
                        pairs.add(q);
                    }
                }
            }
            if (distances.size >= CLUSTER_MIN_SAMPLES && sharp(distances)) {
                kept.addAll(distances);
                for (int k = 0; k < cluster.size; k++) {
                    mask[cluster.data[k]] = true;
                }
                pixels += cluster.size;
            } else {
                pairs.size = pairsBefore;
            }
        }
        int step = kept.size == 0 ? 0 : kept.sorted()[kept.size / 2];
        return new Strokes(mask, pixels, step, pairs.data, pairs.size);
    }

    /** Whether these distances step at once: their median near their 90th percentile. */
    private static boolean sharp(Buffer distances) {
        int[] sorted = distances.sorted();
        int n = distances.size;
        int p90 = sorted[Math.min(n - 1, (int) (0.9 * n))];
        return p90 > 0 && sorted[n / 2] >= STROKE_SHARPNESS * p90;
    }

    /** The mean grey-level difference between the strokes and their ground, in the clearest view. */
    private static double contrast(Strokes strokes, List<Gray8> views) {
        int n = strokes.pairCount() / 2;
        if (n == 0) {
            return Double.MAX_VALUE;
        }
        double best = 0;
        for (Gray8 view : views) {
            byte[] g = view.pixels();
            long sum = 0;
            for (int k = 0; k < strokes.pairCount(); k += 2) {
                sum += Math.abs((g[strokes.pairs()[k]] & 0xFF) - (g[strokes.pairs()[k + 1]] & 0xFF));
            }
            best = Math.max(best, (double) sum / n);
        }
        return best;
    }

    /** The window from the ground to the extreme (white), within {@link #REACH} of a stroke, black elsewhere. */
    private static Gray8 window(GrayViews.Samples s, FrameDescription d, long extreme, long ground, boolean[] strokes) {
        double e = d.rescaleSlope() * extreme + d.rescaleIntercept();
        double g = d.rescaleSlope() * ground + d.rescaleIntercept();
        Gray8 view = GrayViews.map(s, d, Math.min(e, g), Math.max(e, g), e < g);
        boolean[] near = near(strokes, d.columns(), REACH);
        byte[] pixels = view.pixels();
        for (int i = 0; i < pixels.length; i++) {
            if (!near[i]) {
                pixels[i] = 0;
            }
        }
        return view;
    }

    /** The four pixels two steps across or down from pixel {@code i} (-1 beyond the frame's edge). */
    private static int[] twoAway(int i, int width, int rows) {
        int x = i % width;
        int y = i / width;
        return new int[] {x >= 2 ? i - 2 : -1, x + 2 < width ? i + 2 : -1,
            y >= 2 ? i - 2 * width : -1, y + 2 < rows ? i + 2 * width : -1};
    }

    /**
     * The pixels within {@code reach} (a square) of a marked one: two passes of running counts, across
     * then down, one byte per pixel each (a frame may hold 40 million pixels).
     */
    static boolean[] near(boolean[] marked, int width, int reach) {
        int rows = marked.length / width;
        boolean[] across = new boolean[marked.length];
        for (int y = 0; y < rows; y++) {
            int row = y * width;
            int count = 0;
            for (int x = -reach; x < width; x++) {
                if (x + reach < width && marked[row + x + reach]) {
                    count++;
                }
                if (x - reach - 1 >= 0 && marked[row + x - reach - 1]) {
                    count--;
                }
                if (x >= 0) {
                    across[row + x] = count > 0;
                }
            }
        }
        boolean[] near = new boolean[marked.length];
        for (int x = 0; x < width; x++) {
            int count = 0;
            for (int y = -reach; y < rows; y++) {
                if (y + reach < rows && across[(y + reach) * width + x]) {
                    count++;
                }
                if (y - reach - 1 >= 0 && across[(y - reach - 1) * width + x]) {
                    count--;
                }
                if (y >= 0) {
                    near[y * width + x] = count > 0;
                }
            }
        }
        return near;
    }

    /** A growable list of ints. */
    private static final class Buffer {
        int[] data = new int[64];
        int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        void addAll(Buffer other) {
            for (int k = 0; k < other.size; k++) {
                add(other.data[k]);
            }
        }

        int[] sorted() {
            int[] copy = Arrays.copyOf(data, size);
            Arrays.sort(copy);
            return copy;
        }
    }
}
