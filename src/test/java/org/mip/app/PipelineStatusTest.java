package org.mip.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.mip.testing.LogCapture;

/**
 * The management port: health (all checks, liveness, readiness with S3 and SQS) and Prometheus
 * metrics. The pipeline reaches its S3 and SQS through relays the test can cut, so readiness is seen
 * to go DOWN while a service is unreachable and UP again after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineStatusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    PipelineHarness h;
    TcpProxy s3;
    TcpProxy sqs;

    @BeforeAll
    void start() throws Exception {
        int s3Port = PipelineHarness.freePort();
        int sqsPort = PipelineHarness.freePort();
        s3 = new TcpProxy(s3Port);
        sqs = new TcpProxy(sqsPort);
        h = PipelineHarness.start(dir.resolve("data"), Map.of(
                "mip.local.s3-port", String.valueOf(s3Port), "mip.local.sqs-port", String.valueOf(sqsPort),
                "mip.s3.endpoint", "http://127.0.0.1:" + s3.port(), "mip.sqs.endpoint", "http://127.0.0.1:" + sqs.port(),
                "mip.retry.maximum-redeliveries", "1"));
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
        s3.close();
        sqs.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(h.managementUri() + path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String status(JsonNode health, String check) {
        for (JsonNode c : health.path("checks")) {
            if (check.equals(c.path("name").asText())) {
                return c.path("status").asText();
            }
        }
        return "absent";
    }

    @Test
    @Order(1)
    void healthLivenessAndReadinessAnswerOnTheManagementPort() throws Exception {
        // not ready until every consumer has polled once (the SFTP one starts a little later)
        PipelineHarness.await(Duration.ofSeconds(60), "readiness", () -> {
            try {
                return get("/observe/health/ready").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        HttpResponse<String> health = get("/observe/health");
        assertEquals(200, health.statusCode(), health.body());
        JsonNode all = JSON.readTree(health.body());
        assertEquals("UP", all.path("status").asText());
        assertEquals("UP", status(all, "s3"), health.body());
        assertEquals("UP", status(all, "sqs"), health.body());
        assertEquals("UP", status(all, "route:process"), health.body());

        HttpResponse<String> ready = get("/observe/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("UP", status(JSON.readTree(ready.body()), "s3"), ready.body());
        HttpResponse<String> live = get("/observe/health/live");
        assertEquals(200, live.statusCode(), live.body());
        assertEquals("absent", status(JSON.readTree(live.body()), "s3"),
                "S3 is a readiness check only: restarting the pod cannot fix S3");
    }

    @Test
    @Order(2)
    void metricsArePrometheusTextWithThePipelinesOwnSeries() throws Exception {
        h.putRaw("metrics/ok.dcm", SyntheticCt.image(5001, 1, 32, 32, 1).write(dir.resolve("ok.dcm")));
        h.putRaw("metrics/bad.dcm", "not dicom".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        PipelineHarness.await(Duration.ofSeconds(60), "two outcomes",
                () -> h.auditCount("published") + h.auditCount("quarantined") == 2);
        // the outcome's audit event leaves before the raw object is let go: wait for the exchanges to end
        PipelineHarness.await(Duration.ofSeconds(30), "nothing in flight", () -> h.app().metrics().inFlight() == 0);
        HttpResponse<String> r = get("/observe/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
        String m = r.body();
        for (String series : new String[] {
            "mip_objects_total\\{outcome=\"received\"} 2\\.0",
            "mip_objects_total\\{outcome=\"published\"} 1\\.0",
            "mip_objects_total\\{outcome=\"quarantined\"} 1\\.0",
            "mip_quarantined_total\\{reason=\"NOT_DICOM\"} 1\\.0",
            "mip_stage_seconds_count\\{stage=\"deidentify\"} 1",
            "mip_stage_seconds_sum\\{stage=\"parse\"} [0-9.E-]+",
            "mip_bytes_total\\{direction=\"in\"} [1-9][0-9.E]+",
            "mip_bytes_total\\{direction=\"out\"} [1-9][0-9.E]+",
            "mip_objects_in_flight 0\\.0",
            "# TYPE mip_objects_total counter",
            "# TYPE mip_stage_seconds summary"}) {
            assertTrue(Pattern.compile("(?m)^" + series + "$").matcher(m).find(), "no line " + series + " in\n" + grep(m));
        }
        // Every fetch is timed, also one that finds its object already finished: on a loaded machine the
        // poller can list an object again while its first exchange lets it go (outcome "gone").
        long gone = Math.round(sample(m, "mip_objects_total{outcome=\"gone\"}"));
        assertEquals(2 + gone, Math.round(sample(m, "mip_stage_seconds_count{stage=\"fetch\"}")), grep(m));
    }

    /** The value of one sample line, 0 when the series is absent. */
    static double sample(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).orElse(0.0);
    }

    static String grep(String metrics) {
        return String.join("\n", metrics.lines().filter(l -> l.contains("mip_")).toList());
    }

    @Test
    @Order(3)
    void aRawObjectIsDownloadedOnceNotAlsoByThePoller() throws Exception {
        Path big = SyntheticCt.image(5002, 1, 2048, 2048, 1).write(dir.resolve("big.dcm")); // 8 MB
        long size = java.nio.file.Files.size(big);
        long before = s3.downstreamBytes();
        h.putRaw("once/big.dcm", big);
        PipelineHarness.await(Duration.ofSeconds(60), "the big file published", () -> h.auditCount("published") == 2);
        long read = s3.downstreamBytes() - before;
        // Twice the object (and more) when the poller downloads it too; once plus some slack otherwise
        // (the relay also counts bytes sent before a client gives up on a stale pooled connection).
        assertTrue(read < size * 2, "the pipeline read " + read + " bytes from S3 for one object of " + size);
    }

    @Test
    @Order(4)
    void anEmptyRawObjectIsQuarantinedNotStuck() {
        h.putRaw("empty/nothing.dcm", new byte[0]);
        PipelineHarness.await(Duration.ofSeconds(60), "the empty object quarantined", () -> h.auditCount("quarantined") == 2);
        PipelineHarness.await(Duration.ofSeconds(10), "the raw bucket to empty", () -> h.keys("raw").isEmpty());
    }

    @Test
    @Order(4)
    void theListingClientAnswersAnObjectGoneSinceTheListingAsEmptyNotAsAFailedPoll() throws Exception {
        // The poller lists, then probes each listed object; one that the pipeline finished in between is
        // gone (404). That made the whole poll fail with two WARN stack traces; now the probe is empty and
        // the exchange stops at the fetch ("gone"), as for a duplicate event.
        var r = h.app().aws().s3Listing().getObject(b -> b.bucket("raw").key("never/there.dcm"));
        assertEquals(0, r.readAllBytes().length);
        r.close();
    }

    @Test
    @Order(7)
    void anSftpUploadWhileS3IsDownStaysForTheNextPollAndIsTakenAfter() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(PipelineHarness.has(PipelineHarness.SFTP)
                && PipelineHarness.has(PipelineHarness.SSHPASS), "sftp or sshpass not installed");
        Path file = SyntheticCt.image(5003, 1, 16, 16, 1).write(dir.resolve("outage.dcm"));
        String sha = org.mip.pipeline.Hashing.sha256Hex(java.nio.file.Files.readAllBytes(file));
        Path upload = dir.resolve("data/sftp/upload");
        try (LogCapture logs = LogCapture.asInProduction()) {
            s3.cut();
            try {
                var r = h.sftp(dir, "cd upload\nput " + file + " \"Pemberton Agatha outage.dcm\"\n");
                assertEquals(0, r.exit(), r.out());
                // the read lock takes it after ~2 s; moving it into the raw bucket then fails after its retries
                Thread.sleep(8000);
                assertTrue(java.nio.file.Files.exists(upload.resolve("Pemberton Agatha outage.dcm")),
                        "the upload must stay where it is for the next poll");
                assertTrue(!java.nio.file.Files.exists(upload.resolve(".failed")), "nothing set aside where no poll looks");
            } finally {
                s3.restore();
            }
            PipelineHarness.await(Duration.ofSeconds(60), "the upload published once S3 is back", () -> h.auditEvents().stream()
                    .anyMatch(e -> sha.equals(e.path("source").path("sha256").asText()) && "published".equals(e.path("outcome").asText())));
            assertTrue(!logs.text().contains("Pemberton"), "the upload's name is in the log");
        }
    }

    @Test
    @Order(5)
    void readinessGoesDownWhileS3IsUnreachableAndUpAfter() throws Exception {
        s3.cut();
        try {
            HttpResponse<String> ready = get("/observe/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            JsonNode body = JSON.readTree(ready.body());
            assertEquals("DOWN", body.path("status").asText());
            assertEquals("DOWN", status(body, "s3"), ready.body());
            assertEquals("UP", status(body, "sqs"), ready.body());
            assertEquals(200, get("/observe/health/live").statusCode(), "liveness does not depend on S3");
        } finally {
            s3.restore();
        }
        PipelineHarness.await(Duration.ofSeconds(60), "readiness to come back", () -> {
            try {
                return get("/observe/health/ready").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    @Order(6)
    void readinessGoesDownWhileSqsIsUnreachableAndUpAfter() throws Exception {
        sqs.cut();
        try {
            HttpResponse<String> ready = get("/observe/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            JsonNode body = JSON.readTree(ready.body());
            assertEquals("DOWN", status(body, "sqs"), ready.body());
            assertEquals("UP", status(body, "s3"), ready.body());
        } finally {
            sqs.restore();
        }
        PipelineHarness.await(Duration.ofSeconds(60), "readiness to come back", () -> {
            try {
                return get("/observe/health/ready").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.path("checks")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        return JSON.missingNode();
    }

    /**
     * Issue 16: a route the configuration turned off says so (it used to report UP), the full health
     * lists every route by name while readiness holds only what the pipeline needs, and a needed
     * route that is not running takes readiness DOWN until it runs again.
     */
    @Test
    @Order(8)
    void routesAreReportedByNameDisabledOnesAsDisabledAndANeededOneStoppedTurnsReadinessDown() throws Exception {
        JsonNode all = JSON.readTree(get("/observe/health").body());
        JsonNode events = check(all, "route:ingest-s3-events");
        assertEquals("UNKNOWN", events.path("status").asText(), all.toString());
        assertEquals("disabled (mip.ingest.events.enabled=false)", events.path("message").asText(), all.toString());
        assertEquals("absent", status(all, "consumer:ingest-s3-events"), "a disabled route has no consumer to report on");
        JsonNode ready = JSON.readTree(get("/observe/health/ready").body());
        assertEquals("absent", status(ready, "route:ingest-s3-events"), "readiness holds only the routes the pipeline needs");
        for (String needed : new String[] {"ingest-s3", "ingest-sftp", "process", "publish", "unpublish", "audit", "quarantine",
            "finish-raw", "failed", "api-sign-link"}) {
            assertEquals("UP", status(ready, "route:" + needed), needed + " in " + ready);
        }

        h.app().camelContext().getRouteController().stopRoute("finish-raw");
        try {
            HttpResponse<String> down = get("/observe/health/ready");
            assertEquals(503, down.statusCode(), down.body());
            JsonNode finish = check(JSON.readTree(down.body()), "route:finish-raw");
            assertEquals("DOWN", finish.path("status").asText(), down.body());
            assertEquals("not running (Stopped)", finish.path("message").asText(), down.body());
            assertEquals(200, get("/observe/health/live").statusCode(), "a stopped route is not a reason to restart the pod");
        } finally {
            h.app().camelContext().getRouteController().startRoute("finish-raw");
        }
        HttpResponse<String> up = get("/observe/health/ready");
        assertEquals(200, up.statusCode(), up.body());
    }
}
