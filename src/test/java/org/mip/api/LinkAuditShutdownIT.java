package org.mip.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.app.PipelineHarness;
import org.mip.app.PipelineProcess;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The packaged jar's {@code run} stopped with SIGTERM while 16 clients ask for download links as fast
 * as they can, with a long batch linger (50 ms) so that events are waiting in the batcher when the
 * signal comes. The process must exit 0, and once it is started again on the same data folder (the
 * embedded SQS keeps its messages on disk), the audit queue must hold a link-signed event for every
 * link a client received: none answered and lost.
 */
class LinkAuditShutdownIT {

    @Test
    void everyLinkAnsweredBeforeSigtermHasItsEventAfterRestart(@TempDir Path tmp) throws Exception {
        Path jar = PipelineProcess.jar();
        Assumptions.assumeTrue(jar != null, "packaged jar not built: " + System.getProperty("mip.jar"));
        Map<String, String> settings = Map.of("mip.routes-dir", Path.of("routes").toAbsolutePath().toString(),
                "mip.routes-reload", "false", "mip.ingest.sftp.enabled", "false",
                "mip.api.rate-limit.per-second", "100000", "mip.api.rate-limit.burst", "100000",
                "mip.audit.batch.linger-ms", "50");
        List<String> keys = new ArrayList<>();
        Map<String, Integer> answered = new ConcurrentHashMap<>();
        AtomicInteger asked = new AtomicInteger();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicInteger refusedWhileStopping = new AtomicInteger();
        int exit;
        String firstLog;
        try (PipelineProcess p = new PipelineProcess(jar, tmp, tmp.resolve("first.log"), settings, Map.of())) {
            for (int i = 0; i < 20; i++) {
                String key = "PSIG/2.25.11/2.25.12/2.25.13" + i + ".dcm";
                p.s3.putObject(b -> b.bucket("processed").key(key), RequestBody.fromBytes(new byte[256]));
                keys.add(key);
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            AtomicBoolean stop = new AtomicBoolean();
            // after SIGTERM, until the server stops listening, a call is answered (200 with its event) or
            // refused with 503 + Retry-After: never the bare 404 a router without routes gives, which a
            // download script would read as "no such object"
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                int client = c;
                Thread t = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String key = keys.get((client + i) % keys.size());
                        // each request asks a lifetime of its own: its event can be told from the others
                        int id = asked.incrementAndGet();
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.httpPort
                                    + "/api/v1/download-links?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8)
                                    + "&expiresInSeconds=" + (100 + id))).header("Authorization", "Bearer local-dev-key")
                                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                answered.put(key + " " + (100 + id), 1);
                            } else if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isPresent()) {
                                refusedWhileStopping.incrementAndGet();
                            } else {
                                unexpected.add(r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            if (!stop.get()) {
                                Thread.onSpinWait(); // refused once the server has stopped listening
                            }
                        }
                    }
                });
                t.start();
                clients.add(t);
            }
            PipelineHarness.await(Duration.ofSeconds(60), "200 links answered", () -> answered.size() >= 200);
            exit = p.terminate();
            stop.set(true);
            for (Thread t : clients) {
                t.join(70_000);
            }
            firstLog = p.log();
        }
        assertEquals(0, exit, "SIGTERM is a normal stop");
        assertTrue(unexpected.isEmpty(), "only 200, or 503 with Retry-After, before and after the SIGTERM: " + unexpected);
        assertTrue(refusedWhileStopping.get() > 0, "calls during the stop are refused with 503 (16 clients kept asking)");
        assertFalse(firstLog.contains("were not sent before the stop"), "the batcher had nothing left to drop");

        try (PipelineProcess again = new PipelineProcess(jar, tmp, tmp.resolve("second.log"), settings, Map.of())) {
            java.util.Set<String> events = new java.util.HashSet<>();
            again.audit().stream().filter(e -> "link-signed".equals(e.path("outcome").asText()))
                    .forEach(e -> events.add(e.path("link").path("key").asText() + " " + e.path("link").path("expiresInSeconds").asInt()));
            List<String> missing = answered.keySet().stream().filter(a -> !events.contains(a)).toList();
            assertEquals(List.of(), missing, answered.size() + " links answered, " + events.size() + " events stored; without an event");
            assertTrue(events.size() <= asked.get(), "no more events than requests");
        }
    }
}
