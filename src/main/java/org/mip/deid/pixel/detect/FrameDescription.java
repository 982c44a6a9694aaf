package org.mip.deid.pixel.detect;

import java.util.Locale;
import org.mip.deid.pixel.PaletteTables;
import org.mip.deid.pixel.PixelFormat;
import org.mip.deid.pixel.RedactionException;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.dict.ElementDictionary;

/**
 * What {@link GrayViews} needs to turn the bytes of one decoded frame into 8-bit views: the Image
 * Pixel module (PS3.3 C.7.6.3), the Modality LUT's rescale (C.11.1) and the first VOI window (C.11.2).
 * Frame bytes are as native pixel data or a codec gives them: little endian samples of
 * {@code bitsAllocated} bits, {@code highBit} the top bit of the value, samples interleaved unless
 * {@code planar}; YBR_FULL_422 as Y Y Cb Cr per pixel pair.
 *
 * @param window  Window Center/Width (first values), or null when absent or unusable
 * @param palette the PALETTE COLOR tables, or null (then the index itself is shown as grey)
 */
public record FrameDescription(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored,
                               int highBit, boolean signed, boolean planar, String photometric,
                               double rescaleSlope, double rescaleIntercept, Window window, PaletteTables palette) {

    /** A linear VOI window in rescaled units (PS3.3 C.11.2.1.2.1). */
    public record Window(double center, double width) {
        public Window {
            if (!(width >= 1) || !Double.isFinite(center) || !Double.isFinite(width)) {
                throw new IllegalArgumentException("a window needs a finite center and a width of at least 1");
            }
        }
    }

    public static final String MONOCHROME1 = "MONOCHROME1";
    public static final String MONOCHROME2 = "MONOCHROME2";
    public static final String RGB = "RGB";
    public static final String YBR_FULL = "YBR_FULL";
    public static final String YBR_FULL_422 = "YBR_FULL_422";
    public static final String PALETTE_COLOR = "PALETTE COLOR";

    private static final int WINDOW_CENTER = ElementDictionary.standard().tagOf("WindowCenter");
    private static final int WINDOW_WIDTH = ElementDictionary.standard().tagOf("WindowWidth");
    private static final int RESCALE_INTERCEPT = ElementDictionary.standard().tagOf("RescaleIntercept");
    private static final int RESCALE_SLOPE = ElementDictionary.standard().tagOf("RescaleSlope");

    public FrameDescription {
        photometric = photometric.trim().toUpperCase(Locale.ROOT);
        if (rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException("rows and columns must be positive");
        }
        if (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
            throw new IllegalArgumentException("bits allocated must be 8, 16 or 32, not " + bitsAllocated);
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
            throw new IllegalArgumentException("bits stored " + bitsStored + " and high bit " + highBit
                    + " do not fit bits allocated " + bitsAllocated);
        }
        int expected = switch (photometric) {
            case MONOCHROME1, MONOCHROME2, PALETTE_COLOR -> 1;
            case RGB, YBR_FULL, YBR_FULL_422 -> 3;
            default -> throw new IllegalArgumentException("photometric interpretation " + PixelFormat.shownPhotometric(photometric) + " is not supported");
        };
        if (samplesPerPixel != expected) {
            throw new IllegalArgumentException(samplesPerPixel + " samples per pixel do not fit " + photometric);
        }
        if (photometric.equals(YBR_FULL_422) && (planar || columns % 2 != 0)) {
            throw new IllegalArgumentException("YBR_FULL_422 needs interleaved samples and an even number of columns");
        }
        planar = planar && samplesPerPixel > 1;
        if (!Double.isFinite(rescaleSlope) || rescaleSlope == 0) {
            rescaleSlope = 1; // a zero slope would flatten the frame and hide its text
        }
        if (!Double.isFinite(rescaleIntercept)) {
            rescaleIntercept = 0;
        }
    }

    /** A grayscale frame without rescale or window: Bits Stored = Bits Allocated unless given otherwise. */
    public static FrameDescription grayscale(int rows, int columns, int bitsAllocated, int bitsStored, boolean signed,
                                             String photometric) {
        return new FrameDescription(rows, columns, 1, bitsAllocated, bitsStored, bitsStored - 1, signed, false,
                photometric, 1, 0, null, null);
    }

    /** An 8-bit colour frame, interleaved (RGB, YBR_FULL or YBR_FULL_422). */
    public static FrameDescription color(int rows, int columns, String photometric) {
        return new FrameDescription(rows, columns, 3, 8, 8, 7, false, false, photometric, 1, 0, null, null);
    }

    public FrameDescription withWindow(double center, double width) {
        return new FrameDescription(rows, columns, samplesPerPixel, bitsAllocated, bitsStored, highBit, signed, planar,
                photometric, rescaleSlope, rescaleIntercept, new Window(center, width), palette);
    }

    public FrameDescription withRescale(double slope, double intercept) {
        return new FrameDescription(rows, columns, samplesPerPixel, bitsAllocated, bitsStored, highBit, signed, planar,
                photometric, slope, intercept, window, palette);
    }

    public FrameDescription withPalette(PaletteTables tables) {
        return new FrameDescription(rows, columns, samplesPerPixel, bitsAllocated, bitsStored, highBit, signed, planar,
                photometric, rescaleSlope, rescaleIntercept, window, tables);
    }

    /**
     * Reads the description of an instance's frames. The Image Pixel module is checked by the same
     * rules as the redactor's ({@link PixelFormat}); an unusable window (width below 1, unparsable) is
     * ignored, so the min-max view is used instead.
     */
    public static FrameDescription of(Dataset ds) throws RedactionException {
        PixelFormat f = PixelFormat.of(ds);
        Window window = null;
        Double center = decimal(ds, WINDOW_CENTER);
        Double width = decimal(ds, WINDOW_WIDTH);
        if (center != null && width != null && width >= 1) {
            window = new Window(center, width);
        }
        Double slope = decimal(ds, RESCALE_SLOPE);
        Double intercept = decimal(ds, RESCALE_INTERCEPT);
        PaletteTables palette = f.photometric().equals(PALETTE_COLOR) ? PaletteTables.read(ds) : null;
        return new FrameDescription(f.rows(), f.columns(), f.samplesPerPixel(), f.bitsAllocated(), f.bitsStored(),
                f.highBit(), f.signed(), f.planar(), f.photometric(), slope == null ? 1 : slope,
                intercept == null ? 0 : intercept, window, palette);
    }

    private static Double decimal(Dataset ds, int tag) {
        String s = ds.getString(tag);
        if (s == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(s.trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public boolean color() {
        return samplesPerPixel == 3;
    }

    /** Bytes of one frame as this description lays it out. */
    public long frameLength() {
        long samples = (long) rows * columns * (photometric.equals(YBR_FULL_422) ? 2 : samplesPerPixel);
        return samples * (bitsAllocated / 8);
    }

    /** The smallest and largest stored value Bits Stored allows. */
    public long minStored() {
        return signed ? -(1L << (bitsStored - 1)) : 0;
    }

    public long maxStored() {
        return signed ? (1L << (bitsStored - 1)) - 1 : (1L << bitsStored) - 1;
    }
}
