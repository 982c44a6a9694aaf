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
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks OAuth2/OIDC bearer JWTs: the signature against a JWKS (fetched from a URL and cached, or
 * read from a file and re-read when it changes), one of the allowed asymmetric algorithms,
 * {@code typ} JWT or at+jwt (RFC 9068), the exact issuer, the audience, exp and nbf with a clock
 * skew. The caller's prefixes come from a claim: its values are prefixes themselves, or, with a
 * mapping configured, names (e.g. groups) mapped to prefixes. A token whose claim grants nothing is
 * refused (401): it cannot do anything here.
 */
public final class JwtVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(JwtVerifier.class);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String nameClaim;
    private final String prefixesClaim;
    private final Map<String, List<String>> claimMap;

    public record Config(String issuer, String audience, URI jwksUrl, Path jwksFile, Set<String> algorithms,
                         String nameClaim, String prefixesClaim, Map<String, List<String>> claimMap,
                         int clockSkewSeconds) {
    }

    public JwtVerifier(Config c) {
        JWKSource<SecurityContext> keys;
        if (c.jwksUrl() != null) {
            try {
                keys = JWKSourceBuilder.<SecurityContext>create(c.jwksUrl().toURL(),
                        new DefaultResourceRetriever(2_000, 2_000, 512 * 1024)).retrying(true).build();
            } catch (java.net.MalformedURLException e) {
                throw new IllegalArgumentException("mip.api.jwt.jwks-url is not a URL", e);
            }
        } else {
            keys = new FileJwkSource(c.jwksFile());
        }
        Set<JWSAlgorithm> algs = new LinkedHashSet<>();
        for (String a : c.algorithms()) {
            algs.add(JWSAlgorithm.parse(a));
        }
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algs, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(c.audience(),
                new JWTClaimsSet.Builder().issuer(c.issuer()).build(), Set.of("exp", c.nameClaim()));
        claims.setMaxClockSkew(c.clockSkewSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        this.nameClaim = c.nameClaim();
        this.prefixesClaim = c.prefixesClaim();
        this.claimMap = Map.copyOf(c.claimMap());
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
        } catch (KeySourceException e) {
            LOG.warn("cannot get the JWKS to check a token: {}", e.getMessage());
            throw ApiProblem.unavailable("the token signing keys (JWKS) cannot be fetched now", 5);
        } catch (BadJWTException e) {
            throw ApiProblem.unauthorized("the token is not accepted: " + e.getMessage(), "invalid_token");
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
                if (ObjectKeys.prefixProblem(v) == null) {
                    out.add(v);
                }
            } else {
                out.addAll(claimMap.getOrDefault(v, List.of()));
            }
        }
        return out;
    }

    /** A JWKS file, read again whenever its modification time changes (a rotated, mounted secret). */
    static final class FileJwkSource implements JWKSource<SecurityContext> {
        private final Path file;
        private volatile FileTime loadedAt;
        private volatile JWKSet keys;

        FileJwkSource(Path file) {
            this.file = file;
        }

        @Override
        public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
            try {
                FileTime t = Files.getLastModifiedTime(file);
                if (keys == null || !t.equals(loadedAt)) {
                    synchronized (this) {
                        keys = JWKSet.load(file.toFile());
                        loadedAt = t;
                    }
                }
            } catch (IOException | ParseException e) {
                throw new KeySourceException("cannot read the JWKS file " + file + ": " + e.getMessage(), e);
            }
            return selector.select(keys);
        }
    }
}
