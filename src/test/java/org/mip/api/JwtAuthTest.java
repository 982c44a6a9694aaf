package org.mip.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.app.PipelineHarness;
import org.mip.testing.LogCapture;

/**
 * OAuth2/OIDC bearer JWTs against a JWKS served by a tiny local HTTP server: a good token is
 * accepted and its prefixes claim enforced; wrong issuer, wrong audience, expired, bad signature,
 * HS256 and unsigned tokens are 401. Also the per-caller rate limit (429 with Retry-After), and a
 * JWKS file with a claim-to-prefixes mapping.
 */
class JwtAuthTest {
    static final String ISSUER = "https://idp.example.test/realms/hospital";
    static final String AUDIENCE = "mip-api";
    static final String A = "P1/2.25.1/2.25.2/2.25.3.dcm";
    static final String C = "P2/2.25.1/2.25.4/2.25.5.dcm";
    static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    @TempDir
    static Path dir;
    static RSAKey key;
    static HttpServer jwks;
    static PipelineHarness h;
    static ApiClient api;
    static LogCapture logs;
    static final List<String> tokens = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        byte[] set = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/jwks.json", x -> {
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, set.length);
            x.getResponseBody().write(set);
            x.close();
        });
        jwks.start();
        logs = LogCapture.atDebug("org.apache.camel", "org.mip");
        Map<String, String> o = new HashMap<>(ApiClient.ports());
        o.put("mip.api.jwt.issuer", ISSUER);
        o.put("mip.api.jwt.audience", AUDIENCE);
        o.put("mip.api.jwt.jwks-url", "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json");
        o.put("mip.api.rate-limit.per-second", "0.2");
        o.put("mip.api.rate-limit.burst", "3");
        // this test sends many bad tokens from one address on purpose (AuthFailureLimitTest tests the limit)
        o.put("mip.api.auth-failure-limit.burst", "1000");
        h = PipelineHarness.start(dir.resolve("data"), o);
        api = ApiClient.of(h);
        ApiClient.putProcessed(h, A, new byte[] {1, 2, 3});
        ApiClient.putProcessed(h, C, new byte[] {4, 5, 6});
    }

    @AfterAll
    static void stop() {
        try {
            if (h != null) {
                h.close();
            }
            if (jwks != null) {
                jwks.stop(0);
            }
        } finally {
            logs.close();
        }
        List<String> leaks = logs.linesWith(tokens.stream().map(t -> t.substring(t.lastIndexOf('.') + 1)).filter(s -> s.length() > 8).toList());
        assertTrue(leaks.isEmpty(), "tokens in the log: " + leaks);
    }

    static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("mip_prefixes", List.of("P1/"));
    }

    /** An RFC 9068 access token ({@code typ} at+jwt). */
    static String sign(JWTClaimsSet c, RSAKey with) throws Exception {
        return sign(c, with, AT_JWT);
    }

    /** A token with the given {@code typ} header (null: none). */
    static String sign(JWTClaimsSet c, RSAKey with, JOSEObjectType typ) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).type(typ).build(), c);
        jwt.sign(new RSASSASigner(with));
        String t = jwt.serialize();
        tokens.add(t);
        return t;
    }

    static HttpResponse<String> link(String token, String objectKey) {
        HttpResponse<String> r = api.get("/download-links?key=" + URLEncoder.encode(objectKey, StandardCharsets.UTF_8), token);
        OpenApiContract.check("GET", "/download-links", r);
        return r;
    }

    static void assert401(HttpResponse<String> r) {
        assertEquals(401, r.statusCode(), r.body());
        assertEquals("urn:mip:problem:unauthorized", ApiClient.json(r).path("type").asText());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer realm=\"mip\""));
    }

    @Test
    void aGoodTokenIsAcceptedAndItsPrefixesEnforced() throws Exception {
        String t = sign(claims("alice").build(), key);
        assertEquals(200, link(t, A).statusCode());
        assertEquals(403, link(t, C).statusCode());
        String both = sign(claims("bob").claim("mip_prefixes", "P1/ P2/").build(), key);
        assertEquals(200, link(both, C).statusCode(), "a space-separated claim");
        PipelineHarness.await(Duration.ofSeconds(10), "alice's link-signed event", () -> h.auditEvents().stream().anyMatch(
                e -> "link-signed".equals(e.path("outcome").asText()) && "alice".equals(e.path("caller").path("name").asText())));
        JsonNode e = h.auditEvents().stream().filter(x -> "alice".equals(x.path("caller").path("name").asText())).findFirst().orElseThrow();
        assertEquals("jwt", e.path("caller").path("kind").asText());
        assertEquals(A, e.path("link").path("key").asText());
    }

    @Test
    void wrongIssuerAudienceExpiryOrSignatureAre401() throws Exception {
        assert401(link(sign(claims("carol").issuer("https://evil.example.test/").build(), key), A));
        assert401(link(sign(claims("carol").audience("other-api").build(), key), A));
        Instant past = Instant.now().minusSeconds(600);
        assert401(link(sign(claims("carol").issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(300))).build(), key), A));
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("k1").generate();
        assert401(link(sign(claims("carol").build(), impostor), A));
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims("carol").build());
        hs.sign(new MACSigner(new byte[32]));
        assert401(link(hs.serialize(), A));
        assert401(link(new PlainJWT(claims("carol").build()).serialize(), A));
        assert401(link(sign(claims("carol").claim("mip_prefixes", null).build(), key), A));
        assert401(link(sign(claims("carol").claim("mip_prefixes", List.of("../", "/abs/")).build(), key), A));
        String good = sign(claims("carol").build(), key);
        assert401(link(good.substring(0, good.length() - 4) + "AAAA", A));
    }

    @Test
    void accessTokensOfRfc9068PassAndPlainJwtsOrNoTypDoNotByDefault() throws Exception {
        for (String typ : List.of("at+jwt", "application/at+jwt", "AT+JWT", "Application/At+Jwt")) {
            assertEquals(200, link(sign(claims("gina-" + typ).build(), key, new JOSEObjectType(typ)), A).statusCode(), typ);
        }
        // an OIDC ID token looks like this: typ JWT (or none), signed by the same issuer
        assert401(link(sign(claims("gina").build(), key, JOSEObjectType.JWT), A));
        assert401(link(sign(claims("gina").build(), key, null), A));
        for (String typ : List.of("application/jwt", "JOSE", "secevent+jwt", "at+jwt+x", "application/")) {
            assert401(link(sign(claims("gina").build(), key, new JOSEObjectType(typ)), A));
        }
    }

    @Test
    void aWildcardInTheTokensPrefixesClaimGrantsNothing() throws Exception {
        assert401(link(sign(claims("hank").claim("mip_prefixes", List.of("*")).build(), key), A));
        assert401(link(sign(claims("hank").claim("mip_prefixes", "*").build(), key), C));
        String mixed = sign(claims("hank").claim("mip_prefixes", "* P1/").build(), key);
        assertEquals(200, link(mixed, A).statusCode());
        assertEquals(403, link(mixed, C).statusCode(), "the * was dropped, P1/ stays");
    }

    @Test
    void aCallerAboveItsRateGets429WithRetryAfter() throws Exception {
        String flood = sign(claims("flood").build(), key);
        String other = sign(claims("calm").build(), key);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, link(flood, A).statusCode(), "within the burst of 3");
        }
        HttpResponse<String> r = link(flood, A);
        assertEquals(429, r.statusCode(), r.body());
        assertEquals("urn:mip:problem:rate-limited", ApiClient.json(r).path("type").asText());
        long retry = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retry >= 1 && retry <= 5, "Retry-After " + retry);
        assertEquals(200, link(other, A).statusCode(), "another caller has its own bucket");
    }

    @Test
    void aJwksFileAndAClaimMappingGivePrefixes() throws Exception {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, new JWKSet(key.toPublicJWK()).toString());
        JwtVerifier v = verifier(file, Map.of("radiology", List.of("P1/"), "admins", List.of(ObjectKeys.ALL)), false);
        Caller c = v.verify(sign(claims("dana").claim("groups", List.of("radiology", "unknown")).build(), key));
        assertEquals(List.of("P1/"), c.prefixes());
        assertEquals("dana", c.name());
        assertTrue(v.verify(sign(claims("erin").claim("groups", List.of("admins")).build(), key)).mayAccessEverything());
        ApiProblem p = assertThrows(ApiProblem.class, () -> v.verify(sign(claims("fred").claim("groups", List.of("unknown")).build(), key)));
        assertEquals(401, p.status());
        ApiProblem star = assertThrows(ApiProblem.class, () -> v.verify(sign(claims("fred").claim("groups", List.of("*")).build(), key)));
        assertEquals(401, star.status(), "a literal * is only a name to map, and this mapping has none");
    }

    @Test
    void plainJwtsAndTokensWithoutTypPassOnlyWhenAllowed() throws Exception {
        Path file = dir.resolve("jwks-plain.json");
        Files.writeString(file, new JWKSet(key.toPublicJWK()).toString());
        JwtVerifier strict = verifier(file, Map.of(), false);
        JwtVerifier plain = verifier(file, Map.of(), true);
        for (JOSEObjectType typ : new JOSEObjectType[] {JOSEObjectType.JWT, new JOSEObjectType("application/jwt"), null}) {
            String t = sign(claims("ivy").build(), key, typ);
            ApiProblem p = assertThrows(ApiProblem.class, () -> strict.verify(t), String.valueOf(typ));
            assertEquals(401, p.status());
            assertTrue(p.detail().contains("mip.api.jwt.allow-plain-jwt"), p.detail());
            assertEquals("ivy", plain.verify(t).name(), String.valueOf(typ));
        }
        assertEquals("ivy", plain.verify(sign(claims("ivy").build(), key, AT_JWT)).name());
        for (String other : List.of("JOSE", "secevent+jwt", "dpop+jwt", "text/jwt")) {
            String t = sign(claims("ivy").build(), key, new JOSEObjectType(other));
            assertEquals(401, assertThrows(ApiProblem.class, () -> plain.verify(t), other).status());
        }
    }

    static JwtVerifier verifier(Path jwksFile, Map<String, List<String>> claimMap, boolean allowPlainJwt) {
        return new JwtVerifier(new JwtVerifier.Config(ISSUER, AUDIENCE, null, jwksFile, Set.of("RS256"), "sub",
                claimMap.isEmpty() ? "mip_prefixes" : "groups", claimMap, 60, allowPlainJwt, JwtVerifier.DEFAULT_JWKS_CACHE,
                Duration.ofHours(1)));
    }
}
