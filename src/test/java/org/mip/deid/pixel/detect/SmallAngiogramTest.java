package org.mip.deid.pixel.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
