package org.mip.dicom.data;

import org.mip.dicom.VR;

/**
 * A value held in memory, as raw bytes in the data set's byte order and character set,
 * possibly with its padding byte. Text is decoded on demand by {@link Dataset}.
 */
public record ValueElement(int tag, VR vr, byte[] bytes) implements Element {
    public int length() {
        return bytes.length;
    }
}
