package org.mip.deid.pixel.detect;

import static org.mip.deid.pixel.detect.TextLikenessDetector.MAX_HEIGHT;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.mip.deid.pixel.detect.Blobs.Blob;
import org.mip.deid.pixel.detect.TextLikenessDetector.Line;

/**
 * Text at an oblique angle (not a multiple of 90°): the text-likeness detector's rows are horizontal
 * (and, transposed, vertical), so a name drawn at 20-70° makes no row and was published untouched.
 *
 * <p>Cheap candidates first, the full test second: components the main passes left over that could
 * be rotated glyphs, of similar size and contrast, whose centres lie on a straight line at an oblique
 * angle, evenly spaced (a <em>chain</em> of four or more). Each chain's strip of the view (with room
 * above, below and at its ends) is resampled upright, along the fitted direction, and the
 * detector's own line rules (lines and bold lines, not short tokens or fused words) run on that
 * small crop: baseline, heights, one colour, strokes crossed, clear bands. Only a line they accept
 * there is text. Speckle, vessels and rulers make chains by chance; they do not pass the line rules
 * upright any more than they do when they are horizontal. The cost is proportional to the chains,
 * not the frame (at most {@value #MAX_CROPS} crops per view and polarity).
 *
 * <p>What is answered is not the rotated rectangle's bounding box (at 45° that is four times the
 * text's area) but a staircase of axis-aligned boxes, one per stretch of
 * {@value #SEGMENT_HEIGHTS} line heights: each the bounding box of its stretch of the rotated line,
 * together covering it, about twice the text's area before margins.
 */
final class ObliqueLines {
    /**
     * Chains are sought at fitted angles at least this far (degrees) from horizontal and vertical; from
     * {@link #FLAT_ANGLE} up to this angle only when long enough for the row rules to fail on them
     * ({@link #MAX_ROW_DRIFT}).
     */
    static final double MIN_ANGLE = 7;
    /** Closer to horizontal or vertical than this (degrees), a chain is always the main passes' business. */
    static final double FLAT_ANGLE = 2;
    /**
     * A chain slanted less than {@link #MIN_ANGLE} is the main passes' business while its ends differ
     * across the row by less than this share of its characters' size: the row rules read its baseline
     * then (they allow a quarter of a height). A long name slanted by 6.8° drifted 1.6 heights from
     * end to end, failed the row rules' baseline and was below this pass's angle: published untouched
     * (an adversarial probe, 2026-12-07).
     */
    static final double MAX_ROW_DRIFT = 0.25;
    /** A chain has at least this many components. */
    static final int MIN_CHAIN = 4;
    /**
     * An oblique line, upright, needs this many characters and the strict score (speckle along the rim
     * of a dark cyst made a four-character line of 0.93 on a corpus control).
     */
    static final int MIN_CHARS = 5;
    /** Crops examined at most, per view and polarity (the longest chains first). */
    static final int MAX_CROPS = 24;
    /** Each box of the staircase covers this many line heights of the rotated line. */
    static final double SEGMENT_HEIGHTS = 2.0;
    /** Largest side of a candidate glyph's box: a 48 px glyph at 45° measures about 1.4 times that. */
    static final int MAX_SIZE = (int) (1.45 * MAX_HEIGHT);
    /** A line is along an edge when in this share of its columns the grey above and below differ by {@link #EDGE_STEP}. */
    static final double EDGE_SHARE = 0.7;
    static final int EDGE_STEP = 60;

    private ObliqueLines() {
    }

    /**
     * Oblique lines of text in one polarity of a view.
     *
     * @param image  the view
     * @param blobs  that polarity's components (of the main mask)
     * @param known  boxes (frame coordinates) of text the main passes accepted: their components are not candidates
     * @param boldLines whether the upright crops get the bold-line pass too
     * @param accepted the strips of the view already accepted (both polarities): in, and added to
     */
    static List<TextBox> find(Gray8 image, List<Blob> blobs, List<TextBox> known, boolean boldLines,
                              List<double[]> accepted) {
        List<Blob> cand = new ArrayList<>();
        for (Blob b : blobs) {
            if (glyph(b) && !inside(b, known)) {
                cand.add(b);
            }
        }
        if (cand.size() < MIN_CHAIN) {
            return List.of();
        }
        int n = cand.size();
        double[] cx = new double[n];
        double[] cy = new double[n];
        double[] size = new double[n];
        for (int i = 0; i < n; i++) {
            Blob b = cand.get(i);
            cx[i] = (b.x0 + b.x1) / 2.0;
            cy[i] = (b.y0 + b.y1) / 2.0;
            size[i] = Math.max(b.width(), b.height());
        }
        int[][] near = neighbours(cand, cx, cy, size);
        List<int[]> chains = chains(near, cx, cy, size);
        chains.sort(Comparator.comparingInt((int[] c) -> -c.length));
        List<TextBox> out = new ArrayList<>();
        int crops = 0;
        for (int[] chain : chains) {
            if (crops >= MAX_CROPS) {
                break;
            }
            if (covered(chain, cx, cy, accepted)) {
                continue;
            }
            Strip s = Strip.fit(chain, cand, cx, cy, size);
            if (s == null) {
                continue;
            }
            crops++;
            List<TextBox> boxes = s.detect(image, boldLines, accepted);
            out.addAll(boxes);
        }
        return out;
    }

