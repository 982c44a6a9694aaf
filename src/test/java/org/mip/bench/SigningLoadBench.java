package org.mip.bench;

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
 * A bounded loopback load test of the signing route (docs/API.md, "Performance"): the whole
 * pipeline in this JVM (PipelineHarness: embedded S3 and SQS), then N requests from C concurrent
 * clients for each of: two baselines (GET /observe/health on the management server, which checks
 * S3 and SQS; and an API call without credentials, answered 401 by the route), GET
 * /api/v1/download-links (authenticate, rate limit, HEAD, presign, link-signed audit event to SQS),
 * and POST /api/v1/download-links with 10 keys (N/5 requests). Prints throughput, p50/p99/max latency and the
 * errors (any status other than the expected one, or any exception). Every phase stops at its request count or
 * after 5 minutes, whichever is first; only 127.0.0.1 is ever addressed.
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/test.cp) org.mip.bench.SigningLoadBench [requests] [clients]
 * </pre>
 */
public final class SigningLoadBench {
    private static final Duration PHASE_LIMIT = Duration.ofMinutes(5);

    private SigningLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        Path dir = Files.createTempDirectory("mip-bench");
        Map<String, String> o = new HashMap<>();
        o.put("mip.http.port", freePort());
        o.put("mip.management.port", freePort());
        o.put("mip.api.rate-limit.per-second", "1000000");
        o.put("mip.api.rate-limit.burst", "1000000");
        o.put("mip.ingest.sftp.enabled", "false");
        try (PipelineHarness h = PipelineHarness.start(dir.resolve("data"), o)) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String key = "P" + (i % 10) + "/2.25.1" + (i % 10) + "/2.25.2" + i + "/2.25.3" + i + ".dcm";
                h.s3().putObject(b -> b.bucket(h.bucket("processed")).key(key).contentType("application/dicom"),
                        RequestBody.fromBytes(new byte[4096]));
                keys.add(key);
            }
            String api = "http://127.0.0.1:" + h.app().settings().get("mip.http.port") + "/api/v1";
            String health = "http://127.0.0.1:" + h.app().settings().get("mip.management.port") + "/observe/health";
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

            IntFunction<HttpRequest> healthReq = i -> HttpRequest.newBuilder(URI.create(health)).GET().build();
            IntFunction<HttpRequest> single = i -> HttpRequest.newBuilder(URI.create(api + "/download-links?key="
                    + URLEncoder.encode(keys.get(i % keys.size()), StandardCharsets.UTF_8) + "&expiresInSeconds=600"))
                    .header("Authorization", "Bearer local-dev-key").GET().build();
            IntFunction<HttpRequest> batch = i -> {
                StringBuilder b = new StringBuilder("{\"keys\":[");
                for (int k = 0; k < 10; k++) {
                    b.append(k == 0 ? "" : ",").append('"').append(keys.get((i * 10 + k) % keys.size())).append('"');
                }
                b.append("]}");
                return HttpRequest.newBuilder(URI.create(api + "/download-links")).header("Authorization", "Bearer local-dev-key")
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(b.toString())).build();
            };

            System.out.printf(Locale.ROOT, "%d requests per phase, %d concurrent clients, %d processors, Java %s%n", requests, clients,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            phase("warm-up (signing, not counted)", http, Math.min(2000, requests), clients, single);
            phase("warm-up (health, not counted)", http, Math.min(2000, requests), clients, healthReq);
            List<String> lines = new ArrayList<>();
            lines.add(phase("baseline GET /observe/health", http, requests, clients, healthReq));
            lines.add(phase("baseline GET /api/v1/openapi.json without credentials (401)", http, requests, clients,
                    i -> HttpRequest.newBuilder(URI.create(api + "/openapi.json")).GET().build(), 401));
            lines.add(phase("GET /api/v1/download-links (1 key)", http, requests, clients, single));
            // a batch is 10 HEADs and 10 audit events: a fifth of the requests carries twice the links
            lines.add(phase("POST /api/v1/download-links (10 keys)", http, Math.max(1, requests / 5), clients, batch));
            System.out.println();
            System.out.println("| phase | requests | errors | seconds | requests/s | p50 ms | p99 ms | max ms |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
            lines.forEach(System.out::println);
            String queue = h.app().local().queueUrl(h.app().settings().get("mip.audit.queue")).toString();
            String waiting = h.app().aws().sqs().getQueueAttributes(b -> b.queueUrl(queue)
                    .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages");
            System.out.println();
            System.out.println("audit events waiting on the audit queue (one per signed link, plus none from the pipeline): " + waiting);
        }
    }

    /** Runs one phase; returns its result as a Markdown table row. */
    static String phase(String name, HttpClient http, int requests, int clients, IntFunction<HttpRequest> request) throws Exception {
        return phase(name, http, requests, clients, request, 200);
    }

    static String phase(String name, HttpClient http, int requests, int clients, IntFunction<HttpRequest> request, int expected)
            throws Exception {
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
        String row = String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.0f | %.1f | %.1f | %.1f |", name, n, errors.get(), seconds,
                n / seconds, ms(sorted, 0.50), ms(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        System.out.println(row);
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
