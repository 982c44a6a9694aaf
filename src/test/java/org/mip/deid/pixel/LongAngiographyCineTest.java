package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.deid.DeidRefusal;
import org.mip.deid.pixel.detect.Angiograms;
import org.mip.deid.pixel.detect.SimpleText;

/**
 * A cine longer than the profile's {@code scan-frames} (64) is scanned on a sample and what is found
 * is blanked in every frame. On an angiography cine (the vessels move with the heart) a box found on a
 * vessel in one frame lies on other vessel pieces in the others, and the check used to look for "the
 * letters a box cut off" beyond every box in every frame: vessel pieces each round, blanked everywhere,
 * cutting more (a probe, 2026-12-07: a 200-frame 256x256 XA cine with a name in 80 frames, and one
 * with the name in two frames only, were quarantined, "51 text regions still found after blanking 55").
 * Now those letters are looked for in the frames where the box's text was seen, and a piece cut by
 * another box is no letter.
 */
class LongAngiographyCineTest {
    private static final int FRAMES = 200;
    private static final int N = Angiograms.SIZE;
    /** The frames that show the name (as a probe's cine). */
    private static final int FIRST = 60;
    private static final int LAST = 139;

    @Test
    void aNameShownInPartOfALongAngiographyCineIsBlankedAndTheCinePublished() throws Exception {
        assertNameBlanked(3, FIRST, LAST);
    }

    /**
     * 200 frames are scanned at every 4th; a name shown in two frames between two scanned ones
     * (97-98, as a probe's cine) was not seen, and the cine published with it (when no vessel piece
     * happened to be found: then it was quarantined). Where the sample shows nothing the frames half-way
     * between are read too: text on screen for half the step is seen.
     */
    @Test
    void aNameFlashedBetweenTwoScannedFramesIsSeen() throws Exception {
        assertNameBlanked(2, 97, 98);
    }

    private static void assertNameBlanked(long seed, int first, int last) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        List<boolean[]> inks = new ArrayList<>();
        for (int f = 0; f < FRAMES; f++) {
            byte[] frame = Angiograms.cineFrame(seed, f);
            boolean[] ink = new boolean[N * N];
            if (f >= first && f <= last) {
                draw(frame, "NOVAK^ELENA", 6, 6, ink);
                draw(frame, "ID 38767376", 6, 24, ink);
            }
            frames.add(frame);
            inks.add(ink);
        }
        List<byte[]> out = deidentify(frames, "BURNED_IN_TEXT_REDACTED");
        int kept = 0;
        double outside = 0;
        for (int f = 0; f < FRAMES; f++) {
            for (int i = 0; i < N * N; i++) {
                kept += inks.get(f)[i] && out.get(f)[i] == frames.get(f)[i] ? 1 : 0;
            }
            outside = Math.max(outside, Cines.changedOutside(frames.get(f), out.get(f), N, 0, 0, 110, 45));
        }
        assertEquals(0, kept, "seed " + seed + ": ink pixels of the name kept");
        assertTrue(outside < 0.06, "seed " + seed + ": at most 6 % of a frame blanked beside the name, found " + outside);
    }

    /**
     * Clean cines of four vessel trees: before, one was quarantined and one published with 8.4 % of
     * every frame blanked (of seeds 1-10, five quarantined). Now all are published; what is blanked is
     * boxes found on vessels, blanked in every frame (1.5 % of a frame on average over seeds 1-10, at
     * most 4.9 %; docs/PIXEL_REDACTION.md).
     */
    @Test
    void cleanLongAngiographyCinesArePublishedWithLittleBlanked() throws Exception {
        double sum = 0;
        for (long seed = 1; seed <= 4; seed++) {
            List<byte[]> frames = new ArrayList<>();
            for (int f = 0; f < FRAMES; f++) {
                frames.add(Angiograms.cineFrame(seed, f));
            }
            List<byte[]> out = deidentify(frames, null);
            double worst = 0;
            for (int f = 0; f < FRAMES; f++) {
                double share = Cines.changedOutside(frames.get(f), out.get(f), N, 0, 0, 0, 0);
                worst = Math.max(worst, share);
                sum += share / FRAMES;
            }
            assertTrue(worst < 0.06, "seed " + seed + ": at most 6 % of a clean frame blanked, found " + worst);
        }
        assertTrue(sum / 4 < 0.03, "at most 3 % of a clean frame blanked on average, found " + sum / 4);
    }

    /**
     * Where the check keeps finding vessel pieces beside what it blanked, round after round, the
     * instance is quarantined rather than published with its vessels blanked away: a probe's 200-frame
     * cine whose vessels stay still (only the noise changes) was published with 30 % of every frame
     * blanked beside its name. Here the still tree of seed 20 with a name in two frames: two rounds
     * added 14 % of a frame.
     */
    @Test
    void aCheckThatKeepsBlankingVesselPiecesSendsTheCineToQuarantine() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        for (int f = 0; f < FRAMES; f++) {
            byte[] frame = Angiograms.cineFrame(20, f, false);
            if (f == 97 || f == 98) {
                draw(frame, "NOVAK^ELENA", 6, 6, new boolean[N * N]);
                draw(frame, "ID 38767376", 6, 24, new boolean[N * N]);
            }
            frames.add(frame);
        }
        DeidRefusal refused = assertThrows(DeidRefusal.class, () -> deidentify(frames, null));
        assertEquals("BURNED_IN_BLANKING_SPREAD", refused.code(), refused.getMessage());
        assertTrue(refused.getMessage().contains("more than 10 %"), refused.getMessage());
    }

    /** The frames after the pixel stage; {@code expected}: its outcome code (null: any that publishes). */
    private static List<byte[]> deidentify(List<byte[]> frames, String expected) throws Exception {
        return Cines.throughStage("XA", "1.2.840.10008.5.1.4.1.1.12.1", frames, N, N, expected);
    }

    /** {@code text} in 12 px sans serif, anti-aliased, white; its pixels marked in {@code ink}. */
    private static void draw(byte[] frame, String text, int x, int y, boolean[] ink) {
        byte[] mask = SimpleText.coverage(N, N, text, x, y + 12, new Font(Font.SANS_SERIF, Font.PLAIN, 12), true);
        for (int i = 0; i < mask.length; i++) {
            int a = mask[i] & 0xff;
            if (a != 0) {
                int under = frame[i] & 0xff;
                frame[i] = (byte) Math.round(under + (255 - under) * a / 255.0);
                ink[i] |= a >= 128;
            }
        }
    }
}
