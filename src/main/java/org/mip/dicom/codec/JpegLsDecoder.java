package org.mip.dicom.codec;

import org.mip.dicom.codec.CodecException.Code;

/**
 * Our JPEG-LS decoder (ITU-T T.87 | ISO/IEC 14495-1) for DICOM .4.80 (lossless) and .4.81
 * (near-lossless): 2-16 bits, 1 or 3 components, interleave modes none, line and sample, preset
 * coding parameters from an LSE marker. Written from the standard (no library on Maven Central
 * decodes JPEG-LS). No colour transform: the frame keeps its Photometric Interpretation (dcmtk's
 * {@code dcmdjpls} does the same). Not supported ({@code CODEC_UNSUPPORTED}): mapping tables,
 * restart intervals, point transforms, subsampled components, HP colour transforms.
 */
final class JpegLsDecoder implements FrameDecoder {
    private final String uid;
    private final long maxFrameBytes;

    JpegLsDecoder(String uid, long maxFrameBytes) {
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
        if (header.sof != JpegHeader.SOF55) {
            throw new CodecException(Code.CODEC_FRAME_MISMATCH, "the transfer syntax is JPEG-LS but the stream is "
                    + header.process(), header.sofOffset);
        }
        header.check(image);
        for (int i = 0; i < header.components(); i++) {
            if (header.h[i] != 1 || header.v[i] != 1) {
                throw new CodecException(Code.CODEC_UNSUPPORTED, "JPEG-LS with subsampled components", header.sofOffset);
            }
        }
        ImageDescription out = image.interleaved();
        byte[] pixels = NativeSamples.allocate(out, maxFrameBytes);
        JpegHeader.requireEoi(frame);
        char[] samples;
        try {
            samples = new JlsFrame(frame, header).decode();
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) { // an index past a line on garbled data: corrupt, whatever the cause
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "JPEG-LS decoding failed: " + e.getClass().getSimpleName(), -1, e);
        }
        int signExtend = image.signed() ? image.bitsStored() : 0;
        for (int i = 0; i < samples.length; i++) {
            NativeSamples.put(pixels, i, samples[i], out.bytesPerSample(), signExtend);
        }
        return new DecodedFrame(pixels, out);
    }
}
