package org.mip.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.app.PipelineHarness;

/**
 * Failed authentications are limited per client address: after the burst, every call from that
 * address gets 429 with Retry-After, a good key included, while other addresses go on. Behind a
 * trusted proxy the address is the one it puts in X-Forwarded-For (the test's requests come from
 * 127.0.0.1, trusted here, so each X-Forwarded-For value is another client). Memory stays bounded
 * however many addresses fail.
 */
class AuthFailureLimitTest {
    static final String KEY = "P1/2.25.1/2.25.2/2.25.3.dcm";

    @TempDir
    static Path dir;
    static PipelineHarness h;
    static ApiClient api;

    @BeforeAll
    static void start() {
        Map<String, String> o = new HashMap<>(ApiClient.ports());
        o.put("mip.api.auth-failure-limit.burst", "5");
        o.put("mip.api.auth-failure-limit.per-second", "0.2");
        o.put("mip.api.trusted-proxies", "127.0.0.1, ::1");
        h = PipelineHarness.start(dir.resolve("data"), o);
        api = ApiClient.of(h);
        ApiClient.putProcessed(h, KEY, new byte[] {1, 2, 3});
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    static HttpResponse<String> call(String client, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base + "/download-links?key="
                + URLEncoder.encode(KEY, StandardCharsets.UTF_8))).GET().timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", client);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = api.send(b.build());
        OpenApiContract.check("GET", "/download-links", r);
        return r;
    }

    @Test
    void anAddressThatKeepsFailingIsRefusedWithRetryAfterAndOthersAreNot() {
        String attacker = "203.0.113.7";
        List<String> guesses = List.of("Bearer guess-1", "Bearer guess-2", "Basic YWRtaW46YWRtaW4=", "Bearer a.b.c", "Bearer guess-5");
        for (String g : guesses) {
            assertEquals(401, call(attacker, g).statusCode(), g);
        }
        HttpResponse<String> r = call(attacker, "Bearer guess-6");
        assertEquals(429, r.statusCode(), r.body());
        assertEquals("urn:mip:problem:too-many-failed-authentications", ApiClient.json(r).path("type").asText());
        long retry = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retry >= 1 && retry <= 5, "Retry-After " + retry);
        assertEquals(429, call(attacker, "Bearer " + ApiClient.DEV_KEY).statusCode(),
                "while refused, a right key is not even looked at: a guess cannot be told from a hit");
        assertEquals(429, call("198.51.100.99, " + attacker, "Bearer guess-7").statusCode(),
                "an entry the client wrote itself, left of the address the proxy saw, changes nothing");

        assertEquals(200, call("203.0.113.8", "Bearer " + ApiClient.DEV_KEY).statusCode(), "another address");
        assertEquals(401, call("198.51.100.1", "Bearer guess-1").statusCode(), "another address has its own budget");
    }

    @Test
    void callsWithoutCredentialsGuessNothingAndAreNotCounted() {
        String browser = "192.0.2.44";
        for (int i = 0; i < 12; i++) {
            assertEquals(401, call(browser, null).statusCode());
        }
        assertEquals(200, call(browser, "Bearer " + ApiClient.DEV_KEY).statusCode());
    }

    @Test
    void anIpv6ClientCountsByItsSlash64() {
        for (int i = 1; i <= 5; i++) {
            assertEquals(401, call("2001:db8:1:2::" + Integer.toHexString(i), "Bearer nope").statusCode());
        }
        assertEquals(429, call("2001:db8:1:2:ffff::9", "Bearer " + ApiClient.DEV_KEY).statusCode(), "the same /64");
        assertEquals(200, call("2001:db8:1:3::1", "Bearer " + ApiClient.DEV_KEY).statusCode(), "the next /64");
    }

    @Test
    void theLimiterForgivesAtItsRateAndForgetsFilledBuckets() {
        AtomicLong now = new AtomicLong();
        AuthFailureLimiter l = new AuthFailureLimiter(0.5, 2, 100, now::get);
        l.failed("a");
        assertEquals(0, l.blockedFor("a"));
        l.failed("a");
        assertEquals(2, l.blockedFor("a"), "empty: one failure is forgiven in 2 s");
        assertEquals(0, l.blockedFor("b"));
        now.addAndGet(2_000_000_000L);
        assertEquals(0, l.blockedFor("a"));
        assertEquals(1, l.size());
        now.addAndGet(2_000_000_000L);
        assertEquals(0, l.blockedFor("a"));
        assertEquals(0, l.size(), "a bucket full again is dropped: nothing to remember");
    }

    @Test
    void manyAddressesCannotGrowTheTableBeyondItsCapacity() {
        AtomicLong now = new AtomicLong();
        AuthFailureLimiter l = new AuthFailureLimiter(0.1, 1, 1000, now::get);
        for (int i = 0; i < 100_000; i++) {
            l.failed("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        assertEquals(1000, l.size());
        assertTrue(l.blockedFor("10.1.134.159") > 0, "the most recent addresses are still refused");
    }

    @Test
    void theClientAddressIsThePeerUnlessATrustedProxyNamesIt() {
        List<String> problems = new ArrayList<>();
        ClientAddress c = ClientAddress.parse(List.of("10.42.0.0/16", "fd00::/8"), "mip.api.trusted-proxies", problems);
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals("192.0.2.1", c.of("192.0.2.1", List.of("203.0.113.9")), "an untrusted peer's header is ignored");
        assertEquals("203.0.113.9", c.of("10.42.3.4", List.of("203.0.113.9")));
        assertEquals("203.0.113.9", c.of("10.42.3.4", List.of("1.2.3.4, 203.0.113.9, 10.42.9.9")), "past every trusted hop");
        assertEquals("203.0.113.9", c.of("10.42.3.4", List.of("1.2.3.4", "203.0.113.9")), "repeated headers, in order");
        assertEquals("10.42.3.4", c.of("10.42.3.4", List.of("not-an-address")), "nothing usable: the proxy itself");
        assertEquals("10.42.3.4", c.of("10.42.3.4", List.of()));
        assertEquals("2001:db8:0:1::/64", c.of("fd00::1", List.of("2001:db8:0:1:aaaa::1")));
        assertEquals("203.0.113.9", ClientAddress.peerOnly().of("203.0.113.9", List.of("1.1.1.1")));
        ClientAddress.parse(List.of("10.0.0.0/33", "proxy.example", "10.0.0.0/x", "::1/129"), "mip.api.trusted-proxies", problems);
        assertEquals(4, problems.size(), problems.toString());
    }

    @Test
    void ipLiteralsAreParsedWithoutDns() {
        assertTrue(IpLiteral.isLoopback("127.0.0.1") && IpLiteral.isLoopback("127.200.1.9") && IpLiteral.isLoopback("[::1]"));
        for (String notLiteral : List.of("localhost", "127.attacker.example", "127.1", "0177.0.0.1", "2130706433",
                "127.0.0.256", "abc", "", "[]", "::1%lo")) {
            assertNull(IpLiteral.parse(notLiteral), notLiteral);
        }
    }
}
