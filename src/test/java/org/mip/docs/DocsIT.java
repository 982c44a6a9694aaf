package org.mip.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.app.PipelineHarness;
import org.mip.app.SyntheticCt;
import org.mip.config.Settings;
import org.mip.local.LocalConfig;

/**
 * Every documented command works as written: the shell blocks of every Markdown file of the project
 * (README.md, docs/, terraform/...) run against one local pipeline, the packaged jar's {@code run}, and
 * each must end with the exit status, and print what, its marker says ({@link DocBlocks}). A block that
 * cannot run here says why in its marker and is counted, never skipped silently; an unmarked block fails.
 *
 * <p>How the blocks run, as a reader would run them:
 * <ul>
 *   <li>the blocks of one document run in order in one bash session (variables carry over), in a scratch
 *       folder laid out as a checkout: {@code bin}, {@code target} and {@code routes} link to the project's, {@code mip-data}
 *       is the pipeline's data folder; HOME is a folder of the test's (ssh known_hosts, caches);</li>
 *   <li>the scratch folder holds the files the examples name: {@code image.dcm} (a CT with made-up patient
 *       data), {@code export/} (three such files), {@code ultrasound.dcm} (an ultrasound image that
 *       declares no Burned In Annotation);</li>
 *   <li>the pipeline runs on free ports. The examples reach it through the shell variables {@code S3},
 *       {@code SQS}, {@code API} and {@code SFTP_PORT}, which a block marked {@code endpoints} sets to local
 *       mode's default addresses (checked here against the defaults in the code); after such a block the
 *       session gets this run's values, read from the line {@code run} prints for the purpose. No command
 *       text is rewritten.</li>
 * </ul>
 * Then {@code run} must stop on SIGTERM with exit status 0.
 */
class DocsIT {
    private static final Pattern BANNER_ENDPOINTS = Pattern.compile("^\\s*(S3=\\S+ SQS=\\S+ API=\\S+ SFTP_PORT=\\d+)\\s*$");
    private static final Pattern ASSIGNMENT = Pattern.compile("(?<![A-Za-z0-9_$])([A-Z][A-Z0-9_]*)=(\\S+)");
    private static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(180);
    private static final List<String> TOOLS = List.of("/bin/bash", "aws", "jq", "curl", "sftp", "sshpass", "ssh-keygen", "openssl",
            "sha256sum");

    @TempDir
    static Path work;

    @Test
    void everyRunnableBlockOfTheDocumentationRunsAsWritten() throws Exception {
        String jarPath = System.getProperty("mip.jar");
        assumeTrue(jarPath != null && Files.isRegularFile(Path.of(jarPath)), "packaged jar (mip.jar) not built: " + jarPath);
        for (String tool : TOOLS) {
            assumeTrue(onPath(tool), tool + " not installed");
        }
        Path project = Path.of("").toAbsolutePath();
        List<Path> docs = DocBlocks.documents(project);
        Map<Path, List<DocBlocks.Block>> blocks = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path doc : docs) {
            blocks.put(doc, DocBlocks.of(project, doc));
            problems.addAll(DocBlocks.problems(blocks.get(doc)));
        }
        assertTrue(problems.isEmpty(), "\n" + String.join("\n", problems));

