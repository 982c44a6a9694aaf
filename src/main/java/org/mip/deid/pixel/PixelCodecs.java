package org.mip.deid.pixel;

import org.mip.deid.pixel.RedactionException.Reason;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.codec.CodecException;
import org.mip.dicom.codec.DecodedFrame;
import org.mip.dicom.codec.EncodedFrame;
import org.mip.dicom.codec.FrameDecoder;
import org.mip.dicom.codec.FrameEncoder;
import org.mip.dicom.codec.ImageDescription;
import org.mip.dicom.codec.LossyStreams;

/**
 * The frame codecs of the pixel stage, by transfer syntax: what can be decoded to native samples
 * (to scan and to blank), and what a redacted frame is written in. Adapts {@code org.mip.dicom.codec}
 * to the {@link PixelFormat} the redactor works with; a codec's {@link CodecException} becomes a
 * {@link RedactionException} that keeps its {@code CODEC_*} code, and a syntax without a decoder is
 * refused with {@link Reason#REDACTION_UNSUPPORTED_SYNTAX}, naming the syntax and why.
 */
final class PixelCodecs {
    static final String ENCAPSULATED_UNCOMPRESSED = "1.2.840.10008.1.2.1.98";
    private static final String YBR_RCT = "YBR_RCT";
    private static final String YBR_ICT = "YBR_ICT";

    static final PixelCodecs STANDARD = new PixelCodecs();

    /** Decodes the frames of one transfer syntax. */
    interface Decoder {
        /** The layout decoded frames have, given the header's (e.g. a YBR_FULL_422 JPEG decodes to RGB). */
        PixelFormat decodedFormat(PixelFormat declared) throws RedactionException;

        /** One frame's compressed bytes to native samples in {@link #decodedFormat}; {@code index} (0-based) is for messages. */
        byte[] decode(byte[] compressed, PixelFormat declared, int index) throws RedactionException;

        /** Whether the frame was lossy compressed (a JPEG 2000 or JPEG-LS stream says which it is). */
        boolean lossy(byte[] compressed);

        /** The Lossy Image Compression Method (0028,2114) term of this syntax, when lossy. */
        String lossyMethod();
    }

    /** Encodes redacted frames. */
    interface Encoder {
        TransferSyntax syntax();

        /** The Photometric Interpretation of what it writes, given the frames' own. */
        String photometric(PixelFormat decoded);

        boolean lossy();

        /** The Lossy Image Compression Method (0028,2114) term, when lossy. */
        String lossyMethod();

        byte[] encode(byte[] raw, PixelFormat decoded, int index) throws RedactionException;
    }

    Decoder decoder(TransferSyntax ts) throws RedactionException {
        String uid = ts.uid();
        if (uid.equals(ENCAPSULATED_UNCOMPRESSED)) {
            return UNCOMPRESSED;
        }
        FrameDecoder codec = org.mip.dicom.codec.FrameCodecs.decoderFor(uid, FrameSource.MAX_FRAME_BYTES).orElseThrow(() ->
                new RedactionException(Reason.REDACTION_UNSUPPORTED_SYNTAX, "pixel data in " + ts + " cannot be decoded here: "
                        + org.mip.dicom.codec.FrameCodecs.unsupportedReason(uid)));
        return new CodecDecoder(codec, uid);
    }

    /** JPEG Baseline at the chosen quality when {@code output} is lossy and the frames are 8-bit; else JPEG Lossless SV1. */
    Encoder encoder(OutputChoice output, PixelFormat decoded) throws RedactionException {
        FrameEncoder codec;
        if (output.lossy() && decoded.bitsAllocated() == 8) {
            codec = org.mip.dicom.codec.FrameCodecs.jpegBaseline(output.quality());
        } else {
            try {
                codec = org.mip.dicom.codec.FrameCodecs.requireEncoder(org.mip.dicom.codec.FrameCodecs.JPEG_LOSSLESS_SV1);
            } catch (CodecException e) {
                throw new RedactionException(Reason.REDACTION_UNSUPPORTED_SYNTAX, e.detail(), e);
            }
        }
        return new CodecEncoder(codec, output.lossy() && decoded.bitsAllocated() == 8);
    }

