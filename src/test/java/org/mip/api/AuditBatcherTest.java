package org.mip.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.app.AuditMessages;
import org.mip.local.LocalConfig;
import org.mip.local.LocalSqsServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

/**
 * The link-signed events' batch sender against a real SQS server (the embedded ElasticMQ, which
 * stores every message in its H2 file): every event of concurrent requests arrives, in fewer
 * SendMessageBatch calls than events, none larger than 10 messages or 256 KB; packed, in fewer
 * messages than events, each within its event count and 64 KB, read back by the consumer's rule
 * (AuditMessages); a request waiting on a queue that is down gets a 503 (and so no link), and sends
 * again once the queue is back; closing sends what is waiting, so no request that returned has an
 * event missing.
 */
class AuditBatcherTest {
    static final String QUEUE = "audit";

    @TempDir
    Path dir;
    LocalSqsServer server;
    SqsClient sqs;
    AuditBatcher batcher;
    /** The entry count of every SendMessageBatch call made through {@link #sqs}. */
    final ConcurrentLinkedQueue<Integer> batchCalls = new ConcurrentLinkedQueue<>();
    /** The bytes of every SendMessageBatch call (all its messages). */
    final ConcurrentLinkedQueue<Integer> batchBytes = new ConcurrentLinkedQueue<>();

    void start(int port) throws Exception {
        server = new LocalSqsServer(new LocalConfig(dir, "127.0.0.1", 0, port, 0, "k", "s", "us-east-1", List.of(), List.of(QUEUE),
                "u", "p"));
        server.start();
    }

    /** A server, a client counting its SendMessageBatch calls, and the batcher under test. */
    void batcher(Duration linger, int senders, int eventsPerMessage) throws Exception {
        start(0);
        sqs = client();
        batcher = new AuditBatcher(sqs, QUEUE, LocalSqsServer.ACCOUNT_ID, linger, senders, eventsPerMessage);
    }

    /** Every SendMessageBatch call held at most 10 messages and 256 KB. */
    void assertCallsWithinSqsLimits() {
        assertTrue(batchCalls.stream().allMatch(n -> n >= 1 && n <= 10), batchCalls.toString());
        assertTrue(batchBytes.stream().allMatch(b -> b <= AuditBatcher.MAX_BATCH_BYTES), batchBytes.toString());
    }

