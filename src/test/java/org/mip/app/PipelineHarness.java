package org.mip.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.util.function.ThrowingConsumer;
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
 * the same real clients the application uses.
 */
public final class PipelineHarness implements AutoCloseable {
    /** A fixed key, so expected pseudonyms can be computed in tests. */
    public static final DeidKey TEST_KEY = DeidKey.of(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipelineApplication app;
    private final List<JsonNode> audit = new ArrayList<>();
    private S3Client direct;

    private PipelineHarness(PipelineApplication app) {
        this.app = app;
    }

    /** Starts the pipeline with the defaults plus {@code overrides}; the routes are those of routes/. */
    public static PipelineHarness start(Path dataDir, Map<String, String> overrides) {
        Map<String, String> o = new HashMap<>();
        o.put("mip.data-dir", dataDir.toString());
        o.put("mip.local.s3-port", "0");
        o.put("mip.local.sqs-port", "0");
        o.put("mip.local.sftp-port", "0");
        o.put("mip.http.port", "0");
        o.put("mip.management.port", "0");
        o.put("mip.routes-reload", "false");
        o.put("mip.ingest.poll.delay-ms", "200");
        o.put("mip.retry.initial-delay-ms", "100");
        o.put("mip.retry.maximum-delay-ms", "1000");
        o.putAll(overrides);
        Settings settings = Settings.load(null, Map.of(), new Properties(), o);
        var profile = ProfileLoader.builtIn(settings.get("mip.deid.profile"));
        PipelineApplication app = PipelineApplication.start(settings, TEST_KEY,
                (key, version, workDir) -> Deidentifiers.create(profile, key, version, workDir));
        return new PipelineHarness(app);
    }

    public PipelineApplication app() {
        return app;
    }

    public S3Client s3() {
        return app.aws().s3();
    }

    public String bucket(String which) {
        return app.settings().get("mip.s3." + which + "-bucket");
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

    /** A loopback port free right now (for a server the test starts itself, or one it must know in advance). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("no free port", e);
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

    /** Every audit event received so far (they are consumed from the queue and kept here). */
    public synchronized List<JsonNode> auditEvents() {
        String url = app.local().queueUrl(app.settings().get("mip.audit.queue")).toString();
        while (true) {
            List<Message> batch = app.aws().sqs().receiveMessage(ReceiveMessageRequest.builder().queueUrl(url)
                    .maxNumberOfMessages(10).waitTimeSeconds(0).messageAttributeNames("All").build()).messages();
            if (batch.isEmpty()) {
                return List.copyOf(audit);
            }
            for (Message m : batch) {
                if (!m.messageAttributes().isEmpty()) {
                    throw new AssertionError("an audit event carries message attributes: " + m.messageAttributes().keySet());
                }
                try {
                    audit.add(JSON.readTree(m.body()));
                } catch (IOException e) {
                    throw new AssertionError("an audit event is not JSON", e);
                }
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
    }
}
