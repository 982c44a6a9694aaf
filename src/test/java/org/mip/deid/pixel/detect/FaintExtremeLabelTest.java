package org.mip.deid.pixel.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A label drawn at the frame's extreme over a ground near that extreme: white text on a CR's
 * near-white collimated border (MONOCHROME1, stored 0 over a border at 4-8 % of the range), a DX label
 * at 4095 over a band just under it. Every mapped view shows it 8-20 grey levels off its ground, under
 * the detectors' floor; a probe (2026-12-08) had 21 of its 48 such 12-bit labels published legible.
 * {@link FaintExtremes} gives it a window of its own.
 */
class FaintExtremeLabelTest {
    static final int W = 512;
    static final int H = 384;
    static final int TOP = 4095;
    static final int BAND = 96;
    static final String TEXT = "KOWALSKI^ANNA 7734021";

    /**
     * Tissue in the middle of the range below a border {@code gap} of the range off the extreme, the
     * label (alpha 0-255) at the extreme: stored 0 for MONOCHROME1 (shown white), 4095 for MONOCHROME2.
     */
    static int[] frame(byte[] alpha, boolean m1, double gap, long seed) {
        Random r = new Random(seed);
        double[] texture = TextCorpus.Backgrounds.smoothNoise(r, W, H, 30, 300);
        int extreme = m1 ? 0 : TOP;
        double ground = m1 ? gap * TOP : TOP - gap * TOP;
        int[] v = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                double value = y < BAND ? ground + r.nextGaussian() * 20 : 1800 + texture[i] + r.nextGaussian() * 30;
                double a = (alpha[i] & 0xFF) / 255.0;
                v[i] = (int) Math.max(1, Math.min(TOP - 1, Math.round(value)));
                v[i] = (int) Math.round(v[i] * (1 - a) + extreme * a);
            }
        }
        return v;
    }

    static byte[] label(int size) {
        return label(size, false);
    }

    /**
     * The label's coverage: one line across the border. With {@code wordsOnly}, only its letters and
     * digits, where the whole line puts them (what must not be left: the caret is no identity).
     */
    static byte[] label(int size, boolean wordsOnly) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
        if (wordsOnly) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("[A-Z0-9]+").matcher(TEXT);
            while (m.find()) {
                g.drawString(m.group(), 20 + g.getFontMetrics().stringWidth(TEXT.substring(0, m.start())), 20 + size);
            }
        } else {
            g.drawString(TEXT, 20, 20 + size);
        }
        g.dispose();
        byte[] out = new byte[W * H];
        img.getRaster().getDataElements(0, 0, W, H, out);
        return out;
    }

    static FrameDescription description(boolean m1) {
        return FrameDescription.grayscale(H, W, 16, 12, false, m1 ? FrameDescription.MONOCHROME1 : FrameDescription.MONOCHROME2);
    }

    /** Boxes blanked as the redactor blanks: 4095 for MONOCHROME1, 0 for MONOCHROME2. */
    static TextFinder.Blanker blanker(boolean m1) {
        return (frame, boxes) -> {
            byte[] out = frame.clone();
            for (TextBox b : boxes) {
                TextBox c = b.clipped(W, H);
                for (int y = c.y(); y < c.bottom(); y++) {
                    for (int x = c.x(); x < c.right(); x++) {
                        TextCorpus.put(out, 2 * (y * W + x), 2, m1 ? TOP : 0);
                    }
                }
            }
            return out;
        };
    }

    static boolean hasFaintView(byte[] frame, FrameDescription d) throws Exception {
        return GrayViews.of(frame, d).stream().anyMatch(v -> v.kind() == GrayViews.Kind.FAINT_EXTREME);
    }

    /**
     * 16 labels (MONOCHROME1 and 2, 3 and 5 % of the range off the extreme, 14-40 px): measured
     * 2026-12-08, 11 blanked whole (98 % of their letters' ink) and all verified; the other five keep a
     * letter or two at an end of a box (the "KO" of the 14 px name, 12 % of its ink; a 40 px "I" before
     * the caret, 3 %). The other views alone cover one of them whole.
     */
    @Test
    void faintLabelsAtTheExtremeAreBlankedAndVerified() throws Exception {
        int covered = 0;
        int coveredWithoutTheView = 0;
        int cases = 0;
        List<String> missed = new ArrayList<>();
        for (boolean m1 : new boolean[] {true, false}) {
            for (double gap : new double[] {0.03, 0.05}) {
                for (int size : new int[] {14, 20, 28, 40}) {
                    cases++;
                    byte[] alpha = label(size);
                    byte[] words = label(size, true);
                    FrameDescription d = description(m1);
                    byte[] frame = MidGreyLabelTest.words(frame(alpha, m1, gap, size));
                    TextFinder.Result r = TextFinder.withoutOcr().redact(frame, d, blanker(m1));
                    InkCoverage c = InkCoverage.of(words, W, 128, r.boxes());
                    String name = (m1 ? "M1" : "M2") + " gap " + gap + " " + size + " px: " + c.left() + " of " + c.ink()
                            + " ink pixels left";
                    assertTrue(r.verified(), name + ", not verified: " + r.verification());
                    assertTrue(c.left() <= 0.15 * c.ink(), name);
                    if (c.left() <= c.ink() / 50) {
                        covered++;
                    } else {
                        missed.add(name);
                    }
                    List<GrayViews.View> others = GrayViews.of(frame, d).stream()
                            .filter(v -> v.kind() != GrayViews.Kind.FAINT_EXTREME).toList();
                    InkCoverage before = InkCoverage.of(words, W, 128, TextFinder.withoutOcr().find(others));
                    if (before.left() <= before.ink() / 50) {
                        coveredWithoutTheView++;
                    }
                }
            }
        }
        assertTrue(covered >= 11, covered + " of " + cases + " labels blanked whole (98 % of their ink); the others: " + missed);
        assertTrue(coveredWithoutTheView <= 1, coveredWithoutTheView + " labels covered whole by the other views alone: this"
                + " test no longer shows what the faint-extreme view adds");
    }

    @Test
    void theSameFramesWithoutALabelAreLeftAlone() throws Exception {
        byte[] none = new byte[W * H];
        for (boolean m1 : new boolean[] {true, false}) {
            byte[] frame = MidGreyLabelTest.words(frame(none, m1, 0.04, 7));
            assertEquals(List.of(), TextFinder.withoutOcr().find(frame, description(m1)), m1 ? "M1" : "M2");
        }
    }

    @Test
    void aClearLabelAndTheBlankValueGetNoViewOfTheirOwn() throws Exception {
        // a label at 4095 over the tissue (far from its grey): the full-range view shows it plainly, and a
        // second view of it would cost the detectors' time again for nothing
        byte[] alpha = new byte[W * H];
        byte[] text = label(20);
        System.arraycopy(text, 0, alpha, 200 * W, W * (H - 200));
        assertEquals(false, hasFaintView(MidGreyLabelTest.words(frame(alpha, false, 0.04, 3)), description(false)));
        // the same faint label at the redactor's blank (0 for MONOCHROME2, over a band near 0): blanked
        // boxes are no text to find again
        int[] v = frame(text, true, 0.04, 3);
        assertEquals(false, hasFaintView(MidGreyLabelTest.words(v), description(false)));
        assertEquals(true, hasFaintView(MidGreyLabelTest.words(v), description(true)), "the same pixels as MONOCHROME1");
        // PALETTE COLOR whose tables cannot be read is scanned as grey indices, and blanked with an index
        // that need not be an extreme
        FrameDescription palette = FrameDescription.grayscale(H, W, 16, 12, false, FrameDescription.PALETTE_COLOR);
        byte[] atTheMaximum = MidGreyLabelTest.words(frame(text, false, 0.04, 3));
        assertEquals(true, hasFaintView(atTheMaximum, description(false)), "as MONOCHROME2");
        assertEquals(false, hasFaintView(atTheMaximum, palette), "as PALETTE COLOR");
    }

    /**
     * Content clipped at the extreme (smooth texture cut off at 0 in patches, with its noise) fades into
     * values near it instead of stepping onto a ground: no strokes, so no view, even beside a faint label
     * at the same extreme, whose view leaves the patches black.
     */
    @Test
    void contentClippedAtTheExtremeIsNoStroke() throws Exception {
        for (boolean withLabel : new boolean[] {false, true}) {
            byte[] alpha = withLabel ? label(24) : new byte[W * H];
            int[] v = frame(alpha, true, 0.06, 5);
            Random r = new Random(9);
            double[] texture = TextCorpus.Backgrounds.smoothNoise(r, W, H, 24, 900);
            for (int y = BAND + 20; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int i = y * W + x;
                    v[i] = (int) Math.max(0, Math.round(700 + texture[i] + r.nextGaussian() * 120));
                }
            }
            byte[] frame = MidGreyLabelTest.words(v);
            FrameDescription d = description(true);
            List<GrayViews.View> faint = GrayViews.of(frame, d).stream()
                    .filter(view -> view.kind() == GrayViews.Kind.FAINT_EXTREME).toList();
            long clipped = 0;
            for (int i = (BAND + 20) * W; i < W * H; i++) {
                clipped += v[i] == 0 ? 1 : 0;
            }
            assertTrue(clipped > 1000 && clipped < W * H / 25, "pixels of the texture clipped at 0: " + clipped);
            assertEquals(withLabel ? 1 : 0, faint.size(), "faint-extreme views, label " + withLabel);
            for (GrayViews.View view : faint) {
                int lit = 0;
                for (int i = (BAND + 20) * W; i < W * H; i++) {
                    lit += view.image().pixels()[i] != 0 ? 1 : 0;
                }
                assertEquals(0, lit, "pixels of the clipped texture shown in the label's view");
            }
        }
    }

    @Test
    void theViewReachesASquareAroundEachStroke() {
        int w = 20;
        boolean[] marked = new boolean[w * 12];
        marked[5 * w + 7] = true;
        marked[11 * w + 19] = true; // a corner: the square is cut by the frame's edges
        boolean[] near = FaintExtremes.near(marked, w, 2);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < w; x++) {
                boolean expected = Math.abs(x - 7) <= 2 && Math.abs(y - 5) <= 2 || x >= 17 && y >= 9;
                assertEquals(expected, near[y * w + x], "at " + x + "," + y);
            }
        }
    }
}
