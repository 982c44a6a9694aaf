package org.mip.dicom.codec;

/**
 * Encodes one native frame (layout as {@link DecodedFrame} describes, or by plane when
 * {@code image.planar()}) into one transfer syntax. Stateless apart from its configuration.
 */
public interface FrameEncoder {

    /** The transfer syntax UID this encoder writes. */
    String transferSyntaxUid();

    /**
     * @throws CodecException {@code CODEC_UNSUPPORTED} for an image this encoder does not take (the
     *         message says which), {@code CODEC_FRAME_MISMATCH} when {@code pixels} is shorter than
     *         {@code image} needs
     */
    EncodedFrame encode(byte[] pixels, ImageDescription image) throws CodecException;
}
