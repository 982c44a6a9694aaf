package org.mip.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mip.api.AuditBatcher;
import org.mip.api.Caller;
import org.mip.api.DownloadLinks;
import org.mip.api.LinkSigner;
import org.mip.local.LocalConfig;
import org.mip.local.LocalS3Server;
import org.mip.local.LocalSqsServer;
import org.mip.pipeline.AuditEvents;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The S3 and SQS work of one 100-key batch of one study, the way it was done before and the way it
 * is done now, alternated round by round in one JVM against the embedded S3Proxy and ElasticMQ, so
 * that the ratio holds however loaded the shared machine is (docs/BENCHMARKS.md, "Download links"):
 * <ul>
 * <li>before: 100 HEADs, 16 at a time, then 100 SendMessage one after the other (the old split over
 * the audit route);</li>
 * <li>per-link events (the way of 2026-12-05 to 12-06, signed as now): {@link DownloadLinks#sign} (one bounded ListObjectsV2 of
 * the study, and the signing), then {@link AuditBatcher#sendAll} of 100 link-signed events (10
 * SendMessageBatch calls);</li>
 * <li>now: {@link DownloadLinks#sign}, then the request's one links-signed event
 * ({@link AuditEvents#signed}).</li>
 * </ul>
 * No HTTP server, Camel or authentication: those are the same in both and measured by
 * SigningLoadBench. Prints each round and the medians.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test.cp) org.mip.bench.LinkBatchPathBench [rounds]
 * </pre>
 */
public final class LinkBatchPathBench {
    private LinkBatchPathBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Path dir = Files.createTempDirectory("mip-bench-batch");
        LocalConfig c = new LocalConfig(dir, "127.0.0.1", 0, 0, 0, "k", "s", "us-east-1", List.of("processed"), List.of("audit"),
                "u", "p");
        try (LocalS3Server s3Server = new LocalS3Server(c); LocalSqsServer sqsServer = new LocalSqsServer(c)) {
            s3Server.start();
            sqsServer.start();
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"));
            S3Configuration pathStyle = S3Configuration.builder().pathStyleAccessEnabled(true).build();
            S3Client s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(credentials).serviceConfiguration(pathStyle)
                    .endpointOverride(s3Server.endpoint()).build();
            S3Presigner presigner = S3Presigner.builder().region(Region.US_EAST_1).credentialsProvider(credentials)
                    .serviceConfiguration(pathStyle).endpointOverride(s3Server.endpoint()).build();
            SqsClient sqs = SqsClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials)
                    .endpointOverride(sqsServer.endpoint()).build();
            List<String> study = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String key = "PSTUDY/2.25.7/2.25.7" + (i % 4) + "/2.25.7" + (i % 4) + "0" + i + ".dcm";
                s3.putObject(b -> b.bucket("processed").key(key), RequestBody.fromBytes(new byte[4096]));
                study.add(key);
            }
            for (int i = 0; i < 400; i++) {
                String key = "PSTUDY/2.25.8/2.25.8" + (i % 4) + "/2.25.8" + (i % 4) + "0" + i + ".dcm";
                s3.putObject(b -> b.bucket("processed").key(key), RequestBody.fromBytes(new byte[4096]));
            }
            String queue = sqsServer.queueUrl("audit").toString();
            String event = "{\"schemaVersion\":1,\"eventId\":\"00000000-0000-4000-8000-000000000000\",\"time\":\"2026-12-05T23:00:00Z\","
                    + "\"outcome\":\"link-signed\",\"stage\":\"api\",\"correlationId\":\"00000000-0000-4000-8000-000000000001\","
                    + "\"caller\":{\"name\":\"local-dev\",\"kind\":\"api-key\"},\"link\":{\"bucket\":\"processed\",\"key\":\""
                    + study.get(0) + "\",\"expiresAt\":\"2026-12-05T23:10:00Z\",\"expiresInSeconds\":600},\"profile\":\"basic\","
                    + "\"product\":{\"name\":\"mip\",\"version\":\"1\"},\"keyFingerprint\":\"0123456789abcdef\"}";
            List<String> events = java.util.Collections.nCopies(100, event);
            ExecutorService heads = Executors.newFixedThreadPool(16);
            DownloadLinks links = new DownloadLinks(s3, LinkSigner.of(presigner, "processed", "us-east-1", credentials), "processed", 1000);
            Caller caller = new Caller("bench", Caller.Kind.API_KEY, List.of("*"));
            try (AuditBatcher batcher = new AuditBatcher(sqs, "audit", LocalSqsServer.ACCOUNT_ID, Duration.ofMillis(2), 4, 100)) {
                long[] before = new long[rounds];
                long[] perLink = new long[rounds];
                long[] after = new long[rounds];
                AuditEvents auditEvents = new AuditEvents("mip", "1", "basic", "0123456789abcdef", "processed", "quarantine", false);
                System.out.printf(Locale.ROOT, "%d rounds, 100 keys of one study (its patient has 400 more objects), %d processors%n",
                        rounds, Runtime.getRuntime().availableProcessors());
                for (int r = -3; r < rounds; r++) { // 3 warm-up rounds
                    long t0 = System.nanoTime();
                    List<Future<?>> f = new ArrayList<>();
                    for (String key : study) {
                        f.add(heads.submit(() -> s3.headObject(b -> b.bucket("processed").key(key))));
                    }
                    for (Future<?> x : f) {
                        x.get();
                    }
                    for (String e : events) {
                        sqs.sendMessage(b -> b.queueUrl(queue).messageBody(e));
                    }
                    long t1 = System.nanoTime();
                    if (links.sign(caller, study, Duration.ofMinutes(10)).stream().anyMatch(x -> !(x instanceof DownloadLinks.Signed))) {
                        throw new IllegalStateException("a key was not signed");
                    }
                    batcher.sendAll(events);
                    long t2 = System.nanoTime();
                    List<AuditEvents.Link> signed = new ArrayList<>();
                    for (DownloadLinks.Result x : links.sign(caller, study, Duration.ofMinutes(10))) {
                        if (!(x instanceof DownloadLinks.Signed l)) {
                            throw new IllegalStateException("a key was not signed");
                        }
                        signed.add(new AuditEvents.Link(l.key(), l.expiresAt().toString(), 600));
                    }
                    batcher.sendAll(List.of(auditEvents.signed("00000000-0000-4000-8000-000000000001",
                            new AuditEvents.SignedLinks("bench", "api-key", true, signed))));
                    long t3 = System.nanoTime();
                    if (r >= 0) {
                        before[r] = t1 - t0;
                        perLink[r] = t2 - t1;
                        after[r] = t3 - t2;
                        System.out.printf(Locale.ROOT, "round %d (load %s): before %.1f ms, per-link events %.1f ms, now %.1f ms%n", r + 1,
                                SigningLoadBench.load(), before[r] / 1e6, perLink[r] / 1e6, after[r] / 1e6);
                    }
                }
                double b = median(before);
                double p = median(perLink);
                double a = median(after);
                System.out.printf(Locale.ROOT, "median: before %.1f ms (%.0f keys/s), per-link events %.1f ms (%.0f keys/s), now %.1f ms"
                        + " (%.0f keys/s); now/before %.3f, now/per-link %.3f%n", b / 1e6, 100 / (b / 1e9), p / 1e6, 100 / (p / 1e9),
                        a / 1e6, 100 / (a / 1e9), a / b, a / p);
            }
            heads.shutdown();
            s3.close();
            presigner.close();
            sqs.close();
        }
        System.exit(0);
    }

    private static double median(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }
}
