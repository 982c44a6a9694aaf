package org.mip.dicom.codec;

/**
 * One decoded frame in native layout: samples little endian in Bits Allocated, interleaved
 * (R G B R G B ...), signed samples sign-extended through the word. {@code description} is what
 * the frame now is; its photometric interpretation may differ from the header's (a JPEG
 * YBR_FULL_422 frame decodes to RGB), so the caller must write that one back with the pixels.
 */
public record DecodedFrame(byte[] pixels, ImageDescription description) {
}
