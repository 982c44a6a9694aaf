package org.mip.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.util.function.ThrowingConsumer;
import org.mip.config.Settings;
import org.mip.deid.Deidentifiers;
import org.mip.deid.profile.ProfileLoader;
import org.mip.deid.pseudo.DeidKey;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * The whole pipeline in this JVM for tests: local mode on free ports in a temporary data folder,
 * with a fixed test key, and helpers to put raw objects, list buckets and read audit events with
 * the same real clients the application uses, and to drive the external clients (aws CLI, OpenSSH
 * sftp). {@link #startAws} runs the same application in AWS mode against given endpoints (a second
 * replica on the first one's servers, or LocalStack).
 */
public final class PipelineHarness implements AutoCloseable {
    /** A fixed key, so expected pseudonyms can be computed in tests. */
    public static final DeidKey TEST_KEY = DeidKey.of(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    public static final String AWS_CLI = "/usr/bin/aws";
    public static final String SFTP = "/usr/bin/sftp";
    public static final String SSHPASS = "/usr/bin/sshpass";

    private final PipelineApplication app;
    private final int managementPort;
    private boolean setCredentials;
    private final List<JsonNode> audit = new ArrayList<>();
    private S3Client direct;

    private PipelineHarness(PipelineApplication app, int managementPort) {
        this.app = app;
        this.managementPort = managementPort;
    }

    /** Starts the pipeline with the defaults plus {@code overrides}; the routes are those of routes/. */
    public static PipelineHarness start(Path dataDir, Map<String, String> overrides) {
        Map<String, String> o = new HashMap<>();
        o.put("mip.data-dir", dataDir.toString());
        o.put("mip.local.s3-port", "0");
        o.put("mip.local.sqs-port", "0");
        o.put("mip.local.sftp-port", "0");
        return launch(o, overrides);
    }

    /**
     * Starts the pipeline in AWS mode (nothing embedded) against {@code s3Endpoint} and
     * {@code sqsEndpoint}, with static credentials handed to the SDK's default provider chain as
     * the {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties (the first link of
     * that chain), as a pod's IRSA credentials would be.
     */
    public static PipelineHarness startAws(Path dataDir, URI s3Endpoint, URI sqsEndpoint, String accessKey,
                                           String secretKey, Map<String, String> overrides) {
        System.setProperty("aws.accessKeyId", accessKey);
        System.setProperty("aws.secretAccessKey", secretKey);
        AWS_HARNESSES.incrementAndGet();
        PipelineHarness h;
        try {
            h = launchAws(dataDir, s3Endpoint, sqsEndpoint, overrides);
        } catch (RuntimeException e) {
            clearCredentials();
            throw e;
        }
        h.setCredentials = true;
        return h;
    }

    /** AWS-mode harnesses running: the credential properties are cleared when the last one closes. */
    private static final java.util.concurrent.atomic.AtomicInteger AWS_HARNESSES = new java.util.concurrent.atomic.AtomicInteger();

    private static void clearCredentials() {
        if (AWS_HARNESSES.decrementAndGet() == 0) {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    private static PipelineHarness launchAws(Path dataDir, URI s3Endpoint, URI sqsEndpoint, Map<String, String> overrides) {
        Map<String, String> o = new HashMap<>();
        o.put("mip.mode", "aws");
        o.put("mip.data-dir", dataDir.toString());
        o.put("mip.s3.endpoint", s3Endpoint.toString());
        o.put("mip.sqs.endpoint", sqsEndpoint.toString());
        o.put("mip.s3.path-style", "true");
        o.put("mip.s3.sse", "none");
        o.put("mip.log.format", "text");
        // the account in the embedded SQS server's queue URLs (LocalStack's too)
        o.put("mip.sqs.queue-owner-account-id", org.mip.local.LocalSqsServer.ACCOUNT_ID);
        return launch(o, overrides);
    }

    private static PipelineHarness launch(Map<String, String> base, Map<String, String> overrides) {
        Map<String, String> o = new HashMap<>(base);
        int management = freePort();
        o.put("mip.http.port", String.valueOf(freePort()));
        o.put("mip.management.port", String.valueOf(management));
        o.put("mip.routes-reload", "false");
        o.put("mip.ingest.poll.delay-ms", "200");
        o.put("mip.retry.initial-delay-ms", "100");
        o.put("mip.retry.maximum-delay-ms", "1000");
        o.putAll(overrides);
        Settings settings = Settings.load(null, Map.of(), new Properties(), o);
        var profile = ProfileLoader.builtIn(settings.get("mip.deid.profile"));
        PipelineApplication app = PipelineApplication.start(settings, TEST_KEY,
                (key, version, workDir) -> Deidentifiers.create(profile, key, version, workDir, org.mip.testing.Scanning.engine()));
        return new PipelineHarness(app, Integer.parseInt(settings.get("mip.management.port")));
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A port free on the loopback interface now, and not handed out before in this JVM. */
    public static int freePort() {
        while (true) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public PipelineApplication app() {
        return app;
    }

    public S3Client s3() {
        return app.aws().s3();
    }

    public URI s3Endpoint() {
        return URI.create(app.property("mip.s3.endpoint"));
    }

    public URI sqsEndpoint() {
        return URI.create(app.property("mip.sqs.endpoint"));
    }

    /** The management server (health, metrics), e.g. {@code http://127.0.0.1:40123}. */
    public URI managementUri() {
        return URI.create("http://127.0.0.1:" + managementPort);
    }

    public String bucket(String which) {
        return app.settings().get("mip.s3." + which + "-bucket");
    }

    public String queueUrl(String queue) {
        return app.aws().sqs().getQueueUrl(b -> b.queueName(queue)).queueUrl();
    }

    /**
     * A client straight to the embedded S3 server, past any endpoint override (a test's faulty proxy
     * between the pipeline and S3): for setting up and looking while the pipeline's S3 is "down".
     */
    public synchronized S3Client directS3() {
        if (direct == null) {
            var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    app.settings().get("mip.local.access-key"), app.settings().get("mip.local.secret-key")));
            direct = S3Client.builder().region(Region.of(app.settings().get("mip.aws.region"))).credentialsProvider(creds)
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                    .endpointOverride(app.local().s3Endpoint()).build();
        }
        return direct;
    }

    /** Lists a bucket through {@link #directS3()}. */
    public List<String> directKeys(String which) {
        List<String> keys = new ArrayList<>();
        for (S3Object o : directS3().listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket(which)).build()).contents()) {
            keys.add(o.key());
        }
        return keys;
    }

    /** Puts a raw object through {@link #directS3()}. */
    public void putRawDirect(String key, Path file) {
        directS3().putObject(PutObjectRequest.builder().bucket(bucket("raw")).key(key).build(), RequestBody.fromFile(file));
    }

    /** The value of one of the pipeline's counters (mip.objects, mip.redeliveries...), 0 when never counted. */
    public double counter(String name, String... tags) {
        return app.metrics().count(name, tags);
    }

    /**
     * Changes a running route for a test (Camel's AdviceWith): e.g. weave a fault in after a step.
     * The route is restarted with the change.
     */
    public void advise(String routeId, ThrowingConsumer<AdviceWithRouteBuilder, Exception> change) {
        try {
            AdviceWith.adviceWith(app.camelContext(), routeId, change);
        } catch (Exception e) {
            throw new AssertionError("cannot advise route " + routeId, e);
        }
    }

    public void putRaw(String key, byte[] bytes) {
        s3().putObject(PutObjectRequest.builder().bucket(bucket("raw")).key(key).build(), RequestBody.fromBytes(bytes));
    }

    public void putRaw(String key, Path file) {
        s3().putObject(PutObjectRequest.builder().bucket(bucket("raw")).key(key).build(), RequestBody.fromFile(file));
    }

    public List<String> keys(String which) {
        List<String> keys = new ArrayList<>();
        for (S3Object o : s3().listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket(which)).build()).contents()) {
            keys.add(o.key());
        }
        return keys;
    }

    public byte[] get(String which, String key) {
        return s3().getObjectAsBytes(GetObjectRequest.builder().bucket(bucket(which)).key(key).build()).asByteArray();
    }

    public Map<String, String> metadata(String which, String key) {
        return s3().headObject(b -> b.bucket(bucket(which)).key(key)).metadata();
    }

    /** Every audit event received so far (they are consumed from the queue and kept here). */
    public synchronized List<JsonNode> auditEvents() {
        String url = queueUrl(app.settings().get("mip.audit.queue"));
        while (true) {
            List<Message> batch = app.aws().sqs().receiveMessage(ReceiveMessageRequest.builder().queueUrl(url)
                    .maxNumberOfMessages(10).waitTimeSeconds(0).messageAttributeNames("All")
                    .messageSystemAttributeNamesWithStrings("All").build()).messages();
            if (batch.isEmpty()) {
                return List.copyOf(audit);
            }
            for (Message m : batch) {
                if (!m.messageAttributes().isEmpty()) {
                    throw new AssertionError("an audit event carries message attributes: " + m.messageAttributes().keySet());
                }
                audit.addAll(AuditMessages.events(m.body()));
                app.aws().sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }

    /** Forgets the audit events read so far and drops those still queued (between scenarios). */
    public synchronized void clearAudit() {
        auditEvents();
        audit.clear();
    }

    /** Deletes every object of a bucket, through {@link #directS3()} (between scenarios). */
    public void emptyBucket(String which) {
        for (String key : directKeys(which)) {
            directS3().deleteObject(b -> b.bucket(bucket(which)).key(key));
        }
    }

    public long auditCount(String outcome) {
        return auditEvents().stream().filter(e -> outcome.equals(e.path("outcome").asText())).count();
    }

    /** The audit events of one raw key (matched by its SHA-256, the only form events carry). */
    public List<JsonNode> auditEventsOf(String rawKey) {
        String sha = org.mip.pipeline.Hashing.sha256Hex(rawKey);
        return auditEvents().stream().filter(e -> sha.equals(e.path("source").path("keySha256").asText())).toList();
    }

    // ------------------------------------------------------------------ external clients

    /** Output of an external program. */
    public record Result(int exit, String out) {
    }

    public static boolean has(String program) {
        return Files.isExecutable(Path.of(program));
    }

    /** The environment for the aws CLI against this pipeline's S3 and SQS: its credentials, path-style, no user config. */
    public Map<String, String> awsCliEnv(Path dir) throws IOException {
        Path config = dir.resolve("aws-config");
        Files.writeString(config, "[default]\nregion = " + app.settings().get("mip.aws.region") + "\n"
                + "s3 =\n    addressing_style = path\n    signature_version = s3v4\n");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", app.settings().get("mip.local.access-key"));
        env.put("AWS_SECRET_ACCESS_KEY", app.settings().get("mip.local.secret-key"));
        env.put("AWS_DEFAULT_REGION", app.settings().get("mip.aws.region"));
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("aws-credentials-none").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        return env;
    }

    /** {@code aws --endpoint-url <S3> ARGS...} (e.g. "s3", "cp", file, "s3://raw/x"). */
    public Result awsS3(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(AWS_CLI, "--endpoint-url", s3Endpoint().toString()));
        command.addAll(List.of(args));
        return run(awsCliEnv(workDir), workDir, command);
    }

    /** OpenSSH sftp in batch mode against the embedded SFTP server, the password given by sshpass. */
    public Result sftp(Path workDir, String commands) throws IOException, InterruptedException {
        Path batch = Files.writeString(workDir.resolve("sftp-batch-" + System.nanoTime()), commands);
        return run(Map.of(), workDir, List.of(SSHPASS, "-p", app.settings().get("mip.sftp.password"),
                SFTP, "-P", app.property("mip.sftp.port"),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=no", // before -b: -b would otherwise forbid password login
                "-o", "PubkeyAuthentication=no", "-o", "LogLevel=ERROR",
                "-b", batch.toString(), app.settings().get("mip.sftp.user") + "@127.0.0.1"));
    }

    /** Runs a program (stdin closed, stderr merged into stdout), killing it after 300 s. */
    public static Result run(Map<String, String> env, Path workDir, List<String> command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        java.util.concurrent.CompletableFuture<byte[]> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8));
    }

    /**
     * Waits until the pipeline {@code process} runs answers 200 on {@code /observe/health/ready} of
     * {@code managementPort}; fails with {@code whenEnded} (e.g. its output) if the process ends first.
     */
    public static void awaitReady(Process process, int managementPort, Duration timeout, java.util.function.Supplier<String> whenEnded) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest ready = java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/observe/health/ready")).build();
        await(timeout, "the pipeline to be ready", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("run ended with " + process.exitValue() + " before it was ready: " + whenEnded.get());
            }
            try {
                return http.send(ready, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; fails with {@code what} then. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
    }

    @Override
    public void close() {
        if (direct != null) {
            direct.close();
        }
        app.close();
        if (setCredentials) {
            clearCredentials();
        }
    }
}
