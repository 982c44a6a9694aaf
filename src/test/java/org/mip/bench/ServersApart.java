package org.mip.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * S3 and SQS served by a {@code run} of their own, for {@link StartupBenchmark}'s {@code servers=apart}:
 * the measured {@code run} is then started in aws mode against them, as a replica that KEDA has just
 * scaled out meets S3 and SQS (served elsewhere, and warm). This run's own ingest is the events queue,
 * which nothing feeds, so it takes nothing from the raw bucket; its JVM serves the requests, and its CPU
 * is read apart from the measured one's.
 */
final class ServersApart implements AutoCloseable {
    private final LaunchedRun run;

    private ServersApart(LaunchedRun run) {
        this.run = run;
    }

    static ServersApart start(Path dir, String launcher) throws Exception {
        Map<String, String> only = new LinkedHashMap<>();
        only.put("mip.ingest.poll.enabled", "false");
        only.put("mip.ingest.sftp.enabled", "false");
        only.put("mip.ingest.events.enabled", "true");
        only.put("mip.routes-reload", "false");
        LaunchedRun run = LaunchedRun.start(dir, launcher, only, Map.of("MIP_CACHE_DIR", dir.resolve("cds-cache").toString()));
        long t0 = System.nanoTime();
        while (StartupBenchmark.status(run.management("/observe/health/ready")) != 200) {
            if (!run.process.isAlive() || System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(3)) {
                run.close();
                throw new IllegalStateException("the servers' run did not get ready: " + dir.resolve("run.log"));
            }
            Thread.sleep(50);
        }
        return new ServersApart(run);
    }

    String s3Endpoint() {
        return run.s3Endpoint();
    }

    /** The settings that point a run in aws mode at these servers, polling their raw bucket. */
    Map<String, String> pipelineSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("mip.mode", "aws");
        s.put("mip.s3.endpoint", run.s3Endpoint());
        s.put("mip.s3.path-style", "true");
        s.put("mip.s3.sse", "none");
        s.put("mip.sqs.endpoint", "http://127.0.0.1:" + run.sqsPort);
        s.put("mip.sqs.queue-owner-account-id", "000000000000");
        s.put("mip.ingest.poll.enabled", "true");
        s.put("mip.ingest.events.enabled", "false");
        s.put("mip.ingest.sftp.enabled", "false");
        s.put("mip.http.host", "127.0.0.1");
        return s;
    }

    /** The credentials the servers accept, and the development key their run made (aws mode makes none). */
    Map<String, String> pipelineEnv() {
        return Map.of("AWS_ACCESS_KEY_ID", "mip-local", "AWS_SECRET_ACCESS_KEY", "mip-local-secret", "AWS_REGION", "us-east-1",
                "MIP_DEID_KEY_FILE", run.dir.resolve("data/deid-dev.key").toString());
    }

    double cpuSeconds() {
        return StartupBenchmark.cpuSeconds(run.process);
    }

    @Override
    public void close() throws InterruptedException {
        run.close();
    }
}
