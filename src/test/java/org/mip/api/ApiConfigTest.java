package org.mip.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.config.ConfigException;
import org.mip.config.Settings;

/** mip.api.* settings are checked with clear errors; keys, prefixes and the rate limiter behave. */
class ApiConfigTest {
    static final String HASH = "sha256:" + ApiKeys.hashOf("k-" + "x".repeat(40));

    static Settings load(Map<String, String> overrides) {
        return Settings.load(null, Map.of(), new Properties(), overrides);
    }

    static String problems(Map<String, String> overrides) {
        ConfigException e = assertThrows(ConfigException.class, () -> ApiConfig.from(load(overrides)));
        return e.getMessage();
    }

    @Test
    void theDefaultsAreValidAndLocalModeHasTheDevelopmentKey() {
        ApiConfig c = ApiConfig.from(load(Map.of()));
        assertEquals(900, c.defaultExpiry().toSeconds());
        assertEquals(3600, c.maxExpiry().toSeconds());
        Caller dev = c.keys().lookup("local-dev-key");
        assertNotNull(dev);
        assertTrue(dev.mayAccessEverything());
        assertNull(c.jwt());
        assertNull(c.tlsCert());
    }

    @Test
    void awsModeRefusesTheDevelopmentKeyAndHasNoneByDefault() {
        Map<String, String> aws = new HashMap<>(Map.of("mip.mode", "aws", "mip.s3.kms-key-id", "arn:aws:kms:x",
                "mip.sqs.queue-owner-account-id", "111122223333"));
        ApiConfig c = ApiConfig.from(load(aws));
        assertNull(c.keys().lookup("local-dev-key"));
        aws.put("mip.api.local-dev-key", "true");
        assertTrue(problems(aws).contains("mip.api.local-dev-key is true in aws mode"));
    }

