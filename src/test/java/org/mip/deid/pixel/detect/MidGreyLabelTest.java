package org.mip.deid.pixel.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A label burned in at mid grey over anatomy of the same grey, in a 16-bit radiograph without a window:
 * in every mapped view its letters fade into the tissue where the tissue reaches their grey. A probe of
 * realistic burned-in text (2026-12-07: "DUBOIS, PETER", "ID 79144680" in 40 px bold serif at 32767
 * over a CR chest) had it blanked in part, "DUBO" and "ID 791446" left legible by eye. The device drew
 * it at one stored value, which the anatomy's noise never holds for long: the exact-value view
 * ({@link GrayViews.Kind#EXACT_VALUE}) shows the whole label and nothing else.
 */
class MidGreyLabelTest {
    static final int W = 640;
    static final int H = 360;
    static final int LABEL = 32767;
    static final String[] LINES = {"DUBOIS, PETER", "ID 79144680", "02.07.2026"};

    /** Tissue from 12000 (left) to 52000 (right) with smooth structure and quantum noise; text alpha 0-255. */
    static int[] frame(byte[] alpha, long seed) {
        Random r = new Random(seed);
        double[] texture = TextCorpus.Backgrounds.smoothNoise(r, W, H, 40, 6000);
        int[] v = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                double tissue = 12000 + 40000.0 * x / W + texture[i] + r.nextGaussian() * 500;
                double a = (alpha[i] & 0xFF) / 255.0;
                v[i] = (int) Math.max(1, Math.min(65535, Math.round(tissue * (1 - a) + LABEL * a)));
            }
        }
        return v;
    }

    /**
     * The label's coverage: three lines of 40 px bold serif across the middle, where the tissue is mid
     * grey. With {@code wordsOnly}, only its letters and digits are drawn, where the whole line puts
     * them (what must not be left: a comma is no identity).
     */
    static byte[] label(boolean text, boolean wordsOnly) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        if (text) {
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SERIF, Font.BOLD, 40));
            for (int k = 0; k < LINES.length; k++) {
                if (!wordsOnly) {
                    g.drawString(LINES[k], 180, 90 + 60 * k);
                    continue;
                }
                Matcher m = Pattern.compile("[A-Z0-9]+").matcher(LINES[k]);
                while (m.find()) {
                    int dx = g.getFontMetrics().stringWidth(LINES[k].substring(0, m.start()));
                    g.drawString(m.group(), 180 + dx, 90 + 60 * k);
                }
            }
            g.dispose();
        }
        byte[] out = new byte[W * H];
        img.getRaster().getDataElements(0, 0, W, H, out);
        return out;
    }

    static byte[] words(int[] v) {
        byte[] out = new byte[2 * v.length];
        for (int i = 0; i < v.length; i++) {
            TextCorpus.put(out, 2 * i, 2, v[i]);
        }
        return out;
    }

    static final FrameDescription CR = FrameDescription.grayscale(H, W, 16, 16, false, FrameDescription.MONOCHROME2);

    /** Boxes blanked to 0, as the redactor blanks MONOCHROME2. */
    static byte[] blank(byte[] frame, List<TextBox> boxes) {
        byte[] out = frame.clone();
        for (TextBox b : boxes) {
            TextBox c = b.clipped(W, H);
            for (int y = c.y(); y < c.bottom(); y++) {
                for (int x = c.x(); x < c.right(); x++) {
                    TextCorpus.put(out, 2 * (y * W + x), 2, 0);
                }
            }
        }
        return out;
    }

    @Test
    void theWholeLabelIsBlankedAndVerified() throws Exception {
        byte[] frame = words(frame(label(true, false), 11));
        byte[] alpha = label(true, true);
        TextFinder.Result r = TextFinder.withoutOcr().redact(frame, CR, MidGreyLabelTest::blank);
        assertTrue(r.verified(), r.verification().toString());
        InkCoverage c = InkCoverage.of(alpha, W, 128, r.boxes());
        int ink = c.ink();
        int left = c.left();
        assertTrue(ink > 3000, "the label has ink: " + ink);
        assertEquals(0, left, "ink pixels of the label's letters and digits outside every blanked box (of " + ink + "): " + r.boxes());
        long area = r.boxes().stream().mapToLong(TextBox::area).sum();
        assertTrue(area < W * H / 6, "blanked " + area + " pixels for three lines of text: " + r.boxes());
    }

    @Test
    void theSameTissueWithoutALabelHasNoText() throws Exception {
        byte[] frame = words(frame(label(false, false), 11));
        assertEquals(List.of(), TextFinder.withoutOcr().find(frame, CR));
        assertEquals(List.of(), GrayViews.spikes(GrayViews.Samples.read(frame, CR), CR.columns()), "no value stands out");
    }
}