    SqsClient client() {
        return SqsClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .endpointOverride(server.endpoint())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof SendMessageBatchRequest r) {
                            batchCalls.add(r.entries().size());
                            batchBytes.add(r.entries().stream().mapToInt(e -> e.messageBody().getBytes(StandardCharsets.UTF_8).length).sum());
                        }
                    }
                })).build();
    }

    @AfterEach
    void stop() {
        if (batcher != null) {
            batcher.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Every message body on the queue (received and deleted). */
    List<String> drain() {
        String url = server.queueUrl(QUEUE).toString();
        List<String> out = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return out;
            }
            for (Message m : batch) {
                out.add(m.body());
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }

    @Test
    void theEventsOfConcurrentRequestsAllArriveInFewerBatchCalls() throws Exception {
        batcher(Duration.ofMillis(5), 4, 1);
        ExecutorService clients = Executors.newFixedThreadPool(32);
        List<Future<?>> requests = new ArrayList<>();
        Set<String> sent = new HashSet<>();
        for (int r = 0; r < 64; r++) {
            List<String> events = new ArrayList<>();
            for (int e = 0; e < 1 + r % 3; e++) { // requests of 1, 2 or 3 links
                events.add("{\"request\":" + r + ",\"link\":" + e + "}");
            }
            sent.addAll(events);
            requests.add(clients.submit(() -> batcher.sendAll(events)));
        }
        for (Future<?> f : requests) {
            f.get(60, TimeUnit.SECONDS); // every request returned: its events are stored
        }
        clients.shutdown();
        assertEquals(sent, new HashSet<>(drain()), "every event arrived, once");
        assertEquals(sent.size(), batchCalls.stream().mapToInt(Integer::intValue).sum(), "no event sent twice: " + batchCalls);
        assertTrue(batchCalls.size() < sent.size() / 2, batchCalls.size() + " SendMessageBatch calls for " + sent.size() + " events");
        assertCallsWithinSqsLimits();
        assertEquals(batchCalls.size(), batcher.batches());
        assertEquals(sent.size(), batcher.sent());
    }

    @Test
    void aRequestWhoseQueueIsDownGetsA503AndTheNextOneGoesThroughOnceItIsBack() throws Exception {
        batcher(Duration.ofMillis(2), 2, 100); // packs, as by default: the two events below share one
        int port = server.port();
        batcher.sendAll(List.of("{\"before\":1}"));
        assertEquals(List.of("{\"before\":1}"), drain());

        server.close(); // the queue is down: connection refused
        long t0 = System.nanoTime();
        ApiProblem p = assertThrows(ApiProblem.class, () -> batcher.sendAll(List.of("{\"down\":1}", "{\"down\":2}")));
        assertEquals(503, p.status());
        assertTrue(p.detail().contains("no link was handed out"), p.detail());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30), "the request is answered, not held");

        start(port); // back, on the same port and message store
        batcher.sendAll(List.of("{\"after\":1}"));
        assertEquals(List.of("{\"after\":1}"), drain(), "the events of the failed request were not stored");
    }

    @Test
    void closingSendsWhatIsWaitingSoNoReturnedRequestMissesItsEvent() throws Exception {
        batcher(Duration.ofMillis(500), 1, 1); // a long linger: events wait in the batcher when close() comes
        ExecutorService clients = Executors.newFixedThreadPool(40);
        ConcurrentLinkedQueue<String> returned = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        CountDownLatch submitted = new CountDownLatch(40);
        for (int r = 0; r < 40; r++) {
            String event = "{\"request\":" + r + "}";
            clients.submit(() -> {
                submitted.countDown();
                try {
                    batcher.sendAll(List.of(event));
                    returned.add(event);
                } catch (ApiProblem e) {
                    refused.add(event);
                }
            });
        }
        submitted.await();
        Thread.sleep(50);
        batcher.close();
        clients.shutdown();
        assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS));
        assertEquals(40, returned.size() + refused.size());
        List<String> stored = drain();
        assertTrue(stored.containsAll(returned), "every request that returned has its event stored");
        assertFalse(returned.isEmpty(), "the waiting events were sent at close, not dropped");
        batcher = null;
    }

    /** Concurrent requests' events, packed: as many requests of 1 to 3 events of {@code eventBytes} each. */
    Set<String> sendConcurrently(int requests, int eventBytes) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(32);
        List<Future<?>> futures = new ArrayList<>();
        Set<String> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int r = 0; r < requests; r++) {
            List<String> events = new ArrayList<>();
            for (int e = 0; e < 1 + r % 3; e++) {
                String head = "{\"schemaVersion\":1,\"outcome\":\"link-signed\",\"request\":" + r + ",\"link\":" + e + ",\"pad\":\"";
                events.add(head + "é".repeat(Math.max(0, (eventBytes - head.length() - 2) / 2)) + "\"}");
            }
            sent.addAll(events);
            futures.add(clients.submit(() -> batcher.sendAll(events)));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        return sent;
    }

    /** Every event on the queue, unpacked as a consumer does; and checks each message's limits. */
    List<String> drainEvents(int eventsPerMessage) {
        List<String> events = new ArrayList<>();
        for (String body : drain()) {
            assertTrue(body.getBytes(StandardCharsets.UTF_8).length <= AuditBatcher.MESSAGE_BYTES || !body.startsWith(AuditBatcher.PACK_HEAD),
                    "a pack over 64 KB: " + body.length());
            List<com.fasterxml.jackson.databind.JsonNode> in = AuditMessages.events(body);
            assertTrue(in.size() <= eventsPerMessage, in.size() + " events in one message");
            in.forEach(e -> events.add(e.toString()));
        }
        return events;
    }

    /** The events as Jackson prints them, to compare with what a consumer read. */
    static Set<String> canonical(Set<String> events) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Set<String> out = new HashSet<>();
        for (String e : events) {
            out.add(json.readTree(e).toString());
        }
        return out;
    }

    @Test
    void concurrentEventsArePackedIntoFewerMessagesAndEachArrivesOnce() throws Exception {
        batcher(Duration.ofMillis(5), 4, 100);
        Set<String> sent = sendConcurrently(200, 600);
        List<String> got = drainEvents(100);
        assertEquals(sent.size(), got.size(), "no event twice, none missing");
        assertEquals(canonical(sent), new HashSet<>(got));
        assertEquals(sent.size(), batcher.sent());
        assertTrue(batcher.messages() < sent.size() / 4, batcher.messages() + " messages for " + sent.size() + " events");
        assertCallsWithinSqsLimits();
    }

    @Test
    void largeEventsFillSeveralMessagesAndCallsWithinSqsLimits() throws Exception {
        // a 100-link batch's event with the longest keys is about 55 KB: at most one of them per pack
        batcher(Duration.ofMillis(20), 1, 100);
        Set<String> sent = sendConcurrently(40, 40_000);
        assertEquals(canonical(sent), new HashSet<>(drainEvents(100)));
        assertEquals(sent.size(), batcher.messages(), "40 KB events do not share a 64 KB message");
        assertCallsWithinSqsLimits();
        assertTrue(batchCalls.stream().anyMatch(n -> n > 1), "several messages per call: " + batchCalls);
    }

    @Test
    void oneEventPerMessageWhenAsked() throws Exception {
        batcher(Duration.ofMillis(5), 4, 1);
        Set<String> sent = sendConcurrently(60, 300);
        List<String> bodies = drain();
        assertEquals(sent, new HashSet<>(bodies), "every message is one event, exactly as sent");
        assertEquals(sent.size(), bodies.size());
    }
}
