package org.mip.deid.pixel.detect;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A generated raster-level corpus of frames with text burned into the pixels, and clean controls,
 * on backgrounds that look like the modalities that carry burned-in text. Every image is built from
 * a seed, so the same call gives the same bytes on every machine with the same fonts (DejaVu, as
 * Debian's fonts-dejavu-core installs them).
 *
 * <ul>
 * <li>US: 8-bit speckle in a sector on black, with depth ticks; MONOCHROME2, RGB or YBR_FULL_422.</li>
 * <li>XA: 8-bit MONOCHROME2, dark vessel trees on grey with noise, in a round field on black.</li>
 * <li>DX: 12-bit MONOCHROME1, bright smooth anatomy (torso, ribs, spine) with noise; half with a window.</li>
 * <li>CT: 16-bit signed body disc (fat, soft tissue, lungs, spine) with noise, window 40/400.</li>
 * <li>SC: 8-bit RGB screen capture: title bar, side panel, a plot, a coloured picture.</li>
 * </ul>
 *
 * <p>Text: patient names, IDs and dates at 9-28 px, in corners, top and bottom bands and the centre,
 * light or dark (by what lies under it), anti-aliased or not, one per modality rotated by 90°. Each
 * {@link Text} knows the tight box of its ink (every pixel the text changed) and the words planted.
 * Frames are the bytes a codec or native pixel data gives: little endian, samples interleaved.
 *
 * <p>Public for other tests: {@link #corpus()} gives the standard set, {@link #image} one frame.
 */
public final class TextCorpus {

    /** The kinds of background. */
    public enum Modality { US, XA, DX, CT, SC }

    /** What a planted text says. */
    public enum Content { NAME, ID, DATE, LABEL }

    /** Where a text is placed. */
    public enum Placement { TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT, TOP_BAND, BOTTOM_BAND, CENTRE, SIDE }

    /**
     * One planted text and its ground truth: the tight box of its ink in frame pixels.
     *
     * @param value the text drawn (synthetic, never a real person's)
     * @param light drawn lighter than what lies under it (as displayed)
     * @param lowContrast drawn at a grey close to its background on purpose (a known hard case)
     */
    public record Text(String value, Content content, Placement placement, int fontPx, boolean light,
                       boolean antialiased, boolean rotated, boolean lowContrast, int x, int y, int width, int height) {

        public TextBox box() {
            return new TextBox(x, y, width, height, TextBox.Source.TEXT_LIKENESS, 1, rotated);
        }

        /**
         * What legibility is checked on: for a device label ("0.7", "P21", "MI") its letters and
         * digits as one word when there are two or more (a single character read from a blanked
         * region proves nothing); for other texts the words of three letters or digits or more.
         */
        public List<String> legibleTokens() {
            if (content == Content.LABEL) {
                String t = value.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
                return t.length() >= 2 ? List.of(t) : List.of();
            }
            return tokens(3);
        }

        /** The words of at least {@code minLength} letters or digits, upper-cased: what legibility is checked on. */
        public List<String> tokens(int minLength) {
            List<String> out = new ArrayList<>();
            for (String t : value.toUpperCase(Locale.ROOT).split("[^A-Z0-9]+")) {
                if (t.length() >= minLength) {
                    out.add(t);
                }
            }
            return out;
        }
    }

    /**
     * One generated frame.
     *
     * @param frame native frame bytes as {@code description} lays them out
     * @param ink   per pixel, the text coverage 0-255 drawn there where the text is visible (it changed
     *              the displayed grey by 24 levels or more; dark text running onto a dark area is not),
     *              for measuring; not part of the image
     */
    public record Image(String name, Modality modality, FrameDescription description, byte[] frame, List<Text> texts,
                        byte[] ink) {

        public boolean control() {
            return texts.isEmpty();
        }

        /**
         * The frame with the boxes blanked the way the redactor blanks (docs/PIXEL_REDACTION.md):
         * MONOCHROME2 to the smallest stored value, MONOCHROME1 to the largest, RGB to 0,0,0,
         * YBR_FULL_422 to Y 0 and Cb Cr 128, whole pixel pairs.
         */
        public byte[] redacted(List<TextBox> boxes) {
            FrameDescription d = description;
            byte[] out = frame.clone();
            int bytes = d.bitsAllocated() / 8;
            for (TextBox b : boxes) {
                TextBox c = b.clipped(d.columns(), d.rows());
                if (c == null) {
                    continue;
                }
                for (int y = c.y(); y < c.bottom(); y++) {
                    for (int x = c.x(); x < c.right(); x++) {
                        int i = y * d.columns() + x;
                        switch (d.photometric()) {
                            case FrameDescription.MONOCHROME1 -> put(out, i * bytes, bytes, d.maxStored());
                            case FrameDescription.MONOCHROME2 -> put(out, i * bytes, bytes, d.minStored());
                            case FrameDescription.RGB -> {
                                out[3 * i] = 0;
                                out[3 * i + 1] = 0;
                                out[3 * i + 2] = 0;
                            }
                            case FrameDescription.YBR_FULL_422 -> {
                                int pair = i / 2;
                                out[4 * pair] = 0;
                                out[4 * pair + 1] = 0;
                                out[4 * pair + 2] = (byte) 128;
                                out[4 * pair + 3] = (byte) 128;
                            }
                            default -> throw new IllegalStateException(d.photometric());
                        }
                    }
                }
            }
            return out;
        }
    }

    static final int SIZE = 512;
    private static final int[] FONT_PX = {9, 10, 11, 12, 14, 16, 18, 20, 24, 28};
    private static final String[] FAMILIES = {Font.SANS_SERIF, Font.MONOSPACED, Font.SERIF, Font.DIALOG};
    private static final String[] SURNAMES = {"MUELLER", "Garcia", "OKONKWO", "Lindqvist", "BERNARD", "Kowalski",
        "FERREIRA", "Nakamura", "DUBOIS", "Whitfield", "HASSAN", "Rossi", "PETERSEN", "Schneider", "OLIVEIRA"};
    private static final String[] GIVEN = {"ANNA", "Maria", "JOHN", "Pieter", "CHLOE", "Tomasz", "INES", "Kenji",
        "ELODIE", "Harriet", "OMAR", "Giulia", "SOREN", "Lukas", "BEATRIZ"};
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
        "NOV", "DEC"};

    private TextCorpus() {
    }

    /**
     * The standard corpus: for each modality, {@code perModality} frames with 2-3 texts each and
     * {@code controls} clean frames. Text frames cycle through sizes, placements, polarities and
     * anti-aliasing; the first frame of each modality has one text rotated by 90°.
     */
    public static List<Image> corpus(int perModality, int controls) {
        List<Image> out = new ArrayList<>();
        for (Modality m : Modality.values()) {
            for (int i = 0; i < perModality; i++) {
                out.add(image(m, 1000L * m.ordinal() + i, 2 + i % 2, i == 0));
            }
            for (int i = 0; i < controls; i++) {
                out.add(image(m, 1000L * m.ordinal() + 500 + i, 0, false));
            }
        }
        return out;
    }

    /** The standard corpus: 12 text frames and 4 clean controls per modality (80 frames, 150 texts). */
    public static List<Image> corpus() {
        return corpus(12, 4);
    }

    /**
     * One 512x512 frame of a modality: {@code texts} planted texts (0: a clean control), one of them
     * rotated by 90° when {@code rotated}.
     */
    public static Image image(Modality modality, long seed, int texts, boolean rotated) {
        Random rnd = new Random(seed * 7919 + modality.ordinal());
        Canvas c = switch (modality) {
            case US -> Backgrounds.ultrasound(rnd, SIZE, SIZE);
            case XA -> Backgrounds.angiography(rnd, SIZE, SIZE);
            case DX -> Backgrounds.radiograph(rnd, SIZE, SIZE);
            case CT -> Backgrounds.ct(rnd, SIZE, SIZE);
            case SC -> Backgrounds.screen(rnd, SIZE, SIZE);
        };
        double[] before = new double[SIZE * SIZE];
        for (int i = 0; i < before.length; i++) {
            before[i] = c.display(i);
        }
        List<Text> planted = new ArrayList<>();
        byte[] ink = new byte[SIZE * SIZE];
        Placement[] placements = Placement.values();
        for (int t = 0; t < texts; t++) {
            boolean rotate = rotated && t == texts - 1;
            for (int attempt = 0; attempt < 40; attempt++) {
                Placement p = rotate ? Placement.SIDE
                        : placements[(int) ((seed + t * 3 + attempt) % (placements.length - 1))];
                int fontPx = FONT_PX[(int) ((seed * 3 + t * 7 + attempt) % FONT_PX.length)];
                Content content = Content.values()[(int) ((seed + t) % 3)];
                boolean aa = (seed + t) % 2 == 0;
                boolean lowContrast = modality == Modality.CT && seed % 12 == 11 && t == 0;
                Text text = plant(c, rnd, modality, content, p, fontPx, aa, rotate, lowContrast, planted, ink);
                if (text != null) {
                    planted.add(text);
                    break;
                }
            }
        }
        for (int i = 0; i < ink.length; i++) {
            if (ink[i] != 0 && Math.abs(c.display(i) - before[i]) < 24) {
                ink[i] = 0;
            }
        }
        String name = String.format(Locale.ROOT, "%s-%d%s", modality.name().toLowerCase(Locale.ROOT), seed,
                texts == 0 ? "-clean" : "");
        return new Image(name, modality, c.description, c.encode(), List.copyOf(planted), ink);
    }

    // ------------------------------------------------------------------ small device labels

    /** Cap heights of the small-text set, in pixels. */
    static final int[] SMALL_PX = {5, 6, 7, 8};
    private static final String[] LABELS = {"P21", "0.9", "0.7", "TIS", "MI", "PLA", "THI", "Crd", "A", "B", "19",
        "1.2", "12.5", "C5", "L38", "2D", "Gen", "Res", "Pen", "85%", "D", "4.0", "Gn", "30"};

    /**
     * The small-text set (issue 11): ultrasound frames of 320x240 and 640x480 (alternately) whose
     * device labels are 5-8 px high (cap height) in tokens of 1-4 characters, stacked in a column
     * near the left or right edge and in a status bar at the bottom, with small icons (squares,
     * triangles, circles) beside some; bright anatomy-like blobs in the sector. Then {@code controls}
     * clean frames of the same sizes with the blobs and speckle only. Separate from {@link #corpus()},
     * whose bytes it does not change.
     */
    public static List<Image> smallText(int frames, int controls) {
        List<Image> out = new ArrayList<>();
        for (int i = 0; i < frames + controls; i++) {
            boolean control = i >= frames;
            long seed = 90_000L + i;
            Random rnd = new Random(seed * 7919);
            int w = i % 2 == 0 ? 320 : 640;
            int h = i % 2 == 0 ? 240 : 480;
            Canvas c = Backgrounds.ultrasound(rnd, w, h);
            brightBlobs(c, rnd);
            double[] before = new double[w * h];
            for (int k = 0; k < before.length; k++) {
                before[k] = c.display(k);
            }
            byte[] ink = new byte[w * h];
            List<Text> planted = new ArrayList<>();
            if (!control) {
                int px = SMALL_PX[i % SMALL_PX.length];
                boolean aa = (i / 4) % 2 == 0;
                boolean right = rnd.nextBoolean();
                int y = 8 + rnd.nextInt(10);
                int tokens = 4 + rnd.nextInt(3);
                for (int t = 0; t < tokens && y < h / 2; t++) {
                    String label = LABELS[rnd.nextInt(LABELS.length)];
                    Text text = plantLabel(c, rnd, label, px, aa, right ? -(4 + rnd.nextInt(4)) : 4 + rnd.nextInt(4),
                            y, right ? Placement.SIDE : Placement.SIDE, ink, t % 3 == 1);
                    planted.add(text);
                    y += text.height() + (int) Math.round(px * (1.0 + rnd.nextDouble()));
                }
                int x = w / 3 + rnd.nextInt(w / 6);
                int bar = h - px - 6 - rnd.nextInt(4);
                for (int t = 0; t < 3 + rnd.nextInt(2) && x < w - 40; t++) {
                    String label = LABELS[rnd.nextInt(LABELS.length)];
                    Text text = plantLabel(c, rnd, label, px, aa, x, bar, Placement.BOTTOM_BAND, ink, t % 2 == 0);
                    planted.add(text);
                    x = text.x() + text.width() + px * (3 + rnd.nextInt(3));
                }
            }
            for (int k = 0; k < ink.length; k++) {
                if (ink[k] != 0 && Math.abs(c.display(k) - before[k]) < 24) {
                    ink[k] = 0;
                }
            }
            String name = String.format(Locale.ROOT, "small-%dx%d-%d%s", w, h, seed, control ? "-clean" : "");
            out.add(new Image(name, Modality.US, c.description, c.encode(), List.copyOf(planted), ink));
        }
        return out;
    }

    /** Point sizes of the small bold set. */
    static final int[] BOLD_PX = {8, 9, 10};

    /**
     * Small bold text, light on dark (issue 11: the class of a 9 px bold ID on a screen capture's dark
     * work area that neither detector found): {@code frames} frames of SC, US, XA and CT in turn
     * ({@link #smallBoldImage}), one or two texts each. Seeds of their own: {@link #corpus()} is not
     * changed.
     */
    public static List<Image> smallBold(int frames) {
        List<Image> out = new ArrayList<>();
        Modality[] modalities = {Modality.SC, Modality.US, Modality.XA, Modality.CT};
        for (int i = 0; i < frames; i++) {
            out.add(smallBoldImage(modalities[i % modalities.length], 95_000L + i, 1 + i % 2));
        }
        return out;
    }

    /**
     * One 512x512 frame of a modality with {@code texts} names, IDs or dates in bold at 8, 9 or 10 px,
     * anti-aliased, light, in a corner or a band where light text stands out (a screen capture's dark
     * work area, the black margin of an ultrasound screen or an angiography field, the air around a
     * CT body); font family, size, content and place follow from the seed.
     */
    public static Image smallBoldImage(Modality m, long seed, int texts) {
        Placement[] placements = {Placement.BOTTOM_RIGHT, Placement.TOP_LEFT, Placement.BOTTOM_BAND,
            Placement.TOP_RIGHT, Placement.BOTTOM_LEFT, Placement.TOP_BAND};
        int i = (int) (seed % 1000);
        Random rnd = new Random(seed * 7919 + m.ordinal());
        Canvas c = switch (m) {
            case US -> Backgrounds.ultrasound(rnd, SIZE, SIZE);
            case XA -> Backgrounds.angiography(rnd, SIZE, SIZE);
            case DX -> Backgrounds.radiograph(rnd, SIZE, SIZE);
            case CT -> Backgrounds.ct(rnd, SIZE, SIZE);
            case SC -> Backgrounds.screen(rnd, SIZE, SIZE);
        };
        double[] before = new double[SIZE * SIZE];
        for (int k = 0; k < before.length; k++) {
            before[k] = c.display(k);
        }
        byte[] ink = new byte[SIZE * SIZE];
        List<Text> planted = new ArrayList<>();
        for (int t = 0; t < texts; t++) {
            for (int attempt = 0; attempt < 40; attempt++) {
                Content content = Content.values()[(i + t + attempt) % 3];
                Font font = new Font(FAMILIES[(i + t) % FAMILIES.length], Font.BOLD,
                        BOLD_PX[(i + 2 * t + attempt) % BOLD_PX.length]);
                Placement p = placements[(i + 3 * t + attempt) % placements.length];
                Text text = render(c, rnd, m, words(content, rnd), content, font, p, true, false, false, true, planted, ink);
                if (text != null) {
                    planted.add(text);
                    break;
                }
            }
        }
        for (int k = 0; k < ink.length; k++) {
            if (ink[k] != 0 && Math.abs(c.display(k) - before[k]) < 24) {
                ink[k] = 0;
            }
        }
        String name = String.format(Locale.ROOT, "bold-%s-%d", m.name().toLowerCase(Locale.ROOT), seed);
        return new Image(name, m, c.description, c.encode(), List.copyOf(planted), ink);
    }

    /**
     * Draws one label with its top-left at (x, y) (x negative: its right end that far from the right
     * edge), light on the screen's black margin, and an icon before it when asked.
     */
    private static Text plantLabel(Canvas c, Random rnd, String value, int capPx, boolean aa, int x, int y,
                                   Placement p, byte[] ink, boolean icon) {
        Font font = new Font(rnd.nextBoolean() ? Font.SANS_SERIF : Font.DIALOG, Font.PLAIN,
                (int) Math.round(capPx / 0.73));
        FontRenderContext frc = new FontRenderContext(null, aa, aa);
        Rectangle2D bounds = font.getStringBounds(value, frc);
        int bw = (int) Math.ceil(bounds.getWidth()) + 2;
        int bh = (int) Math.ceil(bounds.getHeight()) + 2;
        if (x < 0) {
            x = c.width + x - bw;
        }
        BufferedImage mask = new BufferedImage(bw, bh, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = mask.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                aa ? RenderingHints.VALUE_TEXT_ANTIALIAS_ON : RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
        g.setColor(Color.WHITE);
        g.setFont(font);
        g.drawString(value, 1, (float) -bounds.getY() + 1);
        g.dispose();
        byte[] a = ((java.awt.image.DataBufferByte) mask.getRaster().getDataBuffer()).getData();
        int grey = 150 + rnd.nextInt(100);
        int[] rgb = rnd.nextInt(3) == 0 ? new int[] {grey, grey, 60} : new int[] {grey, grey, grey};
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        for (int j = 0; j < bh; j++) {
            for (int i = 0; i < bw; i++) {
                int cov = a[j * bw + i] & 0xFF;
                if (cov == 0 || x + i < 0 || x + i >= c.width || y + j >= c.height) {
                    continue;
                }
                c.blend(x + i, y + j, cov / 255.0, true, false, rgb);
                ink[(y + j) * c.width + x + i] = (byte) cov;
                x0 = Math.min(x0, x + i);
                y0 = Math.min(y0, y + j);
                x1 = Math.max(x1, x + i);
                y1 = Math.max(y1, y + j);
            }
        }
        if (icon && x0 - capPx - 4 >= 0) {
            icon(c, rnd, x0 - capPx - 4, y0, capPx, grey);
        }
        return new Text(value, Content.LABEL, p, capPx, true, aa, false, false, x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    /** A small icon of side s at (x, y): a square outline, a filled triangle or a circle. */
    private static void icon(Canvas c, Random rnd, int x, int y, int s, int grey) {
        int kind = rnd.nextInt(3);
        for (int j = 0; j < s; j++) {
            for (int i = 0; i < s; i++) {
                boolean on = switch (kind) {
                    case 0 -> i == 0 || j == 0 || i == s - 1 || j == s - 1;
                    case 1 -> Math.abs(i - s / 2.0 + 0.5) <= j / 2.0;
                    default -> Math.abs(Math.hypot(i - (s - 1) / 2.0, j - (s - 1) / 2.0) - (s - 1) / 2.0) < 0.7;
                };
                if (on && x + i < c.width && y + j < c.height) {
                    c.blend(x + i, y + j, 1, true, false, new int[] {grey, grey, grey});
                }
            }
        }
    }

    /** Bright, blobby structures in the sector (valves, walls): echoes that are not text. */
    private static void brightBlobs(Canvas c, Random rnd) {
        int n = 2 + rnd.nextInt(3);
        for (int k = 0; k < n; k++) {
            double cx = c.width * (0.35 + 0.3 * rnd.nextDouble());
            double cy = c.height * (0.35 + 0.4 * rnd.nextDouble());
            double ax = c.width * (0.03 + 0.08 * rnd.nextDouble());
            double ay = c.height * (0.015 + 0.04 * rnd.nextDouble());
            double ang = rnd.nextDouble() * Math.PI;
            for (int y = (int) Math.max(0, cy - ax - ay); y < Math.min(c.height, cy + ax + ay); y++) {
                for (int x = (int) Math.max(0, cx - ax - ay); x < Math.min(c.width, cx + ax + ay); x++) {
                    double u = ((x - cx) * Math.cos(ang) + (y - cy) * Math.sin(ang)) / ax;
                    double v = (-(x - cx) * Math.sin(ang) + (y - cy) * Math.cos(ang)) / ay;
                    double e = u * u + v * v;
                    if (e < 1) {
                        double add = 160 * (1 - e) * (0.8 + 0.4 * rnd.nextDouble());
                        int i = y * c.width + x;
                        for (int p = 0; p < c.planes.length; p++) {
                            c.planes[p][i] = Math.min(255, c.planes[p][i] + add);
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ text

    private static String words(Content content, Random rnd) {
        return switch (content) {
            case NAME -> switch (rnd.nextInt(3)) {
                case 0 -> SURNAMES[rnd.nextInt(SURNAMES.length)] + "^" + GIVEN[rnd.nextInt(GIVEN.length)];
                case 1 -> SURNAMES[rnd.nextInt(SURNAMES.length)] + ", " + GIVEN[rnd.nextInt(GIVEN.length)];
                default -> "Pt: " + GIVEN[rnd.nextInt(GIVEN.length)] + " " + SURNAMES[rnd.nextInt(SURNAMES.length)];
            };
            case ID -> switch (rnd.nextInt(3)) {
                case 0 -> "ID " + (10000000 + rnd.nextInt(89999999));
                case 1 -> "MRN: A" + (1000000 + rnd.nextInt(8999999));
                default -> "ACC " + (2020 + rnd.nextInt(6)) + String.format(Locale.ROOT, "%05d", rnd.nextInt(99999));
            };
            case LABEL -> LABELS[rnd.nextInt(LABELS.length)];
            case DATE -> {
                int y = 1930 + rnd.nextInt(90);
                int m = 1 + rnd.nextInt(12);
                int d = 1 + rnd.nextInt(28);
                yield switch (rnd.nextInt(4)) {
                    case 0 -> String.format(Locale.ROOT, "DOB %04d-%02d-%02d", y, m, d);
                    case 1 -> String.format(Locale.ROOT, "%02d/%02d/%04d", d, m, y);
                    case 2 -> String.format(Locale.ROOT, "%02d-%s-%04d %02d:%02d", d, MONTHS[m - 1], y, rnd.nextInt(24),
                            rnd.nextInt(60));
                    default -> String.format(Locale.ROOT, "%04d.%02d.%02d", y, m, d);
                };
            }
        };
    }

    /** Renders one text where it fits without touching the others; null when it does not fit. */
    private static Text plant(Canvas c, Random rnd, Modality modality, Content content, Placement p, int fontPx,
                              boolean aa, boolean rotate, boolean lowContrast, List<Text> others, byte[] ink) {
        String value = words(content, rnd);
        Font font = new Font(FAMILIES[rnd.nextInt(FAMILIES.length)], rnd.nextInt(4) == 0 ? Font.BOLD : Font.PLAIN, fontPx);
        return render(c, rnd, modality, value, content, font, p, aa, rotate, lowContrast, false, others, ink);
    }

    /**
     * Renders {@code value} in {@code font} where it fits without touching the others; null when it
     * does not fit (or, {@code lightOnly}, when light text would not stand out there).
     */
    private static Text render(Canvas c, Random rnd, Modality modality, String value, Content content, Font font,
                               Placement p, boolean aa, boolean rotate, boolean lowContrast, boolean lightOnly,
                               List<Text> others, byte[] ink) {
        int fontPx = font.getSize();
        FontRenderContext frc = new FontRenderContext(null, aa, aa);
        Rectangle2D bounds = font.getStringBounds(value, frc);
        int tw = (int) Math.ceil(bounds.getWidth()) + 2;
        int th = (int) Math.ceil(bounds.getHeight()) + 2;
        int bw = rotate ? th : tw;
        int bh = rotate ? tw : th;
        int margin = 4 + rnd.nextInt(6);
        int w = c.width;
        int h = c.height;
        if (bw + 2 * margin > w || bh + 2 * margin > h) {
            return null;
        }
        int x;
        int y;
        switch (p) {
            case TOP_LEFT -> { x = margin; y = margin; }
            case TOP_RIGHT -> { x = w - bw - margin; y = margin; }
            case BOTTOM_LEFT -> { x = margin; y = h - bh - margin; }
            case BOTTOM_RIGHT -> { x = w - bw - margin; y = h - bh - margin; }
            case TOP_BAND -> { x = margin + rnd.nextInt(Math.max(1, w - bw - 2 * margin)); y = margin + rnd.nextInt(24); }
            case BOTTOM_BAND -> { x = margin + rnd.nextInt(Math.max(1, w - bw - 2 * margin)); y = h - bh - margin - rnd.nextInt(24); }
            case CENTRE -> { x = (w - bw) / 2 + rnd.nextInt(41) - 20; y = (h - bh) / 2 + rnd.nextInt(81) - 40; }
            default -> { x = rnd.nextBoolean() ? margin : w - bw - margin; y = (h - bh) / 2 + rnd.nextInt(61) - 30; }
        }
        if (x < 0 || y < 0 || x + bw > w || y + bh > h) {
            return null;
        }
        for (Text o : others) {
            if (x < o.x() + o.width() + 6 && o.x() < x + bw + 6 && y < o.y() + o.height() + 6 && o.y() < y + bh + 6) {
                return null;
            }
        }
        // Coverage mask of the text alone, white on black, in its own small raster.
        BufferedImage mask = new BufferedImage(bw, bh, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = mask.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                aa ? RenderingHints.VALUE_TEXT_ANTIALIAS_ON : RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS,
                aa ? RenderingHints.VALUE_FRACTIONALMETRICS_ON : RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
        g.setColor(Color.WHITE);
        g.setFont(font);
        float baseline = (float) -bounds.getY() + 1;
        if (rotate) {
            // Reads bottom to top, as vertical labels on US and XA do.
            g.setTransform(new AffineTransform(0, -1, 1, 0, 0, bh));
        }
        g.drawString(value, 1, baseline);
        g.dispose();
        byte[] a = ((java.awt.image.DataBufferByte) mask.getRaster().getDataBuffer()).getData();

        // Light or dark, so that the whole text stands out from what lies under it as displayed (as a
        // device draws its labels); both when the background allows either. The low-contrast case
        // is drawn close to its background on purpose.
        double[] range = c.displayRange(x, y, bw, bh);
        boolean lightFits = c.lightDisplay() - range[1] >= 24;
        boolean darkFits = range[0] - c.darkDisplay() >= 24;
        if ((!lightFits && !darkFits && !lowContrast) || (lightOnly && !lightFits)) {
            return null;
        }
        boolean light = lightOnly || lowContrast || (lightFits && (!darkFits || rnd.nextBoolean()));
        int[] rgb = light ? textColor(modality, rnd) : new int[] {10, 10, 10};
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        for (int j = 0; j < bh; j++) {
            for (int i = 0; i < bw; i++) {
                int cov = a[j * bw + i] & 0xFF;
                if (cov == 0) {
                    continue;
                }
                c.blend(x + i, y + j, cov / 255.0, light, lowContrast, rgb);
                ink[(y + j) * w + x + i] = (byte) cov;
                x0 = Math.min(x0, x + i);
                y0 = Math.min(y0, y + j);
                x1 = Math.max(x1, x + i);
                y1 = Math.max(y1, y + j);
            }
        }
        if (x1 < 0) {
            return null;
        }
        return new Text(value, content, p, fontPx, light, aa, rotate, lowContrast, x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    /** Light text colours: US labels white, yellow or green; SC white, yellow or cyan. */
    private static int[] textColor(Modality m, Random rnd) {
        return switch (rnd.nextInt(3)) {
            case 0 -> new int[] {250, 250, 250};
            case 1 -> new int[] {240, 230, 40};
            default -> m == Modality.US ? new int[] {90, 230, 90} : new int[] {60, 220, 230};
        };
    }

    // ------------------------------------------------------------------ canvas

    /**
     * Stored values being built: one plane (grayscale, in stored units) or three (RGB 0-255), with the
     * description the frame will carry and the text values for light and dark text.
     */
    static final class Canvas {
        final int width;
        final int height;
        final FrameDescription description;
        final double[][] planes;
        final double lightValue;
        final double darkValue;

        Canvas(FrameDescription d, double lightValue, double darkValue) {
            this.width = d.columns();
            this.height = d.rows();
            this.description = d;
            this.planes = new double[d.color() ? 3 : 1][width * height];
            this.lightValue = lightValue;
            this.darkValue = darkValue;
        }

        /** The darkest and brightest display values (0-255) of a region, for choosing light or dark text. */
        double[] displayRange(int x, int y, int w, int h) {
            double lo = 255;
            double hi = 0;
            for (int j = y; j < y + h; j++) {
                for (int i = x; i < x + w; i++) {
                    double v = display(j * width + i);
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            return new double[] {lo, hi};
        }

        /** The displayed grey of light and dark text. */
        double lightDisplay() {
            return description.color() ? 230 : displayOf(lightValue);
        }

        double darkDisplay() {
            return description.color() ? 10 : displayOf(darkValue);
        }

        private double displayOf(double stored) {
            double saved = planes[0][0];
            planes[0][0] = stored;
            double v = display(0);
            planes[0][0] = saved;
            return v;
        }

        double display(int i) {
            FrameDescription d = description;
            if (d.color()) {
                return 0.299 * planes[0][i] + 0.587 * planes[1][i] + 0.114 * planes[2][i];
            }
            double v = planes[0][i] * d.rescaleSlope() + d.rescaleIntercept();
            double lo = d.minStored();
            double hi = d.maxStored();
            if (d.window() != null) {
                lo = d.window().center() - d.window().width() / 2;
                hi = d.window().center() + d.window().width() / 2;
            }
            double g = Math.max(0, Math.min(255, (v - lo) / (hi - lo) * 255));
            return d.photometric().equals(FrameDescription.MONOCHROME1) ? 255 - g : g;
        }

        void blend(int x, int y, double alpha, boolean light, boolean lowContrast, int[] rgb) {
            int i = y * width + x;
            if (description.color()) {
                for (int p = 0; p < 3; p++) {
                    planes[p][i] = planes[p][i] * (1 - alpha) + rgb[p] * alpha;
                }
            } else {
                double target = lowContrast ? lowContrastValue() : light ? lightValue : darkValue;
                planes[0][i] = planes[0][i] * (1 - alpha) + target * alpha;
            }
        }

        /** CT: text at the window's centre, on soft tissue a few HU below it. */
        private double lowContrastValue() {
            return description.window().center() + 45;
        }

        byte[] encode() {
            FrameDescription d = description;
            String pi = d.photometric();
            int n = width * height;
            if (pi.equals(FrameDescription.RGB)) {
                byte[] out = new byte[3 * n];
                for (int i = 0; i < n; i++) {
                    for (int p = 0; p < 3; p++) {
                        out[3 * i + p] = (byte) clamp(Math.round(planes[p][i]), 0, 255);
                    }
                }
                return out;
            }
            if (pi.equals(FrameDescription.YBR_FULL_422)) {
                byte[] out = new byte[2 * n];
                for (int pair = 0; pair < n / 2; pair++) {
                    double cb = 0;
                    double cr = 0;
                    for (int k = 0; k < 2; k++) {
                        int i = 2 * pair + k;
                        double r = planes[0][i];
                        double g = planes[1][i];
                        double b = planes[2][i];
                        out[4 * pair + k] = (byte) clamp(Math.round(0.299 * r + 0.587 * g + 0.114 * b), 0, 255);
                        cb += -0.168736 * r - 0.331264 * g + 0.5 * b + 128;
                        cr += 0.5 * r - 0.418688 * g - 0.081312 * b + 128;
                    }
                    out[4 * pair + 2] = (byte) clamp(Math.round(cb / 2), 0, 255);
                    out[4 * pair + 3] = (byte) clamp(Math.round(cr / 2), 0, 255);
                }
                return out;
            }
            int bytes = d.bitsAllocated() / 8;
            byte[] out = new byte[n * bytes];
            for (int i = 0; i < n; i++) {
                put(out, i * bytes, bytes, clamp(Math.round(planes[0][i]), d.minStored(), d.maxStored()));
            }
            return out;
        }
    }

    static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static void put(byte[] out, int pos, int bytes, long value) {
        for (int k = 0; k < bytes; k++) {
            out[pos + k] = (byte) (value >>> (8 * k));
        }
    }

    // ------------------------------------------------------------------ backgrounds

    /** The backgrounds, each in the stored units of its description. */
    static final class Backgrounds {
        private Backgrounds() {
        }

        static Canvas ultrasound(Random rnd, int w, int h) {
            String pi = switch (rnd.nextInt(3)) {
                case 0 -> FrameDescription.MONOCHROME2;
                case 1 -> FrameDescription.RGB;
                default -> FrameDescription.YBR_FULL_422;
            };
            FrameDescription d = pi.equals(FrameDescription.MONOCHROME2)
                    ? FrameDescription.grayscale(h, w, 8, 8, false, pi) : FrameDescription.color(h, w, pi);
            Canvas c = new Canvas(d, 245, 0);
            // Tissue echogenicity: smooth layers and a few dark cysts; speckle: Rayleigh-distributed,
            // grains a few pixels wide, elongated across the beam.
            double[] tissue = smoothNoise(rnd, w, h, 48, 0.6);
            double[] speckle = new double[w * h];
            for (int i = 0; i < speckle.length; i++) {
                double u = Math.max(1e-9, rnd.nextDouble());
                speckle[i] = Math.sqrt(-2 * Math.log(u));
            }
            speckle = blur(speckle, w, h, 2, 1);
            double cx = w / 2.0;
            double cy = 30 + rnd.nextInt(30);
            double r0 = 40;
            double r1 = h - 40 - rnd.nextInt(40);
            double half = Math.toRadians(30 + rnd.nextInt(15));
            double[][] cysts = new double[2 + rnd.nextInt(3)][];
            for (int k = 0; k < cysts.length; k++) {
                double ang = (rnd.nextDouble() * 2 - 1) * half * 0.7;
                double rad = r0 + (r1 - r0) * (0.3 + 0.6 * rnd.nextDouble());
                cysts[k] = new double[] {cx + rad * Math.sin(ang), cy + rad * Math.cos(ang), 10 + rnd.nextInt(30)};
            }
            double gain = 60 + rnd.nextInt(40);
            double[] g = new double[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double dx = x - cx;
                    double dy = y - cy;
                    double r = Math.hypot(dx, dy);
                    double ang = Math.atan2(dx, dy);
                    if (r < r0 || r > r1 || Math.abs(ang) > half) {
                        continue;
                    }
                    double echo = 0.55 + 0.45 * tissue[y * w + x] + 0.25 * Math.sin(r / 23.0);
                    for (double[] cyst : cysts) {
                        if (Math.hypot(x - cyst[0], y - cyst[1]) < cyst[2]) {
                            echo *= 0.12;
                        }
                    }
                    double depth = 1 - 0.5 * (r - r0) / (r1 - r0);
                    g[y * w + x] = gain * echo * depth * speckle[y * w + x];
                }
            }
            // Depth ticks along the right edge of the sector, and a small grey wedge at the left: a
            // ruler and a grey bar are allowed to be found.
            for (int k = 0; k <= 10; k++) {
                double r = r0 + (r1 - r0) * k / 10;
                int ty = (int) (cy + r * Math.cos(half));
                int tx = (int) (cx + r * Math.sin(half)) + 6;
                for (int t = 0; t < (k % 5 == 0 ? 8 : 4); t++) {
                    if (tx + t < w && ty < h) {
                        g[ty * w + tx + t] = 200;
                    }
                }
            }
            for (int y = h / 3; y < 2 * h / 3; y++) {
                for (int x = 18; x < 26; x++) {
                    g[y * w + x] = 255.0 * (y - h / 3) / (h / 3.0);
                }
            }
            for (int i = 0; i < g.length; i++) {
                double v = Math.min(255, g[i]);
                for (int p = 0; p < c.planes.length; p++) {
                    c.planes[p][i] = v;
                }
            }
            return c;
        }

        static Canvas angiography(Random rnd, int w, int h) {
            FrameDescription d = FrameDescription.grayscale(h, w, 8, 8, false, FrameDescription.MONOCHROME2);
            Canvas c = new Canvas(d, 250, 5);
            double[] base = smoothNoise(rnd, w, h, 96, 1);
            double[] vessels = new double[w * h];
            int trees = 2 + rnd.nextInt(3);
            for (int t = 0; t < trees; t++) {
                vessel(rnd, vessels, w, h, rnd.nextInt(w), rnd.nextBoolean() ? 0 : h - 1,
                        rnd.nextDouble() * Math.PI * 2, 5 + rnd.nextInt(4), 0);
            }
            vessels = blur(vessels, w, h, 1, 1);
            double cx = w / 2.0 + rnd.nextInt(21) - 10;
            double cy = h / 2.0 + rnd.nextInt(21) - 10;
            double radius = 0.47 * w + rnd.nextInt(20);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    double v = 120 + 60 * base[i] - 90 * Math.min(1, vessels[i]) + rnd.nextGaussian() * 7;
                    double edge = (radius - Math.hypot(x - cx, y - cy)) / 6; // a soft collimator edge
                    v *= Math.max(0, Math.min(1, edge));
                    c.planes[0][i] = clamp(Math.round(v), 0, 255);
                }
            }
            return c;
        }

        /** A random walk that draws a dark tube of decreasing width and branches. */
        private static void vessel(Random rnd, double[] out, int w, int h, double x, double y, double dir, double width,
                                   int depth) {
            int steps = 60 + rnd.nextInt(140);
            for (int s = 0; s < steps && width > 0.8; s++) {
                dir += (rnd.nextDouble() - 0.5) * 0.25;
                x += Math.cos(dir) * 2;
                y += Math.sin(dir) * 2;
                if (x < 0 || y < 0 || x >= w || y >= h) {
                    return;
                }
                disc(out, w, h, x, y, width / 2);
                if (depth < 4 && rnd.nextInt(40) == 0) {
                    vessel(rnd, out, w, h, x, y, dir + (rnd.nextBoolean() ? 0.7 : -0.7), width * 0.7, depth + 1);
                }
                width *= 0.995;
            }
        }

        private static void disc(double[] out, int w, int h, double cx, double cy, double r) {
            for (int y = (int) (cy - r - 1); y <= cy + r + 1; y++) {
                for (int x = (int) (cx - r - 1); x <= cx + r + 1; x++) {
                    if (x >= 0 && y >= 0 && x < w && y < h && Math.hypot(x - cx, y - cy) <= r) {
                        out[y * w + x] = 1;
                    }
                }
            }
        }

        static Canvas radiograph(Random rnd, int w, int h) {
            FrameDescription d = FrameDescription.grayscale(h, w, 16, 12, false, FrameDescription.MONOCHROME1);
            if (rnd.nextBoolean()) {
                d = d.withWindow(2048, 4096);
            }
            // MONOCHROME1: small stored values are white. Light text is drawn at 0, dark at 4095.
            Canvas c = new Canvas(d, 0, 4095);
            double[] texture = smoothNoise(rnd, w, h, 32, 1);
            double cx = w / 2.0;
            double ax = 0.36 * w + rnd.nextInt(30);
            double ay = 0.55 * h;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    double body = Math.pow((x - cx) / ax, 2) + Math.pow((y - h * 0.55) / ay, 2);
                    double density = body < 1 ? 0.55 + 0.25 * Math.sqrt(1 - body) : 0.05;
                    if (body < 1 && Math.abs(x - cx) < 0.05 * w) {
                        density += 0.25; // spine
                    }
                    if (body < 1) {
                        for (int rib = 0; rib < 8; rib++) {
                            double ry = h * 0.22 + rib * h * 0.07 + 0.0009 * Math.pow(x - cx, 2);
                            if (Math.abs(y - ry) < 5 && Math.abs(x - cx) > 0.06 * w) {
                                density += 0.12;
                            }
                        }
                        double lung = Math.pow((Math.abs(x - cx) - 0.18 * w) / (0.13 * w), 2)
                                + Math.pow((y - h * 0.45) / (0.27 * h), 2);
                        if (lung < 1) {
                            density -= 0.3 * Math.sqrt(1 - lung);
                        }
                    }
                    density += 0.04 * texture[i];
                    c.planes[0][i] = density;
                }
            }
            double[] blurred = blur(c.planes[0], w, h, 3, 3);
            for (int i = 0; i < blurred.length; i++) {
                // Displayed brightness = density; stored MONOCHROME1 = 4095 - brightness.
                double display = Math.max(0, Math.min(1, blurred[i])) * 3600 + rnd.nextGaussian() * 25;
                c.planes[0][i] = clamp(Math.round(4095 - display), 0, 4095);
            }
            return c;
        }

        static Canvas ct(Random rnd, int w, int h) {
            FrameDescription d = new FrameDescription(h, w, 1, 16, 16, 15, true, false, FrameDescription.MONOCHROME2,
                    1, 0, new FrameDescription.Window(40, 400), null);
            Canvas c = new Canvas(d, 3071, -2048);
            double cx = w / 2.0;
            double cy = h / 2.0 + 10;
            double ax = 0.38 * w + rnd.nextInt(20);
            double ay = 0.28 * h + rnd.nextInt(20);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    double hu;
                    if (Math.hypot(x - cx, y - cy) > 0.49 * w) {
                        hu = -2048; // outside the reconstruction circle
                    } else {
                        double e = Math.pow((x - cx) / ax, 2) + Math.pow((y - cy) / ay, 2);
                        if (e > 1) {
                            hu = -1000;
                        } else if (e > 0.85) {
                            hu = -100; // subcutaneous fat
                        } else {
                            hu = 40;
                            double lung = Math.pow((Math.abs(x - cx) - 0.17 * w) / (0.12 * w), 2)
                                    + Math.pow((y - cy + 10) / (0.18 * h), 2);
                            if (lung < 1) {
                                hu = -850;
                            }
                            if (Math.hypot(x - cx, y - (cy + 0.18 * h)) < 0.045 * w) {
                                hu = 900; // vertebra
                            }
                        }
                        hu += rnd.nextGaussian() * 15;
                    }
                    c.planes[0][i] = hu;
                }
            }
            return c;
        }

        static Canvas screen(Random rnd, int w, int h) {
            Canvas c = new Canvas(FrameDescription.color(h, w, FrameDescription.RGB), 0, 0);
            int[][] fills = {
                {0, 0, w, 28, 30, 50, 120},            // title bar
                {0, 28, 110, h - 28, 215, 215, 220},   // side panel
                {110, 28, w - 110, h - 28, 16, 16, 20}, // dark work area
                {130, 60, 360, 220, 250, 250, 250},    // plot
                {130, 300, 170, 180, 0, 0, 0},         // picture
            };
            for (int[] f : fills) {
                fill(c, f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
            }
            // Side-panel buttons, plot axes and two curves, a colourful picture.
            for (int k = 0; k < 6; k++) {
                fill(c, 10, 50 + k * 40, 90, 26, 180 + rnd.nextInt(40), 190, 205);
            }
            fill(c, 150, 80, 2, 180, 0, 0, 0);
            fill(c, 150, 258, 320, 2, 0, 0, 0);
            int[][] curve = {{220, 30, 30}, {30, 150, 40}};
            for (int[] col : curve) {
                double phase = rnd.nextDouble() * 6;
                int last = (int) (170 + 60 * Math.sin(152 / 25.0 + phase));
                for (int x = 152; x < 468; x++) {
                    int y = (int) (170 + 60 * Math.sin(x / 25.0 + phase));
                    fill(c, x, Math.min(y, last), 1, Math.abs(y - last) + 1, col[0], col[1], col[2]);
                    last = y;
                }
            }
            double[] pic = smoothNoise(rnd, w, h, 24, 1);
            for (int y = 300; y < 480; y++) {
                for (int x = 130; x < 300; x++) {
                    int i = y * w + x;
                    c.planes[0][i] = 128 + 120 * pic[i];
                    c.planes[1][i] = 128 + 120 * pic[(i + 12345) % pic.length];
                    c.planes[2][i] = 128 - 120 * pic[i];
                }
            }
            return c;
        }

        private static void fill(Canvas c, int x, int y, int w, int h, int r, int g, int b) {
            for (int j = y; j < Math.min(c.height, y + h); j++) {
                for (int i = x; i < Math.min(c.width, x + w); i++) {
                    c.planes[0][j * c.width + i] = r;
                    c.planes[1][j * c.width + i] = g;
                    c.planes[2][j * c.width + i] = b;
                }
            }
        }

        /** Smooth noise in [-1, 1]: random values on a coarse grid, bilinearly interpolated. */
        static double[] smoothNoise(Random rnd, int w, int h, int cell, double amplitude) {
            int gw = w / cell + 2;
            int gh = h / cell + 2;
            double[] grid = new double[gw * gh];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = (rnd.nextDouble() * 2 - 1) * amplitude;
            }
            double[] out = new double[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double fx = (double) x / cell;
                    double fy = (double) y / cell;
                    int gx = (int) fx;
                    int gy = (int) fy;
                    double tx = fx - gx;
                    double ty = fy - gy;
                    double a = grid[gy * gw + gx] * (1 - tx) + grid[gy * gw + gx + 1] * tx;
                    double b = grid[(gy + 1) * gw + gx] * (1 - tx) + grid[(gy + 1) * gw + gx + 1] * tx;
                    out[y * w + x] = a * (1 - ty) + b * ty;
                }
            }
            return out;
        }

        /** A box blur of radius rx across and ry down. */
        static double[] blur(double[] in, int w, int h, int rx, int ry) {
            double[] tmp = new double[in.length];
            double[] out = new double[in.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    int n = 0;
                    for (int k = Math.max(0, x - rx); k <= Math.min(w - 1, x + rx); k++) {
                        s += in[y * w + k];
                        n++;
                    }
                    tmp[y * w + x] = s / n;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    int n = 0;
                    for (int k = Math.max(0, y - ry); k <= Math.min(h - 1, y + ry); k++) {
                        s += tmp[k * w + x];
                        n++;
                    }
                    out[y * w + x] = s / n;
                }
            }
            return out;
        }
    }
}
