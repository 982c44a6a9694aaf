package org.mip.deid.pixel.detect;

import java.util.List;

/** Finds text burned into an 8-bit view of a frame. Implementations say whether they are thread-safe. */
public interface TextDetector {

    /** The boxes of text found, in the view's pixel coordinates; empty when none. */
    List<TextBox> detect(Gray8 image) throws TextDetectionException;

    /** A short stable name for figures and audit counts ("ocr", "text-likeness", "combined"). */
    String name();

    /**
     * The detector to run on a frame this one's boxes were blanked in (verification): itself, unless
     * some of its rules would take the edges of a blank for text.
     */
    default TextDetector onRedactedFrames() {
        return this;
    }
}
