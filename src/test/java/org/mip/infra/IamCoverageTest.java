package org.mip.infra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Endpoint;
import org.apache.camel.component.aws2.s3.AWS2S3Endpoint;
import org.apache.camel.component.aws2.sns.Sns2Endpoint;
import org.apache.camel.component.aws2.sqs.Sqs2Endpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.mip.api.ApiKeys;
import org.mip.app.AwsClients;
import org.mip.app.PipelineHarness;
import org.mip.app.SyntheticCt;
import org.mip.infra.AwsCallRecorder.AwsCall;
import org.mip.testing.LocalS3Clients;
import org.mip.local.LocalConfig;
import org.mip.local.LocalServices;
import org.mip.local.LocalSftpServer;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * IAM proven against behaviour. The pipeline runs in AWS mode (AWS-mode settings, the bucket,
 * queue and key names Terraform gives them in a test account) against the embedded S3 and SQS
 * servers, which enforce no IAM; every AWS SDK call the application makes is recorded
 * ({@link AwsCallRecorder} on the clients AwsClients builds) while it goes through what it does in
 * production: readiness checks, S3 events from the queue, publishing small and multipart objects,
 * quarantining poison input and (by an S3 copy) objects too large to read, taking a publication
 * back when its audit event cannot be sent, the REST API (one link, a batch looked up by a listing,
 * a study listing, the link-signed events in SendMessageBatch calls, and the download through a link), and in a second configuration polling the raw bucket, taking a
 * file from an SFTP server into it (the ingest-sftp route, over real SFTP), archiving raw objects
 * and auditing to an SNS topic. Every call is then evaluated against the policies of
 * terraform/modules/pipeline at the same variable values ({@link IamCoverage}): one call the role
 * may not make fails the build. The report (printed) also lists the grants no call used.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IamCoverageTest {
    static final String API_KEY = "iam-coverage-" + "k".repeat(40);
    static final String ACCESS = "iam-test";
    static final String SECRET = "iam-test-secret";

    @TempDir
    static Path dir;
    final Deployed sqsDelete = Deployed.of(Deployed.variables("sqs", "delete"));
    final Deployed snsArchive = Deployed.of(Deployed.variables("sns", "archive", true));
    LocalServices servers;
    S3Client s3;
    SqsClient sqs;
    static final long SINGLE_REQUEST_LIMIT_MB = 8;
    final List<AwsCall> eventsSqsAudit = new ArrayList<>();
    final List<AwsCall> pollSnsArchive = new ArrayList<>();

    @BeforeAll
    void start() {
        System.setProperty(AwsClients.INTERCEPTORS_PROPERTY, AwsCallRecorder.class.getName());
        AwsCallRecorder.clear();
        Deployed d = sqsDelete;
        servers = LocalServices.start(new LocalConfig(dir.resolve("servers"), "127.0.0.1", 0, 0, 0, ACCESS, SECRET,
                Deployed.REGION, List.of(d.bucketName("raw"), d.bucketName("processed"), d.bucketName("quarantine")),
                List.of(d.queueName("s3_events"), d.queueName("audit")), "mip", "unused-sftp-password")
                .withS3SingleRequestLimit(SINGLE_REQUEST_LIMIT_MB << 20)); // refuses what AWS refuses over 5 GiB
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET));
        s3 = S3Client.builder().region(Region.of(Deployed.REGION)).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .endpointOverride(servers.s3Endpoint()).build();
        sqs = SqsClient.builder().region(Region.of(Deployed.REGION)).credentialsProvider(credentials)
                .endpointOverride(servers.sqsEndpoint()).build();
    }

    @AfterAll
    void stop() {
        System.clearProperty(AwsClients.INTERCEPTORS_PROPERTY);
        if (s3 != null) {
            s3.close();
            sqs.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    /** AWS-mode settings of an installation of the module at {@code d}'s values (what app_environment gives). */
    Map<String, String> awsSettings(Deployed d) {
        Map<String, String> o = new HashMap<>();
        o.put("mip.aws.region", Deployed.REGION);
        o.put("mip.s3.raw-bucket", d.bucketName("raw"));
        o.put("mip.s3.processed-bucket", d.bucketName("processed"));
        o.put("mip.s3.quarantine-bucket", d.bucketName("quarantine"));
        o.put("mip.s3.sse", "aws:kms");
        o.put("mip.s3.kms-key-id", Deployed.keyArn());
        o.put("mip.s3.part-size-mb", "5");
        o.put("mip.validation.max-object-size-mb", "8");
        // AWS's 5 GiB for one PUT or the source of one copy, scaled down as the servers' (start()): the
        // 9 MiB inputs are uploaded and copied in parts, as a 6 GB one is on AWS
        o.put("mip.s3.single-request-limit-mb", String.valueOf(SINGLE_REQUEST_LIMIT_MB));
        o.put("mip.sqs.events-queue", d.queueName("s3_events"));
        o.put("mip.audit.queue", d.queueName("audit"));
        o.put("mip.sqs.queue-owner-account-id", Deployed.ACCOUNT);
        o.put("mip.retry.maximum-redeliveries", "1");
        o.put("mip.api.keys", "iam sha256:" + ApiKeys.hashOf(API_KEY) + " *");
        return o;
    }

    PipelineHarness startPipeline(String name, Map<String, String> settings) {
        return PipelineHarness.startAws(dir.resolve(name), servers.s3Endpoint(), servers.sqsEndpoint(), ACCESS, SECRET, settings);
    }

    @Test
    @Order(1)
    void eventsIngestSqsAuditAndTheRestApi() throws Exception {
        Deployed d = sqsDelete;
        String raw = d.bucketName("raw");
        AwsCallRecorder.clear();
        try (PipelineHarness h = startPipeline("events", awsSettings(d))) {
            awaitReady(h);
            // a publication whose "published" event fails once is taken back (unpublish)
            AtomicInteger once = new AtomicInteger();
            h.advise("process", a -> a.weaveByToString(".*direct:publish.*").after().process(x -> {
                if (x.getMessage().getHeader("MipRawKey", String.class).endsWith("unpublish.dcm") && once.getAndIncrement() == 0) {
                    throw new IllegalStateException("the published event could not be sent");
                }
            }));
            Map<String, byte[]> inputs = new HashMap<>();
            inputs.put("iam/good.dcm", dicom(7001, 64, 1));
            inputs.put("iam/large.dcm", dicom(7002, 1024, 3)); // 6 MiB: a multipart upload in 5 MiB parts
            inputs.put("iam/unpublish.dcm", dicom(7003, 64, 1));
            inputs.put("iam/poison.dcm", "not DICOM at all".getBytes(StandardCharsets.US_ASCII));
            byte[] tooLarge = new byte[9 << 20]; // over the 8 MiB limit: copied to quarantine inside S3
            new Random(7).nextBytes(tooLarge);
            inputs.put("iam/too-large.dcm", tooLarge);
            String queueUrl = servers.queueUrl(d.queueName("s3_events")).toString();
            for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
                LocalS3Clients.putInParts(s3, raw, e.getKey(), e.getValue()); // over the servers' limit for one PUT
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(notification(raw, e.getKey())));
            }
            PipelineHarness.await(Duration.ofSeconds(120), "4 inputs handled and one publication taken back",
                    () -> keys(raw).equals(List.of("iam/unpublish.dcm")) && h.counter("mip.unpublished") >= 1
                            && keys(d.bucketName("quarantine")).size() == 4);
            List<String> processed = keys(d.bucketName("processed"));
            assertEquals(4, processed.size(), "good and large published, with their sidecars: " + processed);
            assertTrue(keys(d.bucketName("quarantine")).stream().anyMatch(k -> java.util.Arrays.equals(tooLarge,
                    s3.getObjectAsBytes(b -> b.bucket(d.bucketName("quarantine")).key(k)).asByteArray())),
                    "the too-large input copied whole into quarantine (in parts: over the single-request limit)");

            // the REST API: one link, a batch, a study listing, and a download through the link
            String dcm = processed.stream().filter(k -> k.endsWith(".dcm")).findFirst().orElseThrow();
            String study = dcm.split("/")[1];
            HttpClient http = HttpClient.newHttpClient();
            String api = "http://127.0.0.1:" + h.app().settings().get("mip.http.port") + "/api/v1";
            JsonNode one = json(http, HttpRequest.newBuilder(URI.create(api + "/download-links?key="
                    + URLEncoder.encode(dcm, StandardCharsets.UTF_8))));
            // a batch of 13 keys of one series is looked up by one ListObjectsV2 of the series (ObjectLookup)
            String series = dcm.substring(0, dcm.lastIndexOf('/') + 1);
            StringBuilder keys = new StringBuilder("\"" + dcm + "\"");
            for (int i = 1; i <= 12; i++) {
                keys.append(", \"").append(series).append("2.25.").append(9000 + i).append(".dcm\"");
            }
            JsonNode batch = json(http, HttpRequest.newBuilder(URI.create(api + "/download-links"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"keys\": [" + keys + "]}")));
            JsonNode listing = json(http, HttpRequest.newBuilder(URI.create(api + "/studies/" + study + "/objects")));
            assertTrue(listing.toString().contains(dcm), listing.toString());
            URI link = URI.create(one.path("url").asText());
            assertTrue(batch.toString().contains("\"url\""), batch.toString());
            HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, download.statusCode(), "the link downloads the object");
            AwsCallRecorder.add(AwsCall.presignedGet(link));
            assertEveryAwsEndpointUsesTheRecordedClients(h);
        }
        eventsSqsAudit.addAll(AwsCallRecorder.calls());
        assertFalse(eventsSqsAudit.isEmpty());
    }

    @Test
    @Order(2)
    void pollingArchiveAndSnsAudit() throws Exception {
        Deployed d = snsArchive;
        String raw = d.bucketName("raw");
        List<String> published = new ArrayList<>();
        HttpServer sns = snsPublishResponder(published);
        System.setProperty("aws.endpointUrlSns", "http://127.0.0.1:" + sns.getAddress().getPort());
        AwsCallRecorder.clear();
        Map<String, String> settings = awsSettings(d);
        settings.put("mip.ingest.events.enabled", "false");
        settings.put("mip.ingest.poll.enabled", "true");
        settings.put("mip.raw.after", "archive");
        settings.put("mip.audit.destination", "sns");
        settings.put("mip.audit.topic-arn", d.topicArn("audit"));
        // SFTP ingest from the embedded server, as from a partner's server: host key checked
        settings.put("mip.ingest.sftp.enabled", "true");
        settings.put("mip.sftp.host", "127.0.0.1");
        settings.put("mip.sftp.port", String.valueOf(servers.sftpPort()));
        settings.put("mip.sftp.user", servers.config().sftpUser());
        settings.put("mip.sftp.password", servers.config().sftpPassword());
        settings.put("mip.sftp.known-hosts-file", knownHosts(servers).toString());
        try (PipelineHarness h = startPipeline("poll", settings)) {
            awaitReady(h);
            s3.putObject(b -> b.bucket(raw).key("iam/polled.dcm"), RequestBody.fromBytes(dicom(7101, 64, 1)));
            Files.write(servers.config().sftpDir().resolve(LocalSftpServer.UPLOAD_DIR).resolve("iam-sftp.dcm"), dicom(7102, 64, 1));
            // over the size limit and the single-request limit: PUT to raw in parts, copied in parts to
            // quarantine (too large) and to the archive
            byte[] tooLarge = new byte[9 << 20];
            new Random(71).nextBytes(tooLarge);
            Files.write(servers.config().sftpDir().resolve(LocalSftpServer.UPLOAD_DIR).resolve("iam-sftp-large.bin"), tooLarge);
            PipelineHarness.await(Duration.ofSeconds(60), "the polled and the SFTP objects handled and archived",
                    () -> keys(raw).contains("archive/iam/polled.dcm") && !keys(raw).contains("iam/polled.dcm")
                            && keys(raw).stream().anyMatch(k -> k.startsWith("archive/sftp/") && k.endsWith("/iam-sftp.dcm"))
                            && keys(raw).stream().anyMatch(k -> k.startsWith("archive/sftp/") && k.endsWith("/iam-sftp-large.bin"))
                            && keys(raw).stream().noneMatch(k -> k.startsWith("sftp/")));
            String archived = keys(raw).stream().filter(k -> k.endsWith("/iam-sftp-large.bin")).findFirst().orElseThrow();
            assertArrayEquals(tooLarge, s3.getObjectAsBytes(b -> b.bucket(raw).key(archived)).asByteArray(),
                    "the large SFTP upload archived whole");
            assertTrue(keys(d.bucketName("quarantine")).stream().anyMatch(k -> java.util.Arrays.equals(tooLarge,
                    s3.getObjectAsBytes(b -> b.bucket(d.bucketName("quarantine")).key(k)).asByteArray())),
                    "the large SFTP upload quarantined whole (too large)");
            assertTrue(published.stream().anyMatch(b -> b.contains("TopicArn=" + URLEncoder.encode(d.topicArn("audit"),
                    StandardCharsets.UTF_8))), "audit events published to the topic: " + published);
            // the REST API's events through the audit route to the topic: one per request, single or batch
            String dcm = keys(d.bucketName("processed")).stream().filter(k -> k.endsWith(".dcm")).findFirst().orElseThrow();
            HttpClient http = HttpClient.newHttpClient();
            String api = "http://127.0.0.1:" + h.app().settings().get("mip.http.port") + "/api/v1";
            json(http, HttpRequest.newBuilder(URI.create(api + "/download-links?expiresInSeconds=601&key="
                    + URLEncoder.encode(dcm, StandardCharsets.UTF_8))));
            json(http, HttpRequest.newBuilder(URI.create(api + "/download-links")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"keys\": [\"" + dcm + "\", \"" + dcm + "\"], \"expiresInSeconds\": 602}")));
            List<JsonNode> linkEvents = snsMessages(published).stream()
                    .filter(e -> e.path("stage").asText().equals("api")).toList();
            assertEquals(2, linkEvents.size(), "one event per request: " + linkEvents);
            JsonNode single = linkEvents.stream().filter(e -> e.path("outcome").asText().equals("link-signed")).findFirst().orElseThrow();
            assertEquals(dcm, single.path("link").path("key").asText());
            assertEquals(601, single.path("link").path("expiresInSeconds").asInt());
            JsonNode batch = linkEvents.stream().filter(e -> e.path("outcome").asText().equals("links-signed")).findFirst().orElseThrow();
            assertEquals(2, batch.path("linkCount").asInt());
            assertEquals(dcm, batch.path("links").path(1).path("key").asText());
            assertEquals(602, batch.path("links").path(0).path("expiresInSeconds").asInt());
            assertEquals("iam", batch.path("caller").path("name").asText());
            assertEveryAwsEndpointUsesTheRecordedClients(h);
        } finally {
            System.clearProperty("aws.endpointUrlSns");
            sns.stop(0);
        }
        pollSnsArchive.addAll(AwsCallRecorder.calls());
    }

    @Test
    @Order(3)
    void everyCallIsAllowedByTheModulesPolicies() {
        IamCoverage a = new IamCoverage(sqsDelete, eventsSqsAudit);
        IamCoverage b = new IamCoverage(snsArchive, pollSnsArchive);
        System.out.println(a.report("S3 events, audit to SQS, raw.after=delete (audit_destination=sqs, raw_after=delete)"));
        System.out.println(b.report("polling, audit to SNS, raw.after=archive (audit_destination=sns, raw_after=archive)"));
        Terraform.assertNoViolations(a.denied());
        Terraform.assertNoViolations(b.denied());
        // what each configuration must have exercised, so that a silent change of the scenarios shows
        Set<String> ops = a.table().keySet();
        for (String op : List.of("S3 HeadBucket", "S3 GetObject", "S3 PutObject", "S3 CreateMultipartUpload",
                "S3 UploadPart", "S3 CompleteMultipartUpload", "S3 UploadPartCopy", "S3 DeleteObject", "S3 HeadObject",
                "S3 ListObjectsV2", "S3 GetObject (presigned link)", "SQS GetQueueUrl", "SQS ReceiveMessage",
                "SQS DeleteMessage", "SQS SendMessage", "SQS SendMessageBatch")) {
            assertTrue(ops.contains(op), "the scenarios made no " + op + " call: " + ops);
        }
        assertTrue(b.table().containsKey("SNS Publish") && b.table().containsKey("S3 ListObjects")
                && b.table().get("S3 CopyObject").contains("s3:PutObject objects raw/archive/*")
                && b.table().get("S3 UploadPartCopy").contains("s3:PutObject objects raw/archive/*")
                && b.table().get("S3 UploadPartCopy").contains("s3:PutObject objects quarantine/*")
                && b.table().get("S3 UploadPart").contains("s3:PutObject objects raw/sftp/*")
                && b.table().get("S3 PutObject").contains("s3:PutObject objects raw/sftp/*"), b.table().toString());
        assertFalse(a.table().containsKey("SQS ListQueues"), "queues are resolved with GetQueueUrl");
        // Least privilege: a grant no scenario used is removed, or kept for a reason written here.
        List<String> unusedByBoth = new ArrayList<>(a.unusedGrants());
        unusedByBoth.retainAll(b.unusedGrants());
        assertEquals(Set.copyOf(JUSTIFIED_UNUSED.keySet()), Set.copyOf(unusedByBoth),
                "grants that no scenario used (remove them, or justify them in JUSTIFIED_UNUSED)");
    }

    /** Grants the scenarios cannot exercise, and the code path that needs them. */
    static final Map<String, String> JUSTIFIED_UNUSED = Map.of(
            "s3:AbortMultipartUpload on objects processed/* (role policy [ProcessedObjectsWriteReadAndUnpublish])",
            "Camel's S3 producer aborts a multipart upload that failed (AWS2S3Producer.processMultiPart)",
            "s3:AbortMultipartUpload on objects quarantine/* (role policy [QuarantineObjectsWrite])",
            "the same, for the multipart upload of a large quarantined input",
            "sqs:ChangeMessageVisibility on queue s3_events (role policy [ConsumeS3Events])",
            "the events consumer extends the visibility of a message whose object takes longer than half of"
                    + " the route's 300 s visibilityTimeout (extendMessageVisibility)");

    /** The policy follows mip.raw.after: without raw_after = "archive" the archive copy is denied. */
    @Test
    @Order(4)
    void archivingNeedsTheModuleToKnowIt() {
        IamCoverage withoutArchive = new IamCoverage(Deployed.of(Deployed.variables("sns", "delete")), pollSnsArchive);
        assertTrue(withoutArchive.denied().stream().anyMatch(x -> x.startsWith("S3 CopyObject")
                && x.contains("s3:PutObject on arn:aws:s3:::" + snsArchive.bucketName("raw") + "/archive/")),
                String.join("\n", withoutArchive.denied()));
    }

    /** The policy follows mip.ingest.sftp.enabled: without sftp_ingest_enabled the SFTP upload's put into raw is denied. */
    @Test
    @Order(5)
    void sftpIngestNeedsTheModuleToKnowIt() {
        IamCoverage withoutSftp = new IamCoverage(Deployed.of(Deployed.variables("sns", "archive", false)), pollSnsArchive);
        List<String> denied = withoutSftp.denied();
        assertTrue(denied.stream().anyMatch(x -> x.startsWith("S3 PutObject")
                && x.contains("s3:PutObject on arn:aws:s3:::" + snsArchive.bucketName("raw") + "/sftp/")), String.join("\n", denied));
        assertTrue(denied.stream().allMatch(x -> x.contains("/sftp/")), "only the SFTP uploads' writes are denied: " + denied);
    }

    // --- helpers --------------------------------------------------------------------------

    /** A known_hosts file naming the embedded SFTP server's host key (aws mode checks it, as it must for a real server). */
    static Path knownHosts(LocalServices servers) {
        try {
            var keys = new SimpleGeneratorHostKeyProvider(servers.config().sftpHostKey());
            keys.setAlgorithm("EC");
            var publicKey = keys.loadKeys(null).iterator().next().getPublic();
            return Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + servers.sftpPort() + " "
                    + PublicKeyEntry.toString(publicKey) + "\n");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the embedded SFTP server's host key", e);
        }
    }

    /** No aws2-* endpoint of the context has a client of its own: every call went through a recorded client. */
    static void assertEveryAwsEndpointUsesTheRecordedClients(PipelineHarness h) {
        AwsClients aws = h.app().aws();
        int checked = 0;
        for (Endpoint e : h.app().camelContext().getEndpoints()) {
            if (e instanceof AWS2S3Endpoint s) {
                assertTrue(s.getS3Client() == aws.s3() || s.getS3Client() == aws.s3Listing(), e.getEndpointUri());
                checked++;
            } else if (e instanceof Sqs2Endpoint s) {
                assertTrue(s.getClient() == aws.sqs(), e.getEndpointUri());
                checked++;
            } else if (e instanceof Sns2Endpoint s) {
                assertTrue(s.getSNSClient() == aws.sns(), e.getEndpointUri());
                checked++;
            } else {
                assertFalse(e.getEndpointUri().startsWith("aws"), "an AWS endpoint this test does not know: " + e.getEndpointUri());
            }
        }
        assertTrue(checked >= 4, "AWS endpoints checked: " + checked);
    }

    List<String> keys(String bucket) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).sorted().toList();
    }

    byte[] dicom(int study, int size, int frames) throws Exception {
        Path file = dir.resolve("in-" + study + ".dcm");
        SyntheticCt.image(study, 1, size, size, frames).write(file);
        return Files.readAllBytes(file);
    }

    static String notification(String bucket, String key) {
        return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"" + Deployed.REGION
                + "\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + bucket
                + "\"},\"object\":{\"key\":\"" + key + "\",\"size\":1}}}]}";
    }

    static void awaitReady(PipelineHarness h) {
        HttpClient http = HttpClient.newHttpClient();
        PipelineHarness.await(Duration.ofSeconds(30), "readiness UP", () -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(h.managementUri() + "/observe/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /** The audit events in the Publish bodies the topic received (form-encoded, the event in Message). */
    static List<JsonNode> snsMessages(List<String> bodies) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        synchronized (bodies) {
            for (String body : bodies) {
                for (String pair : body.split("&")) {
                    if (pair.startsWith("Message=")) {
                        out.add(new ObjectMapper().readTree(java.net.URLDecoder.decode(pair.substring(8), StandardCharsets.UTF_8)));
                    }
                }
            }
        }
        return out;
    }

    static JsonNode json(HttpClient http, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = http.send(request.header("Authorization", "Bearer " + API_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body());
    }

    /**
     * The SNS side of the second configuration: no SNS server runs here, so this answers the SDK's
     * Publish (AWS query protocol) as SNS does and keeps the request bodies. It stands in for the
     * service so that the real client and the real Camel endpoint make their real call, which is
     * what is recorded and evaluated; it proves nothing about SNS itself.
     */
    static HttpServer snsPublishResponder(List<String> bodies) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (bodies) {
                    bodies.add(body);
                }
                byte[] answer = ("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                        + "<MessageId>" + java.util.UUID.randomUUID() + "</MessageId></PublishResult><ResponseMetadata>"
                        + "<RequestId>" + java.util.UUID.randomUUID() + "</RequestId></ResponseMetadata></PublishResponse>")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/xml");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
