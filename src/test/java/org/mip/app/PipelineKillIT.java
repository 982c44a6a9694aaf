package org.mip.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The packaged jar killed with SIGKILL in the middle of a batch (its embedded S3 and SQS die with
 * it), then restarted on the same data folder: every input ends in processed or quarantine exactly
 * once, the raw bucket empties, no work file is left behind, the audit trail accounts for every
 * input, and the processed and quarantined objects are the same keys and bytes as those of a clean
 * run of the same inputs with the same key.
 */
class PipelineKillIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The de-identification key of every run (the same as PipelineHarness.TEST_KEY), in hex. */
    private static final int MARKERS = 20;
    private static final String KEY_HEX = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";

    /** One run of the jar on a data folder, on free ports, logging to a file. */
    private static final class Pipeline implements AutoCloseable {
        final Path data;
        final Path log;
        final Process process;
        final int s3Port = PipelineHarness.freePort();
        final int sqsPort = PipelineHarness.freePort();
        final S3Client s3;
        final SqsClient sqs;

        Pipeline(Path jar, Path data, Path log) throws IOException {
            this.data = data;
            this.log = log;
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-jar", jar.toString(), "run",
                    "--data-dir", data.toString()));
            Map<String, String> settings = Map.of(
                    "mip.routes-dir", Path.of("routes").toAbsolutePath().toString(),
                    "mip.routes-reload", "false",
                    "mip.local.s3-port", String.valueOf(s3Port),
                    "mip.local.sqs-port", String.valueOf(sqsPort),
                    "mip.local.sftp-port", String.valueOf(PipelineHarness.freePort()),
                    "mip.http.port", String.valueOf(PipelineHarness.freePort()),
                    "mip.management.port", String.valueOf(PipelineHarness.freePort()),
                    "mip.ingest.poll.delay-ms", "200",
                    "mip.retry.initial-delay-ms", "100",
                    "mip.retry.maximum-delay-ms", "1000");
            settings.forEach((k, v) -> {
                command.add("--set");
                command.add(k + "=" + v);
            });
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("MIP_"));
            pb.environment().put("MIP_DEID_KEY", KEY_HEX);
            process = pb.start();
            process.getOutputStream().close();
            var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("mip-local", "mip-local-secret"));
            s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(creds)
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                    .endpointOverride(URI.create("http://127.0.0.1:" + s3Port)).build();
            sqs = SqsClient.builder().region(Region.US_EAST_1).credentialsProvider(creds)
                    .endpointOverride(URI.create("http://127.0.0.1:" + sqsPort)).build();
            PipelineHarness.await(Duration.ofSeconds(180), "the pipeline to start (log " + log + ")", () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the pipeline exited with " + process.exitValue() + ": " + tail());
                }
                return tail().contains(" is running (");
            });
        }

        String tail() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        List<String> keys(String bucket) {
            List<String> keys = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
                keys.add(o.key());
            }
            return keys;
        }

        Map<String, byte[]> contents(String bucket) {
            Map<String, byte[]> out = new TreeMap<>();
            for (String key : keys(bucket)) {
                out.put(key, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
            }
            return out;
        }

        /** Reads (and deletes) every audit event in the queue. */
        List<JsonNode> drainAudit(List<JsonNode> into) {
            String url = "http://127.0.0.1:" + sqsPort + "/000000000000/audit";
            while (true) {
                List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
                if (batch.isEmpty()) {
                    return into;
                }
                for (Message m : batch) {
                    try {
                        into.add(JSON.readTree(m.body()));
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                }
            }
        }

        void upload(List<FaultCorpus.Input> inputs) {
            for (FaultCorpus.Input in : inputs) {
                s3.putObject(b -> b.bucket("raw").key(in.key()), RequestBody.fromFile(in.file()));
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, embedded S3/SQS die too
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }

        List<JsonNode> settle(List<FaultCorpus.Input> inputs) {
            List<JsonNode> audit = new ArrayList<>();
            try {
                PipelineHarness.await(Duration.ofSeconds(240), "every input settled (log " + log + ")",
                        () -> keys("raw").isEmpty() && Accounting.settled(inputs, drainAudit(audit)));
            } catch (AssertionError e) {
                List<String> unsettled = inputs.stream().filter(in -> !Accounting.settled(List.of(in), audit))
                        .map(in -> in.key() + " " + org.mip.pipeline.Hashing.sha256Hex(in.key()).substring(0, 12)).toList();
                throw new AssertionError(e.getMessage() + "; raw " + keys("raw") + "; without a terminal event: " + unsettled
                        + "; audit " + audit.size() + " events, " + audit.stream().filter(x -> x.has("marker")).count()
                        + " of the " + MARKERS + " messages sent just before the kill", e);
            }
            return audit;
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy(); // SIGTERM: the shutdown hook stops Camel and the servers
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            s3.close();
            sqs.close();
        }
    }

    private static List<Path> workFiles(Path data) throws IOException {
        Path work = data.resolve("work");
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(work)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void killedMidBatchAndRestartedEveryInputEndsOnceWithTheBytesOfACleanRun(@TempDir Path tmp) throws Exception {
        String jarPath = System.getProperty("mip.jar");
        Assumptions.assumeTrue(jarPath != null && Files.isRegularFile(Path.of(jarPath)), "packaged jar not built: " + jarPath);
        Assumptions.assumeTrue(FaultCorpus.samplesPresent(), "samples not present");
        Path jar = Path.of(jarPath);
        List<FaultCorpus.Input> inputs = FaultCorpus.build(tmp.resolve("in"), "kill", 28, 12);
        Path data = tmp.resolve("data");
        // the runs' logs stay in target/kill-it for a look after a failure
        Path logs = Files.createDirectories(jar.toAbsolutePath().getParent().resolve("kill-it"));
        Path log = logs.resolve("killed-run.log");

        long t0 = System.nanoTime();
        int rawAtKill;
        int doneAtKill;
        try (Pipeline first = new Pipeline(jar, data, log)) {
            long started = System.nanoTime();
            first.upload(inputs);
            PipelineHarness.await(Duration.ofSeconds(120), "the batch under way",
                    () -> first.keys("processed").size() + first.keys("quarantine").size() >= 8);
            // messages acknowledged just before the kill must survive it, as with SQS itself
            for (int i = 0; i < MARKERS; i++) {
                int n = i;
                first.sqs.sendMessage(b -> b.queueUrl("http://127.0.0.1:" + first.sqsPort + "/000000000000/audit")
                        .messageBody("{\"marker\":" + n + "}"));
            }
            first.kill();
            System.out.printf("killed %d ms after the upload began (start took %d ms)%n",
                    (System.nanoTime() - started) / 1_000_000, (started - t0) / 1_000_000);
        }
        // what the kill left: look at the data folder without a server (S3Proxy's filesystem backend)
        try (Stream<Path> raw = Files.walk(data.resolve("s3").resolve("raw"))) {
            rawAtKill = (int) raw.filter(Files::isRegularFile).count();
        }
        try (Stream<Path> done = Files.walk(data.resolve("s3"))) {
            doneAtKill = (int) done.filter(Files::isRegularFile).filter(p -> !p.startsWith(data.resolve("s3").resolve("raw"))).count();
        }
        System.out.printf("at the kill: %d raw objects left, %d objects in processed and quarantine, %d work files%n",
                rawAtKill, doneAtKill, workFiles(data).size());
        assertTrue(rawAtKill > 0 && rawAtKill < inputs.size(), "killed mid-batch: " + rawAtKill + " of " + inputs.size() + " left");

        Map<String, byte[]> processed;
        Map<String, byte[]> quarantined;
        long t1 = System.nanoTime();
        try (Pipeline second = new Pipeline(jar, data, logs.resolve("restarted-run.log"))) {
            List<JsonNode> audit = second.settle(inputs);
            System.out.printf("restarted and settled in %d ms%n", (System.nanoTime() - t1) / 1_000_000);
            Thread.sleep(1000);
            second.drainAudit(audit);
            assertEquals(MARKERS, audit.stream().filter(e -> e.has("marker")).count(),
                    "SQS messages acknowledged just before the kill survive it");
            audit.removeIf(e -> e.has("marker"));
            Accounting.assertEveryInputOnce(inputs, second::keys, audit, false);
            assertEquals(List.of(), workFiles(data), "no work file left");
            processed = second.contents("processed");
            quarantined = second.contents("quarantine");
            long duplicates = audit.stream().filter(e -> "published".equals(e.path("outcome").asText())
                    || "quarantined".equals(e.path("outcome").asText())).count() - inputs.size();
            long received = audit.stream().filter(e -> "received".equals(e.path("outcome").asText())).count() - inputs.size();
            System.out.printf("audit: %d events, %d received and %d terminal events more than inputs (work redone after the kill)%n",
                    audit.size(), received, duplicates);
        }

        // the same inputs, same key, a fresh data folder, no kill
        long t2 = System.nanoTime();
        try (Pipeline clean = new Pipeline(jar, tmp.resolve("clean"), logs.resolve("clean-run.log"))) {
            clean.upload(inputs);
            List<JsonNode> audit = clean.settle(inputs);
            Accounting.assertEveryInputOnce(inputs, clean::keys, audit, true);
            Map<String, byte[]> cleanProcessed = clean.contents("processed");
            assertEquals(cleanProcessed.keySet(), processed.keySet(), "the same processed keys");
            for (String key : processed.keySet()) {
                assertTrue(java.util.Arrays.equals(cleanProcessed.get(key), processed.get(key)), "the same bytes: " + key);
            }
            Map<String, byte[]> cleanQuarantined = clean.contents("quarantine");
            assertEquals(cleanQuarantined.keySet(), quarantined.keySet(), "the same quarantine keys");
            for (String key : quarantined.keySet()) {
                if (!key.endsWith(".reason.json")) { // the reason carries its correlation id and time
                    assertTrue(java.util.Arrays.equals(cleanQuarantined.get(key), quarantined.get(key)), "the same bytes: " + key);
                }
            }
            System.out.printf("clean run in %d ms%n", (System.nanoTime() - t2) / 1_000_000);
        }
        assertFalse(processed.isEmpty());
    }
}
