package org.mip.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.app.PipelineHarness;

/**
 * The signing keys stay usable through trouble at their source: a JWKS URL that stops answering (the
 * last good set serves for the outage tolerance, then 503), a JWKS file caught half-written by a
 * running server (the last good set serves until the file is whole again), and a token naming a key
 * that is not in a set fetched moments ago (401, not 503).
 */
class JwksResilienceTest {
    static final String KEY = "P1/2.25.1/2.25.2/2.25.3.dcm";

    @TempDir
    Path dir;

    @Test
    void aJwksFileTruncatedWhileTheServerRunsKeepsTheLastGoodKeySet() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        RSAKey next = new RSAKeyGenerator(2048).keyID("k2").generate();
        Path jwks = dir.resolve("jwks.json");
        String set = new JWKSet(key.toPublicJWK()).toString();
        Files.writeString(jwks, set);
        Map<String, String> o = new HashMap<>(ApiClient.ports());
        o.put("mip.api.jwt.issuer", JwtAuthTest.ISSUER);
        o.put("mip.api.jwt.audience", JwtAuthTest.AUDIENCE);
        o.put("mip.api.jwt.jwks-file", jwks.toString());
        try (PipelineHarness h = PipelineHarness.start(dir.resolve("data"), o)) {
            ApiClient api = ApiClient.of(h);
            ApiClient.putProcessed(h, KEY, new byte[] {1, 2, 3});
            String token = JwtAuthTest.sign(JwtAuthTest.claims("ivan").build(), key);
            assertEquals(200, link(api, token).statusCode());

            // a rewrite caught half-way: truncated, then half of the new content
            Files.writeString(jwks, "", StandardOpenOption.TRUNCATE_EXISTING);
            touch(jwks, 1);
            assertEquals(200, link(api, token).statusCode(), "an empty file");
            Files.writeString(jwks, set.substring(0, set.length() / 2), StandardOpenOption.TRUNCATE_EXISTING);
            touch(jwks, 2);
            assertEquals(200, link(api, token).statusCode(), "half a key set");
            Files.delete(jwks);
            assertEquals(200, link(api, token).statusCode(), "the file gone (a secret remounted)");

            // the rewrite completes: the new set is read and is the only one in force
            Files.writeString(jwks, new JWKSet(next.toPublicJWK()).toString());
            touch(jwks, 3);
            assertEquals(200, link(api, JwtAuthTest.sign(JwtAuthTest.claims("ivan").build(), next)).statusCode());
            HttpResponse<String> old = link(api, token);
            assertEquals(401, old.statusCode(), "a key no longer in the file: " + old.body());
        }
    }

    @Test
    void aJwksUrlThatStopsAnsweringKeepsTheLastGoodKeySetForTheOutageTolerance() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        AtomicBoolean down = new AtomicBoolean();
        HttpServer idp = jwksServer(new JWKSet(key.toPublicJWK()), down);
        try {
            URI url = URI.create("http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks.json");
            Duration cache = Duration.ofMillis(1500);
            JwtVerifier tolerant = urlVerifier(url, cache, Duration.ofSeconds(60));
            JwtVerifier intolerant = urlVerifier(url, cache, Duration.ZERO);
            String token = JwtAuthTest.sign(JwtAuthTest.claims("judy").build(), key);
            assertEquals("judy", tolerant.verify(token).name());
            assertEquals("judy", intolerant.verify(token).name());

            down.set(true);
            Thread.sleep(cache.toMillis() + 1500); // both caches expired, the URL answers 503
            assertEquals("judy", tolerant.verify(token).name(), "the last good set serves through the outage");
            ApiProblem p = assertThrows(ApiProblem.class, () -> intolerant.verify(token));
            assertEquals(503, p.status(), "without outage tolerance: the keys cannot be had");

            down.set(false);
            Thread.sleep(cache.toMillis() + 500);
            assertEquals("judy", intolerant.verify(token).name(), "back once the URL answers");
        } finally {
            idp.stop(0);
        }
    }

    @Test
    void aTokenNamingAKeyTheFreshSetLacksIs401Not503() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("not-ours").generate();
        HttpServer idp = jwksServer(new JWKSet(key.toPublicJWK()), new AtomicBoolean());
        try {
            JwtVerifier v = urlVerifier(URI.create("http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks.json"),
                    JwtVerifier.DEFAULT_JWKS_CACHE, Duration.ofHours(1));
            assertEquals("kim", v.verify(JwtAuthTest.sign(JwtAuthTest.claims("kim").build(), key)).name());
            for (int i = 0; i < 3; i++) {
                String forged = JwtAuthTest.sign(JwtAuthTest.claims("kim").build(), stranger);
                ApiProblem p = assertThrows(ApiProblem.class, () -> v.verify(forged));
                assertEquals(401, p.status(), p.detail());
            }
        } finally {
            idp.stop(0);
        }
    }

    static JwtVerifier urlVerifier(URI url, Duration cache, Duration tolerance) {
        return new JwtVerifier(new JwtVerifier.Config(JwtAuthTest.ISSUER, JwtAuthTest.AUDIENCE, url, null, Set.of("RS256"),
                "sub", "mip_prefixes", Map.of(), 60, false, cache, tolerance));
    }

    /** A JWKS endpoint on loopback that answers 503 while {@code down} is set. */
    static HttpServer jwksServer(JWKSet set, AtomicBoolean down) throws Exception {
        byte[] body = set.toString().getBytes(StandardCharsets.UTF_8);
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/jwks.json", x -> {
            if (down.get()) {
                x.sendResponseHeaders(503, -1);
            } else {
                x.getResponseHeaders().add("Content-Type", "application/json");
                x.sendResponseHeaders(200, body.length);
                x.getResponseBody().write(body);
            }
            x.close();
        });
        s.start();
        return s;
    }

    static HttpResponse<String> link(ApiClient api, String token) {
        HttpResponse<String> r = api.get("/download-links?key=" + URLEncoder.encode(KEY, StandardCharsets.UTF_8), token);
        OpenApiContract.check("GET", "/download-links", r);
        return r;
    }

    /** A distinct modification time, as a later write has (some file systems keep whole seconds). */
    static void touch(Path f, int seconds) throws Exception {
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(seconds)));
        assertTrue(Files.exists(f));
    }
}
