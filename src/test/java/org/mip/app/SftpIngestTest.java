package org.mip.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.databind.JsonNode;
import org.mip.testing.LogCapture;

/**
 * SFTP ingest with the OpenSSH client users have, on the embedded servers: uploads leave nothing of
 * theirs on the SFTP server once their outcome is durable (issue 16: originals with patient data and
 * their original names used to pile up in .done/ forever), and a script logs in with a key
 * ({@code sftp -b} turns password prompts off) listed in the authorized keys file, read at each login.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SftpIngestTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(300);
    static final String SSH_KEYGEN = "/usr/bin/ssh-keygen";

    @TempDir
    static Path dir;
    PipelineHarness h;
    Path upload;

    @BeforeAll
    void start() {
        assumeTrue(PipelineHarness.has(PipelineHarness.SFTP) && PipelineHarness.has(PipelineHarness.SSHPASS)
                && PipelineHarness.has(SSH_KEYGEN), "OpenSSH sftp, ssh-keygen or sshpass not installed");
        // settle 10 s: longer than the paused client below needs to go on once its prefix is taken
        h = PipelineHarness.start(dir.resolve("data"), Map.of("mip.sftp.cleanup-interval-ms", "500",
                "mip.sftp.settle-seconds", "10", "mip.ingest.poll.delay-ms", "200", "mip.pipeline.concurrency", "4"));
        upload = dir.resolve("data/sftp/upload");
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aHundredFilesUploadedWithSftpLeaveNoOriginalBehindOnceProcessed() throws Exception {
        Path set = Files.createDirectories(dir.resolve("study"));
        for (int n = 1; n <= 98; n++) {
            SyntheticCt.image(1600, n, 32, 32, 1).write(set.resolve(String.format("Roe^Richard IM%03d.dcm", n)));
        }
        byte[] good = Files.readAllBytes(set.resolve("Roe^Richard IM001.dcm"));
        Files.write(set.resolve("Roe^Richard broken1.dcm"), Arrays.copyOf(good, good.length / 2)); // quarantined: durable too
        Files.write(set.resolve("Roe^Richard broken2.dcm"), Arrays.copyOf(good, 200));
        // the other test shares this pipeline: its uploads gone first, then count from here
        PipelineHarness.await(Duration.ofSeconds(60), "earlier uploads deleted", () -> !Files.exists(upload) || files(upload).isEmpty());
        long before = h.auditCount("published") + h.auditCount("quarantined");
        double deletedBefore = h.counter("mip.sftp.originals.deleted", "reason", "outcome");
        try (LogCapture logs = LogCapture.asInProduction()) {
            PipelineHarness.Result r = h.sftp(dir, "cd /upload\nlcd " + set + "\nput *\n");
            assertEquals(0, r.exit(), r.out());

            PipelineHarness.await(TIMEOUT, "100 outcomes",
                    () -> h.auditCount("published") + h.auditCount("quarantined") - before >= 100);
            PipelineHarness.await(Duration.ofSeconds(60), "no original left on the SFTP server", () -> files(upload).isEmpty());
            PipelineHarness.await(Duration.ofSeconds(60), "the emptied folders of .done/ to go",
                    () -> folders(upload.resolve(".done")).isEmpty());
            assertFalse(logs.text().contains("Roe^Richard") || logs.text().contains("Roe Richard"),
                    "no log line names an upload");
        }
        assertEquals(100, h.auditCount("published") + h.auditCount("quarantined") - before);
        assertEquals(2, h.auditEvents().stream().filter(e -> "TRUNCATED".equals(e.path("reasonCode").asText())).count());
        assertEquals(100.0, h.counter("mip.sftp.originals.deleted", "reason", "outcome") - deletedBefore, "deleted because their outcome is durable");
        PipelineHarness.await(Duration.ofSeconds(30), "the raw bucket to empty", () -> h.keys("raw").isEmpty());
    }

    @Test
    void aScriptLogsInWithAKeyFromTheAuthorizedKeysFile() throws Exception {
        Path key = dir.resolve("sftp-key");
        for (String type : List.of("ecdsa", "rsa")) { // the JDK's own; ed25519 needs a crypto provider the embedded server has not
            Files.deleteIfExists(key);
            Files.deleteIfExists(dir.resolve("sftp-key.pub"));
            PipelineHarness.Result made = PipelineHarness.run(Map.of(), dir, List.of(SSH_KEYGEN, "-q", "-t", type, "-N", "", "-f", key.toString()));
            assertEquals(0, made.exit(), made.out());
            Path image = SyntheticCt.image(1700, type.length(), 16, 16, 1).write(dir.resolve(type + ".dcm"));
            Path batch = Files.writeString(dir.resolve("batch-" + type), "cd /upload\nput " + image + "\n");

            PipelineHarness.Result refused = keySftp(key, batch);
            assertTrue(refused.exit() != 0 && refused.out().contains("Permission denied"), "not yet authorized: " + refused.out());

            // the file is read at each login: no restart
            Files.writeString(dir.resolve("data/sftp-authorized-keys"), Files.readString(dir.resolve("sftp-key.pub")),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            PipelineHarness.Result r = keySftp(key, batch);
            assertEquals(0, r.exit(), type + ": " + r.out());
            String sha = org.mip.pipeline.Hashing.sha256Hex(Files.readAllBytes(image));
            PipelineHarness.await(TIMEOUT, type + " upload published", () -> h.auditEvents().stream()
                    .anyMatch(e -> "published".equals(e.path("outcome").asText()) && sha.equals(e.path("source").path("sha256").asText())));
        }
    }

    /**
     * A slow upload listed while still being written arrives whole. Camel's SFTP consumer keeps the
     * length it listed (CamelFileLength) after the read lock has waited for the size to settle, so a
     * length taken from that header sent a prefix of the file to the raw bucket: quarantined as
     * truncated, and its original then deleted as "outcome durable". Written with JSch (the SFTP client
     * Camel itself uses) in two halves with a pause between, as a slow link does.
     */
    @Test
    void anUploadListedWhileStillBeingWrittenArrivesWhole() throws Exception {
        Path image = SyntheticCt.image(1800, 1, 256, 256, 1).write(dir.resolve("slow.dcm"));
        byte[] bytes = Files.readAllBytes(image);
        PipelineHarness.await(Duration.ofSeconds(60), "earlier uploads deleted", () -> !Files.exists(upload) || files(upload).isEmpty());
        int terminalBefore = terminal().size();
        String sha = org.mip.pipeline.Hashing.sha256Hex(bytes);
        Path partial = upload.resolve("Doe^Slow IM001.dcm");
        uploadInTwoParts(partial, bytes, () -> {
            // The pipeline polls every 200 ms: it lists the file at a third of its size meanwhile. The
            // pause stays well inside the read lock's window (2 s of age, but SFTP gives the time in
            // whole seconds, so as little as 1 s): a longer stall is taken as the end of the upload.
            PipelineHarness.await(Duration.ofSeconds(10), "the first third on the server",
                    () -> Files.exists(partial) && sizeOf(partial) == bytes.length / 3);
            Thread.sleep(600);
        });
        PipelineHarness.await(TIMEOUT, "the slow upload's outcome", () -> terminal().size() > terminalBefore);
        List<JsonNode> outcomes = terminal().subList(terminalBefore, terminal().size());
        assertEquals(1, outcomes.size(), "one outcome for one upload: " + outcomes);
        JsonNode outcome = outcomes.get(0);
        assertEquals("published", outcome.path("outcome").asText(), "the whole file, not a prefix of it: " + outcome);
        assertEquals(sha, outcome.path("source").path("sha256").asText());
        assertEquals(bytes.length, outcome.path("source").path("sizeBytes").asLong());
        Path staged = dir.resolve("data/work/sftp");
        PipelineHarness.await(Duration.ofSeconds(30), "the upload's work file removed",
                () -> !Files.exists(staged) || files(staged).isEmpty());
    }

    /**
     * A client that pauses mid-upload for longer than the read lock waits has a prefix taken (quarantined as
     * truncated); the rest it writes goes into the moved file in .done/, and that upload is then taken again,
     * whole, and published. Its original used to be deleted once the prefix's outcome was durable: the
     * upload was lost, and the client had been told it succeeded.
     */
    @Test
    void anUploadWhoseClientPausedUntilAPrefixWasTakenIsTakenAgainWhole() throws Exception {
        Path image = SyntheticCt.image(1850, 1, 128, 128, 1).write(dir.resolve("paused.dcm"));
        byte[] bytes = Files.readAllBytes(image);
        PipelineHarness.await(Duration.ofSeconds(60), "earlier uploads deleted", () -> !Files.exists(upload) || files(upload).isEmpty());
        int terminalBefore = terminal().size();
        double retakenBefore = h.counter("mip.sftp.uploads.retaken");
        String sha = org.mip.pipeline.Hashing.sha256Hex(bytes);
        Path partial = upload.resolve("Doe^Paused IM001.dcm");
        uploadInTwoParts(partial, bytes, () -> {
            PipelineHarness.await(Duration.ofSeconds(10), "the first third on the server", () -> Files.exists(partial));
            PipelineHarness.await(Duration.ofSeconds(30), "the first third taken", () -> !Files.exists(partial));
        });
        PipelineHarness.await(TIMEOUT, "the whole upload published", () -> terminal().stream().skip(terminalBefore)
                .anyMatch(e -> "published".equals(e.path("outcome").asText()) && sha.equals(e.path("source").path("sha256").asText())));
        List<JsonNode> outcomes = terminal().subList(terminalBefore, terminal().size());
        assertEquals(2, outcomes.size(), "the prefix and the whole: " + outcomes);
        JsonNode prefix = outcomes.get(0);
        assertEquals("quarantined", prefix.path("outcome").asText(), prefix.toString());
        assertEquals("TRUNCATED", prefix.path("reasonCode").asText(), prefix.toString());
        assertEquals(bytes.length / 3, prefix.path("source").path("sizeBytes").asLong());
        assertEquals(bytes.length, outcomes.get(1).path("source").path("sizeBytes").asLong());
        assertEquals(1.0, h.counter("mip.sftp.uploads.retaken") - retakenBefore);
        PipelineHarness.await(Duration.ofSeconds(60), "no upload left on the SFTP server", () -> files(upload).isEmpty());
    }

    interface Pause {
        void run() throws Exception;
    }

    /**
     * Uploads {@code bytes} to {@code target} (a file of the upload folder) with JSch, the SFTP client Camel
     * itself uses: a third, then {@code between}, then the rest, through one open file as a client on a slow
     * or unsteady link does.
     */
    private void uploadInTwoParts(Path target, byte[] bytes, Pause between) throws Exception {
        com.jcraft.jsch.Session session = new com.jcraft.jsch.JSch().getSession(
                h.app().settings().get("mip.sftp.user"), "127.0.0.1", Integer.parseInt(h.app().property("mip.sftp.port")));
        session.setPassword(h.app().settings().get("mip.sftp.password"));
        session.setConfig("StrictHostKeyChecking", "no");
        session.connect(30_000);
        try {
            com.jcraft.jsch.ChannelSftp sftp = (com.jcraft.jsch.ChannelSftp) session.openChannel("sftp");
            sftp.connect(30_000);
            try (java.io.OutputStream out = sftp.put("/upload/" + target.getFileName())) {
                out.write(bytes, 0, bytes.length / 3);
                out.flush();
                between.run();
                out.write(bytes, bytes.length / 3, bytes.length - bytes.length / 3);
            }
            sftp.disconnect();
        } finally {
            session.disconnect();
        }
    }

    private List<JsonNode> terminal() {
        return h.auditEvents().stream().filter(e -> List.of("published", "quarantined").contains(e.path("outcome").asText())).toList();
    }

    /**
     * An empty upload is quarantined like an empty object in the raw bucket (NOT_DICOM), and holds up
     * no other upload. With Camel's default read lock (1 byte at least) it was never taken: it stayed
     * on the server without a word, each poll waited out the 60 s read-lock timeout on it, an upload
     * after it took 30 s instead of 3 to be moved, and a stop waited for that wait.
     */
    @Test
    void anEmptyUploadIsQuarantinedAndHoldsUpNoOther() throws Exception {
        Path set = Files.createDirectories(dir.resolve("with-empty"));
        Files.write(set.resolve("Roe^Empty.dcm"), new byte[0]);
        Path image = SyntheticCt.image(1900, 1, 32, 32, 1).write(set.resolve("Roe^Full.dcm"));
        String sha = org.mip.pipeline.Hashing.sha256Hex(Files.readAllBytes(image));
        String emptySha = org.mip.pipeline.Hashing.sha256Hex(new byte[0]);
        PipelineHarness.await(Duration.ofSeconds(60), "earlier uploads deleted", () -> !Files.exists(upload) || files(upload).isEmpty());
        int terminalBefore = terminal().size();
        PipelineHarness.Result r = h.sftp(dir, "cd /upload\nlcd " + set + "\nput Roe^Empty.dcm\nput Roe^Full.dcm\n");
        assertEquals(0, r.exit(), r.out());

        PipelineHarness.await(Duration.ofSeconds(60), "both outcomes", () -> terminal().size() >= terminalBefore + 2);
        List<JsonNode> outcomes = terminal().subList(terminalBefore, terminal().size());
        assertEquals(2, outcomes.size(), outcomes.toString());
        JsonNode empty = outcomes.stream().filter(e -> emptySha.equals(e.path("source").path("sha256").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no outcome for the empty upload: " + outcomes));
        assertEquals("quarantined", empty.path("outcome").asText());
        assertEquals("NOT_DICOM", empty.path("reasonCode").asText());
        assertEquals(0, empty.path("source").path("sizeBytes").asLong());
        assertTrue(outcomes.stream().anyMatch(e -> "published".equals(e.path("outcome").asText())
                && sha.equals(e.path("source").path("sha256").asText())), outcomes.toString());
        PipelineHarness.await(Duration.ofSeconds(60), "no upload left on the SFTP server", () -> files(upload).isEmpty());
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    /** OpenSSH sftp as a script runs it: batch mode (no prompts at all), a key, nothing else. */
    private PipelineHarness.Result keySftp(Path key, Path batch) throws Exception {
        return PipelineHarness.run(Map.of(), dir, List.of(PipelineHarness.SFTP, "-i", key.toString(),
                "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-P", h.app().property("mip.sftp.port"), "-b", batch.toString(), "mip@127.0.0.1"));
    }

    static List<Path> files(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of(root); // deleted while walked: not yet settled, look again
        }
    }

    static List<Path> folders(Path root) {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root) && Files.isDirectory(p)).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of(root); // deleted while walked: not yet settled, look again
        }
    }
}
