package org.mip.dicom.codec;

import org.mip.dicom.value.FrameGeometry;

/**
 * The shape of one uncompressed frame as a codec needs it: size, samples, bytes per sample and
 * whether samples are interleaved (Planar Configuration 0: R1 G1 B1 R2 ...) or by plane
 * (Planar Configuration 1: R1 R2 ... G1 G2 ... B1 B2 ...). Samples are little endian.
 */
public record FrameFormat(int rows, int columns, int samplesPerPixel, int bitsAllocated, boolean planar) {

    public FrameFormat {
        if (rows <= 0 || columns <= 0 || samplesPerPixel <= 0) {
            throw new IllegalArgumentException("rows, columns and samples per pixel must be positive");
        }
        if (bitsAllocated <= 0 || bitsAllocated % 8 != 0) {
            throw new IllegalArgumentException("bits allocated must be a positive multiple of 8, not " + bitsAllocated);
        }
    }

    public int bytesPerSample() {
        return bitsAllocated / 8;
    }

    public long pixels() {
        return (long) rows * columns;
    }

    /** Bytes of one native frame (no padding). */
    public long frameLength() {
        return FrameGeometry.length(rows, columns, 1, samplesPerPixel, bitsAllocated);
    }
}
