package org.mip.dicom.io;

import java.util.zip.Deflater;

/**
 * Choices for writing.
 *
 * @param keepGroupLengths  keep (gggg,0000) elements of the data set (with recomputed values); false drops them
 *                          (they are retired outside group 0002). The meta group length is always written.
 * @param deflateLevel      compression level for Deflated Explicit VR Little Endian output
 */
public record WriteOptions(boolean keepGroupLengths, int deflateLevel) {
    public static final WriteOptions DEFAULT = new WriteOptions(true, Deflater.DEFAULT_COMPRESSION);

    public WriteOptions withKeepGroupLengths(boolean value) {
        return new WriteOptions(value, deflateLevel);
    }
}
