package org.mip.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An API call that cannot be served, as an RFC 9457 problem: the HTTP status, a problem type
 * ({@code urn:mip:problem:<slug>}, listed in docs/API.md), a fixed title per type, a detail for this
 * occurrence, and the response headers it needs (WWW-Authenticate, Retry-After). The detail never
 * holds a credential. No stack trace: this is an answer, not a bug.
 */
public final class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final String TYPE_PREFIX = "urn:mip:problem:";

    private final int status;
    private final String slug;
    private final String title;
    private final transient Map<String, String> headers;

    private ApiProblem(int status, String slug, String title, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.headers = headers;
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "invalid-request", "The request is malformed", detail, Map.of());
    }

    /** 401 without (usable) credentials: {@code error} is null when none were sent (RFC 6750 §3.1). */
    /** 400 for a study listing that would need more S3 LIST requests than allowed. */
    public static ApiProblem scanTooBroad(String detail) {
        return new ApiProblem(400, "study-scan-too-broad", "Finding this study would scan too much of the bucket", detail,
                Map.of());
    }

    public static ApiProblem unauthorized(String detail, String error) {
        String challenge = "Bearer realm=\"mip\"";
        if (error != null) {
            challenge += ", error=\"" + error + "\", error_description=\"" + detail.replace("\"", "'") + "\"";
        }
        return new ApiProblem(401, "unauthorized", "Authentication required", detail,
                Map.of("WWW-Authenticate", challenge));
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "forbidden", "Outside the caller's prefixes", detail, Map.of());
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "No such object", detail, Map.of());
    }

    public static ApiProblem unsupportedMediaType(String detail) {
        return new ApiProblem(415, "unsupported-media-type", "The request body must be JSON", detail, Map.of());
    }

    public static ApiProblem tooManyRequests(String detail, long retryAfterSeconds) {
        return new ApiProblem(429, "rate-limited", "Too many requests", detail,
                Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }

    /** 429 for a client address that failed to authenticate too often: refused before its credential is checked. */
    public static ApiProblem tooManyFailedAuthentications(String detail, long retryAfterSeconds) {
        return new ApiProblem(429, "too-many-failed-authentications", "Too many failed authentications", detail,
                Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }

    public static ApiProblem unavailable(String detail, long retryAfterSeconds) {
        return new ApiProblem(503, "unavailable", "A service this API depends on is unavailable", detail,
                Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }

    public static ApiProblem internal(String detail) {
        return new ApiProblem(500, "internal-error", "Internal error", detail, Map.of());
    }

    public int status() {
        return status;
    }

    public String type() {
        return TYPE_PREFIX + slug;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return new LinkedHashMap<>(headers);
    }
}
