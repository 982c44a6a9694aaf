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
 * Sends the REST API's {@code link-signed} audit events to the SQS audit queue in SendMessageBatch
 * calls of up to {@link #MAX_BATCH}, gathering the events of concurrent requests. A request
 * ({@link #sendAll}) waits until SQS has answered for each of its events: it gets its links only
 * when every event is stored in the queue, and a 503 ({@link ApiProblem}) when any is not. So no link
 * is answered without its event, whatever happens after: nothing waits in memory once a response has
 * left. A sender takes what is waiting, waits at most the linger for more (up to 10), sends; several
 * senders run at once so that a slow send does not hold the others. {@link #close} sends what is
 * waiting before it returns (the application closes it after the HTTP server has stopped).
 */
public final class AuditBatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditBatcher.class);
    /** SQS's most messages per SendMessageBatch. */
    public static final int MAX_BATCH = 10;
    /** A request gives up waiting for its events after this (its events may still arrive: an event without a link, never the reverse). */
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final SqsClient sqs;
    private final String queueName;
    private final String ownerAccount;
    private final long lingerNanos;
    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final List<Thread> senders = new ArrayList<>();
    private volatile String queueUrl;
    private volatile boolean closing;
    /** SendMessageBatch calls and events sent (for tests and benchmarks). */
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    private record Pending(String body, CompletableFuture<Void> done) {
    }

    /**
     * @param queueName the audit queue's name, resolved to its URL (GetQueueUrl, as the aws2-sqs
     *                  endpoints do) at the first send; ownerAccount its account, or null
     * @param linger    how long a sender waits for more events before it sends fewer than 10
     * @param parallel  senders running at once
     */
    public AuditBatcher(SqsClient sqs, String queueName, String ownerAccount, Duration linger, int parallel) {
        this.sqs = sqs;
        this.queueName = queueName;
        this.ownerAccount = ownerAccount == null || ownerAccount.isBlank() ? null : ownerAccount;
        this.lingerNanos = linger.toNanos();
        for (int i = 0; i < parallel; i++) {
            Thread t = new Thread(this::sendLoop, "mip-audit-batch-" + (i + 1));
            t.setDaemon(true);
            senders.add(t);
            t.start();
        }
    }

    /**
     * Queues {@code bodies} and returns once SQS has stored every one of them; throws a 503
     * {@link ApiProblem} when any could not be (the queue is down, refused it, or the wait ran out).
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
            waiting.add(new Pending(body, f));
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
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
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
                waiting.drainTo(batch, MAX_BATCH - batch.size());
                long deadline = System.nanoTime() + lingerNanos;
                while (batch.size() < MAX_BATCH && !closing) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    Pending next = waiting.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    waiting.drainTo(batch, MAX_BATCH - batch.size());
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

    private void send(List<Pending> batch) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(i)).messageBody(batch.get(i).body()).build());
        }
        SendMessageBatchResponse r;
        try {
            r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl()).entries(entries));
        } catch (SdkException e) {
            LOG.warn("{} audit events could not be sent to the audit queue: {}", batch.size(), e.getMessage());
            fail(batch, e);
            return;
        }
        batches.incrementAndGet();
        for (SendMessageBatchResultEntry ok : r.successful()) {
            batch.get(Integer.parseInt(ok.id())).done().complete(null);
            sent.incrementAndGet();
        }
        for (BatchResultErrorEntry no : r.failed()) {
            LOG.warn("an audit event was refused by the audit queue: {} ({})", no.code(), no.senderFault() ? "sender fault" : "server fault");
            batch.get(Integer.parseInt(no.id())).done().completeExceptionally(new IllegalStateException(no.code()));
        }
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
