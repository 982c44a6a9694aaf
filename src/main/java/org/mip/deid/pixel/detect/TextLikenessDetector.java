package org.mip.deid.pixel.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.mip.deid.pixel.detect.Blobs.Blob;

/**
 * Finds text by its look, without reading it: for recall where OCR misses (small, rotated,
 * low-contrast text). Pure Java, thread-safe, no state.
 *
 * <ol>
 * <li>Strokes: the white and black top-hats (9x9 square) keep what is narrower than 9 px and stands
 *     out from its surroundings, light on dark and dark on light; smooth anatomy and flat areas go.</li>
 * <li>Threshold: at least {@value #MIN_CONTRAST} grey levels and {@value #NOISE_FACTOR} times the
 *     local noise (per 32x32 tile, from the median difference of neighbouring pixels; capped at
 *     {@value #MAX_THRESHOLD}), so ultrasound speckle and quantum noise raise the bar where they are
 *     and nowhere else. Straight runs longer than {@value #LONG_RUN} px (axes, rulers, underlines) are
 *     cleared, so they do not fuse the characters they touch.</li>
 * <li>Characters: 8-connected components 5-48 px high with thin strokes (mean stroke width at most
 *     max(2.2, 0.35 x height)) filling at least {@value #MIN_FILL} of their box; speckle grains are
 *     solid (stroke width half their size), branching vessels sparse.</li>
 * <li>Lines: each character links to the nearest one to its right of similar height (at most 2.2
 *     times), overlapping vertically by half, at most 1.1 heights away. A line needs three
 *     characters (five when their median height is under {@value #MIN_LINE_HEIGHT} px), consistent heights, a shared
 *     baseline or top line, one colour, about one or more strokes crossed per character along it (a
 *     curve crosses fewer), and clear bands above and below (text has line spacing; speckle and
 *     vessel trees do not; a row of two colours, a name running from bone onto tissue, is held to
 *     the rules again with its components of the median's colour, {@code ofItsColour}). Over
 *     texture (a name inside an ultrasound sector) the bands hold grains, but none of the line's
 *     own colour: such a line of light ink passes on its colour's bands when it has three components or more (or
 *     is a fused word: six characters wide, 1.5 strokes crossed per character), of one grey within
 *     {@value #TEXTURE_MAX_SPREAD} of its contrast, crossed by {@value #TEXTURE_MIN_RUNS} strokes per
 *     character or more. Short
 *     (three-character) and vertical lines must score
 *     {@value #STRICT_SCORE} or more. The same is done on the transposed components for text rotated
 *     by 90°.</li>
 * <li>Growth: an accepted line takes in the characters of its colour and size beside it that made no
 *     line of their own, and small marks (dots, hyphens) next to it; its box stays within 0.6 heights
 *     of its median top and bottom, so a glyph fused with a speckle grain does not stretch it.</li>
 * <li>Bold lines: small components (5-10 px high) up to a pixel thicker than a character's bound,
 *     as anti-aliased bold strokes are, count as characters only in a row of text
 *     ({@link #boldLines}); a second pass after the first, which only adds.</li>
 * </ol>
 * Short tokens of one to four characters (device annotations: "P21", "0.9", "TIS", "A") make no
 * line; {@link ShortTokens} accepts them where a device draws them: on a quiet background, in a
 * column or row of tokens of their size ({@link #linesOnly()} leaves them out). Text at an angle that
 * is not a multiple of 90° makes neither rows nor columns; {@link ObliqueLines} looks for it among the
 * components left over, along a fitted direction, and checks it upright with these same line rules.
 * Letter-spaced text, its characters too far apart to link, is looked for among the characters no
 * line took, linked up to {@value #SPACED_REACH} heights apart and kept only as regular as set text
 * ({@link #spacedLines}).
 * Text taller than {@value #MAX_HEIGHT} px is looked for on the frame reduced by 2 and by 4
 * ({@link #REDUCTIONS}), with the line rules only and stricter terms ({@code largeLine}, {@link Line#trimToLetters}).
 * Frames above {@link #MAX_PIXELS} pixels are scanned in overlapping tiles.
 */
public final class TextLikenessDetector implements TextDetector {
    static final int RADIUS = 4;
    static final int MIN_CONTRAST = 28;
    /** The floor of {@link #dimLines} on a flat panel, where a label 10 grey levels off it is plain once windowed. */
    static final int MARGIN_CONTRAST = 10;
    /** A dim line has at least this many characters: a lone dim token or two is not taken without OCR. */
    static final int DIM_MIN_CHARS = 5;
    static final double NOISE_FACTOR = 7.0;
    static final int MAX_THRESHOLD = 120;
    /** The noise, and so the threshold, is estimated per square of this side. */
    static final int NOISE_TILE = 32;
    static final int MIN_HEIGHT = 5;
    static final int MAX_HEIGHT = 48;
    /** Characters fill at least this share of their box; branching vessels and curves less. */
    static final double MIN_FILL = 0.12;
    /** Straight runs of stroke pixels longer than this are lines, not characters. */
    static final int LONG_RUN = 64;
    /** How far past a rule's edge a crossing stroke's ink is looked for ({@link #removeLongRuns}). */
    static final int CROSS_REACH = 3;
    /** Lines of smaller characters (median) need five of them: short groups of small ones are noise and speckle grains. */
    static final int MIN_LINE_HEIGHT = 6;
    /** The score a short or vertical line needs. */
    static final double STRICT_SCORE = 0.9;
    /** At most this share of stroke pixels in the bands above and below a line. */
    static final double MAX_BAND = 0.08;
    /** The most a line's components' own greys may spread, relative to their contrast ({@link Line#extremeSpread}): text is of one colour. */
    static final double MAX_SPREAD = 0.35;
    /**
     * The most a line over texture ({@link #score}) may spread in its components' greys, and the
     * fewest strokes crossed per character: text is drawn in one value and crossed by its letters'
     * stems; a row of speckle grains varies and is crossed about once per grain. Names over the
     * speckle of a probe (2026-12-07) measured 0.00-0.02 and 1.18-1.9; grain rows it blanked 0.09 and 1.0.
     */
    static final double TEXTURE_MAX_SPREAD = 0.05;
    static final double TEXTURE_MIN_RUNS = 1.1;
    /**
     * A component whose outline is at most this many times twice its length is one stroke along the line
     * (a vessel), not letters: {@link #oneStroke}. Letters fused into one component stack strokes in
     * their columns (bars, bowls, counters) and measured 1.16 and up in the project's tests; vessel pieces
     * taken for a word, 1.03-1.07 (a probe's XA cine, and a synthetic cine's, 2026-12-07).
     */
    static final double ONE_STROKE_OUTLINE = 1.12;
    /** How far apart, in heights, the characters of letter-spaced text may stand ({@link #spacedLines}). */
    static final double SPACED_REACH = 2.2;

    /**
     * Frames above this many pixels are scanned in overlapping tiles, so memory stays bounded (about
     * 45 bytes per pixel of a tile) whatever the frame's size.
     */
    static final int MAX_PIXELS = 1536 * 1536;
    static final int TILE_SIZE = 1024;
    /** Tiles overlap by this much: a line cut by one tile's edge is whole, or at least long, in the next. */
    static final int TILE_OVERLAP = 160;
    /**
     * Grey levels this close to black or white count as a screen's margin (JPEG leaves its black at 0-8);
     * this close to a panel's grey, as the panel ({@link FlatPanels}).
     */
    static final int MARGIN_GREY = 8;

