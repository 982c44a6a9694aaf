package org.mip.dicom.codec;

import java.util.Optional;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.codec.CodecException.Code;

/**
 * The entry point: a frame decoder or encoder for a transfer syntax UID, so that callers need not
 * know which library or class does the work.
 *
 * <table>
 * <caption>What is supported</caption>
 * <tr><th>syntax</th><th>decode</th><th>encode</th></tr>
 * <tr><td>JPEG Baseline .4.50, Extended .4.51</td><td>8-bit (JDK) and 12-bit (ours) DCT, gray and colour</td>
 *     <td>.4.50: 8-bit gray and RGB ({@link #jpegBaseline(int)})</td></tr>
 * <tr><td>JPEG Lossless .4.57, SV1 .4.70</td><td>2-16 bits, 1 or 3 components, any predictor (ours)</td>
 *     <td>.4.70: 2-16 bit gray, 8-bit colour (ours)</td></tr>
 * <tr><td>JPEG 2000 .4.90, .4.91</td><td>gray 1-16 bits signed or unsigned, colour (JAI JJ2000)</td><td>no</td></tr>
 * <tr><td>JPEG-LS .4.80, .4.81</td><td>2-16 bits, 1 or 3 components, lossless and near-lossless (ours)</td><td>no</td></tr>
 * <tr><td>RLE Lossless .5</td><td>{@link RleCodec}</td><td>{@link RleCodec}</td></tr>
 * </table>
 */
public final class FrameCodecs {
    public static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    public static final String JPEG_EXTENDED = "1.2.840.10008.1.2.4.51";
    public static final String JPEG_LOSSLESS = "1.2.840.10008.1.2.4.57";
    public static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    public static final String JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";
    public static final String JPEG_LS_NEAR_LOSSLESS = "1.2.840.10008.1.2.4.81";
    public static final String JPEG_2000_LOSSLESS = "1.2.840.10008.1.2.4.90";
    public static final String JPEG_2000 = "1.2.840.10008.1.2.4.91";
    public static final String RLE_LOSSLESS = "1.2.840.10008.1.2.5";

    /** Default limit on one decoded frame: 256 MiB (e.g. 8192 x 8192 RGB 16-bit would be 384 MiB). */
    public static final long DEFAULT_MAX_FRAME_BYTES = 256L << 20;

    /** Default JPEG Baseline quality, as dcmcjpeg's. */
    public static final int DEFAULT_JPEG_QUALITY = 90;

    private FrameCodecs() {
    }

    /** A decoder for {@code transferSyntaxUid} with the default frame size limit, or empty (see {@link #unsupportedReason}). */
    public static Optional<FrameDecoder> decoderFor(String transferSyntaxUid) {
        return decoderFor(transferSyntaxUid, DEFAULT_MAX_FRAME_BYTES);
    }

