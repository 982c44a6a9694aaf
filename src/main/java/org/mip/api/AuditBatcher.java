package org.mip.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * Sends the REST API's {@code link-signed} audit events to the SQS audit queue, gathering the events
 * of concurrent requests. A request ({@link #sendAll}) waits until SQS has answered for each of its
 * events: it gets its links only when every event is stored in the queue, and a 503
 * ({@link ApiProblem}) when any is not. So no link is answered without its event, whatever happens
 * after: nothing waits in memory once a response has left.
 * <p>
 * A sender takes what is waiting, waits at most the linger for more, and sends it in as few requests
 * as SQS allows: events waiting together share a message, a <em>pack</em>
 * {@code {"schemaVersion":1,"events":[...]}} of up to {@code eventsPerMessage} events and
 * {@link #MESSAGE_BYTES} (an event alone is its message, as it is); up to {@link #MAX_BATCH} messages
 * go in one SendMessageBatch. Why packs: the embedded queue's work is per message, most of a signed
 * link's cost before (docs/BENCHMARKS.md, "Download links"), and SQS bills per request and 64 KB.
 * Several senders run at once so that a slow send does not hold the others. {@link #close} sends
 * what is waiting before it returns (the application closes it after the HTTP server has stopped).
 */
public final class AuditBatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditBatcher.class);
    /** SQS's most messages per SendMessageBatch. */
    public static final int MAX_BATCH = 10;
    /** SQS's most bytes in one SendMessageBatch (all its messages together). */
    static final int MAX_BATCH_BYTES = 256 * 1024;
    /** The most bytes of a pack: what SQS bills as one request. */
    static final int MESSAGE_BYTES = 64 * 1024;
    /** The pack's own schema; its events carry theirs. */
    static final String PACK_HEAD = "{\"schemaVersion\":1,\"events\":[";
    private static final String PACK_TAIL = "]}";
    /** A request gives up waiting for its events after this (its events may still arrive: an event without a link, never the reverse). */
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final SqsClient sqs;
    private final String queueName;
    private final String ownerAccount;
    private final long lingerNanos;
    private final int eventsPerMessage;
    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final List<Thread> senders = new ArrayList<>();
    private volatile String queueUrl;
    private volatile boolean closing;
    /** SendMessageBatch calls, messages and events sent (for tests and benchmarks). */
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    private record Pending(String body, int bytes, CompletableFuture<Void> done) {
    }

    /** The events of one SQS message: its body and what it counts against SQS's limits. */
    private record Message(List<Pending> events, String body, int bytes) {
    }

    /**
     * @param queueName        the audit queue's name, resolved to its URL (GetQueueUrl, as the aws2-sqs
     *                         endpoints do) at the first send; ownerAccount its account, or null
     * @param linger           how long a sender waits for more events before it sends what it has
     * @param parallel         senders running at once
     * @param eventsPerMessage the most events packed in one message; 1: one event per message
     */
    public AuditBatcher(SqsClient sqs, String queueName, String ownerAccount, Duration linger, int parallel, int eventsPerMessage) {
        this.sqs = sqs;
        this.queueName = queueName;
        this.ownerAccount = ownerAccount == null || ownerAccount.isBlank() ? null : ownerAccount;
        this.lingerNanos = linger.toNanos();
        this.eventsPerMessage = Math.max(1, eventsPerMessage);
        for (int i = 0; i < parallel; i++) {
            Thread t = new Thread(this::sendLoop, "mip-audit-batch-" + (i + 1));
            t.setDaemon(true);
            senders.add(t);
            t.start();
        }
    }

    /**
     * Queues {@code bodies} (each one event, JSON on one line) and returns once SQS has stored every
     * one of them; throws a 503 {@link ApiProblem} when any could not be (the queue is down, refused
     * it, or the wait ran out).
     */
    public void sendAll(List<String> bodies) {
        if (bodies.isEmpty()) {
            return;
        }
        List<CompletableFuture<Void>> done = new ArrayList<>(bodies.size());
        for (String body : bodies) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            if (closing) {
                throw ApiProblem.unavailable("the service is stopping; no link was handed out", 1);
            }
            waiting.add(new Pending(body, utf8Length(body), f));
            done.add(f);
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable();
        }
    }

    private static ApiProblem unavailable() {
        return ApiProblem.unavailable("the audit destination cannot be reached now; no link was handed out", 5);
    }

    private void sendLoop() {
        List<Pending> batch = new ArrayList<>();
        int most = MAX_BATCH * eventsPerMessage;
        while (true) {
            try {
                Pending first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                long bytes = first.bytes();
                long deadline = System.nanoTime() + lingerNanos;
                while (batch.size() < most && bytes < MAX_BATCH_BYTES && !closing) {
                    Pending next = waiting.poll();
                    if (next == null) {
                        long left = deadline - System.nanoTime();
                        next = left <= 0 ? null : waiting.poll(left, TimeUnit.NANOSECONDS);
                        if (next == null) {
                            break;
                        }
                    }
                    batch.add(next);
                    bytes += next.bytes();
                }
                send(batch);
            } catch (InterruptedException e) {
                fail(batch, e);
                return;
            } catch (RuntimeException e) {
                fail(batch, e);
            }
            batch.clear();
        }
    }

    /** Sends {@code batch} in packs, in as few SendMessageBatch calls as SQS's limits allow. */
    private void send(List<Pending> batch) {
        List<Message> call = new ArrayList<>(MAX_BATCH);
        int callBytes = 0;
        for (Message m : pack(batch)) {
            if (!call.isEmpty() && (call.size() == MAX_BATCH || callBytes + m.bytes() > MAX_BATCH_BYTES)) {
                sendBatch(call);
                call = new ArrayList<>(MAX_BATCH);
                callBytes = 0;
            }
            call.add(m);
            callBytes += m.bytes();
        }
        sendBatch(call);
    }

    /** Groups the events, in order, into messages of at most eventsPerMessage events and MESSAGE_BYTES. */
    private List<Message> pack(List<Pending> batch) {
        List<Message> out = new ArrayList<>();
        List<Pending> events = new ArrayList<>();
        int bytes = PACK_HEAD.length() + PACK_TAIL.length();
        for (Pending p : batch) {
            if (!events.isEmpty() && (events.size() == eventsPerMessage || bytes + 1 + p.bytes() > MESSAGE_BYTES)) {
                out.add(message(events));
                events = new ArrayList<>();
                bytes = PACK_HEAD.length() + PACK_TAIL.length();
            }
            events.add(p);
            bytes += 1 + p.bytes();
        }
        if (!events.isEmpty()) {
            out.add(message(events));
        }
        return out;
    }

    private static Message message(List<Pending> events) {
        if (events.size() == 1) {
            return new Message(events, events.get(0).body(), events.get(0).bytes());
        }
        StringBuilder body = new StringBuilder(PACK_HEAD);
        int bytes = PACK_HEAD.length() + PACK_TAIL.length();
        for (int i = 0; i < events.size(); i++) {
            body.append(i == 0 ? "" : ",").append(events.get(i).body());
            bytes += (i == 0 ? 0 : 1) + events.get(i).bytes();
        }
        return new Message(events, body.append(PACK_TAIL).toString(), bytes);
    }

    private void sendBatch(List<Message> call) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(call.size());
        for (int i = 0; i < call.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(i)).messageBody(call.get(i).body()).build());
        }
        SendMessageBatchResponse r;
        try {
            r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl()).entries(entries));
        } catch (SdkException e) {
            int events = call.stream().mapToInt(m -> m.events().size()).sum();
            LOG.warn("{} audit events could not be sent to the audit queue: {}", events, e.getMessage());
            call.forEach(m -> fail(m.events(), e));
            return;
        }
        batches.incrementAndGet();
        for (SendMessageBatchResultEntry ok : r.successful()) {
            Message m = call.get(Integer.parseInt(ok.id()));
            m.events().forEach(p -> p.done().complete(null));
            messages.incrementAndGet();
            sent.addAndGet(m.events().size());
        }
        for (BatchResultErrorEntry no : r.failed()) {
            Message m = call.get(Integer.parseInt(no.id()));
            LOG.warn("a message of {} audit events was refused by the audit queue: {} ({})", m.events().size(), no.code(),
                    no.senderFault() ? "sender fault" : "server fault");
            fail(m.events(), new IllegalStateException(no.code()));
        }
    }

    /** The UTF-8 length of {@code s}, or a little more (a surrogate pair counts 6, not 4): what SQS counts. */
    static int utf8Length(String s) {
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                n += c < 0x800 ? 1 : 2;
            }
        }
        return n;
    }

    private String queueUrl() {
        String url = queueUrl;
        if (url == null) {
            url = sqs.getQueueUrl(b -> b.queueName(queueName).queueOwnerAWSAccountId(ownerAccount)).queueUrl();
            queueUrl = url;
        }
        return url;
    }

    private static void fail(List<Pending> batch, Throwable e) {
        for (Pending p : batch) {
            p.done().completeExceptionally(e);
        }
    }

    /** SendMessageBatch calls answered so far. */
    public long batches() {
        return batches.get();
    }

    /** Messages stored in the queue so far (an event alone, or a pack of them). */
    public long messages() {
        return messages.get();
    }

    /** Events stored in the queue so far. */
    public long sent() {
        return sent.get();
    }

    /** Sends every event waiting, then stops the senders; what could not be sent by then fails its request. */
    @Override
    public void close() {
        closing = true;
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        for (Thread t : senders) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<Pending> left = new ArrayList<>();
        waiting.drainTo(left);
        if (!left.isEmpty()) {
            LOG.warn("{} audit events were not sent before the stop: their requests get a 503 and no link", left.size());
            fail(left, new IllegalStateException("stopped"));
        }
    }
}
