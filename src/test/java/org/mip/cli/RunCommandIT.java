package org.mip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.app.PipelineHarness;
import org.mip.app.SyntheticCt;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code java -jar target/medical-imaging-pipeline.jar run} as operators start it: a bad setting stops it
 * with exit code 1 and one line naming the key; with {@code mip.log.format=json} every line it writes is
 * one JSON object, and the lines about an object carry its correlation id.
 */
class RunCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path jar;

    @TempDir
    static Path temp;

    @BeforeAll
    static void findJar() {
        String path = System.getProperty("mip.jar");
        Assumptions.assumeTrue(path != null && Files.isRegularFile(Path.of(path)),
                "packaged jar (system property mip.jar) not built: " + path);
        jar = Path.of(path);
    }

    static ProcessBuilder java(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(temp.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MIP_"));
        pb.environment().putAll(env);
        return pb;
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) throws Exception {
        Process p = java(env, args).start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("run did not stop: " + String.join(" ", args));
        }
        return new Run(p.exitValue(), out.join(), err.join());
    }

    static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aContradictionExitsWithOneLineNamingTheKey() throws Exception {
        Run r = run(Map.of(), "run", "--data-dir", temp.resolve("d1").toString(), "--set", "mip.s3.processed-bucket=raw");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertEquals("run: cannot start: mip.s3.processed-bucket and mip.s3.raw-bucket name the same bucket \"raw\": "
                + "raw, processed and quarantine must be separate (a leak of raw data otherwise)", r.err().strip());
        assertEquals("", r.out().strip(), "nothing started, nothing printed");
        assertFalse(Files.exists(temp.resolve("d1/s3")), "no embedded server started");
    }

    /**
     * The REST or management port held by another process: Camel's HTTP server only logs its failed
     * bind, so run used to start, report ready and print the API's address with the other process
     * answering there (this test then waited for a stop that never came).
     */
    @Test
    void aRestOrManagementPortInUseStopsTheStartWithOneLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            for (String setting : List.of("mip.http.port", "mip.management.port")) {
                String other = setting.equals("mip.http.port") ? "mip.management.port" : "mip.http.port";
                Path data = temp.resolve("port-" + setting);
                Run r = run(Map.of(), "run", "--data-dir", data.toString(), "--set", setting + "=" + port,
                        "--set", other + "=" + org.mip.app.PipelineHarness.freePort(),
                        "--set", "mip.local.s3-port=0", "--set", "mip.local.sqs-port=0", "--set", "mip.local.sftp-port=0");
                assertEquals(1, r.exit(), r.out() + r.err());
                assertEquals("run: cannot start: port " + port + " is in use: set " + setting + " to another port", r.err().strip());
                assertFalse(Files.exists(data.resolve("s3")), "no embedded server started");
            }
        }
    }

    @Test
    void badSettingsFromEveryLayerAreRefusedTheSameWay() throws Exception {
        Run env = run(Map.of("MIP_S3_SSE", "aws:kms"), "run", "--data-dir", temp.resolve("d2").toString());
        assertEquals(1, env.exit());
        assertEquals("run: cannot start: mip.s3.sse is aws:kms but mip.s3.kms-key-id is empty: name the KMS key (its ARN)",
                env.err().strip());
        Run unknown = run(Map.of("MIP_S3_BUCKET", "x"), "run", "--data-dir", temp.resolve("d3").toString());
        assertEquals(1, unknown.exit());
        assertEquals("run: cannot start: environment variable MIP_S3_BUCKET is not a setting (see docs/CONFIGURATION.md)",
                unknown.err().strip());
        Run system = run(Map.of(), "run", "--set", "mip.audit.destination=sns");
        assertEquals(1, system.exit());
        assertEquals(1, system.err().strip().lines().count(), system.err());
        assertTrue(system.err().contains("mip.audit.topic-arn"), system.err());
        for (Run r : List.of(env, unknown, system)) {
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        }
    }

    @Test
    void jsonLogsAreOneObjectPerLineWithTheCorrelationId() throws Exception {
        int s3Port = PipelineHarness.freePort();
        int management = PipelineHarness.freePort();
        Process p = java(Map.of(), "run", "--data-dir", temp.resolve("json").toString(), "--set", "mip.log.format=json",
                "--set", "mip.local.s3-port=" + s3Port, "--set", "mip.local.sqs-port=" + PipelineHarness.freePort(),
                "--set", "mip.local.sftp-port=" + PipelineHarness.freePort(), "--set", "mip.http.port=" + PipelineHarness.freePort(),
                "--set", "mip.management.port=" + management, "--set", "mip.ingest.poll.delay-ms=200")
                .redirectErrorStream(true).start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        try {
            PipelineHarness.awaitReady(p, management, Duration.ofSeconds(120), () -> String.join("\n", lines));
            Path file = SyntheticCt.image(4242, 1, 16, 16, 1).write(temp.resolve("json.dcm"));
            try (S3Client s3 = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + s3Port))
                    .forcePathStyle(true).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("mip-local", "mip-local-secret")))
                    .build()) {
                s3.putObject(b -> b.bucket("raw").key("json/Doe^John.dcm"), RequestBody.fromFile(file));
                PipelineHarness.await(Duration.ofSeconds(60), "the object to be published",
                        () -> s3.listObjectsV2(b -> b.bucket("processed")).keyCount() == 2);
            }
            PipelineHarness.await(Duration.ofSeconds(10), "the published log line",
                    () -> lines.stream().anyMatch(l -> l.contains("published correlationId=")));
        } finally {
            // SIGTERM through the handle: Process.destroy() would also close our end of its output, losing the stop's lines
            p.toHandle().destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "run did not stop on SIGTERM");
            reader.join(10_000);
        }
        // a stop on request is the normal end: exit 0, as `run --help` says, and nothing to worry anyone
        assertEquals(0, p.exitValue(), "exit code on SIGTERM");
        List<JsonNode> events = new ArrayList<>();
        for (String line : List.copyOf(lines)) {
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("a line that is not JSON: " + line);
            }
            assertTrue(node.isObject() && node.has("level") && node.has("loggerName") && node.has("timestamp"), line);
            events.add(node);
        }
        JsonNode published = events.stream().filter(e -> e.path("formattedMessage").asText().startsWith("published correlationId="))
                .findFirst().orElseThrow();
        String id = published.path("mdc").path("correlationId").asText();
        assertFalse(id.isEmpty(), "the correlation id is not in the MDC: " + published);
        assertTrue(published.path("formattedMessage").asText().contains(id), published.toString());
        assertTrue(events.stream().anyMatch(e -> e.path("formattedMessage").asText().contains("is running")),
                "the start-up banner is not a log event");
        assertFalse(String.join("\n", lines).contains("Doe^John"), "the raw key is in the log");
        assertNotNull(published.path("mdc").path("camel.routeId").textValue(), published.toString());
        int stopping = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).path("formattedMessage").asText().equals("stopping on request")) {
                stopping = i;
            }
        }
        assertTrue(stopping >= 0, "the stop is logged: " + events.subList(Math.max(0, events.size() - 5), events.size()));
        for (JsonNode e : events.subList(stopping, events.size())) {
            assertEquals("INFO", e.path("level").asText(), "a quiet stop: " + e);
        }
    }

    /**
     * A stop asked for while {@code run} is still starting (a pod scaled in as it comes up): the normal
     * stop, exit 0, once what was starting has stopped in order; not the JVM's default end (143) in the
     * middle of the start, nor "Shutdown in progress" and exit 1 when the signal lands at readiness.
     */
    @Test
    void sigtermWhileStartingIsANormalStop() throws Exception {
        Process p = java(Map.of(), "run", "--data-dir", temp.resolve("early").toString(),
                "--set", "mip.local.s3-port=" + PipelineHarness.freePort(), "--set", "mip.local.sqs-port=" + PipelineHarness.freePort(),
                "--set", "mip.local.sftp-port=" + PipelineHarness.freePort(), "--set", "mip.http.port=" + PipelineHarness.freePort(),
                "--set", "mip.management.port=" + PipelineHarness.freePort()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        Thread.sleep(1500); // the JVM is up and run has begun its start; the servers are not ready yet
        p.toHandle().destroy();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "run did not stop on SIGTERM");
        String log = out.join();
        assertEquals(0, p.exitValue(), "exit code on a SIGTERM during the start:\n" + log);
        assertFalse(log.contains("Shutdown in progress"), log);
    }

    /**
     * A run whose main thread dies of an Error (here its jar overwritten under it, so that the stop's
     * first class to load is gone) ends, exit 1, with one line naming the error: before, the thread
     * died with a stack trace and the embedded servers' threads kept the JVM alive, deaf to SIGTERM.
     */
    @Test
    void aRunWhoseMainThreadDiesOfAnErrorEndsInsteadOfLingering() throws Exception {
        Path own = Files.createDirectories(temp.resolve("replaced"));
        Path copy = Files.copy(jar, own.resolve(jar.getFileName()));
        Files.createSymbolicLink(own.resolve("lib"), jar.resolveSibling("lib").toAbsolutePath());
        int management = PipelineHarness.freePort();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
                copy.toString(), "run", "--data-dir", temp.resolve("replaced-data").toString(),
                "--set", "mip.local.s3-port=" + PipelineHarness.freePort(), "--set", "mip.local.sqs-port=" + PipelineHarness.freePort(),
                "--set", "mip.local.sftp-port=" + PipelineHarness.freePort(), "--set", "mip.http.port=" + PipelineHarness.freePort(),
                "--set", "mip.management.port=" + management);
        ProcessBuilder pb = new ProcessBuilder(command).directory(temp.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MIP_"));
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try {
            PipelineHarness.awaitReady(p, management, java.time.Duration.ofMinutes(3), () -> err.getNow(""));
            // the same file, overwritten in place (as a rebuild does): the classes not loaded yet are gone
            try (var channel = java.nio.channels.FileChannel.open(copy, java.nio.file.StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.allocate((int) channel.size()));
            }
            p.toHandle().destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "run lingered after its main thread died:\n" + err.getNow(""));
        } finally {
            p.destroyForcibly();
            Files.delete(own.resolve("lib")); // the link, not the build's lib folder
        }
        String errors = err.join();
        assertEquals(Main.EXIT_FAILED, p.exitValue(), errors);
        assertTrue(errors.contains("mip: stopped by an internal error: java.lang.NoClassDefFoundError"), errors);
        assertFalse(errors.contains("\tat "), "one line, no stack trace:\n" + errors);
        out.join();
    }
}