        prepare(project);
        Process pipeline = startPipeline(Path.of(jarPath));
        List<String> failures = new ArrayList<>();
        Map<String, Integer> notRun = new TreeMap<>();
        int ran = 0;
        try {
            String endpoints = awaitEndpoints(pipeline);
            for (Map.Entry<Path, List<DocBlocks.Block>> doc : blocks.entrySet()) {
                if (doc.getValue().stream().noneMatch(b -> b.marker().kind() != DocBlocks.Marker.Kind.NONE)) {
                    continue;
                }
                try (Session session = new Session(work, work.resolve(".session").resolve(doc.getKey().toString().replace('/', '_')))) {
                    for (DocBlocks.Block b : doc.getValue()) {
                        switch (b.marker().kind()) {
                            case FILE -> Files.writeString(work.resolve(b.marker().file()), b.text());
                            case NOT_RUN -> notRun.merge(b.marker().reason(), 1, Integer::sum);
                            case ENDPOINTS -> {
                                ran++;
                                checkDefaults(b, failures);
                                Session.Result r = session.run(b.script(), BLOCK_TIMEOUT);
                                if (r.first() != 0 || r.last() != 0) {
                                    failures.add(b.where() + ": the endpoints block failed: " + r);
                                }
                                session.run(endpoints + "\n", BLOCK_TIMEOUT); // this run's addresses, from its own line
                            }
                            case RUN -> {
                                ran++;
                                String failure = run(session, b);
                                if (failure != null) {
                                    failures.add(failure);
                                }
                            }
                            case NONE -> {
                                // not a shell block
                            }
                        }
                    }
                }
            }
        } finally {
            pipeline.toHandle().destroy(); // SIGTERM, without closing our end of its output
            assertTrue(pipeline.waitFor(90, TimeUnit.SECONDS), "run did not stop on SIGTERM");
        }
        int notRunnable = notRun.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("docs: " + ran + " runnable blocks run (" + (ran - failures.size()) + " as documented), " + notRunnable
                + " not runnable here " + notRun + ", in " + docs.size() + " Markdown files");
        assertTrue(failures.isEmpty(), failures.size() + " documented command(s) do not work as written:\n\n"
                + String.join("\n\n", failures) + "\n\n(pipeline log: " + work.resolve("run.log") + ")");
        assertEquals(0, pipeline.exitValue(), "run's exit status on SIGTERM");
    }

    /** Runs a block (again, up to its {@code within}), and says what is wrong, or null. */
    private static String run(Session session, DocBlocks.Block b) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(b.marker().withinSeconds()).toNanos();
        while (true) {
            Session.Result r = session.run(b.script(), BLOCK_TIMEOUT);
            String wrong = check(b, r);
            if (wrong == null || System.nanoTime() > deadline) {
                return wrong == null ? null : b.where() + ": " + wrong + "\n--- the block:\n" + b.text() + "--- its output:\n" + r.output();
            }
            Thread.sleep(2000);
        }
    }

    static String check(DocBlocks.Block b, Session.Result r) {
        int exit = b.marker().exit();
        if (exit == 0 && (r.first() != 0 || r.last() != 0)) {
            return "a command failed with exit status " + (r.first() != 0 ? r.first() : r.last()) + " (expected every command to succeed)";
        }
        if (exit != 0 && (r.last() != exit || r.first() != exit)) {
            return "exit status " + r.last() + (r.first() != r.last() ? " (an earlier command: " + r.first() + ")" : "")
                    + ", expected " + exit + " from the last command only";
        }
        for (String text : b.marker().prints()) {
            if (!r.output().contains(text)) {
                return "the output does not contain \"" + text + "\"";
            }
        }
        List<String> out = r.output().lines().toList();
        int from = 0;
        for (String expected : b.shownOutput()) {
            int found = -1;
            for (int i = from; i < out.size() && found < 0; i++) {
                if (matches(expected, out.get(i).stripTrailing())) {
                    found = i;
                }
            }
            if (found < 0) {
                return "the output shown in the block is not printed (in this order): \"" + expected + "\"";
            }
            from = found + 1;
        }
        return null;
    }

    /** A shown output line against a printed one: "..." stands for any text. */
    static boolean matches(String expected, String line) {
        String[] parts = expected.split("\\.\\.\\.|…", -1);
        if (parts.length == 1) {
            return line.equals(expected);
        }
        if (!line.startsWith(parts[0])) {
            return false;
        }
        int at = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int next = line.indexOf(parts[i], at);
            if (next < 0) {
                return false;
            }
            at = next + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return line.length() - last.length() >= at && line.endsWith(last);
    }

    /** An endpoints block sets the documented defaults: the addresses local mode really uses by default. */
    private static void checkDefaults(DocBlocks.Block b, List<String> failures) {
        Settings d = Settings.load(null, Map.of(), new Properties(), Map.of());
        Map<String, String> defaults = Map.of(
                "S3", "http://127.0.0.1:" + LocalConfig.DEFAULT_S3_PORT,
                "SQS", "http://127.0.0.1:" + LocalConfig.DEFAULT_SQS_PORT,
                "API", "http://" + d.get("mip.http.host") + ":" + d.get("mip.http.port") + "/api/v1",
                "SFTP_PORT", String.valueOf(LocalConfig.DEFAULT_SFTP_PORT),
                "AWS_ACCESS_KEY_ID", d.get("mip.local.access-key"),
                "AWS_SECRET_ACCESS_KEY", d.get("mip.local.secret-key"),
                "AWS_DEFAULT_REGION", d.get("mip.aws.region"));
        Matcher m = ASSIGNMENT.matcher(b.text());
        int endpoints = 0;
        while (m.find()) {
            String expected = defaults.get(m.group(1));
            if (expected == null) {
                failures.add(b.where() + ": an endpoints block sets only " + defaults.keySet() + ", not " + m.group(1));
            } else if (!expected.equals(m.group(2))) {
                failures.add(b.where() + ": " + m.group(1) + "=" + m.group(2) + ", but local mode's default is " + expected);
            } else if (!m.group(1).startsWith("AWS_")) {
                endpoints++;
            }
        }
        if (endpoints == 0) {
            failures.add(b.where() + ": an endpoints block that sets no endpoint");
        }
    }

    /** The scratch checkout: links to bin/, target/ and routes/, the example files, a HOME. */
    private static void prepare(Path project) throws Exception {
        Files.createSymbolicLink(work.resolve("bin"), project.resolve("bin"));
        Files.createSymbolicLink(work.resolve("target"), project.resolve("target"));
        Files.createSymbolicLink(work.resolve("routes"), project.resolve("routes"));
        Files.createDirectories(work.resolve("home"));
        SyntheticCt.image(4201, 1, 64, 64, 1).write(work.resolve("image.dcm"));
        for (int n = 1; n <= 3; n++) {
            SyntheticCt.image(4202, n, 32, 32, 1).write(Files.createDirectories(work.resolve("export")).resolve("IM" + n));
        }
        SyntheticCt.image(4203, 1, 16, 16, 1).set("Modality", "US").set("BurnedInAnnotation", "")
                .write(work.resolve("ultrasound.dcm"));
    }

    private static Process startPipeline(Path jar) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-jar", jar.toString(), "run", "--data-dir", work.resolve("mip-data").toString()));
        for (String key : List.of("mip.local.s3-port", "mip.local.sqs-port", "mip.local.sftp-port", "mip.http.port",
                "mip.management.port")) {
            command.addAll(List.of("--set", key + "=" + PipelineHarness.freePort()));
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("run.log").toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("MIP_") || k.startsWith("AWS_"));
        return pb.start();
    }

    /** Waits for run's banner and returns its line of endpoint variables. */
    private static String awaitEndpoints(Process pipeline) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < deadline) {
            if (!pipeline.isAlive()) {
                throw new AssertionError("run stopped before it was ready:\n" + Files.readString(work.resolve("run.log")));
            }
            for (String line : Files.readAllLines(work.resolve("run.log"))) {
                Matcher m = BANNER_ENDPOINTS.matcher(line);
                if (m.matches()) {
                    return m.group(1);
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no banner with the endpoint variables within 240 s:\n" + Files.readString(work.resolve("run.log")));
    }

    private static boolean onPath(String tool) {
        if (tool.startsWith("/")) {
            return Files.isExecutable(Path.of(tool));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** One bash session, as a reader's terminal: the blocks of a document run in it one after another. */
    static final class Session implements AutoCloseable {
        record Result(int last, int first, String output) {
        }

        private final Path scratch;
        private final Process bash;
        private final Writer in;
        private int count;

        Session(Path cwd, Path scratch) throws IOException {
            this.scratch = Files.createDirectories(scratch);
            ProcessBuilder pb = new ProcessBuilder("/bin/bash", "--noprofile", "--norc", "-s").directory(cwd.toFile())
                    .redirectErrorStream(true).redirectOutput(scratch.resolve("session.log").toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("MIP_") || k.startsWith("AWS_"));
            env.put("HOME", cwd.resolve("home").toString());
            env.put("LC_ALL", "C.UTF-8");
            bash = pb.start();
            in = new java.io.OutputStreamWriter(bash.getOutputStream(), StandardCharsets.UTF_8);
            send("set -o pipefail\n");
        }

        private void send(String s) throws IOException {
            in.write(s);
            in.flush();
        }

        /**
         * Sources the script in the session, its output to a file, and returns the last command's exit status and
         * the first failing command's (0 when none failed; an ERR trap records it, as {@code set -e} would stop there).
         */
        Result run(String script, Duration timeout) throws Exception {
            int n = ++count;
            Path block = Files.writeString(scratch.resolve("block-" + n + ".sh"), script);
            Path out = scratch.resolve("out-" + n);
            Path rc = scratch.resolve("rc-" + n);
            send("__mip_first=0; trap '__mip_s=$?; [ \"$__mip_first\" = 0 ] && __mip_first=$__mip_s' ERR\n"
                    + ". '" + block + "' > '" + out + "' 2>&1 < /dev/null; __mip_last=$?; trap - ERR\n"
                    + "echo \"$__mip_last $__mip_first\" > '" + rc + ".tmp' && mv '" + rc + ".tmp' '" + rc + "'\n");
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!Files.exists(rc)) {
                if (!bash.isAlive()) {
                    throw new AssertionError("the bash session ended (a block called exit?): " + block);
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("a block ran longer than " + timeout.toSeconds() + " s: " + block + "\n"
                            + (Files.exists(out) ? Files.readString(out) : ""));
                }
                Thread.sleep(100);
            }
            String[] status = Files.readString(rc).strip().split(" ");
            return new Result(Integer.parseInt(status[0]), Integer.parseInt(status[1]),
                    Files.exists(out) ? Files.readString(out) : "");
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // the session is gone already
            }
            try {
                if (!bash.waitFor(10, TimeUnit.SECONDS)) {
                    bash.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
