package org.mip.deid.pixel;

import java.util.List;
import org.mip.deid.profile.RedactionRule.Rectangle;

/**
 * What a redaction did.
 *
 * @param frames  frames of the image
 * @param applied the rectangles blanked in at least one frame, cut to the image (and widened to pixel pairs for
 *                YBR_FULL_422); empty when no rectangle touched the image, or there was no pixel data
 */
public record RedactionResult(int frames, List<Rectangle> applied) {
    public static final RedactionResult NOTHING = new RedactionResult(0, List.of());

    public RedactionResult {
        applied = List.copyOf(applied);
    }

    /** True when pixels were blanked: only then may the instance count as cleaned by redaction. */
    public boolean redacted() {
        return !applied.isEmpty();
    }
}