    @Test
    void keysAreParsedFromTheSettingAndAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# research IT\nresearch " + "sha256:" + ApiKeys.hashOf("r-key") + " P1/,P2/2.25.9/\n\n"
                + "ops sha256:" + ApiKeys.hashOf("o-key").toUpperCase() + " *\n");
        ApiConfig c = ApiConfig.from(load(Map.of("mip.api.keys-file", file.toString(),
                "mip.api.keys", "one " + HASH + " A/; two sha256:" + ApiKeys.hashOf("two") + " B/")));
        Caller r = c.keys().lookup("r-key");
        assertEquals("research", r.name());
        assertTrue(r.mayAccess("P1/2.25.1/2.25.2/2.25.3.dcm"));
        assertTrue(r.mayAccess("P2/2.25.9/2.25.2/2.25.3.dcm"));
        assertTrue(!r.mayAccess("P2/2.25.8/2.25.2/2.25.3.dcm") && !r.mayAccess("P10/2.25.1/2.25.2/2.25.3.dcm"));
        assertTrue(c.keys().lookup("o-key").mayAccessEverything());
        assertEquals("two", c.keys().lookup("two").name());
        assertNull(c.keys().lookup("r-key "));
    }

    @Test
    void malformedEntriesAreNamedWithoutEchoingTheHash() {
        String m = problems(Map.of("mip.api.keys", "a sha256:abc P1/; b " + HASH + " P1; c " + HASH + " ../; d " + HASH
                + "; e " + HASH + " /abs/; a " + HASH + " Z/; f md5:" + "0".repeat(32) + " X/"));
        assertTrue(m.contains("mip.api.keys entry 1 (a): the hash must be sha256:"), m);
        assertTrue(m.contains("(b): the prefix \"P1\" must end with /"), m);
        assertTrue(m.contains("(c): the prefix \"../\""), m);
        assertTrue(m.contains("entry 4 must be NAME sha256:HEX PREFIX"), m);
        assertTrue(m.contains("(e): the prefix \"/abs/\""), m);
        assertTrue(m.contains("(f): the hash must be sha256:"), m);
        assertTrue(!m.contains(HASH.substring(7)), "the message repeats a hash: " + m);
    }

    @Test
    void duplicateNamesAndHashesAreRefused() {
        String m = problems(Map.of("mip.api.keys", "a " + HASH + " A/; b " + HASH + " B/; a sha256:" + ApiKeys.hashOf("z") + " C/"));
        assertTrue(m.contains("the same key hash as a"), m);
        assertTrue(m.contains("the name a is already used"), m);
        assertTrue(problems(Map.of("mip.api.keys", "x sha256:" + ApiKeys.hashOf("local-dev-key") + " A/"))
                .contains("local development key"));
        assertTrue(problems(Map.of("mip.api.keys-file", "/nonexistent/keys")).contains("mip.api.keys-file: cannot read"));
    }

    @Test
    void expiryBoundsAreChecked() {
        assertTrue(problems(Map.of("mip.api.links.max-expiry-seconds", "604801")).contains("7 days"));
        assertTrue(problems(Map.of("mip.api.links.default-expiry-seconds", "7200")).contains("is more than mip.api.links.max-expiry-seconds"));
        assertTrue(problems(Map.of("mip.api.links.max-expiry-seconds", "0")).contains("must be between 1 and 604800"));
        assertTrue(problems(Map.of("mip.api.links.default-expiry-seconds", "ten")).contains("whole number"));
        assertEquals(604800, ApiConfig.from(load(Map.of("mip.api.links.max-expiry-seconds", "604800"))).maxExpiry().toSeconds());
    }

    @Test
    void rateLimitScanAndTlsSettingsAreChecked() {
        assertTrue(problems(Map.of("mip.api.rate-limit.per-second", "0")).contains("mip.api.rate-limit.per-second"));
        assertTrue(problems(Map.of("mip.api.rate-limit.burst", "0")).contains("mip.api.rate-limit.burst"));
        assertTrue(problems(Map.of("mip.api.study-scan.max-list-requests", "-1")).contains("max-list-requests"));
        assertTrue(problems(Map.of("mip.api.tls.cert-file", "/x.pem")).contains("both mip.api.tls.cert-file and mip.api.tls.key-file"));
        assertTrue(problems(Map.of("mip.api.tls.cert-file", "/x.pem", "mip.api.tls.key-file", "/y.pem")).contains("cannot be read"));
    }

    @Test
    void jwtSettingsAreChecked(@TempDir Path dir) throws Exception {
        String m = problems(Map.of("mip.api.jwt.issuer", "https://idp/"));
        assertTrue(m.contains("mip.api.jwt.audience"), m);
        assertTrue(m.contains("exactly one of mip.api.jwt.jwks-url and mip.api.jwt.jwks-file"), m);
        Map<String, String> o = new HashMap<>(Map.of("mip.api.jwt.issuer", "https://idp/", "mip.api.jwt.audience", "mip",
                "mip.api.jwt.jwks-url", "http://idp.example.test/jwks"));
        assertTrue(problems(o).contains("must use https"));
        o.put("mip.api.jwt.jwks-url", "https://idp.example.test/jwks");
        o.put("mip.api.jwt.algorithms", "RS256,HS256");
        assertTrue(problems(o).contains("asymmetric only"));
        o.put("mip.api.jwt.algorithms", "RS256");
        o.put("mip.api.jwt.claim-prefixes", "radiology=P1/; broken; admins=../");
        String c = problems(o);
        assertTrue(c.contains("entry \"broken\" must be VALUE=PREFIX"), c);
        assertTrue(c.contains("the prefix \"../\""), c);
        o.put("mip.api.jwt.claim-prefixes", "radiology=P1/,P2/; admins=*");
        ApiConfig ok = ApiConfig.from(load(o));
        assertEquals(Map.of("radiology", List.of("P1/", "P2/"), "admins", List.of("*")), ok.jwt().claimMap());
        assertEquals("https://idp.example.test/jwks", ok.jwt().jwksUrl().toString());
        o.put("mip.api.jwt.jwks-url", "http://127.0.0.1:1/jwks");
        assertNotNull(ApiConfig.from(load(o)).jwt(), "plain http on loopback is allowed");
        assertTrue(!ok.jwt().allowPlainJwt(), "only RFC 9068 access tokens by default");
        assertEquals(3600, ok.jwt().jwksOutageTolerance().toSeconds());
        o.put("mip.api.jwt.allow-plain-jwt", "yes");
        o.put("mip.api.jwt.jwks-outage-tolerance-seconds", "-1");
        String plain = problems(o);
        assertTrue(plain.contains("mip.api.jwt.allow-plain-jwt"), plain);
        assertTrue(plain.contains("mip.api.jwt.jwks-outage-tolerance-seconds is -1; it must be between 0 and 604800"), plain);
        o.put("mip.api.jwt.allow-plain-jwt", "true");
        o.put("mip.api.jwt.jwks-outage-tolerance-seconds", "0");
        assertTrue(ApiConfig.from(load(o)).jwt().allowPlainJwt());

        o.remove("mip.api.jwt.jwks-url");
        Path file = dir.resolve("jwks.json");
        o.put("mip.api.jwt.jwks-file", file.toString());
        Files.writeString(file, "{\"keys\": [{\"kty\": \"RSA\", \"n\": \"");
        assertTrue(problems(o).contains("is not a JWK set"), "a JWKS file that never held a key set stops the start");
        Files.writeString(file, "{\"keys\": []}");
        assertTrue(problems(o).contains("holds no key"));
    }

    @Test
    void authFailureLimitAndTrustedProxiesAreChecked() {
        ApiConfig d = ApiConfig.from(load(Map.of()));
        assertEquals(10, d.authFailureBurst());
        assertEquals(0.1, d.authFailuresPerSecond());
        assertTrue(!d.clients().trustsProxies());
        assertTrue(problems(Map.of("mip.api.auth-failure-limit.per-second", "0")).contains("mip.api.auth-failure-limit.per-second"));
        assertTrue(problems(Map.of("mip.api.auth-failure-limit.burst", "0")).contains("mip.api.auth-failure-limit.burst"));
        String m = problems(Map.of("mip.api.trusted-proxies", "10.42.0.0/16, ingress.example"));
        assertTrue(m.contains("mip.api.trusted-proxies: \"ingress.example\" is not an IP address or CIDR block"), m);
        assertTrue(ApiConfig.from(load(Map.of("mip.api.trusted-proxies", "10.42.0.0/16,fd00::/8"))).clients().trustsProxies());
    }

    @Test
    void plainHttpForTheJwksOnlyOnLoopbackIpLiterals() {
        Map<String, String> o = new HashMap<>(Map.of("mip.api.jwt.issuer", "https://idp/", "mip.api.jwt.audience", "mip"));
        for (String url : List.of("http://127.attacker.example/jwks", "http://127.0.0.1.attacker.example/jwks",
                "http://localhost:8180/jwks", "http://127.1/jwks", "http://0x7f000001/jwks", "http://2130706433/jwks",
                "http://127.0.0.256/jwks", "http://[::2]/jwks", "http://10.0.0.1/jwks", "http://[fe80::1]/jwks")) {
            o.put("mip.api.jwt.jwks-url", url);
            String m = problems(o);
            assertTrue(m.contains("mip.api.jwt.jwks-url must use https") || m.contains("mip.api.jwt.jwks-url must be an https URL"), url + ": " + m);
        }
        for (String url : List.of("http://127.0.0.1:1/jwks", "http://127.255.0.9/jwks", "http://[::1]:8080/jwks",
                "http://[0:0:0:0:0:0:0:1]/jwks", "https://localhost/jwks")) {
            o.put("mip.api.jwt.jwks-url", url);
            assertNotNull(ApiConfig.from(load(o)).jwt(), url);
        }
    }

    @Test
    void objectKeysRefuseAnythingButProcessedKeys() {
        assertNull(ObjectKeys.problem("P_1.a-b/2.25.1/2.25.2/2.25.3.dcm"));
        for (String bad : List.of("", "/a/1/2/3.dcm", "a/../1/2/3.dcm", "a/./1/2/3.dcm", "a//1/2/3.dcm", "a/1/2/3.json",
                "a/1/2/3.dcm.json", "a/1/2/x.dcm", "a/1.x/2/3.dcm", "a/1/2/3/4.dcm", "a\\1/2/3.dcm", "a/1/2/3.dcm\n",
                "a/1/2/" + "1".repeat(1100) + ".dcm", "a b/1/2/3.dcm", "..")) {
            assertNotNull(ObjectKeys.problem(bad), bad);
        }
        assertEquals("3.dcm", ObjectKeys.parts("a/1/2/3.dcm").fileName());
        assertNull(ObjectKeys.prefixProblem("*"));
        assertNull(ObjectKeys.prefixProblem("P1/2.25.1/"));
        for (String bad : List.of("P1", "/P1/", "../", "P1//", "", "./")) {
            assertNotNull(ObjectKeys.prefixProblem(bad), bad);
        }
    }

    @Test
    void theTokenBucketRefillsAtItsRate() {
        AtomicLong now = new AtomicLong();
        RateLimiter r = new RateLimiter(2, 3, now::get);
        assertEquals(0, r.acquire("a"));
        assertEquals(0, r.acquire("a"));
        assertEquals(0, r.acquire("a"));
        assertEquals(1, r.acquire("a"), "empty: the next token comes in 0.5 s, rounded up to 1");
        assertEquals(0, r.acquire("b"), "per caller");
        now.addAndGet(500_000_000L);
        assertEquals(0, r.acquire("a"));
        assertEquals(1, r.acquire("a"));
        now.addAndGet(10_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, r.acquire("a"), "refilled to the burst, no more");
        }
        assertEquals(1, r.acquire("a"));
        RateLimiter slow = new RateLimiter(0.1, 1, now::get);
        assertEquals(0, slow.acquire("a"));
        assertEquals(10, slow.acquire("a"));
    }
}
