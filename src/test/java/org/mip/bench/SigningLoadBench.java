package org.mip.bench;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.mip.app.PipelineHarness;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A bounded loopback load test of the signing route (docs/API.md, "Performance"; docs/BENCHMARKS.md,
 * "Download links"): the whole pipeline in this JVM (PipelineHarness: embedded S3 and SQS), then
 * phases of requests, each printed with throughput, p50/p99/max latency, errors (any status other
 * than the expected one, or any exception) and the load average when it started:
 * <ul>
 * <li>the reference: an API call without credentials, answered 401 by the route (32 clients);</li>
 * <li>GET /api/v1/download-links, one key (authenticate, rate limit, existence check, presign,
 * link-signed audit event to SQS), from C concurrent clients;</li>
 * <li>POST /api/v1/download-links with the 100 keys of one study (a study of 100 instances in 4
 * series, its patient holding 400 more objects in another study), from one client, one request
 * after the other: the latency a viewer waits and keys/s;</li>
 * <li>POST with 10 keys of different studies from C clients (N/5 requests).</li>
 * </ul>
 * Ratios are printed against the 401 phase of the same run. At the end the audit queue is read
 * out: the links its events record (a link-signed event's one, a links-signed event's linkCount)
 * must be the links handed out. Every phase stops at its request count or after 5
 * minutes; only 127.0.0.1 is ever addressed.
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * java -Xmx2g -cp target/test-classes:target/classes:$(cat target/test.cp) org.mip.bench.SigningLoadBench [requests] [clients] [batches]
 * </pre>
 */
public final class SigningLoadBench {
    private static final Duration PHASE_LIMIT = Duration.ofMinutes(5);

