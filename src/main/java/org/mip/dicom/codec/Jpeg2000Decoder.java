package org.mip.dicom.codec;

import java.awt.image.Raster;
import org.mip.dicom.codec.CodecException.Code;

/**
 * Decodes JPEG 2000 Part 1 frames (DICOM .4.90 and .4.91) with JAI Image I/O's JJ2000 reader,
 * after checking the code-stream's SIZ against the Image Pixel attributes and the size limit.
 * Gray 1-16 bits, signed or unsigned (signed samples sign-extended through the word), and three
 * components. A code-stream of higher precision than Bits Stored (GDCM codes 12-bit data at 16
 * bits) has its samples clamped into the Bits Stored range (see {@link NativeSamples#clamp}).
 *
 * <p>Colour: the decoder always undoes the code-stream's multiple component transform (RCT or
 * ICT), so a YBR_RCT or YBR_ICT frame (MCT on) decodes to RGB. A frame without MCT keeps its
 * Photometric Interpretation (RGB, YBR_FULL), except that YBR_RCT/YBR_ICT labels on a stream
 * without MCT are taken as RGB (the components were never transformed). HTJ2K and subsampled
 * components are refused ({@code CODEC_UNSUPPORTED}).
 */
final class Jpeg2000Decoder implements FrameDecoder {
    private final String uid;
    private final long maxFrameBytes;

    Jpeg2000Decoder(String uid, long maxFrameBytes) {
        this.uid = uid;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public String transferSyntaxUid() {
        return uid;
    }

    @Override
    public DecodedFrame decode(byte[] frame, ImageDescription image) throws CodecException {
        J2kHeader header = J2kHeader.parse(frame);
        header.check(image);
        ImageDescription out = outputDescription(header, image);
        byte[] pixels = NativeSamples.allocate(out, maxFrameBytes);
        J2kHeader.requireEoc(frame);
        Jj2000Quiet.install();
        Raster raster = ImageIoRasters.read(ImageIoPlugins.jpeg2000Reader(), frame, "JPEG 2000");
        int w = out.columns();
        int spp = out.samplesPerPixel();
        if (raster.getWidth() != w || raster.getHeight() != out.rows() || raster.getNumBands() != spp) {
            throw new CodecException(Code.CODEC_FRAME_MISMATCH, "the decoder returned " + raster.getWidth() + "x"
                    + raster.getHeight() + " with " + raster.getNumBands() + " bands for " + out);
        }
        int[] row = new int[w * spp];
        int bps = out.bytesPerSample();
        // The reader gives signed samples as their value in a short raster, unsigned as is: the
        // sign extension from the code-stream's precision is what makes both exact in the word.
        int precision = header.precision[0];
        int signExtend = header.signed[0] ? precision : 0;
        boolean clamp = precision > out.bitsStored();
        for (int y = 0; y < out.rows(); y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            int base = y * w * spp;
            for (int i = 0; i < row.length; i++) {
                int v = row[i];
                if (clamp) {
                    v = (v << (32 - precision)) >> (32 - precision);
                    v = NativeSamples.clamp(header.signed[0] ? v : row[i], out.bitsStored(), out.signed());
                    NativeSamples.put(pixels, base + i, v, bps, 0);
                } else {
                    NativeSamples.put(pixels, base + i, v, bps, signExtend);
                }
            }
        }
        return new DecodedFrame(pixels, out);
    }

    private static ImageDescription outputDescription(J2kHeader header, ImageDescription image) throws CodecException {
        if (image.samplesPerPixel() == 1) {
            return image.interleaved();
        }
        String pi = image.photometric();
        if (header.mct != 0 || pi.equals("YBR_RCT") || pi.equals("YBR_ICT")) {
            return image.withPhotometric("RGB");
        }
        if (pi.equals("RGB") || pi.equals("YBR_FULL")) {
            return image.interleaved();
        }
        throw new CodecException(Code.CODEC_UNSUPPORTED, "Photometric Interpretation " + pi + " with JPEG 2000");
    }
}
