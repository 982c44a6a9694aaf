package org.mip.dicom.codec;

/**
 * Decodes one compressed frame of one transfer syntax. Implementations hold no state between
 * calls beyond their configuration (safe to share between threads) and no more memory than one
 * frame's input and output while decoding.
 */
public interface FrameDecoder {

    /** The transfer syntax UID this decoder reads. */
    String transferSyntaxUid();

    /**
     * Decodes {@code frame} (the frame's fragments, concatenated) of an image described by
     * {@code image} into native layout; see {@link DecodedFrame} for the layout and the
     * implementation for the colour conversion it applies.
     *
     * @throws CodecException {@code CODEC_CORRUPT_FRAME}, {@code CODEC_FRAME_MISMATCH},
     *         {@code CODEC_UNSUPPORTED} or {@code CODEC_TOO_LARGE}; never another exception
     */
    DecodedFrame decode(byte[] frame, ImageDescription image) throws CodecException;
}