    /**
     * Text taller than {@value #MAX_HEIGHT} px (a name written large across an image, its strokes wider
     * than the top-hats keep) is looked for on the frame reduced by each factor (the mean of f x f
     * pixels), with the line rules only: {factor, the least median character height, in frame pixels,
     * of a line counted from it}. The factor 2 overlaps the frame's own scale from 32 px, where strokes
     * of bold or thick-penned text already fill the top-hats' square; the factor 4 overlaps the factor 2
     * from 64 px, where bold strokes (15-18 px at 100 px) fill it again on the frame reduced by 2 (a
     * probe, 2026-12-07: "HALL" in 100 px bold over an ultrasound, caps 73 px high, was found by neither
     * while the factor 4 asked 80 px).
     */
    static final int[][] REDUCTIONS = {{2, 32}, {4, 64}};
    /** The most a large line's components' own greys may spread, relative to their contrast ({@link Line#extremeSpread}). */
    static final double LARGE_MAX_SPREAD = 0.2;
    /** How far, in median heights, a large line's end components may stand off its baseline or top line ({@link Line#trimToLetters}). */
    static final double BASELINE_TOLERANCE = 0.15;
    /** The least median stroke width, in reduced pixels, of a large line's components: thin curves are not large letters. */
    static final double LARGE_MIN_STROKE = 1.5;
    /** The least mean stroke width, in frame pixels, of a large line's ink in the frame ({@code strokesInFrame}). */
    static final double LARGE_MIN_STROKE_IN_FRAME = 2.2;
    /**
     * A large line is at most this share of the frame's height: a name burned in is a label on the
     * image, not most of it. On a 256x256 angiogram reduced by 4, a vessel tree made a "line" 168 px
     * tall and 56 % of the frame was blanked (a probe, 2026-12-07; 1 of 8 such clean frames); the
     * largest name of that probe was 70 px on a 256 px MR (27 %).
     */
    static final double LARGE_MAX_SHARE = 0.4;
    /** A reduced image narrower than this (either side) is not scanned: it could not hold a line of large text. */
    static final int MIN_REDUCED_SIDE = 48;

    private final boolean shortTokens;
    private final boolean boldLines;
    private final boolean fusedWords;
    private final boolean obliqueLines;
    private final boolean largeText;

    /**
     * The standard detector: lines of text (bold ones too), short tokens in a device-annotation layout,
     * and tiny words whose glyphs run together on a margin ({@link FusedWords}).
     */
    public TextLikenessDetector() {
        this(true, true, true, true, true);
    }

    private TextLikenessDetector(boolean shortTokens, boolean boldLines, boolean fusedWords, boolean obliqueLines,
                                 boolean largeText) {
        this.largeText = largeText;
        this.shortTokens = shortTokens;
        this.boldLines = boldLines;
        this.fusedWords = fusedWords;
        this.obliqueLines = obliqueLines;
    }

    /** Lines of three characters or more only (bold ones too), without {@link ShortTokens}: for measuring what they add. */
    public static TextLikenessDetector linesOnly() {
        return new TextLikenessDetector(false, true, false, true, true);
    }

    /** The standard detector without bold lines ({@link BoldLines}): for measuring what they add. */
    public static TextLikenessDetector withoutBoldLines() {
        return new TextLikenessDetector(true, false, true, true, true);
    }

    /** The standard detector without fused words ({@link FusedWords}): for measuring what they add. */
    public static TextLikenessDetector withoutFusedWords() {
        return new TextLikenessDetector(true, true, false, true, true);
    }

    /** The standard detector without oblique lines ({@link ObliqueLines}): for measuring what they add. */
    public static TextLikenessDetector withoutObliqueLines() {
        return new TextLikenessDetector(true, true, true, false, true);
    }

    /** The standard detector without the large-text pass ({@link #REDUCTIONS}): for measuring what it adds. */
    public static TextLikenessDetector withoutLargeText() {
        return new TextLikenessDetector(true, true, true, true, false);
    }

    @Override
    public String name() {
        return "text-likeness";
    }

    /**
     * This detector without {@link FusedWords} and without the large-text pass: on a redacted frame a
     * blanked box is margin too, and the slivers of image left between it and a black border look like
     * tiny words on a margin; on the reduced frame, a blanked box's edge and the anatomy beside it make
     * rows of large "letters". Blanking them would cut into the image round after round. What a large
     * word's box left of it is seen at the frame's own scale ({@link LineEnds}, the other passes).
     */
    @Override
    public TextLikenessDetector onRedactedFrames() {
        return new TextLikenessDetector(shortTokens, boldLines, false, obliqueLines, false);
    }

    @Override
    public List<TextBox> detect(Gray8 image) {
        List<TextBox> out = scan(image, (l, dx, dy) -> true, shortTokens, boldLines, fusedWords, obliqueLines);
        if (!largeText) {
            return out;
        }
        for (int[] r : REDUCTIONS) {
            int f = r[0];
            if (Math.min(image.width(), image.height()) / f < MIN_REDUCED_SIDE) {
                continue;
            }
            double minHeight = (double) r[1] / f;
            int tallest = (int) (LARGE_MAX_SHARE * image.height());
            LineFilter large = (l, dx, dy) -> largeLine(l, minHeight) && l.trimToLetters()
                    && (l.y1 - l.y0 + 1) * f <= tallest
                    && strokesInFrame(image, l.box(l.score), dx, dy, f, l.dark);
            for (TextBox b : scan(Resample.mean(image, f), large, false, false, false, false)) {
                out.add(new TextBox(b.x() * f, b.y() * f, b.width() * f, b.height() * f, b.source(), b.confidence(),
                        b.vertical()));
            }
        }
        return out;
    }

    /**
     * On a reduced frame a line counts only when it is across, of three components or more, of one
     * colour and as tall as its factor asks: there a body's outline, a wire, a colour bar's ticks or an
     * ECG trace are as small as letters, and make rows and columns of "characters" of their own;
     * burned-in text is drawn in one value, and large text with strokes of a few pixels, which stay
     * strokes when reduced (a pixel-wide curve mostly fades; where it does not, {@code strokesInFrame}
     * tells it from a letter).
     */
    private static boolean largeLine(Line l, double minHeight) {
        if (l.vertical || l.blobs.size() < 3 || l.extremeSpread > LARGE_MAX_SPREAD || l.medianHeight < minHeight) {
            return false;
        }
        double[] strokes = new double[l.blobs.size()];
        for (int i = 0; i < strokes.length; i++) {
            strokes[i] = l.blobs.get(i).strokeWidth();
        }
        return median(strokes) >= LARGE_MIN_STROKE;
    }

