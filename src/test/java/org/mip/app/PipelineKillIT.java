package org.mip.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar killed with SIGKILL in the middle of a batch (its embedded S3 and SQS die with
 * it), then restarted on the same data folder: every input ends in processed or quarantine exactly
 * once, the raw bucket empties, no work file is left behind, the audit trail accounts for every
 * input, and the processed and quarantined objects are the same keys and bytes as those of a clean
 * run of the same inputs with the same key.
 */
class PipelineKillIT {
    private static final int MARKERS = 20;

    /**
     * One run of the jar on {@code workDir}/data, on free ports, logging to {@code log}, with the
     * project's routes and no live reload.
     */
    private static PipelineProcess start(Path jar, Path workDir, Path log) throws IOException {
        return new PipelineProcess(jar, workDir, log, Map.of("mip.routes-dir", Path.of("routes").toAbsolutePath().toString(),
                "mip.routes-reload", "false"), Map.of());
    }

    private static void upload(PipelineProcess p, List<FaultCorpus.Input> inputs) {
        for (FaultCorpus.Input in : inputs) {
            p.put(in.key(), in.file());
        }
    }

    /** Waits until raw is empty and every input has its terminal event; the audit events so far. */
    private static List<JsonNode> settle(PipelineProcess p, List<FaultCorpus.Input> inputs) {
        try {
            PipelineHarness.await(Duration.ofSeconds(240), "every input settled (log " + p.log + ")",
                    () -> p.keys("raw").isEmpty() && Accounting.settled(inputs, p.audit()));
        } catch (AssertionError e) {
            List<JsonNode> audit = p.audit();
            List<String> unsettled = inputs.stream().filter(in -> !Accounting.settled(List.of(in), audit))
                    .map(in -> in.key() + " " + org.mip.pipeline.Hashing.sha256Hex(in.key()).substring(0, 12)).toList();
            throw new AssertionError(e.getMessage() + "; raw " + p.keys("raw") + "; without a terminal event: " + unsettled
                    + "; audit " + audit.size() + " events, " + audit.stream().filter(x -> x.has("marker")).count()
                    + " of the " + MARKERS + " messages sent just before the kill", e);
        }
        return p.audit();
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
        Path data = tmp.resolve("data"); // start(jar, tmp, ...) runs on it
        // the runs' logs stay in target/kill-it for a look after a failure
        Path logs = Files.createDirectories(jar.toAbsolutePath().getParent().resolve("kill-it"));
        Path log = logs.resolve("killed-run.log");

        long t0 = System.nanoTime();
        int rawAtKill;
        int doneAtKill;
        try (PipelineProcess first = start(jar, tmp, log)) {
            long started = System.nanoTime();
            upload(first, inputs);
            PipelineHarness.await(Duration.ofSeconds(120), "the batch under way",
                    () -> first.keys("processed").size() + first.keys("quarantine").size() >= 8);
            // messages acknowledged just before the kill must survive it, as with SQS itself
            for (int i = 0; i < MARKERS; i++) {
                int n = i;
                first.sqs.sendMessage(b -> b.queueUrl(first.queueUrl("audit")).messageBody("{\"schemaVersion\":1,\"outcome\":\"test-marker\",\"marker\":" + n + "}"));
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
        try (PipelineProcess second = start(jar, tmp, logs.resolve("restarted-run.log"))) {
            settle(second, inputs);
            System.out.printf("restarted and settled in %d ms%n", (System.nanoTime() - t1) / 1_000_000);
            Thread.sleep(1000);
            List<JsonNode> audit = new ArrayList<>(second.audit());
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
        try (PipelineProcess clean = start(jar, tmp.resolve("clean"), logs.resolve("clean-run.log"))) {
            upload(clean, inputs);
            List<JsonNode> audit = settle(clean, inputs);
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
