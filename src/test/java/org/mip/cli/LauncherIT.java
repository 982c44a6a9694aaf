package org.mip.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.bench.CtCorpus;

/**
 * {@code bin/mip}, the launcher the docs tell users to run: from another folder, with every argument
 * passed through, its class-data archive made by a first run and used by the next (same outputs, no
 * JVM messages), and a clear error without a jar. Skipped when the jar is not built.
 */
class LauncherIT {
    static final String KEY = DeidentifyIT.KEY;

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Path launcher() {
        Path p = Path.of(System.getProperty("user.dir"), "bin", "mip").toAbsolutePath();
        assumeTrue(Files.isExecutable(p), "no launcher at " + p);
        return p;
    }

    @BeforeAll
    static void built() {
        DeidentifyIT.jar();
        launcher();
    }

    /** Runs bin/mip in {@code cwd} with the built jar, a cache of this test and the given extra environment. */
    Run mip(Path cwd, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = start(cwd, env, out, err, args);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/mip did not finish: " + List.of(args));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Process start(Path cwd, Map<String, String> env, Path out, Path err, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        Map<String, String> e = pb.environment();
        e.remove("MIP_DEID_KEY_FILE");
        e.remove("JAVA_OPTS");
        e.remove("JAVA_TOOL_OPTIONS");
        e.remove("JDK_JAVA_OPTIONS");
        e.remove("MIP_CDS");
        e.put("MIP_DEID_KEY", KEY);
        e.put("MIP_JAR", DeidentifyIT.jar().toAbsolutePath().toString());
        e.put("JAVA_HOME", System.getProperty("java.home"));
        e.put("MIP_CACHE_DIR", tmp.resolve("cache").toString());
        e.putAll(new HashMap<>(env));
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        return p;
    }

    /**
     * {@code run} until ready, then SIGTERM to the process bin/mip started (what a process manager
     * and Ctrl-C's handler send): its exit code, its console, and the JVM's command line while it ran.
     */
    Run runUntilReady(Path data) throws Exception {
        return runUntilReady(data, Map.of());
    }