    /** Could be a glyph at any angle: its box up to {@link #MAX_SIZE}, thin strokes, not a solid blob or a long straight bar. */
    static boolean glyph(Blob b) {
        int w = b.width();
        int h = b.height();
        int s = Math.max(w, h);
        if (s < 6 || s > MAX_SIZE || b.area < 6 || Math.min(w, h) < 2 || s > 5 * Math.min(w, h)) {
            return false;
        }
        if (b.strokeWidth() > Math.max(2.2, 0.3 * s)) {
            return false;
        }
        double fill = b.fill();
        return fill >= 0.06 && fill <= 0.9;
    }

    private static boolean inside(Blob b, List<TextBox> known) {
        double x = (b.x0 + b.x1) / 2.0;
        double y = (b.y0 + b.y1) / 2.0;
        for (TextBox k : known) {
            if (x >= k.x() - 2 && x < k.right() + 2 && y >= k.y() - 2 && y < k.bottom() + 2) {
                return true;
            }
        }
        return false;
    }

    /** Per candidate, the others of similar size and contrast whose centres are within 1.5 sizes. */
    private static int[][] neighbours(List<Blob> cand, double[] cx, double[] cy, double[] size) {
        int n = cand.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> cx[i]));
        List<List<Integer>> near = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            near.add(new ArrayList<>());
        }
        for (int oi = 0; oi < n; oi++) {
            int a = order[oi];
            for (int oj = oi + 1; oj < n; oj++) {
                int b = order[oj];
                if (cx[b] - cx[a] > 1.5 * MAX_SIZE + 2) {
                    break;
                }
                double smax = Math.max(size[a], size[b]);
                double reach = 1.5 * smax + 2;
                double dx = cx[b] - cx[a];
                double dy = cy[b] - cy[a];
                if (dx > reach || Math.abs(dy) > reach || dx * dx + dy * dy > reach * reach
                        || smax > 2.2 * Math.min(size[a], size[b])) {
                    continue;
                }
                Blob ba = cand.get(a);
                Blob bb = cand.get(b);
                if (Math.max(ba.peak, bb.peak) > 3 * Math.min(ba.peak, bb.peak)) {
                    continue;
                }
                near.get(a).add(b);
                near.get(b).add(a);
            }
        }
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = near.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /**
     * Chains of {@value #MIN_CHAIN} or more: from each pair of neighbours, followed both ways to the
     * nearest neighbour within 20° of the chain's direction and close to its line. A pair already in
     * one chain together seeds no other.
     */
    private static List<int[]> chains(int[][] near, double[] cx, double[] cy, double[] size) {
        int n = near.length;
        int[] chainOf = new int[n];
        Arrays.fill(chainOf, -1);
        List<int[]> out = new ArrayList<>();
        int budget = 20000; // bounds the work on a frame of speckle
        for (int a = 0; a < n && budget > 0; a++) {
            for (int b : near[a]) {
                if (b < a || (chainOf[a] >= 0 && chainOf[a] == chainOf[b])) {
                    continue;
                }
                budget--;
                List<Integer> fwd = follow(a, b, near, cx, cy, size);
                List<Integer> back = follow(b, a, near, cx, cy, size);
                int len = fwd.size() + back.size() - 2;
                if (len < MIN_CHAIN) {
                    continue;
                }
                int[] chain = new int[len];
                int k = 0;
                for (int i = back.size() - 1; i >= 2; i--) {
                    chain[k++] = back.get(i);
                }
                for (int v : fwd) {
                    chain[k++] = v;
                }
                int id = out.size();
                for (int v : chain) {
                    if (chainOf[v] < 0) {
                        chainOf[v] = id;
                    }
                }
                out.add(chain);
            }
        }
        return out;
    }

    /** The chain from a through b onwards: a, b, then each next member. */
    private static List<Integer> follow(int a, int b, int[][] near, double[] cx, double[] cy, double[] size) {
        List<Integer> chain = new ArrayList<>();
        chain.add(a);
        chain.add(b);
        double ox = cx[a];
        double oy = cy[a];
        int last = b;
        while (chain.size() < 64) {
            double dx = cx[last] - ox;
            double dy = cy[last] - oy;
            double len = Math.hypot(dx, dy);
            if (len == 0) {
                break;
            }
            dx /= len;
            dy /= len;
            int best = -1;
            double bestDist = Double.MAX_VALUE;
            for (int c : near[last]) {
                if (chain.contains(c)) {
                    continue;
                }
                double ex = cx[c] - cx[last];
                double ey = cy[c] - cy[last];
                double d = Math.hypot(ex, ey);
                double along = (ex * dx + ey * dy) / Math.max(d, 1e-9);
                // from the chain's line: the offset of c across it
                double across = Math.abs((cx[c] - ox) * -dy + (cy[c] - oy) * dx);
                if (along < 0.94 || across > 0.3 * size[c] + 1) { // within 20° and near the line
                    continue;
                }
                if (d < bestDist) {
                    bestDist = d;
                    best = c;
                }
            }
            if (best < 0) {
                break;
            }
            chain.add(best);
            last = best;
        }
        return chain;
    }

    /** Whether most of a chain lies in a strip already accepted as text. */
    private static boolean covered(int[] chain, double[] cx, double[] cy, List<double[]> accepted) {
        int in = 0;
        for (int i : chain) {
            for (double[] r : accepted) {
                if (Strip.contains(r, cx[i], cy[i])) {
                    in++;
                    break;
                }
            }
        }
        return 2 * in > chain.length;
    }

    /** A chain's strip: its fitted direction and extent, and the crop examined upright. */
    static final class Strip {
        final double ux;
        final double uy;
        /** Along u: from u0 to u1; across (v = (-uy, ux)): from v0 to v1 (frame coordinates projected). */
        final double u0;
        final double u1;
        final double v0;
        final double v1;
        final double height;

        private Strip(double ux, double uy, double u0, double u1, double v0, double v1, double height) {
            this.ux = ux;
            this.uy = uy;
            this.u0 = u0;
            this.u1 = u1;
            this.v0 = v0;
            this.v1 = v1;
            this.height = height;
        }

        /** The chain's line (least squares through the centres), or null when it is not straight, even or oblique. */
        static Strip fit(int[] chain, List<Blob> cand, double[] cx, double[] cy, double[] size) {
            int k = chain.length;
            double mx = 0;
            double my = 0;
            for (int i : chain) {
                mx += cx[i];
                my += cy[i];
            }
            mx /= k;
            my /= k;
            double sxx = 0;
            double syy = 0;
            double sxy = 0;
            for (int i : chain) {
                sxx += (cx[i] - mx) * (cx[i] - mx);
                syy += (cy[i] - my) * (cy[i] - my);
                sxy += (cx[i] - mx) * (cy[i] - my);
            }
            double theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);
            double deg = Math.toDegrees(theta);
            double off = Math.abs(deg) % 90;
            double slant = Math.min(off, 90 - off);
            if (slant < FLAT_ANGLE) {
                return null; // horizontal or vertical: the main passes' business
            }
            double ux = Math.cos(theta);
            double uy = Math.sin(theta);
            double[] sizes = new double[k];
            double[] along = new double[k];
            double rms = 0;
            for (int j = 0; j < k; j++) {
                int i = chain[j];
                sizes[j] = size[i];
                along[j] = cx[i] * ux + cy[i] * uy;
                double across = (cx[i] - mx) * -uy + (cy[i] - my) * ux;
                rms += across * across;
            }
            Arrays.sort(sizes);
            double med = sizes[k / 2];
            if (Math.sqrt(rms / k) > 0.25 * med + 1) {
                return null; // not straight
            }
            Arrays.sort(along);
            if (slant < MIN_ANGLE && (along[k - 1] - along[0]) * Math.sin(Math.toRadians(slant)) < MAX_ROW_DRIFT * med) {
                return null; // nearly level and short: the row rules read its baseline
            }
            double[] gaps = new double[k - 1];
            for (int j = 1; j < k; j++) {
                gaps[j - 1] = along[j] - along[j - 1];
            }
            double[] sortedGaps = gaps.clone();
            Arrays.sort(sortedGaps);
            double medGap = sortedGaps[(k - 1) / 2];
            if (medGap < 0.3 * med) {
                return null; // piled up, not side by side
            }
            double u0 = Double.MAX_VALUE;
            double u1 = -Double.MAX_VALUE;
            double v0 = Double.MAX_VALUE;
            double v1 = -Double.MAX_VALUE;
            for (int i : chain) {
                Blob b = cand.get(i);
                for (int corner = 0; corner < 4; corner++) {
                    double x = corner % 2 == 0 ? b.x0 - 0.5 : b.x1 + 0.5;
                    double y = corner / 2 == 0 ? b.y0 - 0.5 : b.y1 + 0.5;
                    double u = x * ux + y * uy;
                    double v = -x * uy + y * ux;
                    u0 = Math.min(u0, u);
                    u1 = Math.max(u1, u);
                    v0 = Math.min(v0, v);
                    v1 = Math.max(v1, v);
                }
            }
            return new Strip(ux, uy, u0, u1, v0, v1, med);
        }

        static boolean contains(double[] r, double x, double y) {
            double u = x * r[0] + y * r[1];
            double v = -x * r[1] + y * r[0];
            return u >= r[2] && u <= r[3] && v >= r[4] && v <= r[5];
        }

        /**
         * The strip resampled upright (bilinear; room of 1.5 line heights at the ends and one above and
         * below, for the line rules' bands and the letters the chain left out), the detector's line rules
         * on it, and each accepted line that lies on the chain mapped back as a staircase of boxes.
         */
        List<TextBox> detect(Gray8 image, boolean boldLines, List<double[]> accepted) {
            double padU = 1.5 * height + 4;
            double padV = 1.0 * height + 4;
            double cu0 = u0 - padU;
            double cv0 = v0 - padV;
            int cw = (int) Math.ceil(u1 - u0 + 2 * padU);
            int ch = (int) Math.ceil(v1 - v0 + 2 * padV);
            if (cw <= 0 || ch <= 0 || (long) cw * ch > 4L * image.width() * image.height()) {
                return List.of();
            }
            Gray8 crop = sample(image, cu0, cv0, cw, ch);
            double mid = (v0 + v1) / 2 - cv0;
            // the lines on the chain's line (both polarities of one text, words of one line) as one strip
            double a0 = Double.MAX_VALUE;
            double a1 = -Double.MAX_VALUE;
            double b0 = Double.MAX_VALUE;
            double b1 = -Double.MAX_VALUE;
            double score = 0;
            List<Line> onChain = new ArrayList<>();
            for (Line l : TextLikenessDetector.candidates(crop, false, boldLines, false, null)) {
                if (l.score > 0 && !l.vertical && mid >= l.y0 - 1 && mid <= l.y1 + 1 && !edge(crop, l)) {
                    onChain.add(l); // on the chain's line, not across it, not along an edge
                    if (l.score >= TextLikenessDetector.STRICT_SCORE && l.chars >= MIN_CHARS) {
                        score = Math.max(score, l.score);
                    }
                }
            }
            if (score > 0) {
                // a sure line: with the other lines on the chain (a short word beside it), and the chain's
                // own ends ("ID" before a number: two letters make no line of their own)
                a0 = u0;
                a1 = u1;
                for (Line l : onChain) {
                    a0 = Math.min(a0, cu0 + l.x0 - 0.5);
                    a1 = Math.max(a1, cu0 + l.x1 + 0.5);
                    b0 = Math.min(b0, cv0 + l.y0 - 0.5);
                    b1 = Math.max(b1, cv0 + l.y1 + 0.5);
                }
            }
            if (score == 0) {
                return List.of();
            }
            double cu = (a0 + a1) / 2;
            double cv = (b0 + b1) / 2;
            for (double[] r : accepted) {
                // the same line found again (the other polarity, another chain on it): one staircase only
                if (Strip.contains(r, fx(cu, cv), fy(cu, cv)) && Strip.contains(r, fx(a0 + 2, cv), fy(a0 + 2, cv))
                        && Strip.contains(r, fx(a1 - 2, cv), fy(a1 - 2, cv))) {
                    return List.of();
                }
            }
            accepted.add(new double[] {ux, uy, a0 - 2, a1 + 2, b0 - 2, b1 + 2});
            List<TextBox> out = new ArrayList<>();
            int line = (int) Math.round(b1 - b0);
            // Pieces start on a grid along the line (multiples of seg from the origin), so the views of one
            // frame, which find the same line a pixel apart, give nearly the same pieces.
            double seg = 4 * Math.max(2, Math.round(SEGMENT_HEIGHTS * (b1 - b0) / 4));
            for (double p = Math.floor(a0 / seg) * seg; p < a1; p += seg) {
                TextBox box = box(Math.max(a0, p), Math.min(a1, p + seg), b0, b1, score, line, image);
                if (box != null) {
                    out.add(box);
                }
            }
            return out;
        }

        /**
         * Whether the line runs along a step between two greys: the jagged border of an ultrasound
         * sector or a collimator at an angle leaves evenly spaced stair steps, which upright look like a
         * row of small characters with clear bands. Text has one background on both sides; here, in most
         * columns, the grey just above and just below the line differ by {@value #EDGE_STEP} levels or more.
         */
        static boolean edge(Gray8 crop, Line l) {
            int above = l.y0 - 3;
            int below = l.y1 + 3;
            if (above < 0 || below >= crop.height()) {
                return false;
            }
            int columns = 0;
            int steps = 0;
            for (int x = l.x0; x <= l.x1; x++) {
                int a = (crop.get(x, above) + crop.get(x, above + 1)) / 2;
                int b = (crop.get(x, below) + crop.get(x, below - 1)) / 2;
                columns++;
                if (Math.abs(a - b) >= EDGE_STEP) {
                    steps++;
                }
            }
            return steps >= EDGE_SHARE * columns;
        }

        /** The bounding box, in frame pixels, of the rotated rectangle [a0, a1] x [b0, b1] (u, v). */
        private double fx(double u, double v) {
            return u * ux - v * uy;
        }

        private double fy(double u, double v) {
            return u * uy + v * ux;
        }

        private TextBox box(double a0, double a1, double b0, double b1, double score, int line, Gray8 image) {
            double x0 = Double.MAX_VALUE;
            double y0 = Double.MAX_VALUE;
            double x1 = -Double.MAX_VALUE;
            double y1 = -Double.MAX_VALUE;
            for (double a : new double[] {a0, a1}) {
                for (double b : new double[] {b0, b1}) {
                    double x = a * ux - b * uy;
                    double y = a * uy + b * ux;
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
            int ix0 = Math.max(0, (int) Math.floor(x0 + 0.5));
            int iy0 = Math.max(0, (int) Math.floor(y0 + 0.5));
            int ix1 = Math.min(image.width(), (int) Math.ceil(x1 + 0.5));
            int iy1 = Math.min(image.height(), (int) Math.ceil(y1 + 0.5));
            if (ix1 <= ix0 || iy1 <= iy0) {
                return null;
            }
            return TextBox.oblique(ix0, iy0, ix1 - ix0, iy1 - iy0, score, line);
        }

        /** Pixel (i, j) of the crop is the view at u = cu0 + i, v = cv0 + j (bilinear; clamped at the edges). */
        private Gray8 sample(Gray8 image, double cu0, double cv0, int cw, int ch) {
            int w = image.width();
            int h = image.height();
            byte[] src = image.pixels();
            byte[] out = new byte[cw * ch];
            for (int j = 0; j < ch; j++) {
                double v = cv0 + j;
                for (int i = 0; i < cw; i++) {
                    double u = cu0 + i;
                    double x = Math.min(w - 1, Math.max(0, u * ux - v * uy));
                    double y = Math.min(h - 1, Math.max(0, u * uy + v * ux));
                    int xi = Math.min(w - 2, (int) x);
                    int yi = Math.min(h - 2, (int) y);
                    if (w < 2 || h < 2) {
                        out[j * cw + i] = src[0];
                        continue;
                    }
                    double fx = x - xi;
                    double fy = y - yi;
                    int p = yi * w + xi;
                    double top = (src[p] & 0xFF) * (1 - fx) + (src[p + 1] & 0xFF) * fx;
                    double bottom = (src[p + w] & 0xFF) * (1 - fx) + (src[p + w + 1] & 0xFF) * fx;
                    out[j * cw + i] = (byte) Math.round(top * (1 - fy) + bottom * fy);
                }
            }
            return new Gray8(cw, ch, out);
        }
    }
}
