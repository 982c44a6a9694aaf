package org.mip.deid.pixel;

/**
 * Pixel data that needs redaction but cannot be redacted here. The instance must then be refused
 * (quarantined), never published as it is. {@link #code()} is stable for machines (quarantine
 * reasons, audit events); the message names the attribute or syntax at fault and carries no PHI.
 */
public final class RedactionException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Stable reason codes; their names are what {@link #code()} returns. */
    public enum Reason {
        /** The pixel data is compressed in a transfer syntax we cannot decode and re-encode losslessly. */
        REDACTION_UNSUPPORTED_SYNTAX,
        /** Bits Allocated, Samples per Pixel, byte order or pixel data element we do not handle. */
        REDACTION_UNSUPPORTED_PIXEL_FORMAT,
        /** A Photometric Interpretation whose blank value or layout we do not handle. */
        REDACTION_UNSUPPORTED_PHOTOMETRIC,
        /** The Image Pixel attributes and the pixel data disagree, or the compressed data is corrupt. */
        REDACTION_PIXEL_DATA_INVALID,
        /** A frame too large to scan in memory (see FrameSource.MAX_FRAME_BYTES). */
        REDACTION_IMAGE_TOO_LARGE,
        /** Compressed frames hold data in the bits outside Bits Stored, which only coding them again would clear. */
        REDACTION_BITS_OUTSIDE_STORED,
        /** Reading the source or writing the spool file failed. */
        REDACTION_IO_ERROR,
        /** A compressed frame is truncated or garbled, or its decoder failed (org.mip.dicom.codec). */
        CODEC_CORRUPT_FRAME,
        /** A compressed frame's own header disagrees with the Image Pixel attributes. */
        CODEC_FRAME_MISMATCH,
        /** A coding process the codecs do not implement (progressive JPEG, HTJ2K ...). */
        CODEC_UNSUPPORTED,
        /** A frame too large to decode within the limit. */
        CODEC_TOO_LARGE
    }

    private final Reason reason;

    public RedactionException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** From a codec's failure, keeping its CODEC_* code. */
    public RedactionException(String codecCode, String message, Throwable cause) {
        this(codecReason(codecCode), message, cause);
    }

    private static Reason codecReason(String code) {
        try {
            return Reason.valueOf(code);
        } catch (IllegalArgumentException e) {
            return Reason.CODEC_CORRUPT_FRAME;
        }
    }

    public RedactionException(Reason reason, String message, Throwable cause) {
        super(reason.name() + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The message without the reason code in front of it: for a refusal that carries the code itself. */
    public String detail() {
        return getMessage().substring(reason.name().length() + 2);
    }

    /** The reason as a stable string, e.g. "REDACTION_UNSUPPORTED_SYNTAX". */
    public String code() {
        return reason.name();
    }
}
