package org.mip.dicom.codec;

import org.mip.dicom.DicomException;

/**
 * A frame that cannot be decoded or encoded. {@link #code()} is a stable reason code for
 * quarantine reasons and audit events; the message says what was wrong and where (the byte offset
 * in the frame's compressed bytes, the marker) and never carries pixel values. It is a
 * {@link DicomException}, so code that already refuses unreadable DICOM refuses these too.
 */
public final class CodecException extends DicomException {
    private static final long serialVersionUID = 1L;

    /** Stable reason codes; {@link #code()} returns their names. */
    public enum Code {
        /** The compressed frame is truncated or garbled, or the decoder library failed on it. */
        CODEC_CORRUPT_FRAME,
        /** The stream's size, precision or number of components disagrees with the Image Pixel attributes. */
        CODEC_FRAME_MISMATCH,
        /** A transfer syntax, coding process or layout no codec here handles (e.g. progressive JPEG, HTJ2K). */
        CODEC_UNSUPPORTED,
        /** The declared frame is larger than the decoder's limit (checked before anything is allocated). */
        CODEC_TOO_LARGE
    }

    private final Code code;

    public CodecException(Code code, String message) {
        this(code, message, -1, null);
    }

    public CodecException(Code code, String message, long offset) {
        this(code, message, offset, null);
    }

    public CodecException(Code code, String message, long offset, Throwable cause) {
        super(reasonOf(code), code.name() + ": " + message, offset, cause);
        this.code = code;
    }

    /** The reason as a stable string, e.g. "CODEC_CORRUPT_FRAME". */
    public String code() {
        return code.name();
    }

    public Code codeEnum() {
        return code;
    }

    private static Reason reasonOf(Code code) {
        return code == Code.CODEC_TOO_LARGE ? Reason.TOO_LARGE : Reason.INVALID_STRUCTURE;
    }
}