    static ImageDescription describe(PixelFormat f) {
        return new ImageDescription(f.rows(), f.columns(), f.samplesPerPixel(), f.bitsAllocated(), f.bitsStored(), f.signed(),
                f.photometric(), f.planar());
    }

    private static RedactionException redaction(CodecException e, int index) {
        String where = index < 0 ? "" : "frame " + (index + 1) + ": ";
        return new RedactionException(e.code(), where + e.detail(), e);
    }

    /** A codec of org.mip.dicom.codec. */
    private record CodecDecoder(FrameDecoder codec, String uid) implements Decoder {
        @Override
        public PixelFormat decodedFormat(PixelFormat declared) {
            // What the codecs do (org.mip.dicom.codec.FrameDecoder implementations): interleaved output,
            // a lossy JPEG's YBR (full or 4:2:2) and a JPEG 2000's RCT/ICT as RGB; the value right-aligned.
            String pi = declared.photometric();
            boolean lossyJpeg = uid.equals(org.mip.dicom.codec.FrameCodecs.JPEG_BASELINE)
                    || uid.equals(org.mip.dicom.codec.FrameCodecs.JPEG_EXTENDED);
            boolean j2k = uid.equals(org.mip.dicom.codec.FrameCodecs.JPEG_2000)
                    || uid.equals(org.mip.dicom.codec.FrameCodecs.JPEG_2000_LOSSLESS);
            if (lossyJpeg && (pi.equals(PixelFormat.YBR_FULL) || pi.equals(PixelFormat.YBR_FULL_422))
                    || j2k && (pi.equals(YBR_RCT) || pi.equals(YBR_ICT))) {
                pi = PixelFormat.RGB;
            }
            return declared.decoded(pi);
        }

        @Override
        public byte[] decode(byte[] compressed, PixelFormat declared, int index) throws RedactionException {
            DecodedFrame frame;
            try {
                frame = codec.decode(compressed, describe(declared));
            } catch (CodecException e) {
                throw redaction(e, index);
            }
            PixelFormat expected = decodedFormat(declared);
            if (!frame.description().photometric().equals(expected.photometric()) || frame.description().planar()
                    || frame.pixels().length < expected.frameLength()) {
                throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, "frame " + (index + 1) + " decoded to "
                        + PixelFormat.shownPhotometric(frame.description().photometric()) + " where " + expected.photometric() + " was expected");
            }
            return frame.pixels();
        }

        @Override
        public boolean lossy(byte[] compressed) {
            return LossyStreams.lossy(uid, compressed);
        }

        @Override
        public String lossyMethod() {
            return LossyStreams.method(uid);
        }
    }

    private record CodecEncoder(FrameEncoder codec, boolean lossy) implements Encoder {
        @Override
        public TransferSyntax syntax() {
            return TransferSyntax.of(codec.transferSyntaxUid());
        }

        @Override
        public String photometric(PixelFormat decoded) {
            // JPEG Baseline writes colour as YBR_FULL_422 (4:2:2); JPEG Lossless keeps what it is given
            return lossy && decoded.samplesPerPixel() == 3 ? PixelFormat.YBR_FULL_422 : decoded.photometric();
        }

        @Override
        public String lossyMethod() {
            return "ISO_10918_1";
        }

        @Override
        public byte[] encode(byte[] raw, PixelFormat decoded, int index) throws RedactionException {
            try {
                EncodedFrame e = codec.encode(raw, describe(decoded));
                return e.data();
            } catch (CodecException e) {
                throw redaction(e, index);
            }
        }
    }

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

        @Override
        public boolean lossy(byte[] compressed) {
            return false;
        }

        @Override
        public String lossyMethod() {
            return "";
        }
    };
}
