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
    private final transient java.util.Map<String, Object> details;

    public PoisonInputException(String stage, String reasonCode, String message) {
        this(stage, reasonCode, message, java.util.Map.of());
    }

    /** @param details counts and codes behind the reason (never instance values), for the reason file and audit */
    public PoisonInputException(String stage, String reasonCode, String message, java.util.Map<String, Object> details) {
        super(message);
        this.stage = stage;
        this.reasonCode = reasonCode;
        this.details = java.util.Map.copyOf(details);
    }

    /** Counts and codes behind the reason, e.g. frames scanned for burned-in text; empty when none. */
    public java.util.Map<String, Object> details() {
        return details;
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
