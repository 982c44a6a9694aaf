package org.mip.dicom;

/**
 * The one exception the codec throws for input it cannot read or write: a stable {@link Reason}
 * code for machines, and a message for people that says what was wrong and where (byte offset and,
 * where known, the element). It never carries element values, so it is safe to log.
 */
public class DicomException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Stable reason codes; their names appear in quarantine reasons and audit events. */
    public enum Reason {
        /** Neither a Part 10 file nor a data set whose encoding can be recognised. */
        NOT_DICOM,
        /** The input ends before a value, item or sequence it announced. */
        TRUNCATED,
        /** A length field is impossible: odd where it must be even, past its container, or past a limit. */
        INVALID_LENGTH,
        /** Bytes where a VR was expected do not name one. */
        INVALID_VR,
        /** A tag appears where the structure does not allow it (e.g. a delimiter outside a sequence). */
        INVALID_STRUCTURE,
        /** The File Meta Information group is malformed. */
        INVALID_FILE_META,
        /** Sequences nest deeper than the configured limit. */
        NESTING_TOO_DEEP,
        /** A deflated data set inflates past the configured limit, or its deflate stream is corrupt. */
        INFLATE_FAILED,
        /**
         * A value is larger than the configured limit for values held in memory, the header tree would
         * take more memory than its limit (millions of items or elements), or the input is too large.
         */
        TOO_LARGE,
        /** The underlying stream or file failed. */
        IO_ERROR,
        /** A compressed frame is truncated or garbled (see {@code org.mip.dicom.codec.CodecException}). */
        CODEC_CORRUPT_FRAME,
        /** A compressed frame's size, precision or components disagree with the Image Pixel attributes. */
        CODEC_FRAME_MISMATCH,
        /** A compressed frame in a syntax or coding process no frame codec handles. */
        CODEC_UNSUPPORTED,
        /** A decoded frame would exceed the codec's size limit. */
        CODEC_TOO_LARGE
    }

    private final Reason reason;
    private final long offset;
    private final String plainMessage;

    public DicomException(Reason reason, String message) {
        this(reason, message, -1, null);
    }

    public DicomException(Reason reason, String message, long offset) {
        this(reason, message, offset, null);
    }

    public DicomException(Reason reason, String message, long offset, Throwable cause) {
        super(offset >= 0 ? message + " (at byte " + offset + ")" : message, cause);
        this.reason = reason;
        this.offset = offset;
        this.plainMessage = message;
    }

    /** The same reason and offset, the message followed by {@code more} (e.g. a likely cause). */
    public DicomException withMore(String more) {
        return new DicomException(reason, plainMessage + more, offset, this);
    }

    public Reason reason() {
        return reason;
    }

    /**
     * What was wrong and where, without a reason code in front: for a message of another exception
     * or refusal that carries its own code (the message itself may start with one, {@link
     * org.mip.dicom.codec.CodecException}).
     */
    public String detail() {
        return getMessage();
    }

    /** Byte offset in the (inflated) input where the problem was found, or -1. */
    public long offset() {
        return offset;
    }
}