    private SigningLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int batches = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path dir = Files.createTempDirectory("mip-bench");
        Map<String, String> o = new HashMap<>();
        o.put("mip.http.port", freePort());
        o.put("mip.management.port", freePort());
        o.put("mip.api.rate-limit.per-second", "1000000");
        o.put("mip.api.rate-limit.burst", "1000000");
        o.put("mip.ingest.sftp.enabled", "false");
        try (PipelineHarness h = PipelineHarness.start(dir.resolve("data"), o)) {
            String processed = h.bucket("processed");
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String key = "P" + (i % 10) + "/2.25.1" + (i % 10) + "/2.25.2" + i + "/2.25.3" + i + ".dcm";
                put(h, processed, key);
                keys.add(key);
            }
            // one study of 100 instances in 4 series; the same patient has another study of 400
            List<String> study = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String key = "PSTUDY/2.25.7/2.25.7" + (i % 4) + "/2.25.7" + (i % 4) + "0" + i + ".dcm";
                put(h, processed, key);
                study.add(key);
            }
            for (int i = 0; i < 400; i++) {
                put(h, processed, "PSTUDY/2.25.8/2.25.8" + (i % 4) + "/2.25.8" + (i % 4) + "0" + i + ".dcm");
            }
            String api = "http://127.0.0.1:" + h.app().settings().get("mip.http.port") + "/api/v1";
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

            IntFunction<HttpRequest> unauthenticated = i -> HttpRequest.newBuilder(URI.create(api + "/openapi.json")).GET().build();
            IntFunction<HttpRequest> single = i -> HttpRequest.newBuilder(URI.create(api + "/download-links?key="
                    + URLEncoder.encode(keys.get(i % keys.size()), StandardCharsets.UTF_8) + "&expiresInSeconds=600"))
                    .header("Authorization", "Bearer local-dev-key").GET().build();
            IntFunction<HttpRequest> studyBatch = i -> post(api, study);
            IntFunction<HttpRequest> batch = i -> {
                List<String> ten = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    ten.add(keys.get((i * 10 + k) % keys.size()));
                }
                return post(api, ten);
            };

            System.out.printf(Locale.ROOT, "%d requests per phase, %d concurrent clients, %d batches of 100, %d processors, Java %s%n",
                    requests, clients, batches, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            phase("warm-up (signing, not counted)", http, Math.min(2000, requests), clients, single);
            phase("warm-up (batch of 100, not counted)", http, Math.min(20, batches), 1, studyBatch);
            phase("warm-up (401, not counted)", http, Math.min(2000, requests), clients, unauthenticated, 401);
            long linksBefore = linksSigned(h);
            List<Row> rows = new ArrayList<>();
            rows.add(phase("GET /api/v1/openapi.json without credentials (401), the reference", http, requests, clients,
                    unauthenticated, 401));
            rows.add(phase("GET /api/v1/download-links (1 key), " + clients + " clients", http, requests, clients, single));
            rows.add(phase("POST /api/v1/download-links (100 keys of one study), 1 client", http, batches, 1, studyBatch));
            // a batch is 10 keys and 10 audit events: a fifth of the requests carries twice the links
            rows.add(phase("POST /api/v1/download-links (10 keys of 10 studies), " + clients + " clients", http,
                    Math.max(1, requests / 5), clients, batch));
            long linksSigned = linksSigned(h) - linksBefore;
            Row reference = rows.get(0);
            System.out.println();
            System.out.println("| phase | load | requests | errors | seconds | requests/s | keys/s | p50 ms | p99 ms | max ms | requests/s ÷ 401 |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            int[] keysPer = {1, 1, 100, 10};
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %.1f | %.0f | %.0f | %.1f | %.1f | %.1f | %.4f |%n", r.name(), r.load(),
                        r.requests(), r.errors(), r.seconds(), r.perSecond(), r.perSecond() * (i == 0 ? 0 : keysPer[i]), r.p50(), r.p99(),
                        r.max(), r.perSecond() / reference.perSecond());
            }
            // the harness reads the queue out (and fails on any message attribute)
            List<JsonNode> audit = h.auditEvents();
            long events = audit.size();
            long audited = audit.stream()
                    .mapToLong(e -> "links-signed".equals(e.path("outcome").asText()) ? e.path("linkCount").asLong() : 1).sum();
            System.out.println();
            System.out.println("links signed in the measured phases (mip.api.links.signed): " + linksSigned + "; links signed in all: "
                    + linksSigned(h) + "; audit events read from the audit queue: " + events + ", recording " + audited + " links"
                    + (audited == linksSigned(h) ? " (all of them)" : " (NOT the links signed)"));
        }
    }

    private static void put(PipelineHarness h, String bucket, String key) {
        h.s3().putObject(b -> b.bucket(bucket).key(key).contentType("application/dicom"), RequestBody.fromBytes(new byte[4096]));
    }

    private static HttpRequest post(String api, List<String> keys) {
        StringBuilder b = new StringBuilder("{\"keys\":[");
        for (int k = 0; k < keys.size(); k++) {
            b.append(k == 0 ? "" : ",").append('"').append(keys.get(k)).append('"');
        }
        b.append("]}");
        return HttpRequest.newBuilder(URI.create(api + "/download-links")).header("Authorization", "Bearer local-dev-key")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(b.toString())).build();
    }

    private static long linksSigned(PipelineHarness h) {
        return Math.round(h.counter("mip.api.links.signed"));
    }

    /** The 1-minute load average (from /proc/loadavg), or "?" where there is none. */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    /** One phase's figures. */
    record Row(String name, String load, int requests, int errors, double seconds, double perSecond, double p50, double p99,
               double max) {
    }

    /** Runs one phase; returns its figures. */
    static Row phase(String name, HttpClient http, int requests, int clients, IntFunction<HttpRequest> request) throws Exception {
        return phase(name, http, requests, clients, request, 200);
    }

    static Row phase(String name, HttpClient http, int requests, int clients, IntFunction<HttpRequest> request, int expected)
            throws Exception {
        String load = load();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
        long[] latencies = new long[requests];
        long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
        CountDownLatch finished = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < requests && System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<byte[]> r = http.send(request.apply(i), HttpResponse.BodyHandlers.ofByteArray());
                            if (r.statusCode() != expected) {
                                errors.incrementAndGet();
                                if (samples.size() < 3) {
                                    samples.add(r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
                                }
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            if (samples.size() < 3) {
                                samples.add(e.toString());
                            }
                        }
                        latencies[i] = System.nanoTime() - t0;
                        done.incrementAndGet();
                    }
                } finally {
                    finished.countDown();
                }
            }, "bench-" + c);
            t.start();
        }
        finished.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        int n = (int) done.get();
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        Row row = new Row(name, load, n, errors.get(), seconds, n / seconds, ms(sorted, 0.50), ms(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        System.out.printf(Locale.ROOT, "%s (load %s): %d requests, %d errors, %.1f s, %.0f/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                name, load, n, row.errors(), seconds, row.perSecond(), row.p50(), row.p99(), row.max());
        samples.forEach(s -> System.out.println("   error sample: " + s));
        return row;
    }

    private static double ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static String freePort() throws Exception {
        try (var s = new java.net.ServerSocket(0)) {
            return String.valueOf(s.getLocalPort());
        }
    }
}
