package org.mip.dicom.codec;

import org.mip.dicom.codec.CodecException.Code;

/**
 * The last line of defence around every codec {@link FrameCodecs} hands out: whatever escapes a
 * decoder or encoder that is not a {@link CodecException} (an index past an array on garbled data,
 * a library's RuntimeException or Error, an OutOfMemoryError from its own allocation) becomes one,
 * with the frame's size in the message and never its content.
 */
final class GuardedCodec {
    private GuardedCodec() {
    }

    static FrameDecoder decoder(FrameDecoder d) {
        return new FrameDecoder() {
            @Override
            public String transferSyntaxUid() {
                return d.transferSyntaxUid();
            }

            @Override
            public DecodedFrame decode(byte[] frame, ImageDescription image) throws CodecException {
                try {
                    return d.decode(frame, image);
                } catch (CodecException e) {
                    throw e;
                } catch (OutOfMemoryError e) {
                    throw new CodecException(Code.CODEC_TOO_LARGE, "decoding a frame of " + frame.length
                            + " bytes ran out of memory", -1, e);
                } catch (RuntimeException | Error e) {
                    throw new CodecException(Code.CODEC_CORRUPT_FRAME, "decoding a frame of " + frame.length + " bytes failed: "
                            + e.getClass().getSimpleName(), -1, e);
                }
            }

            @Override
            public String toString() {
                return d.getClass().getSimpleName() + "(" + d.transferSyntaxUid() + ")";
            }
        };
    }

    static FrameEncoder encoder(FrameEncoder e) {
        return new FrameEncoder() {
            @Override
            public String transferSyntaxUid() {
                return e.transferSyntaxUid();
            }

            @Override
            public EncodedFrame encode(byte[] pixels, ImageDescription image) throws CodecException {
                try {
                    return e.encode(pixels, image);
                } catch (CodecException ex) {
                    throw ex;
                } catch (OutOfMemoryError ex) {
                    throw new CodecException(Code.CODEC_TOO_LARGE, "encoding " + image + " ran out of memory", -1, ex);
                } catch (RuntimeException | Error ex) {
                    throw new CodecException(Code.CODEC_UNSUPPORTED, "encoding " + image + " failed: "
                            + ex.getClass().getSimpleName(), -1, ex);
                }
            }

            @Override
            public String toString() {
                return e.getClass().getSimpleName() + "(" + e.transferSyntaxUid() + ")";
            }
        };
    }
}
