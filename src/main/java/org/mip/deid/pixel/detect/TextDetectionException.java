package org.mip.deid.pixel.detect;

/**
 * Text detection could not run, so the frame is unverified: the instance must be quarantined, never
 * published. {@link #code()} is stable for machines (quarantine reasons, audit events); messages name
 * what failed and where we looked, never pixel text or header values.
 */
public final class TextDetectionException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Stable reason codes; their names are what {@link #code()} returns. */
    public enum Reason {
        /** The OCR engine cannot run here: no native library for this platform, no trained data, or its init failed. */
        OCR_UNAVAILABLE,
        /** The OCR engine was available but failed on this frame. */
        OCR_FAILED
    }

    private final Reason reason;

    public TextDetectionException(Reason reason, String message) {
        this(reason, message, null);
    }

    public TextDetectionException(Reason reason, String message, Throwable cause) {
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

    /** The reason as a stable string, e.g. "OCR_UNAVAILABLE". */
    public String code() {
        return reason.name();
    }
}
