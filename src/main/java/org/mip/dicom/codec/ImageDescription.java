package org.mip.dicom.codec;

import java.util.Locale;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.dict.CommonTags;
import org.mip.dicom.dict.DefinedTerms;

/**
 * What the Image Pixel module (PS3.3 C.7.6.3) says one frame is: the header's side of a
 * compressed frame, against which a codec checks the stream before it allocates anything, and
 * the description of a decoded frame (then always interleaved: {@code planar} false).
 *
 * @param photometric Photometric Interpretation, upper case (e.g. "MONOCHROME2", "YBR_FULL_422")
 * @param signed      Pixel Representation 1
 * @param planar      Planar Configuration 1 (colour by plane)
 */
public record ImageDescription(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored,
                               boolean signed, String photometric, boolean planar) {

    public static final int SAMPLES_PER_PIXEL = 0x00280002;
    public static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
    public static final int PLANAR_CONFIGURATION = 0x00280006;
    public static final int ROWS = 0x00280010;
    public static final int COLUMNS = 0x00280011;
    public static final int BITS_ALLOCATED = 0x00280100;
    public static final int BITS_STORED = 0x00280101;
    public static final int PIXEL_REPRESENTATION = 0x00280103;

    public ImageDescription {
        if (rows <= 0 || columns <= 0 || rows > 0xFFFF || columns > 0xFFFF) {
            throw new IllegalArgumentException("rows and columns must be 1..65535, not " + rows + "x" + columns);
        }
        if (samplesPerPixel != 1 && samplesPerPixel != 3) {
            throw new IllegalArgumentException("samples per pixel must be 1 or 3, not " + samplesPerPixel);
        }
        if (bitsAllocated != 8 && bitsAllocated != 16) {
            throw new IllegalArgumentException("bits allocated must be 8 or 16, not " + bitsAllocated);
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated) {
            throw new IllegalArgumentException("bits stored " + bitsStored + " does not fit bits allocated " + bitsAllocated);
        }
        photometric = photometric == null ? "" : photometric.trim().toUpperCase(Locale.ROOT);
    }

    /** A single-sample (grayscale) image. */
    public static ImageDescription gray(int rows, int columns, int bitsAllocated, int bitsStored, boolean signed) {
        return new ImageDescription(rows, columns, 1, bitsAllocated, bitsStored, signed, "MONOCHROME2", false);
    }

    /** An interleaved three-sample image of the given photometric interpretation. */
    public static ImageDescription color(int rows, int columns, int bitsAllocated, int bitsStored, String photometric) {
        return new ImageDescription(rows, columns, 3, bitsAllocated, bitsStored, false, photometric, false);
    }

    /**
     * Reads the Image Pixel attributes of {@code dataset}.
     *
     * @throws CodecException {@code CODEC_UNSUPPORTED} when they are missing or outside what the codecs
     *         handle (Bits Allocated other than 8 or 16, Samples per Pixel other than 1 or 3)
     */
    public static ImageDescription of(Dataset dataset) throws CodecException {
        int rows = dataset.getInt(ROWS, -1);
        int columns = dataset.getInt(COLUMNS, -1);
        int samples = dataset.getInt(SAMPLES_PER_PIXEL, 1);
        int allocated = dataset.getInt(BITS_ALLOCATED, -1);
        int stored = dataset.getInt(BITS_STORED, allocated);
        boolean signed = dataset.getInt(PIXEL_REPRESENTATION, 0) == 1;
        boolean planar = samples > 1 && dataset.getInt(PLANAR_CONFIGURATION, 0) == 1;
        String photometric = dataset.getString(PHOTOMETRIC_INTERPRETATION);
        if (photometric == null) {
            photometric = samples == 1 ? "MONOCHROME2" : "";
        }
        try {
            return new ImageDescription(rows, columns, samples, allocated, stored, signed, photometric, planar);
        } catch (IllegalArgumentException e) {
            throw new CodecException(CodecException.Code.CODEC_UNSUPPORTED, "Image Pixel attributes: " + e.getMessage());
        }
    }

    public int bytesPerSample() {
        return bitsAllocated / 8;
    }

    /** Bytes of one native frame: YBR_FULL_422 keeps two samples per pixel (Y Y Cb Cr per pair). */
    public long frameLength() {
        long samples = (long) rows * columns * (photometric.equals("YBR_FULL_422") ? 2 : samplesPerPixel);
        return samples * bytesPerSample();
    }

    /** This description with another photometric interpretation, interleaved. */
    public ImageDescription withPhotometric(String newPhotometric) {
        return new ImageDescription(rows, columns, samplesPerPixel, bitsAllocated, bitsStored, signed, newPhotometric, false);
    }

    /** This description, interleaved (Planar Configuration 0). */
    public ImageDescription interleaved() {
        return planar ? new ImageDescription(rows, columns, samplesPerPixel, bitsAllocated, bitsStored, signed, photometric, false)
                : this;
    }

    /** The frame shape the RLE codec works with. */
    FrameFormat frameFormat() {
        return new FrameFormat(rows, columns, samplesPerPixel, bitsAllocated, planar);
    }

    @Override
    public String toString() {
        return rows + "x" + columns + ", " + samplesPerPixel + " sample(s) of " + bitsStored + "/" + bitsAllocated + " bits"
                + (signed ? " signed" : "") + ", "
                // toString is in codec messages: a photometric that is not a defined term may be anything (PHI)
                + (DefinedTerms.isDefined(CommonTags.PHOTOMETRIC_INTERPRETATION, photometric) || photometric.isEmpty()
                        ? photometric : DefinedTerms.shown(CommonTags.PHOTOMETRIC_INTERPRETATION, photometric))
                + (planar ? ", by plane" : "");
    }
}
