package org.mip.api;

/**
 * Turns an {@code Authorization} header into a {@link Caller}: {@code Bearer <API key>} (checked
 * by its SHA-256 against the configured keys) or, when JWTs are configured, {@code Bearer <JWT>}.
 * Anything else is a 401 whose detail never repeats the credential.
 */
public final class Authenticator {
    private final ApiKeys keys;
    private final JwtVerifier jwt;

    /** @param jwt null when JWTs are not configured */
    public Authenticator(ApiKeys keys, JwtVerifier jwt) {
        this.keys = keys;
        this.jwt = jwt;
    }

    public Caller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiProblem.unauthorized("send Authorization: Bearer <API key or token>", null);
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space <= 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            throw ApiProblem.unauthorized("only the Bearer scheme is accepted", "invalid_request");
        }
        String credential = value.substring(space + 1).strip();
        if (credential.isEmpty()) {
            throw ApiProblem.unauthorized("the bearer credential is empty", "invalid_request");
        }
        if (jwt != null && JwtVerifier.looksLikeJwt(credential)) {
            return jwt.verify(credential);
        }
        Caller caller = keys.lookup(credential);
        if (caller == null) {
            throw ApiProblem.unauthorized(jwt == null ? "unknown API key" : "unknown API key or malformed token",
                    "invalid_token");
        }
        return caller;
    }
}
