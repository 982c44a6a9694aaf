package org.mip.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
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
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The scale-out path: S3 ObjectCreated notifications on the events queue, as S3 writes them (keys
 * URL-encoded with "+" for spaces, s3:TestEvent, records of other buckets, several records in one
 * message), consumed by two competing pipelines: the first in local mode, the second a replica in AWS
 * mode pointed at the first one's S3 and SQS. Every object is processed once, test events and foreign
 * records are skipped, and a message is deleted only once its objects reached an outcome.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3EventsIngestTest {
    @TempDir
    static Path dir;
    PipelineHarness first;
    PipelineHarness second;
    LogCapture logs;
    String queue;

    @BeforeAll
    void start() {
        logs = LogCapture.asInProduction();
        Map<String, String> events = Map.of("mip.ingest.events.enabled", "true", "mip.ingest.poll.enabled", "false",
                "mip.ingest.sftp.enabled", "false");
        first = PipelineHarness.start(dir.resolve("first"), events);
        second = PipelineHarness.startAws(dir.resolve("second"), first.s3Endpoint(), first.sqsEndpoint(),
                first.app().settings().get("mip.local.access-key"), first.app().settings().get("mip.local.secret-key"),
                Map.of("mip.retry.maximum-redeliveries", "1"));
        queue = first.queueUrl("s3-events");
    }

    @AfterAll
    void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        logs.close();
    }

    /** A key as S3 puts it in a notification: URL-encoded, "+" for a space, "/" kept. */
    static String encoded(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    static String record(String bucket, String key, long size) {
        return """
                {"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"%s",
                 "eventName":"ObjectCreated:Put","userIdentity":{"principalId":"AWS:AIDAEXAMPLE"},
                 "requestParameters":{"sourceIPAddress":"10.0.0.1"},
                 "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8"},
                 "s3":{"s3SchemaVersion":"1.0","configurationId":"raw-object-created",
                       "bucket":{"name":"%s","ownerIdentity":{"principalId":"A3NL1KOZZKExample"},"arn":"arn:aws:s3:::%s"},
                       "object":{"key":"%s","size":%d,"eTag":"d41d8cd98f00b204e9800998ecf8427e","sequencer":"0055AED6DCD90281E5"}}}
                """.formatted(Instant.now(), bucket, bucket, encoded(key), size);
    }

    static String notification(String... records) {
        return "{\"Records\":[" + String.join(",", records) + "]}";
    }

    void send(String body) {
        first.app().aws().sqs().sendMessage(b -> b.queueUrl(queue).messageBody(body));
    }

    int messagesInQueue() {
        Map<QueueAttributeName, String> a = first.app().aws().sqs().getQueueAttributes(b -> b.queueUrl(queue)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    static double published(PipelineHarness h) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(h.managementUri() + "/observe/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^mip_objects_total\\{outcome=\"published\"} ([0-9.]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /**
     * A replica just started (as KEDA starts one for a queue that fills) is ready before its events
     * consumer's first long poll (waitTimeSeconds, 10 s on an empty queue) has ended: readiness waited
     * for it before, so a pod scaled out took no work for those 10 s.
     */
    @Test
    @Order(0)
    void aNewReplicaIsReadyWhileItsFirstLongPollWaits() throws Exception {
        PipelineHarness replica = PipelineHarness.startAws(dir.resolve("replica"), first.s3Endpoint(), first.sqsEndpoint(),
                first.app().settings().get("mip.local.access-key"), first.app().settings().get("mip.local.secret-key"), Map.of());
        try {
            long started = System.nanoTime();
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest ready = HttpRequest.newBuilder(URI.create(replica.managementUri() + "/observe/health/ready")).build();
            HttpResponse<String> answer = http.send(ready, HttpResponse.BodyHandlers.ofString());
            while (answer.statusCode() != 200 && System.nanoTime() - started < java.util.concurrent.TimeUnit.SECONDS.toNanos(7)) {
                Thread.sleep(50);
                answer = http.send(ready, HttpResponse.BodyHandlers.ofString());
            }
            assertEquals(200, answer.statusCode(), "not ready within 7 s of its start, less than the first long poll: " + answer.body());
            JsonNode consumer = null;
            for (JsonNode check : new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).path("checks")) {
                if (check.path("name").asText().equals("consumer:ingest-s3-events")) {
                    consumer = check;
                }
            }
            assertTrue(consumer != null && consumer.path("status").asText().equals("UP"), answer.body());
            assertEquals("waiting in its first long poll of the queue", consumer.path("message").asText(), answer.body());
        } finally {
            replica.close();
        }
    }

    @Test
    @Order(1)
    void notificationsAsS3WritesThemAreProcessedOnceByCompetingReplicas() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            // spaces, carets, a plus sign and non-ASCII: each encoded differently in notifications
            keys.add("events/Doe^John " + i + "/Müller+scan " + i + ".dcm");
        }
        for (int i = 0; i < keys.size(); i++) {
            first.putRaw(keys.get(i), SyntheticCt.image(6000 + i, 1, 64, 64, 1).write(dir.resolve("ev" + i + ".dcm")));
        }
        send("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"" + Instant.now()
                + "\",\"Bucket\":\"raw\",\"RequestId\":\"5582815E1AEA5ADF\",\"HostId\":\"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3e\"}");
        send(notification(record("some-other-bucket", "elsewhere/x.dcm", 10)));
        send("this is not an S3 notification");
        // two objects in one message, the rest one per message
        send(notification(record("raw", keys.get(0), 1), record("raw", keys.get(1), 1)));
        for (int i = 2; i < keys.size(); i++) {
            send(notification(record("raw", keys.get(i), 1)));
        }

        PipelineHarness.await(Duration.ofSeconds(180), "every object published",
                () -> first.auditCount("published") == keys.size());
        PipelineHarness.await(Duration.ofSeconds(30), "the queue to empty", () -> messagesInQueue() == 0);
        assertTrue(first.keys("raw").isEmpty(), first.keys("raw").toString());
        for (String key : keys) {
            List<JsonNode> events = first.auditEventsOf(key);
            assertEquals(List.of("received", "published"), events.stream().map(e -> e.path("outcome").asText()).toList(), key);
            assertEquals("sqs", events.get(0).path("source").path("kind").asText());
        }
        assertEquals(2L * keys.size(), first.auditEvents().size(), "test event, foreign bucket and garbage made no events");
        double byFirst = published(first);
        double bySecond = published(second);
        assertEquals(keys.size(), byFirst + bySecond, "each object once, whichever replica took it");
        System.out.printf("competing consumers: first replica published %.0f, second %.0f%n", byFirst, bySecond);
        assertTrue(byFirst > 0 && bySecond > 0, "both replicas took work: " + byFirst + " / " + bySecond);
        assertFalse(logs.text().contains("Doe^John") || logs.text().contains("Doe%5EJohn") || logs.text().contains("M%C3%BCller"),
                "a raw key in the logs");
    }

    @Test
    @Order(2)
    void aMessageWhoseObjectFailedIsNotDeleted() throws Exception {
        // Only the second replica consumes, and its S3 is a relay that is cut: the fetch fails for good.
        first.app().camelContext().getRouteController().stopRoute("ingest-s3-events");
        second.app().camelContext().getRouteController().stopRoute("ingest-s3-events");
        String key = "events/failing/Roe^Jane.dcm";
        first.putRaw(key, SyntheticCt.image(6100, 1, 16, 16, 1).write(dir.resolve("fail.dcm")));
        try (TcpProxy cut = new TcpProxy(first.s3Endpoint().getPort());
             PipelineHarness third = PipelineHarness.startAws(dir.resolve("third"), URI.create("http://127.0.0.1:" + cut.port()),
                     first.sqsEndpoint(), first.app().settings().get("mip.local.access-key"),
                     first.app().settings().get("mip.local.secret-key"), Map.of("mip.retry.maximum-redeliveries", "1"))) {
            cut.cut();
            send(notification(record("raw", key, 1)));
            PipelineHarness.await(Duration.ofSeconds(60), "the failed event",
                    () -> first.auditEvents().stream().anyMatch(e -> "failed".equals(e.path("outcome").asText())));
            Thread.sleep(2000); // the consumer has had time to delete it, were it going to
            assertEquals(1, messagesInQueue(), "the message of a failed object must stay (in flight) for a retry");
            assertTrue(first.keys("raw").contains(key), "the raw object stays");
            JsonNode failed = first.auditEvents().stream().filter(e -> "failed".equals(e.path("outcome").asText())).findFirst()
                    .orElseThrow();
            assertEquals("TRANSIENT_FAILURE", failed.path("reasonCode").asText(), failed.toString());
        }
        first.app().aws().sqs().purgeQueue(b -> b.queueUrl(queue));
    }
}
