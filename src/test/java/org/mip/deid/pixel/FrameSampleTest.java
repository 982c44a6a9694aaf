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
        assertTrue(verify.cardinality() <= 2 * Math.max(limit, 2) + 1);
        BitSet rescanned = (BitSet) scan.clone();
        rescanned.andNot(verify);
        assertTrue(rescanned.isEmpty(), "every frame scanned is checked again after blanking");
        if (s.complete()) {
            assertEquals(scan, verify, "every frame is checked again");
        } else {
            BitSet others = s.between();
            BitSet both = (BitSet) others.clone();
            both.and(scan);
            assertTrue(both.isEmpty(), "frames between are not scanned already");
            BitSet read = (BitSet) scan.clone();
            read.or(others);
            assertEquals(read, verify, "the check reads both samples");
            // text on screen for half the step (rounded up) is read in one of them
            int previous = 0;
            for (int i = read.nextSetBit(1); i >= 0; i = read.nextSetBit(i + 1)) {
                assertTrue(i - previous <= (s.step() + 1) / 2, "gap " + (i - previous) + " > half the step " + s.step());
                previous = i;
            }
            // the frames half-way between two scanned ones: a text shown for k frames between them is seen there
            assertTrue(others.cardinality() >= scan.cardinality() - 2, "a second sample between the scanned frames");
            for (int i = others.nextSetBit(0); i >= 0; i = others.nextSetBit(i + 1)) {
                int before = scan.previousSetBit(i);
                int after = scan.nextSetBit(i);
                assertTrue(after > i && (i - before <= s.step() / 2 + 1 || i == frames / 2), "frame " + i + " half-way");
            }
            assertTrue(verify.length() <= frames);
        }
    }

    @Test
    void everyFrameUpToTheLimit() {
        FrameSample s = new FrameSample(64, 64);
        assertEquals(64, s.scan().cardinality());
        assertFalse(new FrameSample(65, 64).complete());
    }
}
