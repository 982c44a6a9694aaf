package org.mip.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.util.function.ThrowingConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mip.pipeline.Headers;

/**
 * The failure semantics of docs/OPERATIONS.md, proven on the whole in-process pipeline (one start for
 * every scenario: starting is the slow part). The pipeline reaches the embedded S3 through a proxy
 * the test can take down; fault points woven into the routes let a scenario act at an exact moment
 * (e.g. S3 goes down as the n-th object is about to be published). Each scenario uses its own raw
 * keys and starts from empty buckets and an empty audit trail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineFaultTest {
    private Path dir;
    private FlakyTcpProxy proxy;
    private PipelineHarness h;
    /** What a scenario does at a fault point (before-publish, after-fetch, after-parse), if anything. */
    private final Map<String, ThrowingConsumer<Exchange, Exception>> faults = new ConcurrentHashMap<>();

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(FaultCorpus.samplesPresent(), "samples not present");
        dir = Files.createTempDirectory("mip-faults");
        int s3Port = PipelineHarness.freePort();
        proxy = new FlakyTcpProxy(s3Port);
        h = PipelineHarness.start(dir.resolve("data"), Map.of(
                "mip.local.s3-port", String.valueOf(s3Port),
                "mip.s3.endpoint", "http://127.0.0.1:" + proxy.port(),
                // back-off 100, 200, 400, 800, 1000, 1000 ms: 3.5 s of redelivery (plus the SDK's own retries)
                "mip.retry.maximum-redeliveries", "6",
                // S3 event notifications too (sent by the tests: S3Proxy sends none), beside the poller
                "mip.ingest.events.enabled", "true"));
        h.advise("publish", a -> a.weaveAddFirst().process(x -> fault("before-publish", x)));
        h.advise("process", a -> {
            a.weaveByToString(".*fetchRawObject.*").after().process(x -> fault("after-fetch", x));
            a.weaveByToString(".*parseDicom.*").after().process(x -> fault("after-parse", x));
            a.weaveByToString(".*direct:publish.*").after().process(x -> fault("after-publish", x));
        });
    }

    private void fault(String point, Exchange x) throws Exception {
        ThrowingConsumer<Exchange, Exception> f = faults.get(point);
        if (f != null) {
            f.accept(x);
        }
    }

    /** What /observe/metrics serves: the Prometheus names operators alarm on. */
    private String scrape() {
        return h.app().camelContext().getRegistry()
                .findByType(io.micrometer.prometheusmetrics.PrometheusMeterRegistry.class).iterator().next().scrape();
    }

    private static String rawKey(Exchange x) {
        return x.getIn().getHeader(Headers.RAW_KEY, String.class);
    }

    @AfterEach
    void reset() {
        faults.clear();
        proxy.up();
        PipelineHarness.await(Duration.ofSeconds(60), "nothing in flight", () -> h.app().metrics().inFlight() == 0);
        h.emptyBucket("raw");
        h.emptyBucket("processed");
        h.emptyBucket("quarantine");
        h.clearAudit();
    }

    @AfterAll
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private List<FaultCorpus.Input> upload(String tag, int good, int broken) throws Exception {
        List<FaultCorpus.Input> inputs = FaultCorpus.build(dir.resolve(tag), tag, good, broken);
        inputs.forEach(in -> h.putRawDirect(in.key(), in.file()));
        return inputs;
    }

    private void awaitSettled(List<FaultCorpus.Input> inputs, Duration timeout) {
        try {
            PipelineHarness.await(timeout, "the inputs settled",
                    () -> h.directKeys("raw").isEmpty() && Accounting.settled(inputs, h.auditEvents()));
        } catch (AssertionError e) {
            // say what is missing, so a failure on a loaded CI machine can be told from a stall
            throw new AssertionError(e.getMessage() + "; raw still holds " + h.directKeys("raw")
                    + "; in flight " + h.app().metrics().inFlight() + "; outcomes so far "
                    + h.auditEvents().stream().map(x -> x.path("outcome").asText())
                            .collect(java.util.stream.Collectors.groupingBy(o -> o, java.util.stream.Collectors.counting())), e);
        }
    }

    @Test
    void s3UnreachableForAWhileIsRedeliveredThenResumedByThePoller() throws Exception {
        AtomicInteger publishing = new AtomicInteger();
        int[] outageAt = {3};
        long[] outageMillis = {2500};
        faults.put("before-publish", x -> {
            if (publishing.incrementAndGet() == outageAt[0]) {
                proxy.down();
                CompletableFuture.runAsync(proxy::up, CompletableFuture.delayedExecutor(outageMillis[0], TimeUnit.MILLISECONDS));
            }
        });

        // 1. 2.5 s without S3 from the third publish on, other objects in every stage: redelivery rides it out
        long t0 = System.nanoTime();
        List<FaultCorpus.Input> first = upload("short", 16, 4);
        awaitSettled(first, Duration.ofSeconds(120));
        System.out.printf("short outage: %d inputs settled in %d ms%n", first.size(), (System.nanoTime() - t0) / 1_000_000);
        Thread.sleep(500); // a late duplicate would show up now
        Accounting.assertEveryInputOnce(first, h::directKeys, h.auditEvents(), true);
        assertTrue(proxy.refused() > 0, "the outage was felt");
        assertTrue(h.counter("mip.redeliveries") > 0, "steps were redelivered");
        assertEquals(0, h.auditCount("failed"), "no attempt exhausted in a short outage");

        // 2. 8 s without S3 from the second publish of the next batch on: redeliveries run out, "failed"
        //    events, inputs stay in raw, and the poller takes them again once S3 is back
        publishing.set(0);
        outageAt[0] = 2;
        outageMillis[0] = 8000;
        t0 = System.nanoTime();
        List<FaultCorpus.Input> second = upload("long", 8, 2);
        PipelineHarness.await(Duration.ofSeconds(30), "a failed event", () -> h.auditCount("failed") >= 1);
        assertFalse(h.directKeys("raw").isEmpty(), "inputs stay in raw while S3 is down");
        List<FaultCorpus.Input> all = new ArrayList<>(first);
        all.addAll(second);
        awaitSettled(all, Duration.ofSeconds(120));
        System.out.printf("long outage: %d inputs settled in %d ms, %d failed events, %.0f redeliveries%n", second.size(),
                (System.nanoTime() - t0) / 1_000_000, h.auditCount("failed"), h.counter("mip.redeliveries"));
        Thread.sleep(500);
        Accounting.assertEveryInputOnce(all, h::directKeys, h.auditEvents(), false);
        for (JsonNode failed : Accounting.outcome(h.auditEvents(), "failed")) {
            assertEquals("TRANSIENT_FAILURE", failed.path("reasonCode").asText(), failed.toString());
        }
        String metrics = scrape();
        assertTrue(metrics.contains("mip_redeliveries_total{"), metrics);
        assertTrue(metrics.contains("mip_failures_total{"), metrics);
    }

    /** The aws2-s3 consumer's in-progress list (Camel 4.17) keeps an object being processed from being taken again. */
    @Test
    void anObjectInFlightIsNotTakenAgainByTheNextPoll() throws Exception {
        // publishing takes 3 s: the poller (every 200 ms here) lists the object fifteen times meanwhile
        faults.put("before-publish", x -> Thread.sleep(3000));
        List<FaultCorpus.Input> inputs = upload("slow", 1, 0);
        awaitSettled(inputs, Duration.ofSeconds(60));
        Thread.sleep(1000);
        Accounting.assertEveryInputOnce(inputs, h::directKeys, h.auditEvents(), true);
        assertEquals(1, h.auditCount("received"), "received once: " + h.auditEvents());
    }

    @Test
    void quarantineBucketUnreachableIsRedeliveredThenFailedAndQuarantinedOnceItIsBack() throws Exception {
        String quarantine = h.bucket("quarantine");
        h.directS3().deleteBucket(b -> b.bucket(quarantine));
        List<FaultCorpus.Input> inputs;
        try {
            inputs = upload("qdown", 1, 1);
            FaultCorpus.Input broken = inputs.stream().filter(in -> !in.good()).findFirst().orElseThrow();
            String hash = org.mip.pipeline.Hashing.sha256Hex(broken.key());
            PipelineHarness.await(Duration.ofSeconds(60), "a failed event for the broken input",
                    () -> Accounting.outcome(h.auditEvents(), "failed").stream()
                            .anyMatch(e -> hash.equals(e.path("source").path("keySha256").asText())));
            JsonNode failed = Accounting.outcome(h.auditEvents(), "failed").get(0);
            assertEquals("TRANSIENT_FAILURE", failed.path("reasonCode").asText());
            assertEquals("quarantine", failed.path("stage").asText(), failed.toString());
            assertTrue(h.counter("mip.redeliveries", "stage", "quarantine") > 0, "the quarantine was redelivered");
            Thread.sleep(3000);
            assertTrue(h.directKeys("raw").contains(broken.key()), "the broken input stays in raw");
            long receives = h.auditEvents().stream().filter(e -> "received".equals(e.path("outcome").asText())
                    && hash.equals(e.path("source").path("keySha256").asText())).count();
            assertTrue(receives <= 4, "retried with back-off, not in a tight loop: " + receives + " attempts");
        } finally {
            h.directS3().createBucket(b -> b.bucket(quarantine));
        }
        awaitSettled(inputs, Duration.ofSeconds(60));
        Thread.sleep(500);
        Accounting.assertEveryInputOnce(inputs, h::directKeys, h.auditEvents(), true);
    }

    private String auditQueueUrl() {
        return h.app().local().queueUrl(h.app().settings().get("mip.audit.queue")).toString();
    }

    private void deleteAuditQueue() {
        h.app().aws().sqs().deleteQueue(b -> b.queueUrl(auditQueueUrl()));
    }

    private void recreateAuditQueue() {
        h.app().aws().sqs().createQueue(b -> b.queueName(h.app().settings().get("mip.audit.queue")));
    }

    /**
     * The audit destination down from the start: the "received" event cannot be sent, so nothing is
     * processed at all (nothing published, nothing quarantined, inputs kept); once it is back,
     * everything goes through, each input once.
     */
    @Test
    void auditDownBlocksProcessingUntilItIsBack() throws Exception {
        double auditFailures = h.counter("mip.audit.failures");
        double failures = h.counter("mip.failures");
        deleteAuditQueue();
        List<FaultCorpus.Input> inputs;
        try {
            inputs = upload("auditdown", 2, 1);
            PipelineHarness.await(Duration.ofSeconds(60), "attempts exhausted for every input",
                    () -> h.counter("mip.failures") - failures >= 3);
            assertEquals(List.of(), h.directKeys("processed"), "nothing published without its audit event");
            assertEquals(List.of(), h.directKeys("quarantine"), "nothing quarantined without its audit event");
            assertEquals(3, h.directKeys("raw").size(), "the inputs stay in raw");
            assertTrue(h.counter("mip.audit.failures") - auditFailures >= 3, "audit failures counted");
            var sqsReadiness = org.apache.camel.health.HealthCheckHelper.invokeReadiness(h.app().camelContext()).stream()
                    .filter(r -> "sqs".equals(r.getCheck().getId())).findFirst().orElseThrow();
            assertEquals(org.apache.camel.health.HealthCheck.State.DOWN, sqsReadiness.getState(), "readiness says so");
        } finally {
            recreateAuditQueue();
        }
        awaitSettled(inputs, Duration.ofSeconds(60));
        Thread.sleep(500);
        Accounting.assertEveryInputOnce(inputs, h::directKeys, h.auditEvents(), true);
    }

    /**
     * The audit destination goes down between publishing and the "published" event: after every
     * redelivery the published objects are removed again (nothing published without its audit event)
     * and the raw object stays; once the audit is back, it is published and audited.
     */
    @Test
    void publishedEventUnsentTakesThePublicationBackAndRetriesLater() throws Exception {
        double unpublished = h.counter("mip.unpublished");
        List<String> seenPublished = new ArrayList<>();
        AtomicInteger once = new AtomicInteger();
        faults.put("after-publish", x -> {
            if (once.getAndIncrement() == 0) {
                h.auditEvents(); // keep the "received" event before the queue goes
                seenPublished.addAll(h.directKeys("processed"));
                deleteAuditQueue();
            }
        });
        List<FaultCorpus.Input> inputs;
        try {
            inputs = upload("auditpub", 1, 0);
            PipelineHarness.await(Duration.ofSeconds(60), "the publication taken back",
                    () -> h.counter("mip.unpublished") - unpublished >= 1);
            assertEquals(2, seenPublished.size(), "it was published (object and sidecar): " + seenPublished);
            assertEquals(List.of(), h.directKeys("processed"), "and taken back");
            assertEquals(List.of(inputs.get(0).key()), h.directKeys("raw"), "the input stays in raw");
            Thread.sleep(2000); // later attempts stop at the "received" event
            assertEquals(List.of(), h.directKeys("processed"), "nothing published while the audit is down");
        } finally {
            recreateAuditQueue();
        }
        awaitSettled(inputs, Duration.ofSeconds(60));
        Thread.sleep(500);
        Accounting.assertEveryInputOnce(inputs, h::directKeys, h.auditEvents(), true);
        assertEquals(seenPublished.stream().sorted().toList(), h.directKeys("processed").stream().sorted().toList(),
                "published again under the same keys");
        String metrics = scrape();
        assertTrue(metrics.contains("mip_unpublished_total"), metrics);
        assertTrue(metrics.contains("mip_audit_failures_total"), metrics);
    }

    /**
     * A bug-like exception (not poison, not transient) while examining an input quarantines it as
     * INTERNAL_ERROR; the same kind of exception once publishing has begun is not the input's fault:
     * the publication is taken back and the input kept for a retry, never quarantined after publishing.
     */
    @Test
    void unexpectedErrorsQuarantineAsInternalErrorOrAreRetriedOncePublishingBegan() throws Exception {
        faults.put("after-parse", x -> {
            if (rawKey(x).endsWith("good-0.dcm")) {
                throw new IllegalStateException("a bug");
            }
        });
        AtomicInteger once = new AtomicInteger();
        faults.put("after-publish", x -> {
            if (rawKey(x).endsWith("good-1.dcm") && once.getAndIncrement() == 0) {
                throw new IllegalArgumentException("a bug after publishing");
            }
        });
        double unpublished = h.counter("mip.unpublished");
        List<FaultCorpus.Input> inputs = upload("bug", 2, 0);
        FaultCorpus.Input buggy = inputs.get(0);
        FaultCorpus.Input late = inputs.get(1);
        PipelineHarness.await(Duration.ofSeconds(60), "the bug quarantined and the other published",
                () -> h.directKeys("raw").isEmpty() && h.auditCount("quarantined") == 1 && h.auditCount("published") == 1);
        Thread.sleep(500);
        List<JsonNode> audit = h.auditEvents();
        JsonNode q = Accounting.outcome(audit, "quarantined").get(0);
        assertEquals(org.mip.pipeline.Hashing.sha256Hex(buggy.key()), q.path("source").path("keySha256").asText());
        assertEquals("INTERNAL_ERROR", q.path("reasonCode").asText());
        assertEquals("parse", q.path("stage").asText());
        assertFalse(q.toString().contains("a bug"), "the exception's message stays in the logs: " + q);
        JsonNode failed = Accounting.outcome(audit, "failed").get(0);
        assertEquals(org.mip.pipeline.Hashing.sha256Hex(late.key()), failed.path("source").path("keySha256").asText());
        assertEquals(1, h.counter("mip.unpublished") - unpublished, "the first publication was taken back");
        // the quarantined input counts as broken from here on
        List<FaultCorpus.Input> expected = List.of(new FaultCorpus.Input(buggy.key(), buggy.file(), false), late);
        Accounting.assertEveryInputOnce(expected, h::directKeys, audit, true);
    }

    private String eventsQueueUrl() {
        return h.app().local().queueUrl(h.app().settings().get("mip.sqs.events-queue")).toString();
    }

    /** An S3 ObjectCreated notification as S3 sends it to SQS (key URL-encoded). */
    private void sendObjectCreated(String key) {
        String encoded = java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8);
        String body = "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"" + h.bucket("raw") + "\"},\"object\":{\"key\":\"" + encoded + "\",\"size\":1}}}]}";
        h.app().aws().sqs().sendMessage(b -> b.queueUrl(eventsQueueUrl()).messageBody(body));
    }

    private boolean eventsQueueDrained() {
        var attrs = h.app().aws().sqs().getQueueAttributes(b -> b.queueUrl(eventsQueueUrl()).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
        return "0".equals(attrs.get("ApproximateNumberOfMessages")) && "0".equals(attrs.get("ApproximateNumberOfMessagesNotVisible"));
    }

    /**
     * A duplicate S3 event for an object already processed finds it gone: the message is consumed
     * (not retried, not dead-lettered), nothing is published or audited again.
     */
    @Test
    void aDuplicateEventForAProcessedObjectFindsItGone() throws Exception {
        List<FaultCorpus.Input> inputs = upload("dupevent", 1, 1);
        awaitSettled(inputs, Duration.ofSeconds(60));
        List<String> processed = h.directKeys("processed");
        List<String> quarantine = h.directKeys("quarantine");
        int events = h.auditEvents().size();
        double gone = h.counter("mip.objects", "outcome", "gone");
        inputs.forEach(in -> sendObjectCreated(in.key()));
        PipelineHarness.await(Duration.ofSeconds(60), "both events consumed",
                () -> h.counter("mip.objects", "outcome", "gone") - gone >= 2 && eventsQueueDrained());
        Thread.sleep(500);
        assertEquals(events, h.auditEvents().size(), "no audit event for a gone object: " + h.auditEvents());
        assertEquals(processed, h.directKeys("processed"));
        assertEquals(quarantine, h.directKeys("quarantine"));
        Accounting.assertEveryInputOnce(inputs, h::directKeys, h.auditEvents(), true);
    }

    /**
     * The raw object deleted by someone else while it is processed: what was read is published
     * and audited as usual (the work file holds it), and letting go of the raw object is a no-op.
     */
    @Test
    void aRawObjectDeletedMidProcessingIsStillPublishedOnce() throws Exception {
        faults.put("after-fetch", x -> h.directS3().deleteObject(b -> b.bucket(h.bucket("raw")).key(rawKey(x))));
        List<FaultCorpus.Input> inputs = upload("deleted", 1, 1);
        awaitSettled(inputs, Duration.ofSeconds(60));
        Thread.sleep(500);
        Accounting.assertEveryInputOnce(inputs, h::directKeys, h.auditEvents(), true);
        assertEquals(0, h.auditCount("failed"));
    }

    /**
     * Uploads that S3 stored but whose answers were lost: the publish fails from the pipeline's view
     * although its objects are in the processed bucket. When the attempt is given up, they are taken
     * back like any unaudited publication (nothing published without its audit event), and the input
     * goes through once the answers come back.
     */
    @Test
    void aPublishWhoseAnswersAreLostIsTakenBack() throws Exception {
        AtomicInteger once = new AtomicInteger();
        faults.put("before-publish", x -> {
            if (once.getAndIncrement() == 0) {
                proxy.swallowResponses();
                CompletableFuture.runAsync(proxy::up, CompletableFuture.delayedExecutor(15, TimeUnit.SECONDS));
            }
        });
        List<FaultCorpus.Input> inputs = upload("lostanswer", 1, 0);
        PipelineHarness.await(Duration.ofSeconds(60), "a failed event", () -> h.auditCount("failed") >= 1);
        assertEquals(List.of(), h.directKeys("processed"), "nothing left published without its audit event");
        awaitSettled(inputs, Duration.ofSeconds(60));
        Thread.sleep(500);
        Accounting.assertEveryInputOnce(inputs, h::directKeys, h.auditEvents(), true);
    }
}