    /** A decoder refusing ({@code CODEC_TOO_LARGE}) any frame whose decoded size exceeds {@code maxFrameBytes}. */
    public static Optional<FrameDecoder> decoderFor(String transferSyntaxUid, long maxFrameBytes) {
        String uid = transferSyntaxUid == null ? "" : transferSyntaxUid.trim();
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive");
        }
        FrameDecoder decoder = switch (uid) {
            case JPEG_BASELINE, JPEG_EXTENDED, JPEG_LOSSLESS, JPEG_LOSSLESS_SV1 -> new JpegDecoder(uid, maxFrameBytes);
            case JPEG_2000_LOSSLESS, JPEG_2000 -> new Jpeg2000Decoder(uid, maxFrameBytes);
            case JPEG_LS_LOSSLESS, JPEG_LS_NEAR_LOSSLESS -> new JpegLsDecoder(uid, maxFrameBytes);
            case RLE_LOSSLESS -> new RleFrameCodec(maxFrameBytes);
            default -> null;
        };
        return Optional.ofNullable(decoder).map(GuardedCodec::decoder);
    }

    /**
     * An encoder for {@code transferSyntaxUid}, or empty: JPEG Lossless SV1 (.4.70), RLE Lossless,
     * and JPEG Baseline (.4.50) at {@link #DEFAULT_JPEG_QUALITY} (use {@link #jpegBaseline(int)} for another).
     */
    public static Optional<FrameEncoder> encoderFor(String transferSyntaxUid) {
        String uid = transferSyntaxUid == null ? "" : transferSyntaxUid.trim();
        FrameEncoder encoder = switch (uid) {
            case JPEG_LOSSLESS_SV1 -> new JpegLosslessEncoder();
            case JPEG_BASELINE -> new JpegBaselineEncoder(DEFAULT_JPEG_QUALITY);
            case RLE_LOSSLESS -> new RleFrameCodec(DEFAULT_MAX_FRAME_BYTES);
            default -> null;
        };
        return Optional.ofNullable(encoder).map(GuardedCodec::encoder);
    }

    /** A JPEG Baseline encoder at {@code quality} 1..100 (IJG scale, as dcmcjpeg's {@code +q}). */
    public static FrameEncoder jpegBaseline(int quality) {
        return GuardedCodec.encoder(new JpegBaselineEncoder(quality));
    }

    /** The decoder for {@code transferSyntaxUid}, or {@code CODEC_UNSUPPORTED} with the syntax's name and the reason. */
    public static FrameDecoder requireDecoder(String transferSyntaxUid) throws CodecException {
        Optional<FrameDecoder> d = decoderFor(transferSyntaxUid);
        if (d.isEmpty()) {
            throw new CodecException(Code.CODEC_UNSUPPORTED, unsupportedReason(transferSyntaxUid));
        }
        return d.get();
    }

    /** The encoder for {@code transferSyntaxUid}, or {@code CODEC_UNSUPPORTED} naming the syntax. */
    public static FrameEncoder requireEncoder(String transferSyntaxUid) throws CodecException {
        Optional<FrameEncoder> e = encoderFor(transferSyntaxUid);
        if (e.isEmpty()) {
            throw new CodecException(Code.CODEC_UNSUPPORTED, "no frame encoder for " + TransferSyntax.of(transferSyntaxUid)
                    + "; encoders: JPEG Lossless SV1, JPEG Baseline, RLE Lossless");
        }
        return e.get();
    }

    /**
     * The bits a sample of a JPEG or JPEG-LS frame holds, its frame header's P, read without decoding
     * the frame; -1 when the header cannot be read. A frame coded in no more bits than Bits Stored
     * cannot carry anything in the bits above them.
     */
    public static int jpegPrecision(byte[] frame) {
        try {
            return JpegHeader.parse(frame).precision;
        } catch (CodecException | RuntimeException e) {
            return -1; // unreadable: the caller decodes, and a decoder says what is wrong
        }
    }

    /** As {@link #jpegPrecision}, for a JPEG 2000 code-stream: the largest component depth of its SIZ. */
    public static int jpeg2000Precision(byte[] frame) {
        try {
            int most = -1;
            for (int p : J2kHeader.parse(frame).precision) {
                most = Math.max(most, p);
            }
            return most;
        } catch (CodecException | RuntimeException e) {
            return -1;
        }
    }

    /** Why {@code transferSyntaxUid} has no decoder, naming the syntax (for quarantine reasons). */
    public static String unsupportedReason(String transferSyntaxUid) {
        TransferSyntax ts = TransferSyntax.of(transferSyntaxUid == null ? "" : transferSyntaxUid.trim());
        if (decoderFor(ts.uid()).isPresent()) {
            return ts + " is supported";
        }
        if (!ts.known()) {
            return "unknown transfer syntax " + ts.uid();
        }
        if (!ts.encapsulated()) {
            return ts + " is native: its frames need no codec";
        }
        String why;
        if (ts.name().contains("High-Throughput")) {
            why = "HTJ2K (ITU-T T.814) block coding is not in the JPEG 2000 decoder we have (JJ2000, Part 1 only)";
        } else if (ts.name().contains("JPEG 2000 Part 2")) {
            why = "JPEG 2000 Part 2 multi-component transforms are not supported";
        } else if (ts.name().contains("JPEG XL")) {
            why = "no JPEG XL decoder is available in Java";
        } else if (ts.name().contains("MPEG") || ts.name().contains("HEVC")) {
            why = "video syntaxes are not decoded frame by frame";
        } else if (ts.name().contains("JPIP")) {
            why = "JPIP pixel data is referenced, not in the file";
        } else if (ts.uid().equals("1.2.840.10008.1.2.1.98")) {
            why = "Encapsulated Uncompressed frames are native data: no codec is needed";
        } else {
            why = "retired JPEG processes (hierarchical, progressive, 12-bit arithmetic) are not supported";
        }
        return "no frame decoder for " + ts + ": " + why;
    }
}
