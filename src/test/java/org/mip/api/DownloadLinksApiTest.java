package org.mip.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.app.PipelineHarness;
import org.mip.testing.LogCapture;

/**
 * The REST API over real HTTP against the whole pipeline (local S3, SQS, Camel routes), with
 * processed objects put in place: links that download the exact bytes and expire, every error
 * status with its problem body, per-key errors in a batch, the link-signed audit events, and no
 * credential in any log line or response header. Every response is checked against the OpenAPI
 * document.
 */
class DownloadLinksApiTest {
    static final String P1_KEY = "p1-" + "a".repeat(40);
    static final String P2_STUDY_KEY = "p2-study-" + "b".repeat(40);
    static final String STUDY = "2.25.1001";
    static final String A = "P1/" + STUDY + "/2.25.2001/2.25.3001.dcm";
    static final String B = "P1/" + STUDY + "/2.25.2001/2.25.3002.dcm";
    static final String C = "P2/" + STUDY + "/2.25.2002/2.25.3003.dcm";
    static final String D = "P2/2.25.1002/2.25.2003/2.25.3004.dcm";
    static final String MISSING = "P1/" + STUDY + "/2.25.2001/2.25.3999.dcm";

    @TempDir
    static Path dir;
    static PipelineHarness h;
    static ApiClient api;
    static LogCapture logs;
    static final Map<String, byte[]> bytes = new HashMap<>();

