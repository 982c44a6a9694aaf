package org.mip.dicom.codec;

/**
 * One encoded frame, ready to be a fragment of encapsulated Pixel Data.
 *
 * @param data              the compressed bytes (not padded: the writer pads a fragment to even length)
 * @param description       what the pixels are in the stream; its photometric interpretation goes into
 *                          the data set (e.g. YBR_FULL_422 for JPEG Baseline colour)
 * @param transferSyntaxUid the syntax the frame is in
 * @param lossy             whether the encoding lost information (Lossy Image Compression (0028,2110) "01")
 * @param lossyMethod       Lossy Image Compression Method (0028,2114) for a lossy frame, e.g. "ISO_10918_1"; else null
 */
public record EncodedFrame(byte[] data, ImageDescription description, String transferSyntaxUid, boolean lossy,
                           String lossyMethod) {
}
