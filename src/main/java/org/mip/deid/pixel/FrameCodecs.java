package org.mip.deid.pixel;

import org.mip.deid.pixel.RedactionException.Reason;
import org.mip.dicom.DicomException;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.codec.RleCodec;

/**
 * The frame codecs of the pixel stage, by transfer syntax: what can be decoded to native samples
 * (to scan and to blank), and what a redacted frame is written in. Wraps {@code org.mip.dicom.codec};
 * a syntax without a codec is refused with {@link Reason#REDACTION_UNSUPPORTED_SYNTAX}, naming it.
 */
final class FrameCodecs {
    static final String ENCAPSULATED_UNCOMPRESSED = "1.2.840.10008.1.2.1.98";

    /** Decodes the frames of one transfer syntax. */
    interface Decoder {
        /** The layout decoded frames have, given the header's (e.g. YBR_FULL_422 JPEG decodes to RGB). */
        PixelFormat decodedFormat(PixelFormat declared) throws RedactionException;

        /** One frame's compressed bytes to native samples; {@code index} (0-based) is for messages. */
        byte[] decode(byte[] compressed, PixelFormat declared, int index) throws RedactionException;

        /** Whether the frame was lossy compressed (a JPEG 2000 or JPEG-LS stream says which it is). */
        default boolean lossy(byte[] compressed) {
            return false;
        }

        /** The Lossy Image Compression Method (0028,2114) term of this syntax, when lossy. */
        default String lossyMethod() {
            return "";
        }
    }

    /** Encodes redacted frames. */
    interface Encoder {
        TransferSyntax syntax();

        /** The Photometric Interpretation of what it writes, given the frames' own. */
        String photometric(PixelFormat decoded);

        boolean lossy();

        /** The Lossy Image Compression Method (0028,2114) term, when lossy. */
        default String lossyMethod() {
            return "";
        }

        byte[] encode(byte[] raw, PixelFormat decoded, int index) throws RedactionException;
    }

    /** The encoder for redacted frames of this layout. */
    Encoder encoder(OutputChoice output, PixelFormat decoded) throws RedactionException {
        throw new RedactionException(Reason.REDACTION_UNSUPPORTED_SYNTAX, "no encoder for redacted " + decoded.photometric()
                + " frames of " + decoded.bitsAllocated() + " bits");
    }

    static final FrameCodecs STANDARD = new FrameCodecs();

    Decoder decoder(TransferSyntax ts) throws RedactionException {
        String uid = ts.uid();
        if (uid.equals(TransferSyntax.RLE_LOSSLESS.uid())) {
            return RLE;
        }
        if (uid.equals(ENCAPSULATED_UNCOMPRESSED)) {
            return UNCOMPRESSED;
        }
        throw new RedactionException(Reason.REDACTION_UNSUPPORTED_SYNTAX, "pixel data in " + ts + " cannot be decoded here");
    }

    private static final Decoder RLE = new Decoder() {
        @Override
        public PixelFormat decodedFormat(PixelFormat declared) throws RedactionException {
            if (declared.subsampled()) {
                throw new RedactionException(Reason.REDACTION_UNSUPPORTED_PHOTOMETRIC, "YBR_FULL_422 is not valid with RLE Lossless");
            }
            return declared;
        }

        @Override
        public byte[] decode(byte[] compressed, PixelFormat declared, int index) throws RedactionException {
            try {
                return RleCodec.decodeFrame(compressed, declared.frameFormat());
            } catch (DicomException e) {
                throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, "frame " + (index + 1) + ": " + e.getMessage(), e);
            }
        }
    };

    private static final Decoder UNCOMPRESSED = new Decoder() {
        @Override
        public PixelFormat decodedFormat(PixelFormat declared) {
            return declared;
        }

        @Override
        public byte[] decode(byte[] compressed, PixelFormat declared, int index) throws RedactionException {
            long need = declared.frameLength();
            if (compressed.length < need || compressed.length > need + 1) {
                throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, "frame " + (index + 1) + " holds "
                        + compressed.length + " bytes where " + need + " are needed");
            }
            return compressed.length == need ? compressed : java.util.Arrays.copyOf(compressed, (int) need);
        }
    };
}