    @BeforeAll
    static void start() {
        logs = LogCapture.atDebug("org.apache.camel", "org.mip");
        Map<String, String> o = new HashMap<>(ApiClient.ports());
        o.put("mip.api.keys", "radiology sha256:" + ApiKeys.hashOf(P1_KEY) + " P1/; study-only sha256:"
                + ApiKeys.hashOf(P2_STUDY_KEY) + " P2/" + STUDY + "/");
        o.put("mip.api.rate-limit.per-second", "1000");
        o.put("mip.api.rate-limit.burst", "1000");
        h = PipelineHarness.start(dir.resolve("data"), o);
        api = ApiClient.of(h);
        Random random = new Random(42);
        for (String key : List.of(A, B, C, D)) {
            byte[] b = new byte[1000 + random.nextInt(5000)];
            random.nextBytes(b);
            bytes.put(key, b);
            ApiClient.putProcessed(h, key, b);
            ApiClient.putProcessed(h, key + ".json", "{}".getBytes(StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    static void stop() {
        try {
            if (h != null) {
                h.close();
            }
        } finally {
            logs.close();
        }
        List<String> leaks = logs.linesWith(List.of(P1_KEY, P2_STUDY_KEY, ApiClient.DEV_KEY));
        assertTrue(leaks.isEmpty(), "credentials in the log: " + leaks);
        assertFalse(logs.lines().isEmpty(), "the log capture saw nothing");
    }

    static HttpResponse<String> post(String bearer, Object body) {
        HttpResponse<String> r = api.signLinks(bearer, ApiClient.body(body));
        OpenApiContract.check("POST", "/download-links", r);
        return r;
    }

    static HttpResponse<String> getLink(String bearer, String query) {
        HttpResponse<String> r = api.get("/download-links?" + query, bearer);
        OpenApiContract.check("GET", "/download-links", r);
        return r;
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static void assertProblem(HttpResponse<String> r, int status, String slug) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode p = ApiClient.json(r);
        assertEquals("urn:mip:problem:" + slug, p.path("type").asText(), r.body());
        assertEquals(status, p.path("status").asInt());
        assertFalse(p.path("title").asText().isEmpty());
        assertFalse(p.path("detail").asText().isEmpty());
        assertTrue(p.path("instance").asText().startsWith("urn:uuid:"), r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
    }

    // ------------------------------------------------------------------ links

    @Test
    void aSignedLinkDownloadsTheExactBytesAsADicomAttachment() throws Exception {
        HttpResponse<String> r = post(ApiClient.DEV_KEY, Map.of("keys", List.of(A)));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode link = ApiClient.json(r).path("links").get(0);
        assertEquals(A, link.path("key").asText());
        assertEquals(bytes.get(A).length, link.path("sizeBytes").asLong());
        assertEquals("application/dicom", link.path("contentType").asText());
        Instant expires = Instant.parse(link.path("expiresAt").asText());
        assertTrue(Math.abs(Duration.between(Instant.now().plusSeconds(900), expires).toSeconds()) < 30, "default expiry 15 min");
        String url = link.path("url").asText();
        assertTrue(url.contains("X-Amz-Signature=") && url.contains("X-Amz-Expires=900"), url);
        assertTrue(url.contains("/" + h.bucket("processed") + "/"), "path-style, processed bucket: " + url);

        HttpResponse<byte[]> d = api.http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, d.statusCode());
        assertArrayEquals(bytes.get(A), d.body());
        assertEquals("application/dicom", d.headers().firstValue("Content-Type").orElse(""));
        assertEquals("attachment; filename=\"2.25.3001.dcm\"", d.headers().firstValue("Content-Disposition").orElse(""));
    }

    @Test
    void curlDownloadsTheLinkToTheSuggestedFileName() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl not installed");
        JsonNode link = ApiClient.json(getLink(ApiClient.DEV_KEY, "key=" + q(B) + "&expiresInSeconds=60"));
        Path out = Files.createTempDirectory(dir, "curl");
        Process p = new ProcessBuilder("curl", "-sS", "--fail", "-O", "-J", link.path("url").asText())
                .directory(out.toFile()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), said);
        assertArrayEquals(bytes.get(B), Files.readAllBytes(out.resolve("2.25.3002.dcm")));
    }

    @Test
    void anExpiredLinkIsRefused() throws Exception {
        HttpResponse<String> r = getLink(ApiClient.DEV_KEY, "key=" + q(A) + "&expiresInSeconds=1");
        assertEquals(200, r.statusCode(), r.body());
        String url = ApiClient.json(r).path("url").asText();
        Thread.sleep(2500);
        HttpResponse<String> d = api.http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, d.statusCode(), d.body());
        assertTrue(d.body().contains("expired"), d.body());
    }

    @Test
    void theSingleFormSignsOneKey404sAnUnknownOneAnd403sOneOutsideThePrefixes() {
        HttpResponse<String> ok = getLink(P1_KEY, "key=" + q(A) + "&expiresInSeconds=120");
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ApiClient.json(ok).path("url").asText().contains("X-Amz-Expires=120"));

        assertProblem(getLink(P1_KEY, "key=" + q(MISSING)), 404, "not-found");
        // outside the prefixes: 403 whether or not the object exists
        assertProblem(getLink(P1_KEY, "key=" + q(C)), 403, "forbidden");
        assertProblem(getLink(P1_KEY, "key=" + q("P2/2.25.1/2.25.2/2.25.3.dcm")), 403, "forbidden");
        assertProblem(getLink(P2_STUDY_KEY, "key=" + q(D)), 403, "forbidden");
        assertEquals(200, getLink(P2_STUDY_KEY, "key=" + q(C)).statusCode());
    }

    @Test
    void aBatchCarriesPerKeyErrors() {
        HttpResponse<String> r = post(P1_KEY, Map.of("keys", List.of(A, MISSING, C, B), "expiresInSeconds", 300));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = ApiClient.json(r);
        assertEquals(300, body.path("expiresInSeconds").asInt());
        JsonNode links = body.path("links");
        assertEquals(4, links.size());
        assertEquals(A, links.get(0).path("key").asText());
        assertTrue(links.get(0).has("url"));
        assertEquals("not_found", links.get(1).path("error").asText());
        assertEquals(MISSING, links.get(1).path("key").asText());
        assertEquals("forbidden", links.get(2).path("error").asText());
        assertFalse(links.get(2).has("url"));
        assertEquals(B, links.get(3).path("key").asText());
        assertTrue(links.get(3).has("url"));
    }