    Run runUntilReady(Path data, Map<String, String> env) throws Exception {
        int management = org.mip.app.PipelineHarness.freePort();
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = start(tmp, env, out, err, "run", "--data-dir", data.toString(),
                "--set", "mip.local.s3-port=0", "--set", "mip.local.sqs-port=0", "--set", "mip.local.sftp-port=0",
                "--set", "mip.http.port=" + org.mip.app.PipelineHarness.freePort(), "--set", "mip.management.port=" + management);
        org.mip.app.PipelineHarness.awaitReady(p, management, java.time.Duration.ofMinutes(5), () -> out + ", " + err);
        String jvm = java.util.Arrays.toString(p.info().arguments().orElse(new String[0]))
                + java.util.Arrays.toString(p.children().map(c -> String.join(" ", c.info().arguments().orElse(new String[0])))
                        .toArray());
        p.destroy(); // SIGTERM to what bin/mip started: the JVM itself, or the script that waits for it
        // a first run writes its archive (about 135 MB) as it stops: seconds, minutes on a loaded machine
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("run did not stop on SIGTERM within 10 minutes");
        }
        return new Run(p.exitValue(), Files.readString(out) + "\n[jvm] " + jvm, Files.readString(err));
    }

    List<Path> cache() throws IOException {
        Path c = tmp.resolve("cache");
        if (!Files.isDirectory(c)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(c)) {
            return s.sorted().toList();
        }
    }

    @Test
    void versionFromAnotherFolder() throws Exception {
        Run r = mip(tmp, Map.of(), "--version");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("medical-imaging-pipeline "), r.out());
        assertEquals("", r.err());
        assertEquals(List.of(), cache(), "--version makes no archive");
    }

    @Test
    void deidentifyTwiceFirstRunMakesTheArchiveTheSecondUsesIt() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in put")); // a space: arguments pass through intact
        CtCorpus.write(in, 3, 1);
        Run first = mip(tmp, Map.of(), "deidentify", "--in", in.toString(), "--out", tmp.resolve("out 1").toString());
        assertEquals(0, first.exit(), first.out() + first.err());
        assertTrue(first.out().contains("deidentified          3"), first.out());
        List<Path> archives = cache();
        assertEquals(1, archives.size(), archives.toString());
        assertTrue(archives.get(0).getFileName().toString().matches("deidentify-\\d+\\.jsa"), archives.toString());

        Run second = mip(tmp, Map.of(), "deidentify", "--in", in.toString(), "--out", tmp.resolve("out 2").toString());
        assertEquals(0, second.exit(), second.out() + second.err());
        assertEquals(archives, cache(), "the archive is reused, not made again");
        for (Run r : List.of(first, second)) {
            assertFalse(r.err().contains("[warning]") || r.err().contains("cds") || r.err().contains("CDS"), r.err());
        }
        List<Path> a = DeidentifyIT.files(tmp.resolve("out 1"));
        List<Path> b = DeidentifyIT.files(tmp.resolve("out 2"));
        assertEquals(3, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(tmp.resolve("out 1").relativize(a.get(i)), tmp.resolve("out 2").relativize(b.get(i)));
            assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)));
        }
    }

    /** An unreadable archive (here: not an archive at all) is no error: the JVM loads classes as usual. */
    @Test
    void aBrokenArchiveIsIgnoredQuietly() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        CtCorpus.write(in, 1, 1);
        Run first = mip(tmp, Map.of(), "validate", DeidentifyIT.files(in).get(0).toString());
        assertEquals(0, first.exit(), first.out() + first.err());
        Path archive = cache().get(0);
        archive.toFile().setWritable(true);
        Files.writeString(archive, "not an archive");
        Run r = mip(tmp, Map.of(), "validate", DeidentifyIT.files(in).get(0).toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("OK "), r.out());
        assertEquals("", r.err());
    }

    /**
     * The pipeline's first run writes its archive when stopped by a signal (the JVM must get it
     * through the script that waits for the dump) and exits 0; the next run maps it. Help writes none.
     */
    @Test
    void runFirstStopMakesTheArchiveTheNextRunUsesIt() throws Exception {
        assumeTrue(Runtime.version().feature() < 25, "JDK 25 and later: an AOT cache (runOnJdk25KeepsAnAotCacheTheNextRunMaps)");
        Run help = mip(tmp, Map.of(), "run", "--help");
        assertEquals(0, help.exit(), help.err());
        assertEquals(List.of(), cache(), "help loads no pipeline: no archive");

        Run first = runUntilReady(tmp.resolve("data"));
        assertEquals(0, first.exit(), first.out() + first.err());
        assertTrue(first.out().contains("ArchiveClassesAtExit"), first.out());
        List<Path> archives = cache();
        assertEquals(1, archives.size(), archives.toString());
        assertTrue(archives.get(0).getFileName().toString().matches("run-\\d+\\.jsa"), archives.toString());

        Run second = runUntilReady(tmp.resolve("data"));
        assertEquals(0, second.exit(), second.out() + second.err());
        assertTrue(second.out().contains("-XX:SharedArchiveFile=" + archives.get(0)), second.out());
        assertEquals(archives, cache(), "the archive is reused, not made again");
        for (Run r : List.of(first, second)) {
            assertFalse(r.err().contains("[warning]") || r.out().contains("[warning][cds"), r.err());
        }

        // A flight recording from the start (JFR's class-file load hook) made JDK 17 crash with a
        // SIGSEGV as it mapped this archive's classes: such a run goes without it.
        Path recording = tmp.resolve("start.jfr");
        Run recorded = runUntilReady(tmp.resolve("data"), Map.of("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=filename=" + recording));
        assertEquals(0, recorded.exit(), recorded.out() + recorded.err());
        assertFalse(recorded.out().contains("SharedArchiveFile"), recorded.out());
        assertTrue(Files.size(recording) > 0, "the recording was written at the stop");
        assertEquals(archives, cache(), "the archive is kept for runs without a recording");
    }

    /** A Java agent (here the JDK's own debugger agent) or a flight recording: no archive is made or used, whichever variable names it. */
    @Test
    void aJavaAgentOrAFlightRecordingGoesWithoutTheArchive() throws Exception {
        Path file = CtCorpus.writeSmall(tmp.resolve("ct.dcm"), 1, 1, 1);
        String agent = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0";
        for (Map<String, String> env : List.of(Map.of("JAVA_OPTS", agent), Map.of("JDK_JAVA_OPTIONS", agent),
                Map.of("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=filename=" + tmp.resolve("dump.jfr")))) {
            Run r = mip(tmp, env, "dump", file.toString());
            assertEquals(0, r.exit(), env + ": " + r.out() + r.err());
            assertTrue(r.out().contains("\"00100010\""), r.out());
            assertEquals(List.of(), cache(), env + " made an archive");
        }
    }

    /**
     * On JDK 25 and later {@code run} keeps an AOT cache instead: its first run records, its stop
     * makes the cache, the next run maps it (its module graph and linked classes, no error), and no
     * run prints the JDK's warnings about the OCR's native loader or Pekko's Unsafe. Skipped when no
     * JDK 25 or later is installed beside the one running the tests (CI has Temurin 25).
     */
    @Test
    void runOnJdk25KeepsAnAotCacheTheNextRunMaps() throws Exception {
        Path jdk = jdkAtLeast(25);
        assumeTrue(jdk != null, "no JDK 25 or later in /usr/lib/jvm");
        Run first = runUntilReady(tmp.resolve("data"), Map.of("JAVA_HOME", jdk.toString()));
        assertEquals(0, first.exit(), first.out() + first.err());
        assertTrue(first.out().contains("-XX:AOTMode=record"), first.out());
        List<Path> caches = cache();
        assertEquals(1, caches.size(), "the record is gone, the cache kept: " + caches);
        assertTrue(caches.get(0).getFileName().toString().matches("run-\\d+\\.aot"), caches.toString());

        Path log = tmp.resolve("aot.log");
        Run second = runUntilReady(tmp.resolve("data"), Map.of("JAVA_HOME", jdk.toString(), "JAVA_OPTS", "-Xlog:aot=info:file=" + log));
        assertEquals(0, second.exit(), second.out() + second.err());
        assertTrue(second.out().contains("-XX:AOTCache=" + caches.get(0)), second.out());
        assertEquals(caches, cache(), "the cache is reused, not made again");
        String aot = Files.readString(log);
        assertTrue(aot.contains("full module graph: enabled"), aot);
        assertFalse(aot.contains("[error]"), aot);
        for (Run r : List.of(first, second)) {
            assertFalse(r.err().contains("WARNING") || r.out().contains("WARNING:") || r.err().contains("[warning]"), r.err());
        }
    }

    /** A JDK of at least this feature release under /usr/lib/jvm (its release file), or null. */
    static Path jdkAtLeast(int feature) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : homes.sorted().toList()) {
                Path release = home.resolve("release");
                if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isReadable(release)) {
                    continue;
                }
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
                if (m.find() && Integer.parseInt(m.group(1)) >= feature) {
                    return home;
                }
            }
        }
        return null;
    }

    @Test
    void aUsageErrorKeepsNoArchiveAndItsExitCode() throws Exception {
        Run r = mip(tmp, Map.of(), "deidentify", "--in", tmp.resolve("missing").toString());
        assertEquals(Main.EXIT_USAGE, r.exit(), r.err());
        assertEquals(List.of(), cache());
    }

    @Test
    void withoutAJarItSaysHowToBuildOne() throws Exception {
        Run r = mip(tmp, Map.of("MIP_JAR", tmp.resolve("none.jar").toString()), "--version");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("mvn -q -B package -DskipTests"), r.err());
    }

    @Test
    void javaOptsComeLastAndWin() throws Exception {
        Run r = mip(tmp, Map.of("JAVA_OPTS", "-XX:+PrintFlagsFinal"), "--version");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s).*TieredStopAtLevel += 1 .*"), "C1 only for a short command");
        assertTrue(r.out().matches("(?s).*UseSerialGC += true .*"));

        Run server = mip(tmp, Map.of("JAVA_OPTS", "-XX:+PrintFlagsFinal -XX:TieredStopAtLevel=4"), "--version");
        assertTrue(server.out().matches("(?s).*TieredStopAtLevel += 4 .*"), "the user's option wins");

        Run run = mip(tmp, Map.of("JAVA_OPTS", "-XX:+PrintFlagsFinal"), "run", "--help");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().matches("(?s).*TieredStopAtLevel += 4 .*"), "the long-lived pipeline keeps C2");
        if (Runtime.version().feature() < 25) { // JDK 25's AOT cache keeps the defaults (bin/mip)
            assertTrue(run.out().matches("(?s).*CompileThresholdScaling += 3\\.0+ .*"), "run's compile thresholds tripled");
            assertTrue(run.out().matches("(?s).*Tier4InvocationThreshold += 45000 .*"), "and C2's tripled again (shown scaled: 15000 x 3)");
        }
    }
}
