package org.mip.dicom.value;

/**
 * How many bytes native pixel data takes (PS3.5 §8.1.1, PS3.3 C.7.6.3): rows × columns × frames ×
 * values per pixel × Bits Allocated / 8, where 1-bit data is counted in bits and rounded up to whole
 * bytes, and YBR_FULL_422 stores two values per pixel (Y Y Cb Cr per pair of pixels). The one
 * computation behind the validator's length check, the redactor's frames and the RLE codec's
 * frame buffers.
 */
public final class FrameGeometry {
    private FrameGeometry() {
    }

    /** Values stored per pixel: Samples per Pixel, but 2 for YBR_FULL_422 (three samples, chroma shared by two pixels). */
    public static long valuesPerPixel(long samplesPerPixel, String photometric) {
        return "YBR_FULL_422".equals(photometric) && samplesPerPixel == 3 ? 2 : samplesPerPixel;
    }

    /**
     * Bytes of {@code frames} native frames without the pad byte of an odd length.
     *
     * @throws ArithmeticException when the size does not fit 64 bits (a hostile header)
     */
    public static long length(long rows, long columns, long frames, long valuesPerPixel, long bitsAllocated) {
        long values = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(rows, columns), frames), valuesPerPixel);
        return bitsAllocated == 1 ? (values + 7) / 8 : Math.multiplyExact(values, bitsAllocated / 8);
    }
}
