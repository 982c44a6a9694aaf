package org.mip.dicom.codec;

import org.mip.dicom.DicomException;
import org.mip.dicom.codec.CodecException.Code;

/**
 * {@link RleCodec} as one more {@link FrameDecoder} and {@link FrameEncoder}. RLE is lossless and
 * carries no colour transform: the frame keeps its Photometric Interpretation. It decodes into
 * the interleaved layout (as every decoder here does) and encodes from either layout.
 */
final class RleFrameCodec implements FrameDecoder, FrameEncoder {
    private final long maxFrameBytes;

    RleFrameCodec(long maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public String transferSyntaxUid() {
        return FrameCodecs.RLE_LOSSLESS;
    }

    @Override
    public DecodedFrame decode(byte[] frame, ImageDescription image) throws CodecException {
        if (image.photometric().equals("YBR_FULL_422")) {
            throw new CodecException(Code.CODEC_FRAME_MISMATCH, "YBR_FULL_422 is not valid with RLE Lossless");
        }
        ImageDescription out = image.interleaved();
        NativeSamples.allocate(out, maxFrameBytes); // the size check, before RleCodec allocates
        try {
            return new DecodedFrame(RleCodec.decodeFrame(frame, out.frameFormat()), out);
        } catch (DicomException e) {
            throw new CodecException(e.reason() == DicomException.Reason.TOO_LARGE ? Code.CODEC_TOO_LARGE
                    : Code.CODEC_CORRUPT_FRAME, e.getMessage(), -1, e);
        } catch (RuntimeException e) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "RLE decoding failed: " + e.getClass().getSimpleName(), -1, e);
        }
    }

    @Override
    public EncodedFrame encode(byte[] pixels, ImageDescription image) throws CodecException {
        NativeSamples.checkLength(pixels, image);
        if (image.photometric().equals("YBR_FULL_422")) {
            throw new CodecException(Code.CODEC_UNSUPPORTED, "YBR_FULL_422 is not valid with RLE Lossless");
        }
        try {
            return new EncodedFrame(RleCodec.encodeFrame(pixels, image.frameFormat()), image, FrameCodecs.RLE_LOSSLESS, false,
                    null);
        } catch (DicomException e) {
            throw new CodecException(Code.CODEC_UNSUPPORTED, e.getMessage(), -1, e);
        }
    }
}
