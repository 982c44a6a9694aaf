package org.mip.deid.pixel.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clean 256x256 angiograms ({@link Angiograms}): on the frame reduced by 4 (64x64) a tortuous vessel tree is a row of
 * "large letters", and the large-text pass took one for a line 168 px tall; 56 % of a probe's clean
 * frame was blanked (2026-12-07, 1 of 8 such frames). A large line is at most
 * {@link TextLikenessDetector#LARGE_MAX_SHARE} of the frame's height.
 */
class SmallAngiogramTest {

    @Test
    void noBoxOverMostOfASmallCleanAngiogram() throws Exception {
        TextLikenessDetector detector = new TextLikenessDetector();
        List<String> large = new ArrayList<>();
        for (long seed = 1; seed <= 40; seed++) {
            for (TextBox b : detector.detect(new Gray8(256, 256, Angiograms.frame(seed)))) {
                if (b.height() > 0.4 * 256) {
                    large.add("seed " + seed + ": " + b);
                }
            }
        }
        assertEquals(List.of(), large, "boxes taller than 40 % of a clean frame");
    }

    /**
     * A bent vessel 6-7 px thick is, by its size, "a word of four letters" in one component, crossed in
     * its rows as often as a word; in a cine the frames half-way between the sampled ones, read where
     * the sample shows nothing, found one in cine 7 and blanked its box in all 200 frames (17 % of each).
     * By its outline it is one stroke ({@link TextLikenessDetector#oneStroke}). Every other frame of
     * cines 7 and 8: 22 frames had a box before, of which 14 in cine 7.
     */
    @Test
    void bentVesselsAreOneStrokeNotWords() {
        TextLikenessDetector detector = new TextLikenessDetector();
        List<String> found = new ArrayList<>();
        for (long seed : new long[] {7, 8}) {
            for (int f = 0; f < 200; f += 2) {
                List<TextBox> boxes = detector.detect(new Gray8(256, 256, Angiograms.cineFrame(seed, f)));
                if (!boxes.isEmpty()) {
                    found.add("cine " + seed + " frame " + f + ": " + boxes);
                }
            }
        }
        assertTrue(found.size() <= 4, found.size() + " of 200 clean frames with a box: " + found);
        assertTrue(found.stream().noneMatch(s -> s.startsWith("cine 7 ")), found.toString());
    }
}