    /**
     * Whether the ink of a large line found on the frame reduced by {@code f} has strokes of substance
     * in the frame itself: in its box there, the pixels on the ink's side of halfway between the ink (the
     * 2nd or 98th percentile) and the ground (the median, or the other end where the median is ink), area over half their boundary, at least
     * {@value #LARGE_MIN_STROKE_IN_FRAME} px. Reduced, a pixel-wide curve or wave keeps its shape but
     * spreads into strokes as thick as a large letter's; in the frame it is still a pixel wide.
     *
     * @param reduced the line's box on the reduced image scanned, which lies at (dx, dy) of the reduced frame
     */
    private static boolean strokesInFrame(Gray8 frame, TextBox reduced, int dx, int dy, int f, boolean dark) {
        int x0 = (reduced.x() + dx) * f;
        int y0 = (reduced.y() + dy) * f;
        int x1 = Math.min(frame.width(), (reduced.right() + dx) * f);
        int y1 = Math.min(frame.height(), (reduced.bottom() + dy) * f);
        int[] histogram = new int[256];
        byte[] px = frame.pixels();
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                histogram[px[y * frame.width() + x] & 0xFF]++;
            }
        }
        int n = (x1 - x0) * (y1 - y0);
        int ink = percentile(histogram, n, dark ? 0.02 : 0.98);
        int ground = percentile(histogram, n, 0.5);
        if (Math.abs(ink - ground) < MIN_CONTRAST) {
            // a bold word can fill more than half its box, and its median is ink: the ground is then
            // the other end (a probe, 2026-12-07: "RAVI" and "MARIA", 80 px bold, left after the first word)
            // (only over a flat ground: a quarter of the box or more within a few levels of it, as around
            // letters on a panel; vessels and waves fill their boxes over a ground of every grey)
            ground = percentile(histogram, n, dark ? 0.98 : 0.02);
            int flat = 0;
            for (int g = Math.max(0, ground - MIN_CONTRAST / 4); g <= Math.min(255, ground + MIN_CONTRAST / 4); g++) {
                flat += histogram[g];
            }
            if (Math.abs(ink - ground) < MIN_CONTRAST || flat < n / 4) {
                return false;
            }
        }
        int cut = (ink + ground) / 2;
        int area = 0;
        int edge = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (isInk(px, frame.width(), x, y, cut, dark)) {
                    area++;
                    if (x == x0 || y == y0 || x == x1 - 1 || y == y1 - 1 || !isInk(px, frame.width(), x - 1, y, cut, dark)
                            || !isInk(px, frame.width(), x + 1, y, cut, dark) || !isInk(px, frame.width(), x, y - 1, cut, dark)
                            || !isInk(px, frame.width(), x, y + 1, cut, dark)) {
                        edge++;
                    }
                }
            }
        }
        return 2.0 * area / Math.max(1, edge) >= LARGE_MIN_STROKE_IN_FRAME;
    }

    private static boolean isInk(byte[] px, int width, int x, int y, int cut, boolean dark) {
        int v = px[y * width + x] & 0xFF;
        return dark ? v <= cut : v >= cut;
    }

    /** The grey below which a share {@code q} of the {@code n} pixels of a histogram lie. */
    private static int percentile(int[] histogram, int n, double q) {
        long want = (long) Math.ceil(q * n);
        long seen = 0;
        for (int g = 0; g < 256; g++) {
            seen += histogram[g];
            if (seen >= want && seen > 0) {
                return g;
            }
        }
        return 255;
    }

    /** The detector on one image, whole or in overlapping tiles; only the lines {@code keep} accepts. */
    private static List<TextBox> scan(Gray8 image, LineFilter keep, boolean shortTokens, boolean boldLines,
                                      boolean fusedWords, boolean obliqueLines) {
        if ((long) image.width() * image.height() <= MAX_PIXELS) {
            return detectWhole(image, 0, 0, keep, shortTokens, boldLines, fusedWords, obliqueLines);
        }
        List<TextBox> out = new ArrayList<>();
        int step = TILE_SIZE - TILE_OVERLAP;
        for (int ty = 0; ty < image.height(); ty += step) {
            for (int tx = 0; tx < image.width(); tx += step) {
                int w = Math.min(TILE_SIZE, image.width() - tx);
                int h = Math.min(TILE_SIZE, image.height() - ty);
                for (TextBox b : detectWhole(crop(image, tx, ty, w, h), tx, ty, keep, shortTokens, boldLines, fusedWords,
                        obliqueLines)) {
                    out.add(new TextBox(b.x() + tx, b.y() + ty, b.width(), b.height(), b.source(), b.confidence(),
                            b.vertical(), null, b.line()));
                }
                if (tx + w >= image.width()) {
                    break;
                }
            }
            if (ty + Math.min(TILE_SIZE, image.height() - ty) >= image.height()) {
                break;
            }
        }
        return out;
    }

    /** A line kept or not; {@code dx, dy}: where the image scanned (a tile) lies in the image it was cut from. */
    private interface LineFilter {
        boolean keep(Line line, int dx, int dy);
    }

    private static List<TextBox> detectWhole(Gray8 image, int dx, int dy, LineFilter keep, boolean shortTokens,
                                             boolean boldLines, boolean fusedWords, boolean obliqueLines) {
        List<TextBox> out = new ArrayList<>();
        List<TextBox> oblique = obliqueLines ? new ArrayList<>() : null;
        for (Line line : candidates(image, shortTokens, boldLines, fusedWords, oblique)) {
            if (line.score > 0 && keep.keep(line, dx, dy)) {
                out.add(line.box(line.score));
            }
        }
        if (oblique != null) {
            out.addAll(oblique);
        }
        return out;
    }

    private static Gray8 crop(Gray8 image, int x0, int y0, int w, int h) {
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(image.pixels(), (y0 + y) * image.width() + x0, out, y * w, w);
        }
        return new Gray8(w, h, out);
    }

    /** Every group of three or more characters, light and dark, across and down, with its features. */
    static List<Line> candidates(Gray8 image) {
        return candidates(image, true, true, true, null);
    }

    /** @param oblique where to put the boxes of oblique lines ({@link ObliqueLines}); null for none */
    static List<Line> candidates(Gray8 image, boolean shortTokens, boolean boldLines, boolean fusedWords,
                                 List<TextBox> oblique) {
        int w = image.width();
        int h = image.height();
        int n = w * h;
        int[] white = new int[n];
        int[] black = new int[n];
        Morphology.topHats(image.pixels(), w, h, RADIUS, white, black);
        int[] noise = tileNoise(image);
        int[] threshold = thresholds(noise, w, h);
        ShortTokens tokens = shortTokens ? new ShortTokens(image) : null;
        List<Line> out = new ArrayList<>();
        List<double[]> strips = new ArrayList<>(); // oblique lines accepted, in either polarity
        int[] panels = null;
        for (int polarity = 0; polarity < 2; polarity++) {
            int[] response = polarity == 0 ? white : black;
            boolean[] mask = new boolean[n];
            for (int i = 0; i < n; i++) {
                mask[i] = response[i] >= threshold[i];
            }
            removeLongRuns(mask, w, h);
            List<Blob> blobs = Blobs.label(mask, response, image.pixels(), polarity == 1, w, h,
                    40 * MAX_HEIGHT * MAX_HEIGHT);
            Plane plane = new Plane(mask, w, h, false, image.pixels(), polarity == 1);
            List<Line> found = lines(blobs, plane, tokens);
            for (Line l : found) {
                l.dark = polarity == 1;
            }
            out.addAll(found);
            if (boldLines) {
                out.addAll(BoldLines.find(blobs, plane, found));
            }
            if (tokens != null && fusedWords) {
                out.addAll(FusedWords.find(blobs, plane, tokens));
            }
            List<Blob> transposed = new ArrayList<>(blobs.size());
            for (Blob b : blobs) {
                transposed.add(transpose(b));
            }
            List<Line> down = lines(transposed, new Plane(mask, w, h, true, image.pixels(), polarity == 1), null);
            out.addAll(down);
            if (tokens != null) {
                if (panels == null) {
                    panels = FlatPanels.greys(image); // once per frame, for both polarities and both passes
                }
                out.addAll(faintTokens(response, threshold, panels, image, polarity == 1, tokens, fusedWords));
                out.addAll(dimLines(response, panels, image, polarity == 1));
            }
            if (oblique != null) {
                List<TextBox> known = new ArrayList<>();
                for (Line l : out) {
                    if (l.score > 0) {
                        known.add(l.box(l.score));
                    }
                }
                oblique.addAll(ObliqueLines.find(image, blobs, known, boldLines, strips));
            }
        }
        return out;
    }

    /**
     * Lines drawn dim on a flat panel ({@link FlatPanels}: a screen's black or white margin, a uniform UI
     * panel of any grey): strokes {@value #MARGIN_CONTRAST} to {@value #MIN_CONTRAST} grey levels off it,
     * under every other pass's floor but plain once windowed. Only those pixels make the mask (text of
     * ordinary contrast is the other passes' business), only on panels, and only a line of
     * {@value #DIM_MIN_CHARS} characters or more that passes the strict score, with the panel's grey all
     * around it and nothing far from that grey in its box, is kept.
     */
    private static List<Line> dimLines(int[] response, int[] panels, Gray8 image, boolean dark) {
        int w = image.width();
        int h = image.height();
        boolean[] mask = new boolean[w * h];
        boolean any = false;
        for (int i = 0; i < mask.length; i++) {
            mask[i] = panels[i] != FlatPanels.NONE && response[i] >= MARGIN_CONTRAST && response[i] < MIN_CONTRAST;
            any |= mask[i];
        }
        if (!any) {
            return List.of();
        }
        removeLongRuns(mask, w, h);
        List<Blob> blobs = Blobs.label(mask, response, image.pixels(), dark, w, h, 40 * MAX_HEIGHT * MAX_HEIGHT);
        // A dim character stands alone on its panel: a component whose box holds pixels far off the panel's
        // grey is a piece of an image the panel runs up to (speckle at a viewport's edge), and left in, its
        // grey would spoil the colour of a line it joins.
        blobs.removeIf(b -> {
            int grey = panels[(b.y0 + b.y1) / 2 * w + (b.x0 + b.x1) / 2];
            return grey != FlatPanels.NONE && !onlyDim(image, b.x0, b.y0, b.x1, b.y1, grey);
        });
        List<Line> out = new ArrayList<>();
        for (Line l : lines(blobs, new Plane(mask, w, h, false), null)) {
            if (l.chars >= DIM_MIN_CHARS && l.score >= STRICT_SCORE) {
                int grey = FlatPanels.around(image, l);
                if (grey != FlatPanels.NONE && offThePanel(l, grey, dark) && onlyDim(image, l.x0, l.y0, l.x1, l.y1, grey)) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    /**
     * Whether the line's own grey lies at least {@value #MARGIN_CONTRAST} levels off the panel's, on the
     * side of its polarity: light text above the panel, dark text below it (never dark on black: the
     * black top-hat there sees the gaps between dim pixels, not strokes).
     */
    private static boolean offThePanel(Line l, int grey, boolean dark) {
        int ink = dark ? 255 - (int) Math.round(l.colour) : (int) Math.round(l.colour);
        return (dark ? grey - ink : ink - grey) >= MARGIN_CONTRAST;
    }

    /**
     * Whether the box holds nothing farther from the panel's grey than dim strokes are (at most 1 % of
     * its pixels): the rim of a round field fading into its black margin makes dim arcs beside the
     * bright field; dim text stands alone.
     */
    private static boolean onlyDim(Gray8 image, int x0, int y0, int x1, int y1, int grey) {
        int far = 0;
        int total = 0;
        for (int y = Math.max(0, y0); y <= Math.min(image.height() - 1, y1); y++) {
            for (int x = Math.max(0, x0); x <= Math.min(image.width() - 1, x1); x++) {
                far += Math.abs(image.get(x, y) - grey) > MIN_CONTRAST + MARGIN_GREY ? 1 : 0;
                total++;
            }
        }
        return far * 100 <= total;
    }

    /**
     * Short tokens found at the contrast floor ({@value #MIN_CONTRAST}) where most of the tile is a
     * black (or white) margin: there the tile's noise, and so its threshold, is measured on the labels'
     * own edges (margin pairs say nothing of the noise and are left out), and dim labels fall apart
     * below it. Only tokens {@link ShortTokens} accepts with a uniform margin around them are kept.
     */
    private static List<Line> faintTokens(int[] response, int[] threshold, int[] panels, Gray8 image, boolean dark,
                                          ShortTokens tokens, boolean fusedWords) {
        int w = image.width();
        int h = image.height();
        boolean[] mask = new boolean[w * h];
        boolean lower = false;
        for (int i = 0; i < mask.length; i++) {
            mask[i] = response[i] >= (FlatPanels.margin(panels[i]) ? MIN_CONTRAST : threshold[i]);
            lower |= mask[i] && response[i] < threshold[i];
        }
        if (!lower) {
            return List.of(); // the main pass's mask: nothing new to find
        }
        removeLongRuns(mask, w, h);
        List<Blob> blobs = Blobs.label(mask, response, image.pixels(), dark, w, h, 40 * MAX_HEIGHT * MAX_HEIGHT);
        List<Line> out = new ArrayList<>();
        Plane plane = new Plane(mask, w, h, false);
        for (Line l : lines(blobs, plane, tokens, true)) {
            if (l.score > 0 && tokens.uniformMargin(l)) {
                out.add(l);
            }
        }
        if (fusedWords) {
            out.addAll(FusedWords.find(blobs, plane, tokens));
        }
        return out;
    }

    /**
     * Clears straight horizontal and vertical runs longer than {@value #LONG_RUN} pixels: axes, frames,
     * rulers, underlines and a form's ruled lines, which would join the characters they touch into one
     * large component. Where a character's stroke crosses such a rule (ink on both sides of it, within
     * {@value #CROSS_REACH} px of its edges), the stroke's pixels on the rule are kept: cleared, they
     * would cut every letter a rule runs through in two, and a name written over a ruled form was found
     * in pieces or not at all (a probe, 2026-12-07: 64 px bold letters crossed by two rules, 13 % of
     * their ink blanked).
     */
    static void removeLongRuns(boolean[] mask, int w, int h) {
        boolean[] across = longRuns(mask, w, h, true);
        boolean[] down = longRuns(mask, w, h, false);
        boolean[] clear = new boolean[mask.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                clear[i] = across[i] && !crossed(mask, across, w, h, x, y, 0, 1)
                        || down[i] && !crossed(mask, down, w, h, x, y, 1, 0);
            }
        }
        for (int i = 0; i < mask.length; i++) {
            if (clear[i]) {
                mask[i] = false;
            }
        }
    }

    /** The pixels of straight runs longer than {@value #LONG_RUN}, along rows ({@code rows}) or columns. */
    private static boolean[] longRuns(boolean[] mask, int w, int h, boolean rows) {
        boolean[] out = new boolean[mask.length];
        int lines = rows ? h : w;
        int length = rows ? w : h;
        for (int a = 0; a < lines; a++) {
            int start = -1;
            for (int b = 0; b <= length; b++) {
                boolean set = b < length && mask[rows ? a * w + b : b * w + a];
                if (set && start < 0) {
                    start = b;
                } else if (!set && start >= 0) {
                    if (b - start > LONG_RUN) {
                        for (int k = start; k < b; k++) {
                            out[rows ? a * w + k : k * w + a] = true;
                        }
                    }
                    start = -1;
                }
            }
        }
        return out;
    }

    /**
     * Whether a stroke crosses the rule at (x, y): stepping by (dx, dy) and back, the first pixel off
     * the rule, within {@value #CROSS_REACH} px of it, is ink on both sides.
     */
    private static boolean crossed(boolean[] mask, boolean[] rule, int w, int h, int x, int y, int dx, int dy) {
        return inkPast(mask, rule, w, h, x, y, dx, dy) && inkPast(mask, rule, w, h, x, y, -dx, -dy);
    }

    private static boolean inkPast(boolean[] mask, boolean[] rule, int w, int h, int x, int y, int dx, int dy) {
        for (int step = 1; step <= CROSS_REACH + 1; step++) {
            int px = x + step * dx;
            int py = y + step * dy;
            if (px < 0 || py < 0 || px >= w || py >= h) {
                return false;
            }
            int i = py * w + px;
            if (!rule[i]) {
                return mask[i];
            }
        }
        return false; // a rule thicker than the reach: no stroke is told from it
    }

    /** The per-pixel threshold: MIN_CONTRAST or NOISE_FACTOR x the noise of the pixel's tile. */
    static int[] thresholds(Gray8 image) {
        return thresholds(tileNoise(image), image.width(), image.height());
    }

    /**
     * Per {@value #NOISE_TILE}-pixel tile (row by row), the median absolute difference of horizontal
     * neighbours, leaving out clipped pairs (both 0 or both 255): the tile's noise in grey levels.
     */
    static int[] tileNoise(Gray8 image) {
        int w = image.width();
        int h = image.height();
        byte[] p = image.pixels();
        int tilesX = (w + NOISE_TILE - 1) / NOISE_TILE;
        int tilesY = (h + NOISE_TILE - 1) / NOISE_TILE;
        int[] tileMedian = new int[tilesX * tilesY];
        int[] hist = new int[256];
        for (int ty = 0; ty < tilesY; ty++) {
            for (int tx = 0; tx < tilesX; tx++) {
                Arrays.fill(hist, 0);
                int count = 0;
                for (int y = ty * NOISE_TILE; y < Math.min(h, (ty + 1) * NOISE_TILE); y++) {
                    for (int x = tx * NOISE_TILE; x < Math.min(w - 1, (tx + 1) * NOISE_TILE); x++) {
                        int i = y * w + x;
                        int a = p[i] & 0xFF;
                        int b = p[i + 1] & 0xFF;
                        if (a == b && (a == 0 || a == 255)) {
                            continue; // clipped: a black border or a saturated area says nothing of the noise
                        }
                        hist[Math.abs(a - b)]++;
                        count++;
                    }
                }
                int median = 0;
                for (int seen = 0; median < 255; median++) {
                    seen += hist[median];
                    if (seen * 2 >= count) {
                        break;
                    }
                }
                tileMedian[ty * tilesX + tx] = median;
            }
        }
        return tileMedian;
    }

    private static int[] thresholds(int[] tileMedian, int w, int h) {
        int tilesX = (w + NOISE_TILE - 1) / NOISE_TILE;
        int[] tileThreshold = new int[tileMedian.length];
        for (int i = 0; i < tileMedian.length; i++) {
            // For Gaussian noise of sigma s, the median |difference| of neighbours is 0.954 s.
            double sigma = Math.max(tileMedian[i], 0.5) / 0.954;
            tileThreshold[i] = (int) Math.min(MAX_THRESHOLD, Math.max(MIN_CONTRAST, Math.round(NOISE_FACTOR * sigma)));
        }
        int[] t = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                t[y * w + x] = tileThreshold[(y / NOISE_TILE) * tilesX + x / NOISE_TILE];
            }
        }
        return t;
    }

    /**
     * The mask, read with x and y swapped when the components were transposed; with the image's grey
     * and the mask's polarity, to tell a line's own colour from other strokes ({@link Line#aboveOfColour}).
     */
    record Plane(boolean[] mask, int w, int h, boolean transposed, byte[] grey, boolean dark) {
        Plane(boolean[] mask, int w, int h, boolean transposed) {
            this(mask, w, h, transposed, null, false);
        }

        int width() {
            return transposed ? h : w;
        }

        int height() {
            return transposed ? w : h;
        }

        boolean at(int x, int y) {
            return transposed ? mask[x * w + y] : mask[y * w + x];
        }

        /** The grey at (x, y) as the blobs' {@code extreme} counts it: larger is more ink-like. */
        int ink(int x, int y) {
            int g = grey[transposed ? x * w + y : y * w + x] & 0xFF;
            return dark ? 255 - g : g;
        }
    }

    private static Blob transpose(Blob b) {
        Blob t = new Blob();
        t.x0 = b.y0;
        t.x1 = b.y1;
        t.y0 = b.x0;
        t.y1 = b.x1;
        t.area = b.area;
        t.edge = b.edge;
        t.peak = b.peak;
        t.extreme = b.extreme;
        return t;
    }

    static boolean character(Blob b) {
        int bh = b.height();
        int bw = b.width();
        if (bh < MIN_HEIGHT || bh > MAX_HEIGHT || bw > 8 * bh || b.area < 4) {
            return false;
        }
        if (b.strokeWidth() > Math.max(2.2, 0.35 * bh)) {
            return false;
        }
        double fill = b.fill();
        return fill >= MIN_FILL && (fill <= 0.9 || Math.min(bw, bh) <= 3);
    }

    private static List<Line> lines(List<Blob> blobs, Plane plane, ShortTokens tokens) {
        return lines(blobs, plane, tokens, false);
    }

    /** @param tokensOnly answer the short tokens alone (their neighbours: other tokens only) */
    private static List<Line> lines(List<Blob> blobs, Plane plane, ShortTokens tokens, boolean tokensOnly) {
        List<Blob> chars = new ArrayList<>();
        List<Blob> small = new ArrayList<>();
        for (Blob b : blobs) {
            if (character(b)) {
                chars.add(b);
            } else if (b.height() < MIN_HEIGHT && b.width() <= 3 * MAX_HEIGHT && b.area >= 2) {
                small.add(b);
            }
        }
        List<List<Blob>> groups = groups(chars);
        List<Line> out = new ArrayList<>();
        List<Line> tokenCandidates = new ArrayList<>();
        for (List<Blob> g : groups) {
            Line line = Line.measure(g, small, plane);
            if (line.chars >= 3) {
                line.score = score(line);
                if (line.score == 0 && (line.extremeSpread > MAX_SPREAD || Math.max(line.above, line.below) > MAX_BAND)) {
                    // two colours, or over texture, where a grain of speckle beside the name joins its row
                    line = ofItsColour(line, small, plane);
                }
                out.add(line);
            }
            if ((line.score == 0 || tokensOnly) && line.chars <= ShortTokens.MAX_CHARS) {
                tokenCandidates.add(line);
            }
        }
        if (tokensOnly) {
            List<Line> accepted = tokens.accept(tokenCandidates, List.of(), plane);
            grow(accepted, chars, small);
            return accepted;
        }
        if (tokens != null) {
            for (Line t : tokens.accept(tokenCandidates, out, plane)) {
                if (t.chars < 3) {
                    out.add(t); // the others are in already, now with a score
                }
            }
        }
        grow(out, chars, small);
        if (!plane.transposed()) {
            out.addAll(spacedLines(chars, small, plane));
        }
        return out;
    }

    /**
     * Letter-spaced text ("L O P E Z", an ID written with a space between digits): its characters stand
     * 1.1 to {@value #SPACED_REACH} heights apart, too far to link into a line, and each alone is no
     * token. Among the characters no line took, rows linked that far are lines when they are as regular
     * as set text is and speckle, rulers and traces are not: four characters or more, of one height
     * (within 1.35 times), as wide as letters (median at least 0.4 of their height: a ruler's ticks are
     * bars), with gaps that differ by at most half a height (the tracking is constant), not one mark
     * repeated (a caliper's row of "+"), and the strict score of every other line.
     */
    static List<Line> spacedLines(List<Blob> chars, List<Blob> small, Plane plane) {
        List<Blob> free = new ArrayList<>();
        for (Blob b : chars) {
            if (!b.taken) {
                free.add(b);
            }
        }
        List<Line> out = new ArrayList<>();
        for (List<Blob> g : groups(free, SPACED_REACH)) {
            if (g.size() < 4 || !regular(g)) {
                continue;
            }
            Line line = Line.measure(g, small, plane);
            double score = score(line);
            if (score >= STRICT_SCORE) {
                line.score = score;
                for (Blob b : g) {
                    b.taken = true;
                }
                out.add(line);
            }
        }
        return out;
    }

    /**
     * A row of more than one colour, held to the line rules with only its components of the median's
     * colour: a grey name running from dark tissue onto bright bone is light there and dark here, and
     * in the light mask its letters over the bone are the slivers of bone between them (another grey);
     * the letters of the one colour make the line (a probe's 26 px name over a radiograph, published
     * legible, 2026-12-07). So is a row over texture: a grain of speckle that joins a name's row
     * spreads its colours past the strict score. Four components or more; else, or when they are no
     * line, the row as it was.
     */
    private static Line ofItsColour(Line row, List<Blob> small, Plane plane) {
        List<Blob> kept = new ArrayList<>();
        for (Blob b : row.blobs) {
            if (Math.abs(b.extreme - row.colour) <= row.colourTolerance) {
                kept.add(b);
            }
        }
        if (kept.size() < 4 || kept.size() == row.blobs.size()) {
            return row;
        }
        Line line = Line.measure(kept, small, plane);
        line.score = line.chars >= 3 ? score(line) : 0;
        return line.score > 0 ? line : row;
    }

    /** One height, letter widths, constant gaps: the characters of a group sorted along the row. */
    private static boolean regular(List<Blob> g) {
        g.sort(Comparator.comparingInt((Blob b) -> b.x0));
        double[] heights = new double[g.size()];
        double[] widths = new double[g.size()];
        int minH = Integer.MAX_VALUE;
        int maxH = 0;
        int minGap = Integer.MAX_VALUE;
        int maxGap = Integer.MIN_VALUE;
        for (int i = 0; i < g.size(); i++) {
            Blob b = g.get(i);
            heights[i] = b.height();
            widths[i] = b.width();
            minH = Math.min(minH, b.height());
            maxH = Math.max(maxH, b.height());
            if (i > 0) {
                int gap = b.x0 - g.get(i - 1).x1 - 1;
                minGap = Math.min(minGap, gap);
                maxGap = Math.max(maxGap, gap);
            }
        }
        double h = median(heights);
        return maxH <= 1.35 * minH && median(widths) >= 0.4 * h && maxGap - minGap <= 0.5 * h && !identical(g);
    }

    /** One mark repeated (a row of calipers' "+", a dotted line's dots): the same box and ink, within 10 %. */
    private static boolean identical(List<Blob> g) {
        Blob first = g.get(0);
        for (Blob b : g) {
            if (Math.abs(b.width() - first.width()) > 0.1 * first.width() + 1 || Math.abs(b.height() - first.height()) > 0.1 * first.height() + 1
                    || Math.abs(b.area - first.area) > 0.1 * first.area) {
                return false;
            }
        }
        return true;
    }

    /**
     * The characters grouped into rows: each links to the nearest one to its right of similar height,
     * overlapping vertically by half, at most 1.1 heights away.
     */
    static List<List<Blob>> groups(List<Blob> chars) {
        return groups(chars, 1.1);
    }

    /** As {@link #groups(List)}, linking characters at most {@code reach} heights apart. */
    static List<List<Blob>> groups(List<Blob> chars, double reach) {
        chars.sort(Comparator.comparingInt((Blob b) -> b.x0));
        int count = chars.size();
        int[] parent = new int[count];
        for (int i = 0; i < count; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < count; i++) {
            Blob a = chars.get(i);
            int best = -1;
            int bestGap = Integer.MAX_VALUE;
            for (int j = i + 1; j < count; j++) {
                Blob b = chars.get(j);
                int hMax = Math.max(a.height(), b.height());
                if (b.x0 > a.x1 + reach * hMax + 1) {
                    if (b.x0 > a.x1 + reach * MAX_HEIGHT + 1) {
                        break;
                    }
                    continue;
                }
                int gap = b.x0 - a.x1 - 1;
                if (gap < -0.25 * Math.min(a.width(), b.width()) - 1 || !linked(a, b)) {
                    continue;
                }
                if (gap < bestGap) {
                    bestGap = gap;
                    best = j;
                }
            }
            if (best >= 0) {
                union(parent, i, best);
            }
        }
        List<List<Blob>> groups = new ArrayList<>();
        int[] index = new int[count];
        Arrays.fill(index, -1);
        for (int i = 0; i < count; i++) {
            int r = find(parent, i);
            if (index[r] < 0) {
                index[r] = groups.size();
                groups.add(new ArrayList<>());
            }
            groups.get(index[r]).add(chars.get(i));
        }
        return groups;
    }

    /**
     * Extends each accepted line along its row with the characters next to it that did not make a
     * line of their own (a word over speckle beside one on a clear background, a first letter that
     * touches something): a line of text is evidence for what continues it.
     */
    static void grow(List<Line> lines, List<Blob> chars, List<Blob> small) {
        for (Line l : lines) {
            if (l.score > 0) {
                for (Blob b : l.blobs) {
                    b.taken = true;
                }
            }
        }
        for (Line l : lines) {
            if (l.score <= 0 || l.blobs.size() < 2) {
                continue; // a line of one component (a merged word) is too weak a seed
            }
            boolean grew = true;
            while (grew) {
                grew = false;
                double hh = l.medianHeight;
                for (Blob b : chars) {
                    if (b.taken || b.height() < 0.5 * hh || b.height() > 1.8 * hh
                            || Math.abs(b.extreme - l.colour) > l.colourTolerance) {
                        continue; // not beside the line, not of its size, or not of its colour
                    }
                    int overlap = Math.min(b.y1, l.y1) - Math.max(b.y0, l.y0) + 1;
                    int gap = Math.max(b.x0 - l.x1, l.x0 - b.x1) - 1;
                    if (overlap >= 0.5 * Math.min(b.height(), l.y1 - l.y0 + 1) && gap <= 2 * hh) {
                        b.taken = true;
                        l.extend(b);
                        grew = true;
                    }
                }
            }
            l.attach(small);
        }
    }

    private static boolean linked(Blob a, Blob b) {
        int ha = a.height();
        int hb = b.height();
        if (Math.max(ha, hb) > 2.2 * Math.min(ha, hb)) {
            return false;
        }
        int overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) + 1;
        if (overlap < 0.5 * Math.min(ha, hb)) {
            return false;
        }
        return Math.max(a.peak, b.peak) <= 3 * Math.min(a.peak, b.peak);
    }

    /**
     * 0 when the line is not text, else a confidence in (0, 1]. Short lines (three characters),
     * vertical lines (four or more) and lines of small characters (median height under
     * {@value #MIN_LINE_HEIGHT} px: lower-case 9-11 px text; five characters or more) must be nearly
     * perfect: speckle and vessel pieces make such groups by chance, long horizontal ones they do not.
     */
    static double score(Line l) {
        double band = Math.max(l.above, l.below);
        // Over speckle the bands hold grains, though none of the text's own colour (a probe,
        // 2026-12-07: a white name inside an ultrasound sector was published untouched in 26 of 156
        // placements, its bands 9 % speckle). Such a line is held to its colour's bands, to one grey
        // and to its letters' strokes (TEXTURE_*), where grains vary and are crossed once each; not to
        // the strict score, as the next line of a label block may reach into its bands. And to three
        // components or more: one grey says nothing of one or two (a wide grain is "three characters"
        // on its own, a cyst's rim two), unless they are a fused word, six characters wide and crossed
        // by 1.5 strokes per character (a name fused with the bright interface it touches).
        boolean overTexture = band > MAX_BAND && Math.max(l.aboveOfColour, l.belowOfColour) <= MAX_BAND;
        if (overTexture) {
            boolean fusedWord = l.chars >= 6 && l.runsPerChar >= 1.5;
            if ((l.blobs.size() < 3 && !fusedWord) || l.extremeSpread > TEXTURE_MAX_SPREAD
                    || l.runsPerChar < TEXTURE_MIN_RUNS) {
                return 0;
            }
            band = Math.max(l.aboveOfColour, l.belowOfColour);
        }
        boolean small = l.medianHeight < MIN_LINE_HEIGHT;
        if ((small && l.blobs.size() < 5) || l.consistentHeights < 0.75
                || Math.max(l.alignedBottom, l.alignedTop) < 0.6 || l.bars > 0.5 || l.extremeSpread > MAX_SPREAD
                || band > MAX_BAND || l.runsPerChar < 1.0 || (l.blobs.size() == 1 && (l.runsPerChar < 1.2 || oneStroke(l.blobs.get(0))))
                || (l.vertical && l.chars < 4)) {
            return 0;
        }
        double score = 1 - 0.5 * l.extremeSpread - 4 * band - 0.15 * Math.max(0, 1.3 - l.runsPerChar);
        if ((l.chars <= 3 || l.vertical || small) && score < STRICT_SCORE) {
            return 0;
        }
        return Math.max(0.05, Math.min(1, score));
    }

    /**
     * Whether a component is one stroke running along its line: its outline is hardly longer than twice
     * its length along the line, so every column crosses it once. A bent vessel 6-7 px thick is "a word of
     * four letters" by its size, and crossed in its rows as often as a word; by its outline it is one
     * curve. Judged where the stroke is 2.5 px or thicker: the outline of thinner strokes is all edge.
     */
    static boolean oneStroke(Blob b) {
        return b.strokeWidth() >= 2.5 && b.edge <= ONE_STROKE_OUTLINE * 2 * b.width(); // width: along the line
    }

    /** A group of character-like components in a row (of the plane, transposed for vertical text) and its features. */
    static final class Line {
        final List<Blob> blobs;
        final boolean vertical;
        int x0;
        int y0;
        int x1;
        int y1;
        int chars;
        double medianHeight;
        /** Share of components whose height is within 0.6-1.6 of the median. */
        double consistentHeights;
        /** Share of components whose bottom (top) is near the median bottom (top). */
        double alignedBottom;
        double alignedTop;
        /** Share of components that are solid bars along the line (rulers, vessel pieces). */
        double bars;
        /** Spread of the components' own grey, relative to their contrast: one colour for text. */
        double extremeSpread;
        /** Share of stroke pixels in the bands just above and below the line. */
        double above;
        double below;
        /**
         * The same, counting only stroke pixels of the line's colour or beyond it (within
         * {@link #colourTolerance}): text over speckle has grains in its bands, but none as bright as
         * its own ink; a row of speckle grains has others as bright all around. 1 when not measured
         * (dark ink, or clear bands).
         */
        double aboveOfColour = 1;
        double belowOfColour = 1;
        /** 0 when rejected, else the confidence (see {@link #score}). */
        double score;
        /** The text's grey (median of its components' own grey) and how far a part of it may differ. */
        double colour;
        double colourTolerance;
        /**
         * How far up and down the line's box may reach: 0.6 median heights beyond the median top and
         * bottom, so a character fused with a speckle grain or a vessel does not stretch the box.
         */
        int topLimit;
        int bottomLimit;
        /** Strokes crossed by a row through the line (the most of three), per character: 1-3 for text, under 1 for curves. */
        double runsPerChar;
        /** Dark strokes on a lighter ground (set for lines across). */
        boolean dark;

        private Line(List<Blob> blobs, boolean vertical) {
            this.blobs = blobs;
            this.vertical = vertical;
        }

        /** The features of a group of any size. */
        static Line measure(List<Blob> g, List<Blob> small, Plane plane) {
            int chars = 0;
            for (Blob b : g) {
                chars += Math.max(1, (int) Math.round(b.width() / (0.75 * b.height())));
            }
            Line l = new Line(g, plane.transposed());
            l.chars = chars;
            int k = g.size();
            double[] heights = new double[k];
            double[] bottoms = new double[k];
            double[] tops = new double[k];
            double[] extremes = new double[k];
            double peaks = 0;
            int bars = 0;
            l.x0 = Integer.MAX_VALUE;
            l.y0 = Integer.MAX_VALUE;
            l.x1 = -1;
            l.y1 = -1;
            for (int i = 0; i < k; i++) {
                Blob b = g.get(i);
                heights[i] = b.height();
                bottoms[i] = b.y1;
                tops[i] = b.y0;
                extremes[i] = b.extreme;
                peaks += b.peak;
                if (b.fill() > 0.75 && b.width() >= 2.2 * b.height()) {
                    bars++;
                }
                l.x0 = Math.min(l.x0, b.x0);
                l.x1 = Math.max(l.x1, b.x1);
                l.y0 = Math.min(l.y0, b.y0);
                l.y1 = Math.max(l.y1, b.y1);
            }
            double medianH = median(heights);
            l.medianHeight = medianH;
            l.colour = median(extremes);
            l.colourTolerance = 0.2 * peaks / k;
            l.topLimit = (int) Math.floor(median(tops) - 0.6 * medianH);
            l.bottomLimit = (int) Math.ceil(median(bottoms) + 0.6 * medianH);
            int consistent = 0;
            for (double hh : heights) {
                if (hh >= 0.6 * medianH && hh <= 1.6 * medianH) {
                    consistent++;
                }
            }
            l.consistentHeights = (double) consistent / k;
            l.alignedBottom = fractionNear(bottoms, median(bottoms), 0.25 * medianH + 1);
            l.alignedTop = fractionNear(tops, median(tops), 0.25 * medianH + 1);
            l.bars = (double) bars / k;
            l.extremeSpread = std(extremes) / Math.max(1, peaks / k);
            int runs = 0;
            for (double f : new double[] {0.3, 0.5, 0.7}) {
                runs = Math.max(runs, runs(plane, l.x0, l.x1, l.y0 + (int) Math.round(f * (l.y1 - l.y0))));
            }
            l.runsPerChar = (double) runs / chars;
            int band = Math.max(2, (int) Math.round(0.3 * medianH));
            l.above = occupancy(plane, l.x0, l.x1, l.y0 - band, l.y0 - 1, -1);
            l.below = occupancy(plane, l.x0, l.x1, l.y1 + 1, l.y1 + band, -1);
            // Light ink only: dark "text" at a view's black floor is of one colour whatever it is (the
            // gaps between an MR's back muscles, clipped to black, passed as a line over texture).
            if (plane.grey() != null && !plane.dark() && Math.max(l.above, l.below) > MAX_BAND) {
                int ink = (int) Math.ceil(l.colour - l.colourTolerance);
                l.aboveOfColour = occupancy(plane, l.x0, l.x1, l.y0 - band, l.y0 - 1, ink);
                l.belowOfColour = occupancy(plane, l.x0, l.x1, l.y1 + 1, l.y1 + band, ink);
            }
            l.y0 = Math.max(l.y0, l.topLimit);
            l.y1 = Math.min(l.y1, l.bottomLimit);
            l.attach(small);
            return l;
        }

        /**
         * Small marks (dots, hyphens, commas, carets) beside or on the line and of its colour belong to
         * it; reach is measured from the line itself, so marks do not chain away from it.
         */
        void attach(List<Blob> small) {
            int reachX = (int) Math.ceil(0.8 * medianHeight);
            int reachY = (int) Math.ceil(0.35 * medianHeight);
            int cx0 = x0;
            int cx1 = x1;
            int cy0 = y0;
            int cy1 = y1;
            for (Blob s : small) {
                if (s.x1 >= cx0 - reachX && s.x0 <= cx1 + reachX && s.y1 >= cy0 - reachY && s.y0 <= cy1 + reachY
                        && Math.abs(s.extreme - colour) <= colourTolerance) {
                    extend(s);
                }
            }
        }

        /** Takes a component into the line's box, within the line's top and bottom limits. */
        void extend(Blob b) {
            x0 = Math.min(x0, b.x0);
            x1 = Math.max(x1, b.x1);
            y0 = Math.min(y0, Math.max(b.y0, topLimit));
            y1 = Math.max(y1, Math.min(b.y1, bottomLimit));
        }

        /**
         * Drops the components at either end that share neither the line's baseline nor its top line
         * (within {@value #BASELINE_TOLERANCE} of the median height; a J or a Q leaves one of them), or
         * not its height, and sets the box to what is left; false when fewer than three are left. On a
         * reduced frame, anatomy as tall as the letters beside a large word joins its line; letters
         * share a baseline or a top line to the pixel, anatomy does not.
         */
        boolean trimToLetters() {
            List<Blob> sorted = new ArrayList<>(blobs);
            sorted.sort(Comparator.comparingInt(b -> b.x0));
            double[] bottoms = new double[sorted.size()];
            double[] tops = new double[sorted.size()];
            for (int i = 0; i < bottoms.length; i++) {
                bottoms[i] = sorted.get(i).y1;
                tops[i] = sorted.get(i).y0;
            }
            double base = median(bottoms);
            double top = median(tops);
            int first = 0;
            int last = sorted.size() - 1;
            while (first <= last && !onLine(sorted.get(first), base, top)) {
                first++;
            }
            while (last >= first && !onLine(sorted.get(last), base, top)) {
                last--;
            }
            if (last - first < 2) {
                return false;
            }
            x0 = Integer.MAX_VALUE;
            x1 = -1;
            y0 = Integer.MAX_VALUE;
            y1 = -1;
            for (Blob b : sorted.subList(first, last + 1)) {
                extend(b);
            }
            return true;
        }

        private boolean onLine(Blob b, double base, double top) {
            double tolerance = BASELINE_TOLERANCE * medianHeight + 1;
            return (Math.abs(b.y1 - base) <= tolerance || Math.abs(b.y0 - top) <= tolerance)
                    && Math.abs(b.height() - medianHeight) <= 2 * tolerance;
        }

        /** The line's box in frame coordinates. */
        TextBox box(double score) {
            if (vertical) {
                return new TextBox(y0, x0, y1 - y0 + 1, x1 - x0 + 1, TextBox.Source.TEXT_LIKENESS, score, true);
            }
            return new TextBox(x0, y0, x1 - x0 + 1, y1 - y0 + 1, TextBox.Source.TEXT_LIKENESS, score, false);
        }
    }

    /** The number of runs of stroke pixels along row y from x0 to x1. */
    static int runs(Plane plane, int x0, int x1, int y) {
        int runs = 0;
        boolean in = false;
        for (int x = x0; x <= x1; x++) {
            boolean set = plane.at(x, y);
            if (set && !in) {
                runs++;
            }
            in = set;
        }
        return runs;
    }

    /** The share of stroke pixels in a band; with {@code ink} >= 0, only those at least that ink-like. */
    private static double occupancy(Plane plane, int x0, int x1, int y0, int y1, int ink) {
        int set = 0;
        int total = 0;
        for (int y = Math.max(0, y0); y <= Math.min(plane.height() - 1, y1); y++) {
            for (int x = x0; x <= x1; x++) {
                total++;
                if (plane.at(x, y) && (ink < 0 || plane.ink(x, y) >= ink)) {
                    set++;
                }
            }
        }
        return total == 0 ? 0 : (double) set / total;
    }

    private static double fractionNear(double[] values, double center, double tolerance) {
        int near = 0;
        for (double v : values) {
            if (Math.abs(v - center) <= tolerance) {
                near++;
            }
        }
        return (double) near / values.length;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    private static double std(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        return Math.sqrt(var / values.length);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
