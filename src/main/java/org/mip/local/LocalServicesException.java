package org.mip.local;

/**
 * A local server could not start. The message is written for the user (what is wrong and which
 * setting fixes it); callers print {@link #getMessage()} alone, without a stack trace.
 */
public class LocalServicesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LocalServicesException(String message) {
        super(message);
    }

    public LocalServicesException(String message, Throwable cause) {
        super(message, cause);
    }
}
