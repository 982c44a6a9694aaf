package org.mip.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The REST API's requests, read without HTTP: one expiry rule for the query and the body, precise 400s. */
class LinkRequestsTest {
    static final String KEY = "PAT-1/2.25.1/2.25.2/2.25.3.dcm";
    final LinkRequests requests = new LinkRequests(Duration.ofSeconds(900), Duration.ofSeconds(3600));

    static String problem(Runnable r) {
        return assertThrows(ApiProblem.class, r::run).detail();
    }

    byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theQueryAndTheBodyShareOneExpiryRule() {
        assertEquals(Duration.ofSeconds(900), requests.signOne("key=" + KEY).expiry());
        assertEquals(Duration.ofSeconds(900), requests.signMany("application/json", body("{\"keys\":[\"" + KEY + "\"]}")).expiry());
        assertEquals(Duration.ofSeconds(60), requests.signOne("key=" + KEY + "&expiresInSeconds=60").expiry());
        assertEquals(Duration.ofSeconds(60),
                requests.signMany("application/json", body("{\"keys\":[\"" + KEY + "\"],\"expiresInSeconds\":60}")).expiry());
        for (String bad : List.of("0", "3601", "-5")) {
            String q = problem(() -> requests.signOne("key=" + KEY + "&expiresInSeconds=" + bad));
            String b = problem(() -> requests.signMany("application/json",
                    body("{\"keys\":[\"" + KEY + "\"],\"expiresInSeconds\":" + bad + "}")));
            assertEquals(q, b, "one message for " + bad);
            assertTrue(q.startsWith("expiresInSeconds must be between 1 and 3600"), q);
        }
        for (String bad : List.of("1.5", "\"60\"", "true", "99999999999999999999")) {
            String b = problem(() -> requests.signMany("application/json",
                    body("{\"keys\":[\"" + KEY + "\"],\"expiresInSeconds\":" + bad + "}")));
            assertTrue(b.startsWith("expiresInSeconds must be a whole number of seconds"), b);
        }
        assertTrue(problem(() -> requests.signOne("key=" + KEY + "&expiresInSeconds=ten"))
                .startsWith("expiresInSeconds must be a whole number of seconds"));
    }

    @Test
    void queryStrings() {
        assertEquals(Map.of("key", "a b/c"), LinkRequests.query("key=a+b%2Fc", List.of("key")));
        assertEquals(Map.of(), LinkRequests.query(null, List.of("key")));
        assertEquals(Map.of("patient", ""), LinkRequests.query("patient", List.of("patient")));
        assertTrue(problem(() -> LinkRequests.query("key=1&key=2", List.of("key"))).contains("given more than once"));
        assertTrue(problem(() -> LinkRequests.query("kee=1", List.of("key"))).contains("unknown query parameter \"kee\""));
        assertTrue(problem(() -> LinkRequests.query("key=%zz", List.of("key"))).contains("not well percent-encoded"));
        assertTrue(problem(() -> requests.signOne("")).contains("key is required"));
    }

    @Test
    void bodies() {
        assertEquals(415, assertThrows(ApiProblem.class, () -> requests.signMany("text/plain", body("{}"))).status());
        assertEquals(List.of(KEY), requests.signMany("application/merge-patch+json; charset=utf-8",
                body("{\"keys\":[\"" + KEY + "\"]}")).keys());
        assertTrue(problem(() -> requests.signMany("application/json", new byte[0])).startsWith("the body is empty"));
        assertTrue(problem(() -> requests.signMany("application/json", body("{\"keys\": [")))
                .startsWith("the body is not JSON (line 1"));
        assertTrue(problem(() -> requests.signMany("application/json", body("[]"))).startsWith("the body must be a JSON object"));
        assertTrue(problem(() -> requests.signMany("application/json", body("{\"keys\":[],\"x\":1}"))).contains("unknown field \"x\""));
        assertTrue(problem(() -> requests.signMany("application/json", body("{\"keys\":[]}"))).contains("1 to 100 keys, not 0"));
        assertTrue(problem(() -> requests.signMany("application/json", body("{\"keys\":[1]}"))).contains("keys[0] must be a string"));
        assertTrue(problem(() -> requests.signMany("application/json", body("{\"keys\":[\"../x\"]}"))).startsWith("keys[0] "));
    }

    @Test
    void studyListings() {
        assertNull(requests.studyListing("2.25.1", null).patient());
        assertEquals("PAT-1", requests.studyListing("2.25.1", "patient=PAT-1").patient());
        assertTrue(problem(() -> requests.studyListing("2.25.01", null)).startsWith("studyUid must be a DICOM UID"));
        assertTrue(problem(() -> requests.studyListing("2.25.1", "patient=a/b")).startsWith("patient must be one key segment"));
    }
}
