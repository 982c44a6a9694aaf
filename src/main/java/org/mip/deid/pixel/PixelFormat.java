package org.mip.deid.pixel;

import java.util.Locale;
import org.mip.deid.pixel.RedactionException.Reason;
import org.mip.dicom.codec.FrameFormat;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.dict.CommonTags;
import org.mip.dicom.dict.DefinedTerms;
import org.mip.dicom.value.FrameGeometry;

/**
 * The Image Pixel module values (PS3.3 C.7.6.3) that decide where a pixel's bytes are and what
 * "blank" is, read from a data set and checked for what the redactor supports. Public so that the
 * text detector ({@code org.mip.deid.pixel.detect}) checks an image by the same rules.
 */
public record PixelFormat(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored, int highBit,
                   boolean signed, boolean planar, String photometric, int frames) {

    static final int SAMPLES_PER_PIXEL = 0x00280002;
    static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
    static final int PLANAR_CONFIGURATION = 0x00280006;
    static final int NUMBER_OF_FRAMES = 0x00280008;
    static final int ROWS = 0x00280010;
    static final int COLUMNS = 0x00280011;
    static final int BITS_ALLOCATED = 0x00280100;
    static final int BITS_STORED = 0x00280101;
    static final int HIGH_BIT = 0x00280102;
    static final int PIXEL_REPRESENTATION = 0x00280103;

    static final String MONOCHROME1 = "MONOCHROME1";
    static final String MONOCHROME2 = "MONOCHROME2";
    static final String RGB = "RGB";
    static final String YBR_FULL = "YBR_FULL";
    static final String YBR_FULL_422 = "YBR_FULL_422";
    static final String PALETTE_COLOR = "PALETTE COLOR";

    /**
     * A Photometric Interpretation for a message: "YBR_ICT" when it is a defined term of the standard, else
     * "a value of N characters that is not a defined term" (an unknown value may be anything, PHI included).
     */
    public static String shownPhotometric(String photometric) {
        return DefinedTerms.isDefined(CommonTags.PHOTOMETRIC_INTERPRETATION, photometric)
                ? "\"" + photometric.trim() + "\"" : DefinedTerms.shown(CommonTags.PHOTOMETRIC_INTERPRETATION, photometric);
    }

    public static PixelFormat of(Dataset ds) throws RedactionException {
        int rows = required(ds, ROWS, "Rows (0028,0010)");
        int columns = required(ds, COLUMNS, "Columns (0028,0011)");
        int bitsAllocated = required(ds, BITS_ALLOCATED, "Bits Allocated (0028,0100)");
        int samples = ds.getInt(SAMPLES_PER_PIXEL, 1);
        int bitsStored = ds.getInt(BITS_STORED, bitsAllocated);
        int highBit = ds.getInt(HIGH_BIT, bitsStored - 1);
        boolean signed = ds.getInt(PIXEL_REPRESENTATION, 0) == 1;
        boolean planar = samples > 1 && ds.getInt(PLANAR_CONFIGURATION, 0) == 1;
        int frames = ds.getInt(NUMBER_OF_FRAMES, 1);
        String photometric = ds.getString(PHOTOMETRIC_INTERPRETATION);
        photometric = photometric == null ? (samples == 1 ? MONOCHROME2 : "") : photometric.trim().toUpperCase(Locale.ROOT);

        if (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
            throw new RedactionException(Reason.REDACTION_UNSUPPORTED_PIXEL_FORMAT,
                    "Bits Allocated (0028,0100) " + bitsAllocated + " is not supported (8, 16 or 32)");
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
            throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, "Bits Stored (0028,0101) " + bitsStored
                    + " and High Bit (0028,0102) " + highBit + " do not fit Bits Allocated " + bitsAllocated);
        }
        if (frames < 1) {
            throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, "Number of Frames (0028,0008) is " + frames);
        }
        int expectedSamples = switch (photometric) {
            case MONOCHROME1, MONOCHROME2, PALETTE_COLOR -> 1;
            case RGB, YBR_FULL, YBR_FULL_422 -> 3;
            default -> throw new RedactionException(Reason.REDACTION_UNSUPPORTED_PHOTOMETRIC,
                    "Photometric Interpretation (0028,0004) " + shownPhotometric(photometric) + " is not supported");
        };
        if (samples != expectedSamples) {
            throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, "Samples per Pixel (0028,0002) " + samples
                    + " does not fit Photometric Interpretation " + photometric);
        }
        if (photometric.equals(YBR_FULL_422) && (planar || columns % 2 != 0)) {
            throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID,
                    "YBR_FULL_422 needs Planar Configuration 0 and an even number of Columns");
        }
        return new PixelFormat(rows, columns, samples, bitsAllocated, bitsStored, highBit, signed, planar, photometric, frames);
    }

    private static int required(Dataset ds, int tag, String name) throws RedactionException {
        int value = ds.getInt(tag, -1);
        if (value <= 0) {
            throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, name + " is missing or not positive");
        }
        return value;
    }

    /** This format as a codec decodes it: photometric {@code pi}, samples interleaved, the value right-aligned. */
    PixelFormat decoded(String pi) {
        return new PixelFormat(rows, columns, samplesPerPixel, bitsAllocated, bitsStored, bitsStored - 1, signed, false, pi, frames);
    }

    int bytesPerSample() {
        return bitsAllocated / 8;
    }

    boolean subsampled() {
        return photometric.equals(YBR_FULL_422);
    }

    /** Bytes of one native frame: YBR_FULL_422 stores two samples per pixel (Y Y Cb Cr per pixel pair). */
    long frameLength() {
        return FrameGeometry.length(rows, columns, 1, FrameGeometry.valuesPerPixel(samplesPerPixel, photometric), bitsAllocated);
    }

    /** The frame shape an RLE codec decodes into (RLE never carries subsampled YBR). */
    FrameFormat frameFormat() {
        return new FrameFormat(rows, columns, samplesPerPixel, bitsAllocated, planar);
    }

    /**
     * The blank value of each sample as the word stored in Bits Allocated bits: the darkest value.
     * MONOCHROME2: 0, or the most negative value of Bits Stored when signed; MONOCHROME1: the largest
     * value of Bits Stored; RGB: 0,0,0; YBR_FULL(_422): Y 0, Cb and Cr at half range (which is black);
     * PALETTE COLOR: the index of the darkest palette entry (see {@link PaletteBlank}).
     */
    long[] blankWords(Dataset ds) {
        long half = 1L << (bitsStored - 1);
        return switch (photometric) {
            case MONOCHROME2 -> new long[] {word(signed ? -half : 0)};
            case MONOCHROME1 -> new long[] {word(signed ? half - 1 : (1L << bitsStored) - 1)};
            case RGB -> new long[] {0, 0, 0};
            case YBR_FULL, YBR_FULL_422 -> new long[] {word(0), word(half), word(half)};
            case PALETTE_COLOR -> new long[] {word(PaletteBlank.darkestIndex(ds))};
            default -> throw new IllegalStateException(photometric);
        };
    }

    /** The interpreted (signed or unsigned) blank value of a grayscale image, for Smallest/Largest Image Pixel Value. */
    long blankValue() {
        return grayscaleBlank(photometric, bitsStored, signed);
    }

    /**
     * The interpreted value a grayscale frame is blanked with: the largest value of Bits Stored for
     * MONOCHROME1, else the smallest (0 unsigned). Text detection leaves it out of what it looks for, so
     * blanked boxes are not found again.
     */
    public static long grayscaleBlank(String photometric, int bitsStored, boolean signed) {
        long half = 1L << (bitsStored - 1);
        if (photometric.equals(MONOCHROME1)) {
            return signed ? half - 1 : (1L << bitsStored) - 1;
        }
        return signed ? -half : 0;
    }

    /** A value of Bits Stored bits placed at High Bit; signed values sign-extended through the unused high bits. */
    private long word(long value) {
        long allocatedMask = bitsAllocated == 64 ? -1L : (1L << bitsAllocated) - 1;
        int shift = highBit - bitsStored + 1;
        if (shift == 0 && signed) {
            return value & allocatedMask;
        }
        return (value & ((1L << bitsStored) - 1)) << shift;
    }
}
