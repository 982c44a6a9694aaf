package org.mip.deid.pixel;

import java.util.List;
import org.mip.deid.pixel.detect.FrameDescription;
import org.mip.deid.pixel.detect.TextBox;
import org.mip.deid.pixel.detect.TextDetectionException;
import org.mip.deid.pixel.detect.TextFinder;
import org.mip.deid.pixel.detect.Verification;

/**
 * The detectors of {@code org.mip.deid.pixel.detect} on the frames the pixel stage reads: a frame in
 * the layout it was decoded to ({@link PixelFormat}), shown as the original header says (window,
 * rescale and palette, taken before de-identification).
 */
final class FrameScanner {
    private final TextFinder finder;
    private final FrameDescription display;

    /**
     * @param display the description of the instance as it came (its window, rescale and palette
     *                are reused for every decoded layout)
     */
    FrameScanner(TextFinder finder, FrameDescription display) {
        this.finder = finder;
        this.display = display;
    }

    List<TextBox> find(byte[] frame, PixelFormat format) throws RedactionException, TextDetectionException {
        return finder.find(frame, describe(format));
    }

    /** @param seenHere the boxes found in this frame, whose lines' missing letters are looked for beyond their ends */
    Verification verify(byte[] frame, PixelFormat format, List<TextBox> blanked, List<TextBox> seenHere)
            throws RedactionException, TextDetectionException {
        return finder.verify(frame, describe(format), blanked, seenHere);
    }

    /** The frame's own layout with the original display attributes. */
    FrameDescription describe(PixelFormat f) {
        return new FrameDescription(f.rows(), f.columns(), f.samplesPerPixel(), f.bitsAllocated(), f.bitsStored(), f.highBit(),
                f.signed(), f.planar(), f.photometric(), display.rescaleSlope(), display.rescaleIntercept(), display.window(),
                f.photometric().equals(FrameDescription.PALETTE_COLOR) ? display.palette() : null);
    }
}
