package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mip.deid.pixel.detect.FrameDescription;
import org.mip.deid.pixel.detect.SimpleText;
import org.mip.deid.pixel.detect.TextBox;
import org.mip.deid.pixel.detect.TextFinder;

/**
 * A multi-frame image is blanked frame by frame: what one frame shows is blanked there, and a
 * static overlay found in some frames is blanked in all of them ({@link OverlaySpread}). Through the
 * pixel stage with the text-likeness detector, on 16-frame 8-bit cines whose anatomy is noise drawn
 * afresh for every frame.
 */
class PerFrameBlankingTest {
    private static final int FRAMES = 16;
    private static final int ROWS = 192;
    private static final int COLUMNS = 256;
    private static final int INK = 230;

    /**
     * A label that moves (a different place in every frame, as a counter or a running clock would be
     * where it is found) and nothing else: each frame is blanked where its own label is. The union of
     * all frames' boxes in every frame (the rule before) blanks about 20 % of each frame.
     */
    @Test
    void movingContentIsBlankedOnlyInTheFrameThatShowsIt() throws Exception {
        Random random = new Random(7);
        List<byte[]> frames = new ArrayList<>();
        for (int f = 0; f < FRAMES; f++) {
            byte[] frame = noise(random);
            draw(frame, "TIME 12:0" + (f % 10), 8 + (f % 4) * 60, 24 + (f / 4) * 40, null);
            frames.add(frame);
        }
        List<byte[]> out = deidentify(frames, "BURNED_IN_TEXT_REDACTED");
        double worst = 0;
        for (int f = 0; f < FRAMES; f++) {
            worst = Math.max(worst, Cines.changedOutside(frames.get(f), out.get(f), COLUMNS, 0, 0, 0, 0));
        }
        assertTrue(worst < 0.05, "at most 5 % of any frame blanked, found " + worst);
    }

    /**
     * A name drawn the same in every frame; in 12 of 16 frames something nearly as bright as its letters
     * passes behind it (a contrast-filled vessel, the diaphragm), so that the detectors find it in 4
     * frames only: it is blanked in all 16.
     */
    @Test
    void aStaticNameFoundInSomeFramesIsBlankedInAll() throws Exception {
        Random random = new Random(11);
        List<byte[]> frames = new ArrayList<>();
        List<boolean[]> inks = new ArrayList<>();
        for (int f = 0; f < FRAMES; f++) {
            byte[] frame = noise(random);
            boolean[] ink = new boolean[ROWS * COLUMNS];
            if (f % 5 != 0) {
                brighten(frame, random, 30, 90, 180, 36);
            }
            draw(frame, "SMITH JOHN 1958", 40, 100, ink);
            frames.add(frame);
            inks.add(ink);
        }
        // the point of the test: where it is nearly as bright as its background, the name is not found
        FrameDescription d = new FrameDescription(ROWS, COLUMNS, 1, 8, 8, 7, false, false, "MONOCHROME2", 1, 0, null, null);
        List<TextBox> hidden = TextFinder.withoutOcr().find(frames.get(1), d);
        assertTrue(hidden.stream().noneMatch(b -> b.intersects(new TextBox(40, 100, 150, 16, TextBox.Source.OCR, 1, false))),
                "the name is found in frame 2: " + hidden);

        List<byte[]> out = deidentify(frames, "BURNED_IN_TEXT_REDACTED");
        for (int f = 0; f < FRAMES; f++) {
            int kept = 0;
            for (int i = 0; i < ROWS * COLUMNS; i++) {
                if (inks.get(f)[i] && out.get(f)[i] == frames.get(f)[i]) {
                    kept++;
                }
            }
            assertEquals(0, kept, "ink pixels kept in frame " + (f + 1));
        }
    }

    private static List<byte[]> deidentify(List<byte[]> frames, String expected) throws Exception {
        return Cines.throughStage("US", "1.2.840.10008.5.1.4.1.1.3.1", frames, ROWS, COLUMNS, expected);
    }

    /** Mid-grey anatomy with noise drawn afresh (sigma 6 levels): no two frames alike. */
    private static byte[] noise(Random random) {
        byte[] frame = new byte[ROWS * COLUMNS];
        for (int y = 0; y < ROWS; y++) {
            for (int x = 0; x < COLUMNS; x++) {
                double v = 70 + 30.0 * x / COLUMNS + 6 * random.nextGaussian();
                frame[y * COLUMNS + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        return frame;
    }

    /** The box (x, y, width, height) a few levels under the ink's brightness, with noise. */
    private static void brighten(byte[] frame, Random random, int x0, int y0, int width, int height) {
        for (int y = y0; y < y0 + height; y++) {
            for (int x = x0; x < x0 + width; x++) {
                frame[y * COLUMNS + x] = (byte) Math.round(INK - 10 + 4 * random.nextGaussian());
            }
        }
    }

    /** {@code text} in 14 px bold sans serif, not anti-aliased, at {@link #INK}; its pixels marked in {@code ink}. */
    private static void draw(byte[] frame, String text, int x, int y, boolean[] ink) {
        byte[] mask = SimpleText.coverage(COLUMNS, ROWS, text, x, y + 14, new Font(Font.SANS_SERIF, Font.BOLD, 14), false);
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0) {
                frame[i] = (byte) INK;
                if (ink != null) {
                    ink[i] = true;
                }
            }
        }
    }
}
