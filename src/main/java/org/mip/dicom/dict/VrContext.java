package org.mip.dicom.dict;

/**
 * What a reader knows about the data set around an element whose dictionary VR is ambiguous
 * ({@code US or SS}, {@code OB or OW}, ...). Values are those in scope where the element sits:
 * Pixel Representation (0028,0103) and Bits Allocated (0028,0100) of the image, or Waveform Bits
 * Allocated (5400,1004) inside a waveform item. Use -1 for a value not (yet) seen.
 *
 * @param pixelRepresentation 0 unsigned, 1 two's complement, -1 unknown
 * @param bitsAllocated       bits allocated per sample, -1 unknown
 * @param explicitVr          true when the data set is encoded with explicit VR
 */
public record VrContext(int pixelRepresentation, int bitsAllocated, boolean explicitVr) {

    /** An implicit VR data set about which nothing is known yet. */
    public static final VrContext IMPLICIT = new VrContext(-1, -1, false);

    public VrContext {
        if (pixelRepresentation < -1 || bitsAllocated < -1) {
            throw new IllegalArgumentException("use -1 for unknown, not " + pixelRepresentation + "/" + bitsAllocated);
        }
    }
}
