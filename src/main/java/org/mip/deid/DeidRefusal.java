package org.mip.deid;

/**
 * An instance the de-identifier will not publish: it goes to quarantine with this reason. The
 * message names attributes and rules, never values, so it is safe in logs and audit events.
 */
public class DeidRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final java.util.Map<String, Object> details;

    public DeidRefusal(String code, String message) {
        this(code, message, (Throwable) null);
    }

    public DeidRefusal(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.details = java.util.Map.of();
    }

    /**
     * @param details counts and codes for the reason file (never values read from the instance)
     */
    public DeidRefusal(String code, String message, java.util.Map<String, Object> details) {
        super(message);
        this.code = code;
        this.details = java.util.Map.copyOf(details);
    }

    /** Counts and codes behind the refusal (e.g. frames scanned, text regions found): safe to audit. */
    public java.util.Map<String, Object> details() {
        return details;
    }

    /** Stable reason code, e.g. BURNED_IN_ANNOTATION_YES, MISSING_ATTRIBUTE. */
    public String code() {
        return code;
    }
}
