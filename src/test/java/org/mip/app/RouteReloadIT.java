package org.mip.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live route reload with the packaged jar, as an integration engineer uses it (issue 14): {@code run}
 * on a copy of routes/, each file edited in turn while objects go through.
 * <ul>
 *   <li>an edit of each route file takes effect (a log line, a step) and the other routes keep
 *       processing: objects uploaded just before and after each edit are published;</li>
 *   <li>an edit that does not pass the route check, or that Camel refuses, keeps the old routes
 *       running, is logged once with its file and line, and shows in health and metrics;</li>
 *   <li>readiness goes DOWN when a needed route is gone (its file deleted) and UP when it is back;</li>
 *   <li>an object in flight while its route is replaced is published, not lost or quarantined.</li>
 * </ul>
 * One jar start for all of it (the scenarios run in order on the same pipeline).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouteReloadIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path tmp;
    private Path routes;
    private PipelineProcess run;
    private int dicomUploads;
    private int poisonUploads;
    private int study = 7000;

    @BeforeAll
    void start() throws Exception {
        Path jar = PipelineProcess.jar();
        Assumptions.assumeTrue(jar != null, "packaged jar not built");
        routes = Files.createDirectories(tmp.resolve("routes"));
        try (var files = Files.list(Path.of("routes"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.copy(p, routes.resolve(p.getFileName()));
            }
        }
        // events ingestion on as well, so that its route runs and an edit of it can be seen
        run = new PipelineProcess(jar, tmp, Map.of("mip.routes-dir", routes.toString(), "mip.ingest.events.enabled", "true"), Map.of());
        assertTrue(run.log().contains("edit one and it reloads"), "the banner says reload is on");
    }

    @AfterAll
    void stop() throws Exception {
        if (run != null) {
            run.close();
            // the run's console stays in target/ for a look after a failure
            Files.copy(run.log, Path.of(System.getProperty("mip.jar")).toAbsolutePath().getParent().resolve("route-reload-it.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Uploads a new small CT image to raw. */
    private void uploadDicom(String key) throws Exception {
        Path file = SyntheticCt.image(++study, 1, 16, 16, 1).write(tmp.resolve("in-" + study + ".dcm"));
        run.put(key, file);
        dicomUploads++;
    }

    private void uploadPoison(String key) {
        run.put(key, ("not DICOM " + key).getBytes(StandardCharsets.US_ASCII));
        poisonUploads++;
    }

    /** Every upload so far has its outcome: published (two keys each) or quarantined, and raw is empty. */
    private void awaitAllSettled() {
        PipelineHarness.await(WAIT, "every upload settled (log " + run.log + ")", () -> run.keys("processed").size() == 2 * dicomUploads
                && run.keys("quarantine").size() == 2 * poisonUploads && run.keys("raw").isEmpty());
    }

    /** Replaces {@code from} (present once) by {@code to} in a route file and waits for the reload to be logged. */
    private void edit(String file, String from, String to) throws IOException {
        Path path = routes.resolve(file);
        String text = Files.readString(path);
        assertTrue(text.indexOf(from) >= 0 && text.indexOf(from) == text.lastIndexOf(from), file + " holds \"" + from + "\" once");
        int mark = run.log().length();
        Files.writeString(path, text.replace(from, to));
        run.awaitLog(mark, "routes reloaded from " + file, WAIT);
    }

    private HttpResponse<String> openApi() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + run.httpPort + "/api/v1/openapi.json"))
                .header("Authorization", "Bearer local-dev-key").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void anEditOfEachRouteFileTakesEffectWhileTheOtherRoutesKeepProcessing() throws Exception {
        uploadDicom("before/first.dcm");
        awaitAllSettled();

        record Edit(String file, String from, String to, String effect) {
        }
        List<Edit> edits = List.of(
                new Edit("process.yaml", "message: \"published correlationId", "message: \"published (edited) correlationId",
                        "published (edited) correlationId="),
                new Edit("audit.yaml", "            ref: auditEvents\n", "            ref: auditEvents\n        - log: \"audit-edit ${header.MipOutcome}\"\n",
                        "audit-edit published"),
                new Edit("publish.yaml", "      uri: direct:publish\n      steps:\n", "      uri: direct:publish\n      steps:\n        - log: \"publish-edit\"\n",
                        "publish-edit"),
                new Edit("raw-object.yaml", "      uri: direct:finish-raw\n      steps:\n",
                        "      uri: direct:finish-raw\n      steps:\n        - log: \"finish-raw-edit\"\n", "finish-raw-edit"),
                new Edit("ingest-s3.yaml", "        - setHeader:\n            name: MipSource\n",
                        "        - log: \"ingest-s3-edit\"\n        - setHeader:\n            name: MipSource\n", "ingest-s3-edit"));
        int n = 0;
        for (Edit e : edits) {
            uploadDicom("before/" + (++n) + ".dcm"); // may well be in flight while its route is replaced
            int mark = run.log().length();
            edit(e.file(), e.from(), e.to());
            uploadDicom("after/" + n + ".dcm");
            run.awaitLog(mark, e.effect(), WAIT);
            awaitAllSettled();
        }

        // quarantine.yaml and error-handling.yaml act on poison input; the routes that use
        // error-handling.yaml's configuration (process, quarantine) are rebuilt with it
        int mark = run.log().length();
        edit("quarantine.yaml", "message: \"quarantining correlationId", "message: \"quarantining (edited) correlationId");
        uploadPoison("poison/1.dcm");
        run.awaitLog(mark, "quarantining (edited) correlationId=", WAIT);
        mark = run.log().length();
        edit("error-handling.yaml", "            - org.mip.pipeline.PoisonInputException\n          handled:\n            constant: true\n          steps:\n",
                "            - org.mip.pipeline.PoisonInputException\n          handled:\n            constant: true\n          steps:\n"
                        + "            - log: \"poison-edit stage=${header.MipStage}\"\n");
        assertTrue(run.logSince(mark).contains("process (Started)") && run.logSince(mark).contains("quarantine (Started)"),
                "the routes using the edited route configuration are rebuilt: " + run.logSince(mark));
        uploadPoison("poison/2.dcm");
        uploadDicom("after/errors.dcm");
        run.awaitLog(mark, "poison-edit stage=parse", WAIT);
        awaitAllSettled();

        // the events route: an S3 notification for a key that is not there (nothing to do, "gone")
        mark = run.log().length();
        edit("ingest-s3-events.yaml", "            ref: s3EventRecords\n", "            ref: s3EventRecords\n        - log: \"events-edit\"\n");
        run.sqs.sendMessage(b -> b.queueUrl(run.queueUrl("s3-events"))
                .messageBody(S3EventsIngestTest.notification(S3EventsIngestTest.record("raw", "events/none.dcm", 10))));
        run.awaitLog(mark, "events-edit", WAIT);

        // the REST API's routes (REST DSL, route configuration and routes in one file)
        assertEquals(200, openApi().statusCode());
        mark = run.log().length();
        edit("rest-api.yaml", "      uri: direct:api-openapi\n      steps:\n",
                "      uri: direct:api-openapi\n      steps:\n        - log: \"rest-edit\"\n");
        HttpResponse<String> api = openApi();
        assertEquals(200, api.statusCode(), api.body());
        assertTrue(api.body().contains("\"openapi\""), api.body());
        run.awaitLog(mark, "rest-edit", WAIT);
        uploadDicom("after/rest.dcm");
        awaitAllSettled();

        assertEquals(0, run.auditCount("failed"), "no object failed while routes were replaced");
        assertEquals(poisonUploads, run.auditCount("quarantined"), "only the poison inputs were quarantined");
        assertEquals(dicomUploads, run.auditCount("published"));
        assertFalse(run.log().contains("duplicate route id"), "Camel's reload (every route removed, files loaded twice) is not used");
        HttpResponse<String> ready = run.management("/observe/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(run.metric("mip_routes_reloads_total{outcome=\"reloaded\"}") >= 9, run.management("/observe/metrics").body());
    }

    @Test
    @Order(2)
    void anSftpRouteEditTakesEffect() throws Exception {
        Assumptions.assumeTrue(PipelineHarness.has(PipelineHarness.SFTP) && PipelineHarness.has(PipelineHarness.SSHPASS),
                "OpenSSH sftp and sshpass not installed");
        int mark = run.log().length();
        edit("ingest-sftp.yaml", "message: \"moved an SFTP upload of", "message: \"moved (edited) an SFTP upload of");
        Path file = SyntheticCt.image(++study, 1, 16, 16, 1).write(tmp.resolve("sftp.dcm"));
        Path batch = Files.writeString(tmp.resolve("sftp-batch"), "put " + file + " upload/\n");
        PipelineHarness.Result r = PipelineHarness.run(Map.of(), tmp, List.of(PipelineHarness.SSHPASS, "-p", "mip-local",
                PipelineHarness.SFTP, "-P", String.valueOf(run.sftpPort), "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=no", "-o", "PubkeyAuthentication=no", "-o", "LogLevel=ERROR",
                "-b", batch.toString(), "mip@127.0.0.1"));
        assertEquals(0, r.exit(), r.out());
        dicomUploads++;
        run.awaitLog(mark, "moved (edited) an SFTP upload of", WAIT);
        awaitAllSettled();
    }

    @Test
    @Order(3)
    void anEditThatFailsTheCheckIsRefusedOnceWithItsFileAndLineAndTheOldRoutesRun() throws Exception {
        Path process = routes.resolve("process.yaml");
        String good = Files.readString(process);
        String bad = good.replace("        - process:\n            ref: parseDicom", "        - proces:\n            ref: parseDicom");
        int line = 1 + (int) bad.substring(0, bad.indexOf("- proces:")).chars().filter(c -> c == '\n').count();
        int mark = run.log().length();
        Files.writeString(process, bad);
        run.awaitLog(mark, "route reload refused", WAIT);
        String refused = run.logSince(mark);
        assertTrue(refused.contains("process.yaml:" + line + ":11: SCHEMA unknown step \"proces\" (did you mean \"process\"?)"), refused);
        assertEquals(1, refused.lines().filter(l -> l.contains("route reload refused")).count(), "one error line: " + refused);
        assertFalse(refused.contains("\tat "), "no stack trace: " + refused);

        HttpResponse<String> health = run.management("/observe/health");
        JsonNode check = PipelineProcess.check(health.body(), "routes-reload");
        assertEquals("DOWN", check.path("status").asText(), health.body());
        assertTrue(check.path("message").asText().contains("process.yaml:" + line + ":11"), health.body());
        assertEquals(200, run.management("/observe/health/ready").statusCode(), "the old routes run: still ready");
        assertEquals(1.0, run.metric("mip_routes_reload_refused"));
        assertTrue(run.metric("mip_routes_reloads_total{outcome=\"refused\"}") >= 1);

        uploadDicom("while-refused.dcm");
        awaitAllSettled(); // processed by the routes that kept running

        mark = run.log().length();
        assertTrue(good.contains("published (edited) correlationId"), "the edit of the first scenario is in place");
        Files.writeString(process, good.replace("published (edited) correlationId", "published (fixed) correlationId"));
        run.awaitLog(mark, "routes reloaded from process.yaml", WAIT);
        assertEquals("UP", PipelineProcess.check(run.management("/observe/health").body(), "routes-reload").path("status").asText());
        assertEquals(0.0, run.metric("mip_routes_reload_refused"));
    }

    @Test
    @Order(4)
    void anEditCamelRefusesIsRolledBackAndReportedAtItsRoute() throws Exception {
        Path raw = routes.resolve("raw-object.yaml");
        String good = Files.readString(raw);
        String bad = good.replace("operation=deleteObject\"", "operation=deleteObject&noSuchOption=1\"");
        int line = 1 + (int) bad.substring(0, bad.indexOf("- route:")).chars().filter(c -> c == '\n').count();
        int mark = run.log().length();
        Files.writeString(raw, bad);
        run.awaitLog(mark, "route reload refused", WAIT);
        String refused = run.logSince(mark);
        assertTrue(refused.contains("raw-object.yaml:" + line + ":3: CAMEL_REFUSED route finish-raw: ") && refused.contains("noSuchOption"),
                refused);
        uploadDicom("after-rollback.dcm");
        awaitAllSettled(); // finish-raw runs as it was: the raw object is let go
        mark = run.log().length();
        Files.writeString(raw, good);
        run.awaitLog(mark, "the routes folder is back to the routes that run", WAIT);
        assertEquals("UP", PipelineProcess.check(run.management("/observe/health").body(), "routes-reload").path("status").asText());
    }

    @Test
    @Order(5)
    void readinessGoesDownWhenANeededRouteIsGoneAndUpWhenItIsBack() throws Exception {
        Path sftp = routes.resolve("ingest-sftp.yaml");
        String content = Files.readString(sftp);
        int mark = run.log().length();
        Files.delete(sftp);
        run.awaitLog(mark, "routes reloaded from ingest-sftp.yaml: no routes; removed: ingest-sftp", WAIT);
        HttpResponse<String> ready = run.management("/observe/health/ready");
        assertEquals(503, ready.statusCode(), ready.body());
        JsonNode route = PipelineProcess.check(ready.body(), "route:ingest-sftp");
        assertEquals("DOWN", route.path("status").asText(), ready.body());
        assertEquals("missing: no route has this id, and the configuration needs it", route.path("message").asText());
        assertEquals(200, run.management("/observe/health/live").statusCode(), "liveness: a restart would not bring the file back");

        mark = run.log().length();
        Files.writeString(sftp, content);
        run.awaitLog(mark, "routes reloaded from ingest-sftp.yaml: ingest-sftp (Started)", WAIT);
        PipelineHarness.await(WAIT, "readiness UP again", () -> run.management("/observe/health/ready").statusCode() == 200);
    }

    @Test
    @Order(6)
    void anObjectInFlightWhileItsRouteIsReplacedIsPublished() throws Exception {
        // large enough to be seen in flight: 512 x 512 x 40 frames of 16 bits, 20 MB
        Path big = SyntheticCt.image(++study, 1, 512, 512, 40).write(tmp.resolve("big.dcm"));
        long before = run.auditCount("published");
        run.put("inflight/big.dcm", big);
        dicomUploads++;
        PipelineHarness.await(WAIT, "the object in flight", () -> run.metric("mip_objects_in_flight") >= 1);
        edit("process.yaml", "message: \"published (fixed) correlationId", "message: \"published (in flight) correlationId");
        awaitAllSettled();
        assertEquals(before + 1, run.auditCount("published"));
        assertEquals(0, run.auditCount("failed"));
        assertEquals(poisonUploads, run.auditCount("quarantined"), "the object in flight was not quarantined");
    }
}
