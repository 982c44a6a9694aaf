package org.mip.api;

/**
 * Turns an {@code Authorization} header into a {@link Caller}: {@code Bearer <API key>} (checked
 * by its SHA-256 against the configured keys) or, when JWTs are configured, {@code Bearer <JWT>}.
 * Anything else is a 401 whose detail never repeats the credential. A client address with too many
 * failed authentications is refused first (429), without its credential being looked at.
 */
public final class Authenticator {
    private final ApiKeys keys;
    private final JwtVerifier jwt;
    private final AuthFailureLimiter failures;

    /**
     * @param jwt null when JWTs are not configured
     * @param failures counts the failures of a client address that sent a credential
     */
    public Authenticator(ApiKeys keys, JwtVerifier jwt, AuthFailureLimiter failures) {
        this.keys = keys;
        this.jwt = jwt;
        this.failures = failures;
    }

    /** @param client the client's address key ({@link ClientAddress}) */
    public Caller authenticate(String authorization, String client) {
        long blocked = failures.blockedFor(client);
        if (blocked > 0) {
            throw ApiProblem.tooManyFailedAuthentications(
                    "too many failed authentications from this client address; try again in " + blocked + " s", blocked);
        }
        try {
            return check(authorization);
        } catch (ApiProblem p) {
            // A call without credentials guesses nothing; a wrong scheme, key or token does.
            if (p.status() == 401 && authorization != null && !authorization.isBlank()) {
                failures.failed(client);
            }
            throw p;
        }
    }

    private Caller check(String authorization) {
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
