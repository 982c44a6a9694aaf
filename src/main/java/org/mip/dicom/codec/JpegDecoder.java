package org.mip.dicom.codec;

import java.awt.image.Raster;
import org.mip.dicom.codec.CodecException.Code;

/**
 * Decodes JPEG frames (DICOM JPEG Baseline .4.50, Extended .4.51, Lossless .4.57 and SV1 .4.70),
 * choosing the decoder by the coding process the stream's SOF marker names, after checking the
 * frame header against the Image Pixel attributes and the size limit:
 * <ul>
 * <li>8-bit DCT (SOF0, SOF1): the JDK's libjpeg reader;</li>
 * <li>12-bit DCT (SOF1): our {@link JpegDctDecoder};</li>
 * <li>lossless (SOF3), 2 to 16 bits, any predictor and point transform: our {@link JpegLosslessDecoder};</li>
 * <li>progressive, hierarchical and arithmetic-coded streams: {@code CODEC_UNSUPPORTED}.</li>
 * </ul>
 *
 * <p>Colour, as dcmtk's {@code dcmdjpeg} does by default ({@code +cp}): a lossy (DCT) frame whose
 * Photometric Interpretation is YBR_FULL or YBR_FULL_422 is converted from YCbCr to RGB (JFIF
 * equations, libjpeg's fixed point), subsampled chroma upsampled to full size, and the frame
 * becomes RGB; a frame labelled RGB is taken as RGB, with no conversion. A lossless frame is never
 * converted (that would lose its exactness): it keeps its Photometric Interpretation.
 */
final class JpegDecoder implements FrameDecoder {
    private final String uid;
    private final long maxFrameBytes;

    JpegDecoder(String uid, long maxFrameBytes) {
        this.uid = uid;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public String transferSyntaxUid() {
        return uid;
    }

    @Override
    public DecodedFrame decode(byte[] frame, ImageDescription image) throws CodecException {
        JpegHeader header = JpegHeader.parse(frame);
        boolean dct = header.sof == 0xC0 || header.sof == 0xC1;
        boolean lossless = header.sof == 0xC3;
        if (!dct && !lossless) {
            throw new CodecException(Code.CODEC_UNSUPPORTED, header.process() + " JPEG is not supported", header.sofOffset);
        }
        header.check(image);
        if (dct && header.precision != 8 && header.precision != 12) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "DCT precision must be 8 or 12 bits, not " + header.precision,
                    header.sofOffset);
        }
        ImageDescription out = outputDescription(header, image, dct);
        byte[] pixels = NativeSamples.allocate(out, maxFrameBytes);
        JpegHeader.requireEoi(frame);
        int signExtend = image.signed() ? image.bitsStored() : 0;
        if (dct && header.precision == 12) {
            char[] samples = JpegDctDecoder.decode(frame, header);
            if (out.bitsStored() < 12 && !convert(image, dct)) {
                for (int i = 0; i < samples.length; i++) { // lossy overshoot past Bits Stored
                    samples[i] = (char) NativeSamples.clamp(samples[i], out.bitsStored(), false);
                }
            }
            store(samples, pixels, out, header.precision, convert(image, dct), signExtend);
        } else if (dct) {
            Raster raster = ImageIoRasters.read(ImageIoPlugins.JDK_JPEG_READER, frame, "JPEG");
            store(raster, pixels, out, 8, convert(image, dct), signExtend);
        } else {
            store(JpegLosslessDecoder.decode(frame, header), pixels, out, header.precision, false, signExtend);
        }
        return new DecodedFrame(pixels, out);
    }

    private static boolean convert(ImageDescription image, boolean dct) {
        return dct && image.samplesPerPixel() == 3 && image.photometric().startsWith("YBR_FULL");
    }

    private static ImageDescription outputDescription(JpegHeader header, ImageDescription image, boolean dct)
            throws CodecException {
        if (image.samplesPerPixel() == 1) {
            return image.interleaved();
        }
        String pi = image.photometric();
        if (dct) {
            if (pi.equals("RGB") || pi.equals("YBR_FULL") || pi.equals("YBR_FULL_422")) {
                return image.withPhotometric("RGB");
            }
            throw new CodecException(Code.CODEC_UNSUPPORTED, "Photometric Interpretation " + pi + " with lossy JPEG "
                    + "(RGB, YBR_FULL and YBR_FULL_422 are supported)");
        }
        for (int i = 0; i < header.components(); i++) {
            if (header.h[i] != 1 || header.v[i] != 1) {
                throw new CodecException(Code.CODEC_UNSUPPORTED, "lossless JPEG with subsampled components", header.sofOffset);
            }
        }
        if (pi.equals("RGB") || pi.equals("YBR_FULL")) {
            return image.interleaved();
        }
        if (pi.equals("YBR_FULL_422")) {
            return image.withPhotometric("YBR_FULL"); // full-size components: the native layout is YBR_FULL
        }
        throw new CodecException(Code.CODEC_UNSUPPORTED, "Photometric Interpretation " + pi + " with lossless JPEG");
    }

    private static void store(Raster raster, byte[] pixels, ImageDescription out, int precision, boolean ycc,
                              int signExtend) throws CodecException {
        int w = out.columns();
        int spp = out.samplesPerPixel();
        if (raster.getWidth() != w || raster.getHeight() != out.rows() || raster.getNumBands() != spp) {
            throw new CodecException(Code.CODEC_FRAME_MISMATCH, "the decoder returned " + raster.getWidth() + "x"
                    + raster.getHeight() + " with " + raster.getNumBands() + " bands for " + out);
        }
        int[] row = new int[w * spp];
        int[] rgb = new int[3];
        int bps = out.bytesPerSample();
        int x0 = raster.getMinX();
        int y0 = raster.getMinY();
        for (int y = 0; y < out.rows(); y++) {
            raster.getPixels(x0, y0 + y, w, 1, row);
            putRow(row, y * w * spp, pixels, w, spp, precision, ycc, bps, signExtend, rgb);
        }
    }

    private static void store(char[] samples, byte[] pixels, ImageDescription out, int precision, boolean ycc, int signExtend) {
        int w = out.columns();
        int spp = out.samplesPerPixel();
        int[] row = new int[w * spp];
        int[] rgb = new int[3];
        for (int y = 0; y < out.rows(); y++) {
            for (int i = 0; i < w * spp; i++) {
                row[i] = samples[y * w * spp + i];
            }
            putRow(row, y * w * spp, pixels, w, spp, precision, ycc, out.bytesPerSample(), signExtend, rgb);
        }
    }

    private static void putRow(int[] row, int base, byte[] pixels, int w, int spp, int precision, boolean ycc, int bps,
                               int signExtend, int[] rgb) {
        if (ycc) {
            for (int x = 0; x < w; x++) {
                YCbCr.toRgb(row[3 * x], row[3 * x + 1], row[3 * x + 2], precision, rgb);
                NativeSamples.put(pixels, base + 3 * x, rgb[0], bps, 0);
                NativeSamples.put(pixels, base + 3 * x + 1, rgb[1], bps, 0);
                NativeSamples.put(pixels, base + 3 * x + 2, rgb[2], bps, 0);
            }
        } else {
            for (int i = 0; i < w * spp; i++) {
                NativeSamples.put(pixels, base + i, row[i], bps, signExtend);
            }
        }
    }
}
