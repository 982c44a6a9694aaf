package org.mip.pipeline;

/**
 * Input that will never succeed, however often it is retried: not DICOM, invalid, refused by the
 * de-identification policy. The routes send it to quarantine at once instead of redelivering it.
 * The message names elements and rules, never values, so it is safe in logs, metadata and audit.
 */
public class PoisonInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String stage;
    private final String reasonCode;

    public PoisonInputException(String stage, String reasonCode, String message) {
        super(message);
        this.stage = stage;
        this.reasonCode = reasonCode;
    }

    /** Where it was found: stage, parse, validate, deidentify. */
    public String stage() {
        return stage;
    }

    /** Stable code, e.g. TRUNCATED, INVALID_UID, BURNED_IN_ANNOTATION_YES. */
    public String reasonCode() {
        return reasonCode;
    }
}
