package org.mip.dicom.codec;

import org.mip.dicom.DicomException;

/**
 * A frame that cannot be decoded or encoded. {@link #code()} is a stable reason code for
 * quarantine reasons and audit events; the message says what was wrong and where (the byte offset
 * in the frame's compressed bytes, the marker) and never carries pixel values. It is a
 * {@link DicomException} whose {@link #reason()} has the same name as {@link #code()}, so code that
 * already refuses unreadable DICOM with {@code reason().name()} refuses these too, with their code.
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

    /** The message without the code in front of it. */
    @Override
    public String detail() {
        return getMessage().substring(code.name().length() + 2);
    }

    /** The reason as a stable string, e.g. "CODEC_CORRUPT_FRAME". */
    public String code() {
        return code.name();
    }

    public Code codeEnum() {
        return code;
    }

    /** The {@link Reason} of the same name, so code that reports {@code reason().name()} reports the codec's code. */
    private static Reason reasonOf(Code code) {
        return Reason.valueOf(code.name());
    }
}
