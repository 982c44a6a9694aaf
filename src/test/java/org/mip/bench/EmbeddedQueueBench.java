package org.mip.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mip.local.LocalConfig;
import org.mip.local.LocalSqsServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * How many audit events per second the embedded queue stores, with nothing else in the JVM: the
 * ceiling of signed links in local mode, since a link is answered only once its event is stored
 * (docs/BENCHMARKS.md, "Download links"). ElasticMQ as {@link LocalSqsServer} configures it (H2
 * message store, {@code WRITE_DELAY=0}), events of the size of a {@code link-signed} event, sent
 * by T threads as SendMessage (1 per request) or SendMessageBatch (10 per request), R rounds each
 * (defaults: 2000 events, 4 threads, 3 rounds).
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test.cp) org.mip.bench.EmbeddedQueueBench [events] [threads] [rounds]
 * </pre>
 */
public final class EmbeddedQueueBench {
    private static final String EVENT = "{\"schemaVersion\":1,\"type\":\"link-signed\",\"time\":\"2026-12-06T02:50:00Z\","
            + "\"correlationId\":\"0f6c3a2e-8d1b-4b7e-9a51-3c2d1e0f9a88\",\"caller\":\"viewer\","
            + "\"key\":\"PAT-5VZNESFHNCMQ/2.25.1234567890123456789012345678901234/2.25.9876543210987654321098765432109876/"
            + "2.25.1122334455667788990011223344556677.dcm\",\"expiresAt\":\"2026-12-06T03:05:00Z\"}";

    private EmbeddedQueueBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = Files.createTempDirectory("mip-queue-bench");
        LocalConfig config = new LocalConfig(dir, "127.0.0.1", 0, 0, 0, "bench", "bench-secret", "us-east-1",
                List.of(), List.of("audit"), "bench", "bench", null);
        try (LocalSqsServer server = new LocalSqsServer(config);
             SqsClient sqs = SqsClient.builder().endpointOverride(startAndGet(server)).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench-secret")))
                     .httpClientBuilder(ApacheHttpClient.builder().maxConnections(threads * 2)).build()) {
            String url = server.queueUrl("audit").toString();
            System.out.printf(Locale.ROOT, "%d events per round, %d threads, %d rounds, %d processors%n", events, threads,
                    rounds, Runtime.getRuntime().availableProcessors());
            for (int round = 1; round <= rounds; round++) {
                for (int perRequest : new int[] {10, 1}) {
                    double seconds = send(sqs, url, events, threads, perRequest);
                    System.out.printf(Locale.ROOT, "round %d, %2d per request: %.2f s, %.0f events/s, load %s%n", round,
                            perRequest, seconds, events / seconds, SigningLoadBench.load());
                }
            }
        }
    }

    private static java.net.URI startAndGet(LocalSqsServer server) throws Exception {
        server.start();
        return server.endpoint();
    }

    private static double send(SqsClient sqs, String url, int events, int threads, int perRequest) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> jobs = new ArrayList<>();
            for (int r = 0; r < events / perRequest; r++) {
                jobs.add(pool.submit(() -> {
                    if (perRequest == 1) {
                        sqs.sendMessage(b -> b.queueUrl(url).messageBody(EVENT));
                        return null;
                    }
                    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                    for (int i = 0; i < perRequest; i++) {
                        entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(EVENT).build());
                    }
                    SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
                    if (!response.failed().isEmpty()) {
                        throw new IllegalStateException("the queue refused " + response.failed().size() + " events");
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }
}
