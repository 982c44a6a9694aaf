package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameSampleTest {

    @ParameterizedTest(name = "{0} frames, limit {1}")
    @CsvSource({"1, 64", "2, 64", "64, 64", "65, 64", "200, 64", "1000, 64", "5000, 2", "10007, 64", "7, 3"})
    void sampleStaysWithinTheLimitAndCoversTheEnds(int frames, int limit) {
        FrameSample s = new FrameSample(frames, limit);
        BitSet scan = s.scan();
        assertTrue(scan.cardinality() <= Math.max(limit, 2), "scanned " + scan.cardinality());
        assertTrue(scan.get(0) && scan.get(frames - 1), "first and last frames are scanned");
        assertEquals(frames <= limit, s.complete());
        // no gap between two scanned frames is longer than the step
        int last = 0;
        for (int i = scan.nextSetBit(1); i >= 0; i = scan.nextSetBit(i + 1)) {
            assertTrue(i - last <= s.step(), "gap " + (i - last) + " > step " + s.step());
            last = i;
        }
        BitSet verify = s.verify();
        assertTrue(verify.cardinality() <= Math.max(limit, 2) + 1);
        if (s.complete()) {
            assertEquals(scan, verify, "every frame is checked again");
        } else {
            BitSet both = (BitSet) verify.clone();
            both.and(scan);
            assertTrue(both.cardinality() <= 1, "the check reads other frames than the scan (at most the middle one shared)");
            assertTrue(verify.nextSetBit(0) < frames && verify.length() <= frames);
        }
    }

    @Test
    void everyFrameUpToTheLimit() {
        FrameSample s = new FrameSample(64, 64);
        assertEquals(64, s.scan().cardinality());
        assertFalse(new FrameSample(65, 64).complete());
    }
}
