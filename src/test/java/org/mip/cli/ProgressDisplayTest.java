package org.mip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mip.batch.Tally;

/** The progress bar and line before any file is done (counts only; the rest is covered by DeidentifyCommandTest). */
class ProgressDisplayTest {

    @Test
    void beforeTheWalkHasFoundAnythingTheBarSaysSo() {
        Tally t = new Tally();
        String bar = ProgressDisplay.bar(t);
        assertTrue(bar.startsWith("[????????????????????????]   ?%  0/0+ files  0 MB  0 files/s  0 MB/s"), bar);
        assertTrue(bar.length() < 80, "fits a terminal line: " + bar.length());
        assertEquals("0/0+ files, 0 MB, 0.0 files/s, 0.0 MB/s, 0:00 elapsed, 0 refused or failed", ProgressDisplay.line(t));
    }
}
