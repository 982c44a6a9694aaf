package org.mip.dicom.codec;

import org.mip.dicom.codec.CodecException.Code;

/**
 * Native frame layout: samples little endian in Bits Allocated, interleaved. Writes decoded
 * sample values into that layout (signed values sign-extended through the word) and reads them
 * back (from either planar configuration) for the encoders.
 */
final class NativeSamples {
    private NativeSamples() {
    }

    /**
     * A zeroed native frame for {@code image}, refused before allocation when larger than {@code maxBytes}.
     */
    static byte[] allocate(ImageDescription image, long maxBytes) throws CodecException {
        long length = (long) image.rows() * image.columns() * image.samplesPerPixel() * image.bytesPerSample();
        if (length > maxBytes || length > Integer.MAX_VALUE - 16) {
            throw new CodecException(Code.CODEC_TOO_LARGE, "a decoded frame of " + image.rows() + "x" + image.columns() + "x"
                    + image.samplesPerPixel() + " samples of " + image.bitsAllocated() + " bits is " + length
                    + " bytes, over the limit of " + maxBytes);
        }
        return new byte[(int) length];
    }

    /**
     * Stores {@code value} as sample {@code index} (pixel * samplesPerPixel + sample). When
     * {@code signExtendFrom} is positive the value is a two's complement number of that many bits
     * and is sign-extended; the word is then cut to Bits Allocated.
     */
    static void put(byte[] out, int index, int value, int bytesPerSample, int signExtendFrom) {
        if (signExtendFrom > 0) {
            value = (value << (32 - signExtendFrom)) >> (32 - signExtendFrom);
        }
        if (bytesPerSample == 1) {
            out[index] = (byte) value;
        } else {
            out[2 * index] = (byte) value;
            out[2 * index + 1] = (byte) (value >> 8);
        }
    }

    /**
     * {@code value} brought into the range of {@code bitsStored} bits (signed or not). A lossy stream
     * coded at a higher precision than Bits Stored (GDCM writes 12-bit data as 16-bit J2K; a 12-bit
     * DCT may carry 10-bit data) can overshoot that range near its ends; unclamped, the bits above
     * Bits Stored would be dropped by a viewer and a bright pixel would turn dark.
     */
    static int clamp(int value, int bitsStored, boolean signed) {
        int min = signed ? -(1 << (bitsStored - 1)) : 0;
        int max = signed ? (1 << (bitsStored - 1)) - 1 : (1 << bitsStored) - 1;
        return value < min ? min : Math.min(value, max);
    }

    /** Sample {@code sample} of pixel {@code pixel}, unsigned in the word, from either planar configuration. */
    static int get(byte[] in, ImageDescription image, int pixel, int sample) {
        int index = image.planar() ? sample * image.rows() * image.columns() + pixel : pixel * image.samplesPerPixel() + sample;
        if (image.bytesPerSample() == 1) {
            return in[index] & 0xFF;
        }
        return (in[2 * index] & 0xFF) | (in[2 * index + 1] & 0xFF) << 8;
    }

    /** Requires {@code pixels} to hold the whole frame. */
    static void checkLength(byte[] pixels, ImageDescription image) throws CodecException {
        long needed = (long) image.rows() * image.columns() * image.samplesPerPixel() * image.bytesPerSample();
        if (pixels.length < needed) {
            throw new CodecException(Code.CODEC_FRAME_MISMATCH, "the frame holds " + pixels.length + " bytes, " + image
                    + " needs " + needed);
        }
    }
}
