package org.mip.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks OAuth2/OIDC bearer JWTs: the signature against a JWKS (fetched from a URL and cached, or
 * read from a file and re-read when it changes), one of the allowed asymmetric algorithms, the
 * {@code typ} of an RFC 9068 access token, the exact issuer, the audience, exp and nbf with a clock
 * skew. The caller's prefixes come from a claim: its values are prefixes themselves, or, with a
 * mapping configured, names (e.g. groups) mapped to prefixes. A token whose claim grants nothing is
 * refused (401): it cannot do anything here.
 *
 * <p>Both key sources keep their last good key set through trouble: the URL source through an
 * outage of the identity provider (for {@code jwksOutageTolerance}), the file source through a
 * rewrite seen half-written. Which keys sign is never decided by a failure.
 */
public final class JwtVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(JwtVerifier.class);
    /** Nimbus's default: how long a fetched key set is used before it is fetched again. */
    public static final Duration DEFAULT_JWKS_CACHE = Duration.ofMinutes(5);
    private static final int MAX_JWKS_BYTES = 512 * 1024;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String nameClaim;
    private final String prefixesClaim;
    private final Map<String, List<String>> claimMap;

    /**
     * @param allowPlainJwt also accept {@code typ} JWT or no {@code typ} (identity providers that do not
     *     mark access tokens as RFC 9068 asks; their ID tokens look the same)
     * @param jwksCache how long a fetched key set is used before the URL is asked again
     * @param jwksOutageTolerance how long after the last successful fetch the last key set still serves
     *     when the URL cannot be fetched (zero: not at all)
     */
    public record Config(String issuer, String audience, URI jwksUrl, Path jwksFile, Set<String> algorithms,
                         String nameClaim, String prefixesClaim, Map<String, List<String>> claimMap,
                         int clockSkewSeconds, boolean allowPlainJwt, Duration jwksCache, Duration jwksOutageTolerance) {
    }

    public JwtVerifier(Config c) {
        JWKSource<SecurityContext> keys = c.jwksUrl() != null ? urlSource(c) : new FileJwkSource(c.jwksFile());
        Set<JWSAlgorithm> algs = new LinkedHashSet<>();
        for (String a : c.algorithms()) {
            algs.add(JWSAlgorithm.parse(a));
        }
        processor.setJWSTypeVerifier(new AccessTokenType(c.allowPlainJwt()));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algs, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(c.audience(),
                new JWTClaimsSet.Builder().issuer(c.issuer()).build(), Set.of("exp", c.nameClaim()));
        claims.setMaxClockSkew(c.clockSkewSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        this.nameClaim = c.nameClaim();
        this.prefixesClaim = c.prefixesClaim();
        this.claimMap = Map.copyOf(c.claimMap());
    }

    /**
     * Nimbus's chain: cache (refreshed ahead of expiry) → at most one fetch per rate interval →
     * outage tolerance (the last good set) → one retry → HTTP. The timings are Nimbus's defaults for
     * a 5-minute cache, scaled down for shorter ones.
     */
    private static JWKSource<SecurityContext> urlSource(Config c) {
        long ttl = c.jwksCache().toMillis();
        URL url;
        try {
            url = c.jwksUrl().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException("mip.api.jwt.jwks-url is not a URL", e);
        }
        JWKSourceBuilder<SecurityContext> b = JWKSourceBuilder.<SecurityContext>create(url,
                        new DefaultResourceRetriever(2_000, 2_000, MAX_JWKS_BYTES))
                .cache(ttl, Math.min(15_000, ttl / 4))
                .refreshAheadCache(Math.min(30_000, ttl / 4), false)
                .rateLimited(Math.min(30_000, ttl / 2))
                .retrying(true);
        long tolerance = c.jwksOutageTolerance().toMillis();
        if (tolerance > 0) {
            b.outageTolerant(tolerance, event -> {
                if (event instanceof OutageTolerantJWKSetSource.OutageEvent<?> o) {
                    LOG.warn("the JWKS URL cannot be fetched ({}); tokens are checked with the key set fetched last, "
                            + "for {} s more at most (mip.api.jwt.jwks-outage-tolerance-seconds)",
                            o.getException() == null ? "no reason given" : o.getException().getMessage(), o.getRemainingTime() / 1000);
                }
            });
        }
        return b.build();
    }

    /** Whether a bearer credential has the shape of a JWS (three base64url parts). */
    public static boolean looksLikeJwt(String credential) {
        int dots = 0;
        for (int i = 0; i < credential.length(); i++) {
            char ch = credential.charAt(i);
            if (ch == '.') {
                dots++;
            } else if (!(Character.isLetterOrDigit(ch) || ch == '-' || ch == '_')) {
                return false;
            }
        }
        return dots == 2;
    }

    /** The caller of a valid token; 401 for an invalid one, 503 when the keys cannot be had. */
    public Caller verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (RateLimitReachedException e) {
            // The token names a key the cached set lacks, and the set was fetched moments ago: a
            // key rotation shows up on the next fetch; a made-up key id never will.
            throw ApiProblem.unauthorized("the token's signing key is not in the key set", "invalid_token");
        } catch (KeySourceException e) {
            LOG.warn("cannot get the JWKS to check a token: {}", e.getMessage());
            throw ApiProblem.unavailable("the token signing keys (JWKS) cannot be fetched now", 5);
        } catch (BadJWTException e) {
            throw ApiProblem.unauthorized("the token is not accepted: " + e.getMessage(), "invalid_token");
        } catch (WrongType e) {
            throw ApiProblem.unauthorized(e.getMessage(), "invalid_token");
        } catch (BadJOSEException e) {
            throw ApiProblem.unauthorized("the token's signature or type is not accepted", "invalid_token");
        } catch (ParseException | JOSEException e) {
            throw ApiProblem.unauthorized("the token cannot be read", "invalid_token");
        }
        String name;
        try {
            name = claims.getStringClaim(nameClaim);
        } catch (ParseException e) {
            name = null;
        }
        if (name == null || name.isBlank()) {
            throw ApiProblem.unauthorized("the token has no " + nameClaim + " claim", "invalid_token");
        }
        List<String> prefixes = prefixes(claims.getClaim(prefixesClaim));
        if (prefixes.isEmpty()) {
            throw ApiProblem.unauthorized("the token's " + prefixesClaim + " claim grants no prefix", "insufficient_scope");
        }
        return new Caller(name, Caller.Kind.JWT, prefixes);
    }

    /**
     * The prefixes a claim grants. Without a mapping, its values are prefixes, but never
     * {@link ObjectKeys#ALL}: "every key" is only ever granted by this service's own configuration
     * (a mapping entry {@code VALUE=*}), not by whatever an identity provider lets into a claim.
     */
    private List<String> prefixes(Object claim) {
        List<String> values = new ArrayList<>();
        if (claim instanceof String s) {
            for (String v : s.split("[\\s,]+")) {
                if (!v.isEmpty()) {
                    values.add(v);
                }
            }
        } else if (claim instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s && !s.isEmpty()) {
                    values.add(s);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (claimMap.isEmpty()) {
                if (!v.equals(ObjectKeys.ALL) && ObjectKeys.prefixProblem(v) == null) {
                    out.add(v);
                }
            } else {
                out.addAll(claimMap.getOrDefault(v, List.of()));
            }
        }
        return out;
    }

    /**
     * The {@code typ} header of an access token: {@code at+jwt} (RFC 9068 §2.1), with or without the
     * {@code application/} prefix and in any case, as RFC 7515 §4.1.9 says media types are compared.
     * {@code JWT} or no {@code typ} only when allowed: that is what OIDC ID tokens carry, and an ID
     * token is no access token.
     */
    static final class AccessTokenType implements JOSEObjectTypeVerifier<SecurityContext> {
        private final boolean allowPlainJwt;

        AccessTokenType(boolean allowPlainJwt) {
            this.allowPlainJwt = allowPlainJwt;
        }

        @Override
        public void verify(JOSEObjectType type, SecurityContext context) throws BadJOSEException {
            String t = type == null ? null : mediaType(type.getType());
            if ("at+jwt".equals(t) || (allowPlainJwt && (t == null || "jwt".equals(t)))) {
                return;
            }
            throw new WrongType(allowPlainJwt ? "the token's typ is not at+jwt, JWT or absent"
                    : "the token's typ is not at+jwt: only access tokens (RFC 9068) are accepted, not ID tokens "
                    + "(an identity provider that issues typ JWT needs mip.api.jwt.allow-plain-jwt=true)");
        }

        /** Lower case, without an {@code application/} prefix when the rest is a bare subtype. */
        static String mediaType(String typ) {
            String t = typ.toLowerCase(Locale.ROOT);
            if (t.startsWith("application/") && t.indexOf('/', "application/".length()) < 0) {
                t = t.substring("application/".length());
            }
            return t;
        }
    }

    /** A refused {@code typ}: its message is the 401's detail. */
    static final class WrongType extends BadJOSEException {
        private static final long serialVersionUID = 1L;

        WrongType(String message) {
            super(message);
        }
    }

    /**
     * A JWKS file, read again when its modification time or size changes (a rotated, mounted secret;
     * an edited file). A read that does not give a key set (the file seen mid-write, truncated,
     * emptied, removed) keeps the last good set in use, and is reported once; the next change of the
     * file is read again. Only a file that never held a good set fails the token (503).
     */
    static final class FileJwkSource implements JWKSource<SecurityContext> {
        /** The stamp of a file that cannot be read (missing, no permission). */
        private static final Object UNREADABLE = new Object();

        private final Path file;
        private volatile Object seen;
        private volatile JWKSet keys;

        FileJwkSource(Path file) {
            this.file = file;
        }

        @Override
        public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
            Object stamp = stamp();
            if (!stamp.equals(seen)) {
                reload(stamp);
            }
            JWKSet current = keys;
            if (current == null) {
                throw new KeySourceException("the JWKS file " + file + " has not held a readable key set yet");
            }
            return selector.select(current);
        }

        private Object stamp() {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return List.of(a.lastModifiedTime(), a.size());
            } catch (IOException e) {
                return UNREADABLE;
            }
        }

        private synchronized void reload(Object stamp) {
            if (stamp.equals(seen)) {
                return; // another thread has just read this version
            }
            seen = stamp;
            String problem;
            try {
                if (stamp == UNREADABLE) {
                    problem = "it cannot be read";
                } else if (Files.size(file) > MAX_JWKS_BYTES) {
                    problem = "it is larger than " + MAX_JWKS_BYTES + " bytes";
                } else {
                    JWKSet set = JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
                    if (!set.getKeys().isEmpty()) {
                        keys = set;
                        LOG.info("JWKS file {} read: {} key(s)", file, set.getKeys().size());
                        return;
                    }
                    problem = "it holds no key";
                }
            } catch (IOException e) {
                problem = "it cannot be read (" + e.getClass().getSimpleName() + ")";
            } catch (ParseException e) {
                problem = "it is not a JWK set (half-written?)";
            }
            LOG.warn("JWKS file {}: {}; {}", file, problem, keys == null ? "no token can be checked until it holds a key set"
                    : "the key set read last stays in use until the file changes again");
        }
    }
}
