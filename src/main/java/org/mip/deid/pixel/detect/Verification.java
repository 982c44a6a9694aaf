package org.mip.deid.pixel.detect;

import java.util.List;

/**
 * What the detectors still find in a redacted frame.
 *
 * @param residual  found inside a blanked region or overlapping its surroundings: text the blanking
 *                  missed or cut through
 * @param elsewhere found away from every blanked region (the first pass did not report it there;
 *                  blanking changed the view's range, or the detectors are unstable on this frame)
 */
public record Verification(List<TextBox> residual, List<TextBox> elsewhere) {

    public Verification {
        residual = List.copyOf(residual);
        elsewhere = List.copyOf(elsewhere);
    }

    /** Nothing found at all: the redaction is verified. */
    public boolean clean() {
        return residual.isEmpty() && elsewhere.isEmpty();
    }
}
