package org.mip.dicom.dict;

/** PLACEHOLDER until the dict branch lands. */
public record VrContext(int pixelRepresentation, int bitsAllocated, boolean explicitVr) {
    public static final VrContext NONE = new VrContext(-1, -1, false);
}
