package org.mip.deid;

/**
 * An instance the de-identifier will not publish: it goes to quarantine with this reason. The
 * message names attributes and rules, never values, so it is safe in logs and audit events.
 */
public class DeidRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;

    public DeidRefusal(String code, String message) {
        super(message);
        this.code = code;
    }

    public DeidRefusal(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Stable reason code, e.g. BURNED_IN_ANNOTATION_YES, MISSING_ATTRIBUTE. */
    public String code() {
        return code;
    }
}
