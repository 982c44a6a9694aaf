package org.mip.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The packaged jar's {@code run} as a process for the *IT tests: local mode on free ports, a data
 * folder of its own, its console in a log file, with real S3 and SQS clients on its embedded
 * servers and the management port for health and metrics.
 */
public final class PipelineProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The de-identification key of the runs (PipelineHarness.TEST_KEY in hex). */
    public static final String KEY_HEX = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";

    public final Path log;
    public final int s3Port = PipelineHarness.freePort();
    public final int sqsPort = PipelineHarness.freePort();
    public final int sftpPort = PipelineHarness.freePort();
    public final int httpPort = PipelineHarness.freePort();
    public final int managementPort = PipelineHarness.freePort();
    public final S3Client s3;
    public final SqsClient sqs;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<JsonNode> audit = new ArrayList<>();

    /** The jar of the build (system property mip.jar), or null when it is not built. */
    public static Path jar() {
        String path = System.getProperty("mip.jar");
        return path != null && Files.isRegularFile(Path.of(path)) ? Path.of(path) : null;
    }

    /**
     * Starts {@code run} in {@code workDir} with {@code settings} (given as --set) on top of the
     * ports, the data folder and short poll and retry delays, and {@code env} (MIP_* variables),
     * and waits for its banner.
     */
    public PipelineProcess(Path jar, Path workDir, Map<String, String> settings, Map<String, String> env) throws IOException {
        this(jar, workDir, workDir.resolve("run.log"), settings, env);
    }

    /** As above, with the console written to {@code log}. */
    public PipelineProcess(Path jar, Path workDir, Path log, Map<String, String> settings, Map<String, String> env)
            throws IOException {
        Files.createDirectories(workDir);
        this.log = log;
        Map<String, String> all = new LinkedHashMap<>();
        all.put("mip.data-dir", workDir.resolve("data").toString());
        all.put("mip.local.s3-port", String.valueOf(s3Port));
        all.put("mip.local.sqs-port", String.valueOf(sqsPort));
        all.put("mip.local.sftp-port", String.valueOf(sftpPort));
        all.put("mip.http.port", String.valueOf(httpPort));
        all.put("mip.management.port", String.valueOf(managementPort));
        all.put("mip.ingest.poll.delay-ms", "200");
        all.put("mip.retry.initial-delay-ms", "100");
        all.put("mip.retry.maximum-delay-ms", "1000");
        all.putAll(settings);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString(), "run"));
        all.forEach((k, v) -> {
            command.add("--set");
            command.add(k + "=" + v);
        });
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MIP_"));
        pb.environment().put("MIP_DEID_KEY", KEY_HEX);
        pb.environment().putAll(env);
        process = pb.start();
        process.getOutputStream().close();
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("mip-local", "mip-local-secret"));
        s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(creds)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .endpointOverride(URI.create("http://127.0.0.1:" + s3Port)).build();
        sqs = SqsClient.builder().region(Region.US_EAST_1).credentialsProvider(creds)
                .endpointOverride(URI.create("http://127.0.0.1:" + sqsPort)).build();
        PipelineHarness.await(Duration.ofSeconds(180), "the pipeline to start (log " + log + ")", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the pipeline exited with " + process.exitValue() + ": " + log());
            }
            // the banner's last line: the banner comes a line at a time, and a test that reads it (the
            // reload notice of RouteReloadIT) must not find half of it
            String console = log();
            return console.contains(" is running (") && console.contains("Stop with Ctrl-C.");
        });
    }

    /** The console so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The console from character {@code from} on. */
    public String logSince(int from) {
        String all = log();
        return all.substring(Math.min(from, all.length()));
    }

    /** Waits for {@code text} in the console after character {@code from}. */
    public void awaitLog(int from, String text, Duration timeout) {
        PipelineHarness.await(timeout, "\"" + text + "\" in the log (" + log + ")", () -> logSince(from).contains(text));
    }

    public void put(String key, Path file) {
        s3.putObject(b -> b.bucket("raw").key(key), RequestBody.fromFile(file));
    }

    public void put(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket("raw").key(key), RequestBody.fromBytes(bytes));
    }

    public List<String> keys(String bucket) {
        List<String> keys = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            keys.add(o.key());
        }
        return keys;
    }

    public String queueUrl(String name) {
        return "http://127.0.0.1:" + sqsPort + "/000000000000/" + name;
    }

    /** Every audit event so far (consumed from the queue and kept). */
    public synchronized List<JsonNode> audit() {
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl("audit")).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return List.copyOf(audit);
            }
            for (Message m : batch) {
                audit.addAll(AuditMessages.events(m.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl("audit")).receiptHandle(m.receiptHandle()));
            }
        }
    }

    public long auditCount(String outcome) {
        return audit().stream().filter(e -> outcome.equals(e.path("outcome").asText())).count();
    }

    /** GET on the management port: status and body. */
    public HttpResponse<String> management(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The check {@code name} of a health answer, or a missing node. */
    public static JsonNode check(String healthBody, String name) {
        try {
            for (JsonNode c : JSON.readTree(healthBody).path("checks")) {
                if (name.equals(c.path("name").asText())) {
                    return c;
                }
            }
            return JSON.missingNode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of a Prometheus series line of /observe/metrics (e.g. {@code mip_objects_in_flight}), 0 when absent. */
    public double metric(String series) {
        for (String line : management("/observe/metrics").body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        return 0;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Every object of {@code bucket}, key to bytes. */
    public Map<String, byte[]> contents(String bucket) {
        Map<String, byte[]> out = new java.util.TreeMap<>();
        for (String key : keys(bucket)) {
            out.put(key, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        }
        return out;
    }

    /** SIGTERM, as Kubernetes stops a pod, and waits for the process to end; returns its exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            throw new AssertionError("the pipeline did not stop within 90 s of SIGTERM: " + log);
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no flush; the embedded S3 and SQS die with it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the pipeline did not die on SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the shutdown hook stops Camel and the servers
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        s3.close();
        sqs.close();
    }
}