    @Test
    void aHundredKeysAreOneRequest() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add(i % 2 == 0 ? A : B);
        }
        HttpResponse<String> r = post(ApiClient.DEV_KEY, Map.of("keys", keys));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(100, ApiClient.json(r).path("links").size());
    }

    /**
     * 20 keys of one study are found by one listing (ObjectLookup): the sizes are the objects' own,
     * an object deleted just before, and one never written, are not_found and get no link nor event.
     */
    @Test
    void aStudysKeysListedTogetherKeepTheirTrueSizesAndADeletedObjectGetsNoLink() {
        String study = "P1/2.25.1005/2.25.2005/";
        List<String> keys = new ArrayList<>();
        Map<String, Integer> sizes = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            String k = study + "2.25.30" + (50 + i) + ".dcm";
            byte[] b = new byte[100 + 37 * i];
            ApiClient.putProcessed(h, k, b);
            sizes.put(k, b.length);
            keys.add(k);
        }
        String deleted = keys.get(7);
        h.s3().deleteObject(b -> b.bucket(h.bucket("processed")).key(deleted));
        String never = study + "2.25.3099.dcm";
        keys.add(never);
        HttpResponse<String> r = post(P1_KEY, Map.of("keys", keys, "expiresInSeconds", 78));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode links = ApiClient.json(r).path("links");
        assertEquals(21, links.size());
        for (int i = 0; i < 21; i++) {
            JsonNode l = links.get(i);
            assertEquals(keys.get(i), l.path("key").asText());
            if (keys.get(i).equals(deleted) || keys.get(i).equals(never)) {
                assertEquals("not_found", l.path("error").asText(), l.toString());
                assertFalse(l.has("url"));
            } else {
                assertEquals((long) sizes.get(keys.get(i)), l.path("sizeBytes").asLong(), l.toString());
                assertTrue(l.has("url"));
            }
        }
        PipelineHarness.await(Duration.ofSeconds(10), "the batch's links-signed event", () -> h.auditEvents().stream()
                .anyMatch(e -> e.path("links").path(0).path("expiresInSeconds").asInt() == 78));
        List<JsonNode> events = h.auditEvents().stream().filter(e -> e.path("links").path(0).path("expiresInSeconds").asInt() == 78).toList();
        assertEquals(1, events.size(), "one event for the request: " + events);
        assertEquals("links-signed", events.get(0).path("outcome").asText());
        assertEquals(19, events.get(0).path("linkCount").asInt());
        List<String> expected = keys.stream().filter(k -> !k.equals(deleted) && !k.equals(never)).toList();
        assertEquals(expected, ApiClient.auditedLinks(events).stream().map(ApiClient.AuditedLink::key).toList(),
                "the 19 links handed out, in the request's order; none for the deleted or unknown object");
    }

    /**
     * The audit queue down: a link request waits for its event, which cannot be stored, so it gets a
     * 503 and no link (single and batch); no link-signed event is stored for it. Once the queue is
     * back, links and their events go through again.
     */
    @Test
    void withTheAuditQueueDownNoLinkIsHandedOut() {
        String queue = h.app().settings().get("mip.audit.queue");
        String url = h.app().local().queueUrl(queue).toString();
        h.auditEvents();
        h.app().aws().sqs().deleteQueue(b -> b.queueUrl(url));
        try {
            HttpResponse<String> one = getLink(P1_KEY, "key=" + q(A) + "&expiresInSeconds=79");
            assertProblem(one, 503, "unavailable");
            assertFalse(one.body().contains("X-Amz-Signature"), one.body());
            assertTrue(one.headers().firstValue("Retry-After").isPresent());
            HttpResponse<String> many = post(P1_KEY, Map.of("keys", List.of(A, B), "expiresInSeconds", 79));
            assertProblem(many, 503, "unavailable");
            assertFalse(many.body().contains("X-Amz-Signature"), many.body());
        } finally {
            h.app().aws().sqs().createQueue(b -> b.queueName(queue));
        }
        HttpResponse<String> back = getLink(P1_KEY, "key=" + q(A) + "&expiresInSeconds=80");
        assertEquals(200, back.statusCode(), back.body());
        PipelineHarness.await(Duration.ofSeconds(10), "the event of the link handed out", () -> ApiClient.auditedLinks(h.auditEvents())
                .stream().anyMatch(l -> l.expiresInSeconds() == 80));
        assertTrue(ApiClient.auditedLinks(h.auditEvents()).stream().noneMatch(l -> l.expiresInSeconds() == 79),
                "no event of a link refused, single or batch");
    }

    // ------------------------------------------------------------------ errors

    @Test
    void withoutOrWithBadCredentialsIt401sWithAChallenge() {
        HttpResponse<String> none = post(null, Map.of("keys", List.of(A)));
        assertProblem(none, 401, "unauthorized");
        assertEquals("Bearer realm=\"mip\"", none.headers().firstValue("WWW-Authenticate").orElse(""));

        HttpResponse<String> bad = post("not-a-key", Map.of("keys", List.of(A)));
        assertProblem(bad, 401, "unauthorized");
        assertTrue(bad.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_token\""));

        HttpRequest basic = HttpRequest.newBuilder(URI.create(api.base + "/download-links?key=" + q(A)))
                .header("Authorization", "Basic bG9jYWwtZGV2LWtleTo=").GET().build();
        HttpResponse<String> b = api.send(basic);
        OpenApiContract.check("GET", "/download-links", b);
        assertProblem(b, 401, "unauthorized");

        for (String path : List.of("/openapi.json", "/studies/" + STUDY + "/objects", "/download-links?key=" + q(A))) {
            HttpResponse<String> r = api.get(path, null);
            assertProblem(r, 401, "unauthorized");
        }
        // 401 comes before anything about the request itself
        assertProblem(api.signLinks("nope", "{not json"), 401, "unauthorized");
    }

    @Test
    void malformedRequestsAre400() {
        for (String key : List.of("../P1/" + STUDY + "/2.25.2001/2.25.3001.dcm", "P1/" + STUDY + "/../x/2.25.3001.dcm",
                "/P1/" + STUDY + "/2.25.2001/2.25.3001.dcm", "P1//2.25.2001/2.25.3001.dcm", "P1/" + STUDY + "/2.25.2001/2.25.3001.json",
                "P1/x", "", "P1\\" + STUDY + "\\a.dcm")) {
            assertProblem(post(ApiClient.DEV_KEY, Map.of("keys", List.of(key))), 400, "invalid-request");
            assertProblem(getLink(ApiClient.DEV_KEY, "key=" + q(key)), 400, "invalid-request");
        }
        assertProblem(post(ApiClient.DEV_KEY, Map.of("keys", List.of())), 400, "invalid-request");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(A);
        }
        assertProblem(post(ApiClient.DEV_KEY, Map.of("keys", many)), 400, "invalid-request");
        for (String body : List.of("{not json", "[]", "\"x\"", "{\"keys\": \"" + A + "\"}", "{\"keys\": [1]}",
                "{\"keys\": [\"" + A + "\"], \"expiresInSeconds\": 1.5}", "{\"keys\": [\"" + A + "\"], \"expiresInSeconds\": \"60\"}",
                "{\"keys\": [\"" + A + "\"], \"expiresInSeconds\": 0}", "{\"keys\": [\"" + A + "\"], \"expiresInSeconds\": 3601}",
                "{\"keys\": [\"" + A + "\"], \"expiresIn\": 60}", "")) {
            HttpResponse<String> r = api.signLinks(ApiClient.DEV_KEY, body);
            OpenApiContract.check("POST", "/download-links", r);
            assertProblem(r, 400, "invalid-request");
        }
        for (String query : List.of("", "key=" + q(A) + "&expiresInSeconds=abc", "key=" + q(A) + "&expiresInSeconds=1.5",
                "key=" + q(A) + "&expiresInSeconds=604801", "key=" + q(A) + "&key=" + q(B), "key=" + q(A) + "&other=1")) {
            assertProblem(getLink(ApiClient.DEV_KEY, query), 400, "invalid-request");
        }
        HttpResponse<String> form = api.post("/download-links", ApiClient.DEV_KEY, "application/x-www-form-urlencoded",
                "keys=" + q(A));
        OpenApiContract.check("POST", "/download-links", form);
        assertProblem(form, 415, "unsupported-media-type");
    }

    @Test
    void aHugeBodyIsRefusedByTheServer() {
        HttpResponse<String> r = api.signLinks(ApiClient.DEV_KEY, "{\"keys\": [\"" + "x".repeat(300 * 1024) + "\"]}");
        OpenApiContract.check("POST", "/download-links", r);
        assertEquals(413, r.statusCode());
    }

    @Test
    void responsesEchoNoRequestHeaderNorQueryParameter() {
        HttpRequest req = HttpRequest.newBuilder(URI.create(api.base + "/download-links?key=" + q(A)))
                .header("Authorization", "Bearer " + P1_KEY).header("X-Secret-Thing", "hush").GET().build();
        HttpResponse<String> r = api.send(req);
        assertEquals(200, r.statusCode(), r.body());
        for (String name : r.headers().map().keySet()) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            assertFalse(lower.equals("authorization") || lower.equals("key") || lower.equals("x-secret-thing")
                    || lower.startsWith("camel") || lower.startsWith("mip"), "response header " + name);
        }
        assertFalse(r.headers().map().toString().contains(P1_KEY));
    }

    // ------------------------------------------------------------------ audit

    /**
     * A batch request that handed out one link of three (one key unknown, one outside the caller's
     * prefixes) has one links-signed event with that link; a single-link request one link-signed
     * event. Neither holds a header, the credential or the URL.
     */
    @Test
    void everySignedLinkIsAuditedWithoutHeadersOrCredentials() {
        String key = "P1/" + STUDY + "/2.25.2001/2.25.3002.dcm";
        HttpResponse<String> r = post(P1_KEY, Map.of("keys", List.of(key, MISSING, C), "expiresInSeconds", 77));
        assertEquals(200, r.statusCode());
        HttpResponse<String> single = getLink(P1_KEY, "key=" + q(key) + "&expiresInSeconds=76");
        assertEquals(200, single.statusCode(), single.body());
        PipelineHarness.await(Duration.ofSeconds(10), "both events", () -> ApiClient.auditedLinks(h.auditEvents()).stream()
                .filter(l -> l.expiresInSeconds() == 77 || l.expiresInSeconds() == 76).count() == 2);
        List<ApiClient.AuditedLink> links = ApiClient.auditedLinks(h.auditEvents()).stream()
                .filter(l -> l.expiresInSeconds() == 77 || l.expiresInSeconds() == 76).toList();
        assertEquals(2, links.size(), "one link per request (the missing and forbidden keys got none): " + links);
        ApiClient.AuditedLink batch = links.stream().filter(l -> l.expiresInSeconds() == 77).findFirst().orElseThrow();
        ApiClient.AuditedLink one = links.stream().filter(l -> l.expiresInSeconds() == 76).findFirst().orElseThrow();
        assertEquals("links-signed", batch.outcome());
        assertEquals(1, batch.event().path("linkCount").asInt());
        assertEquals(ApiClient.json(r).path("links").get(0).path("expiresAt").asText(), batch.link().path("expiresAt").asText());
        assertEquals("link-signed", one.outcome());
        assertEquals(ApiClient.json(single).path("expiresAt").asText(), one.link().path("expiresAt").asText());
        for (ApiClient.AuditedLink l : links) {
            JsonNode e = l.event();
            assertEquals("radiology", e.path("caller").path("name").asText());
            assertEquals("api-key", e.path("caller").path("kind").asText());
            assertEquals("api", e.path("stage").asText());
            assertEquals(key, l.key());
            assertEquals(h.bucket("processed"), l.link().path("bucket").asText());
            assertFalse(e.has("source"), "no raw-object block in a link event");
            String text = e.toString();
            assertFalse(text.contains(P1_KEY) || text.contains("Bearer") || text.contains("X-Amz-Signature"), text);
        }
        assertNotEquals(batch.event().path("correlationId").asText(), one.event().path("correlationId").asText(),
                "each request its own correlation id");
        // (PipelineHarness.auditEvents fails on any message attribute)
    }

    // ------------------------------------------------------------------ studies

    static HttpResponse<String> study(String bearer, String uid, String query) {
        HttpResponse<String> r = api.get("/studies/" + uid + "/objects" + (query == null ? "" : "?" + query), bearer);
        OpenApiContract.check("GET", "/studies/{studyUid}/objects", r);
        return r;
    }

    static List<String> keysOf(HttpResponse<String> r) {
        List<String> keys = new ArrayList<>();
        ApiClient.json(r).path("objects").forEach(o -> keys.add(o.path("key").asText()));
        return keys;
    }

    @Test
    void aStudyListsItsDicomObjectsWithinTheCallersPrefixes() {
        HttpResponse<String> all = study(ApiClient.DEV_KEY, STUDY, null);
        assertEquals(200, all.statusCode(), all.body());
        assertEquals(List.of(A, B, C), keysOf(all), "every patient scanned, .dcm only, sorted");
        JsonNode first = ApiClient.json(all).path("objects").get(0);
        assertEquals("P1", first.path("patient").asText());
        assertEquals("2.25.2001", first.path("seriesUid").asText());
        assertEquals("2.25.3001", first.path("sopInstanceUid").asText());
        assertEquals(bytes.get(A).length, first.path("sizeBytes").asLong());
        assertEquals(3, ApiClient.json(all).path("count").asInt());

        assertEquals(List.of(A, B), keysOf(study(P1_KEY, STUDY, null)));
        assertEquals(List.of(C), keysOf(study(P2_STUDY_KEY, STUDY, null)));
        assertEquals(List.of(C), keysOf(study(ApiClient.DEV_KEY, STUDY, "patient=P2")));
        assertProblem(study(P2_STUDY_KEY, "2.25.1002", null), 404, "not-found");
        assertProblem(study(P1_KEY, "2.25.1002", null), 404, "not-found");
        assertProblem(study(P1_KEY, STUDY, "patient=P2"), 404, "not-found");
        assertProblem(study(ApiClient.DEV_KEY, "2.25.404", null), 404, "not-found");
        assertProblem(study(ApiClient.DEV_KEY, "1.2.x", null), 400, "invalid-request");
        assertProblem(study(ApiClient.DEV_KEY, STUDY, "patient=.."), 400, "invalid-request");
        assertProblem(study(ApiClient.DEV_KEY, STUDY, "patient=a%2Fb"), 400, "invalid-request");
    }

    @Test
    void aScanBeyondItsBoundIsRefused() {
        DownloadLinks tight = new DownloadLinks(h.s3(), h.app().aws().linkSigner(h.bucket("processed")), h.bucket("processed"), 2);
        Caller everything = new Caller("x", Caller.Kind.API_KEY, List.of(ObjectKeys.ALL));
        ApiProblem p = org.junit.jupiter.api.Assertions.assertThrows(ApiProblem.class, () -> tight.study(everything, STUDY, null));
        assertEquals("study-scan-too-broad", p.slug());
        assertEquals(400, p.status());
        assertEquals(List.of(C), tight.study(everything, STUDY, "P2").stream().map(DownloadLinks.StudyObject::key).toList());
    }

    // ------------------------------------------------------------------ openapi

    @Test
    void theOpenApiDocumentIsServedToAuthenticatedCallers() throws Exception {
        HttpResponse<String> r = api.get("/openapi.json", P1_KEY);
        OpenApiContract.check("GET", "/openapi.json", r);
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(ApiClient.JSON.readTree(OpenApiDocument.bytes()), ApiClient.json(r));
    }
}
