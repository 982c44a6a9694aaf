package org.mip.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Whole-process wall time of {@code deidentify} beside GDCM's {@code gdcmanon} on the same generated CT
 * corpus, in the same run (docs/BENCHMARKS.md).
 *
 * <p>Usage (after {@code mvn package}):
 * <pre>
 * java -cp target/classes:target/test-classes org.mip.bench.DeidentifyBenchmark \
 *     [--slices 2000] [--runs 3] [--work target/bench-deidentify] [--jar target/medical-imaging-pipeline.jar]
 *     [--launcher bin/mip|none] [--keep] [--no-pair] [--reuse-out [--settle SECONDS]]
 *     [--also-java-options "-XX:TieredStopAtLevel=1"]... [--also-jar other.jar]... [--burned-in NO|absent]
 * </pre>
 * It writes the corpus with our writer ({@link CtCorpus}: 512x512 16-bit slices, realistic header with
 * a nested sequence and a private block, a PACS-export tree of files without extensions), then runs,
 * alternately and after one untimed warm-up each (the page cache holds the corpus for every run):
 * <ul>
 * <li>ours as the docs tell users to run it: {@code bin/mip deidentify --in IN --out OUT} (the launcher:
 *     JVM options for short runs and a class-data archive, which the warm-up run makes in a cache of this
 *     run, as a user's first run does; key in {@code MIP_DEID_KEY_FILE}, threads = cores);</li>
 * <li>gdcmanon: {@code gdcmanon -r -e -c cert.pem -i IN -o OUT}: GDCM's PS3.15 Basic Application Level
 *     Confidentiality Profile (E.1.1: attributes removed or emptied, UIDs replaced), which is the work
 *     ours does; {@code -e} requires a certificate (the originals are encrypted into the Encrypted
 *     Attributes Sequence), generated here with openssl. {@code --dumb} would only apply a hand-given
 *     list of tags, without UID replacement: not comparable. One process, recursive: what a user runs;</li>
 * <li>ours with plain {@code java -jar JAR deidentify ...} (no JVM options);</li>
 * <li>for reference, gdcmanon as two processes at once, one per half of the patient folders (what a user
 *     who splits the job by hand gets from two cores);</li>
 * <li>with {@code --also-java-options}, {@code java -jar} again with those JVM options in {@code JDK_JAVA_OPTIONS}
 *     (e.g. {@code -XX:TieredStopAtLevel=1}), and with {@code --also-jar} another build (e.g. a copy of the
 *     jar before a change, beside target/lib so its class path resolves).</li>
 * </ul>
 * Every run writes to a fresh output folder, as a user's first run does; after it, outside the timed
 * span, {@code sync} writes its output back and the output's pages are dropped from the page cache
 * (so a round does not start with less free memory than the one before); the outputs are deleted at
 * the end. (With
 * {@code --reuse-out} each tool's previous output is deleted just before its next run instead, and
 * {@code --settle} waits that long after: ext4 without a journal, as here, skips every inode freed in
 * the last minute or more when it allocates one, so creating files just after deleting thousands costs several
 * times more, and by how much depends on where each tool's inodes land.) The
 * table shows the median and best wall time, files/s and MB/s (input bytes, 10^6), CPU time and
 * peak RSS (from {@code /usr/bin/time} when installed), and the ratio of each row to gdcmanon (target <= 1.0
 * for the first row).
 */
public final class DeidentifyBenchmark {
    private DeidentifyBenchmark() {
    }

    record Timing(double wall, double cpu, long maxRssKb) {
    }

    /** A row: its command ({@code OUT} stands for its output folder) and environment; pair = gdcmanon twice. */
    record Tool(String name, List<String> argv, Map<String, String> env, boolean pair, List<Timing> timings) {
        String command() {
            String vars = env.entrySet().stream().filter(e -> !e.getKey().equals("MIP_DEID_KEY_FILE"))
                    .map(e -> e.getKey() + "=\"" + e.getValue() + "\" ").reduce("", String::concat);
            return pair ? "two gdcmanon -r -e at once, one per half of the patient folders" : vars + String.join(" ", argv);
        }

        double median() {
            double[] w = timings.stream().mapToDouble(Timing::wall).sorted().toArray();
            return w.length % 2 == 1 ? w[w.length / 2] : (w[w.length / 2 - 1] + w[w.length / 2]) / 2;
        }

        double best() {
            return timings.stream().mapToDouble(Timing::wall).min().orElse(Double.NaN);
        }

        double cpu() {
            return timings.stream().mapToDouble(Timing::cpu).sorted().toArray()[timings.size() / 2];
        }

        long rss() {
            return timings.stream().mapToLong(Timing::maxRssKb).max().orElse(-1);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, List<String>> opts = options(args);
        int slices = Integer.parseInt(one(opts, "--slices", "2000"));
        int runs = Integer.parseInt(one(opts, "--runs", "3"));
        Path work = Path.of(one(opts, "--work", "target/bench-deidentify")).toAbsolutePath();
        Path jar = Path.of(one(opts, "--jar", "target/medical-imaging-pipeline.jar")).toAbsolutePath();
        String launcherOpt = one(opts, "--launcher", "bin/mip");
        Path launcher = launcherOpt.equals("none") ? null : Path.of(launcherOpt).toAbsolutePath();
        boolean keep = opts.containsKey("--keep");
        boolean pair = !opts.containsKey("--no-pair");
        boolean reuseOut = opts.containsKey("--reuse-out");
        long settleMs = (long) (Double.parseDouble(one(opts, "--settle", "0")) * 1000);
        // NO: a CT series as scanners write it, not scanned for burned-in text; absent: every slice scanned
        String burnedIn = one(opts, "--burned-in", "NO");
        if (!burnedIn.equals("NO") && !burnedIn.equals("absent")) {
            throw new IllegalArgumentException("--burned-in NO|absent, not " + burnedIn);
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no jar at " + jar + ": run mvn package first");
        }
        if (launcher != null && !Files.isExecutable(launcher)) {
            throw new IllegalArgumentException("no launcher at " + launcher + " (--launcher none leaves its row out)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        boolean haveTime = Files.isExecutable(Path.of("/usr/bin/time"));
        int cores = Runtime.getRuntime().availableProcessors();

        Path in = work.resolve(burnedIn.equals("NO") ? "in" : "in-no-burned-in-annotation");
        int patients = 4;
        long bytes;
        if (Files.isDirectory(in) && countFiles(in) == slices) {
            bytes = sizeOf(in);
            System.out.printf(Locale.ROOT, "corpus: reusing %d files in %s%n", slices, in);
        } else {
            deleteTree(in);
            Files.createDirectories(in);
            long t0 = System.nanoTime();
            bytes = CtCorpus.write(in, slices, patients, burnedIn.equals("NO") ? "NO" : null);
            System.out.printf(Locale.ROOT, "corpus: %d CT slices 512x512x16 bit, %.1f MB, written in %.1f s to %s%n",
                    slices, bytes / 1e6, (System.nanoTime() - t0) / 1e9, in);
        }
        Path key = work.resolve("bench.key");
        if (!Files.exists(key)) {
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            Files.writeString(key, Base64.getEncoder().encodeToString(k) + "\n");
        }
        Path cert = work.resolve("cert.pem");
        if (!Files.exists(cert)) {
            run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    work.resolve("key.pem").toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=mip-bench"),
                    Map.of());
        }

        List<String> deid = List.of("deidentify", "--in", in.toString(), "--out", "OUT");
        List<String> plain = concat(List.of(java, "-jar", jar.toString()), deid);
        List<String> gdcm = List.of("gdcmanon", "-r", "-e", "-c", cert.toString(), "-i", in.toString(), "-o", "OUT");
        Map<String, String> env = Map.of("MIP_DEID_KEY_FILE", key.toString());
        List<Tool> tools = new ArrayList<>();
        if (launcher != null) {
            // The launcher's class-data archive goes to a cache of this run (made by the warm-up, as a user's first run).
            Map<String, String> launcherEnv = new LinkedHashMap<>(env);
            launcherEnv.put("MIP_JAR", jar.toString());
            launcherEnv.put("JAVA_HOME", System.getProperty("java.home"));
            launcherEnv.put("MIP_CACHE_DIR", work.resolve("cache").toString());
            deleteTree(work.resolve("cache"));
            tools.add(new Tool("deidentify via " + launcher.getParent().getFileName() + "/" + launcher.getFileName() + " (" + cores + " threads)",
                    concat(List.of(launcher.toString()), deid), launcherEnv, false, new ArrayList<>()));
        }
        tools.add(new Tool("gdcmanon -r -e (1 process)", gdcm, Map.of(), false, new ArrayList<>()));
        tools.add(new Tool("deidentify via java -jar (" + cores + " threads)", plain, env, false, new ArrayList<>()));
        if (pair) {
            tools.add(new Tool("gdcmanon -r -e, 2 processes (reference)", gdcm, Map.of(), true, new ArrayList<>()));
        }
        for (String options : opts.getOrDefault("--also-java-options", List.of())) {
            Map<String, String> tuned = new LinkedHashMap<>(env);
            tuned.put("JDK_JAVA_OPTIONS", options);
            tools.add(new Tool("java -jar, JDK_JAVA_OPTIONS=\"" + options + "\" (reference)", plain, tuned, false, new ArrayList<>()));
        }
        for (String other : opts.getOrDefault("--also-jar", List.of())) {
            Path o = Path.of(other).toAbsolutePath();
            tools.add(new Tool("java -jar " + o.getFileName() + " (reference)", concat(List.of(java, "-jar", o.toString()), deid), env,
                    false, new ArrayList<>()));
        }

        deleteOutputs(work); // of an interrupted earlier run
        for (int r = 0; r <= runs; r++) {
            boolean warmup = r == 0;
            for (int t = 0; t < tools.size(); t++) {
                Tool tool = tools.get(t);
                Path out = work.resolve("out-" + t + (reuseOut ? "" : "-" + r));
                if (reuseOut) {
                    deleteTree(out);
                }
                run(List.of("sync"), Map.of());
                // ext4 without a journal skips inodes freed in the last minute(s) when it allocates new ones
                // (its recently_deleted check): fresh folders (the default) or --settle keep that out of the runs.
                Thread.sleep(settleMs);
                Timing timing = tool.pair() ? twoProcesses(gdcm, in, out, patients)
                        : timed(replace(tool.argv(), "OUT", out.toString()), tool.env(), haveTime, work);
                check(out, slices, tool.name());
                if (!reuseOut) {
                    // Kept outputs would fill the page cache round after round (a GB each) until the kernel
                    // reclaims memory during the runs; written back, their pages are dropped instead.
                    run(List.of("sync"), Map.of());
                    evictFromPageCache(out);
                }
                if (!warmup) {
                    tool.timings().add(timing);
                }
                System.out.printf(Locale.ROOT, "%s %s: %.2f s%n", warmup ? "warm-up" : "run " + r, tool.name(), timing.wall());
            }
        }
        if (!keep) {
            deleteOutputs(work);
        }

        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%n%d files, %.1f MB, %d cores (%s), %d timed runs each, median (best):%n%n",
                slices, bytes / 1e6, cores, System.getProperty("os.arch"), runs));
        table.append("| tool | wall s, median (best) | files/s | MB/s | CPU s | peak RSS MB |\n");
        table.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Tool tool : tools) {
            double m = tool.median();
            table.append(String.format(Locale.ROOT, "| %s | %.2f (%.2f) | %.0f | %.0f | %s | %s |%n", tool.name(), m, tool.best(),
                    slices / m, bytes / 1e6 / m, tool.cpu() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", tool.cpu()),
                    tool.rss() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", tool.rss() / 1024.0)));
        }
        Tool gdcmanon = tools.stream().filter(t -> t.argv() == gdcm && !t.pair()).findFirst().orElseThrow();
        double ratio = tools.get(0).median() / gdcmanon.median();
        table.append(String.format(Locale.ROOT, "%nratio %s / gdcmanon (wall, median): %.2f  (target <= 1.0: %s)%n",
                tools.get(0).name(), ratio, ratio <= 1.0 ? "met" : "NOT met"));
        for (Tool tool : tools) {
            if (tool != tools.get(0) && tool != gdcmanon) {
                table.append(String.format(Locale.ROOT, "ratio %s / gdcmanon: %.2f%n", tool.name(), tool.median() / gdcmanon.median()));
            }
        }
        table.append("commands:\n");
        for (Tool tool : tools) {
            table.append("  ").append(tool.name()).append(": ").append(tool.command()).append('\n');
        }
        System.out.print(table);
        Files.writeString(work.resolve("results.md"), table.toString());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String one(Map<String, List<String>> opts, String name, String otherwise) {
        List<String> v = opts.get(name);
        return v == null ? otherwise : v.get(v.size() - 1);
    }

    private static Timing twoProcesses(List<String> gdcm, Path in, Path out, int patients) throws Exception {
        List<Path> folders;
        try (Stream<Path> s = Files.list(in)) {
            folders = s.filter(Files::isDirectory).sorted().toList();
        }
        Files.createDirectories(out); // gdcmanon's own mkdir of a shared parent is not safe against a second process
        long t0 = System.nanoTime();
        List<Process> running = new ArrayList<>();
        int half = (folders.size() + 1) / 2;
        for (List<Path> part : List.of(folders.subList(0, half), folders.subList(half, folders.size()))) {
            // One shell per half runs gdcmanon on its folders one after the other.
            StringBuilder script = new StringBuilder("set -e\n");
            for (Path f : part) {
                List<String> c = new ArrayList<>(gdcm);
                c.set(c.indexOf(in.toString()), f.toString());
                c.set(c.indexOf("OUT"), out.resolve(f.getFileName()).toString());
                script.append(String.join(" ", c.stream().map(DeidentifyBenchmark::quote).toList())).append('\n');
            }
            Path log = out.resolveSibling(out.getFileName() + "-" + running.size() + ".log");
            running.add(new ProcessBuilder("sh", "-c", script.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start());
        }
        for (int i = 0; i < running.size(); i++) {
            if (running.get(i).waitFor() != 0) {
                Path log = out.resolveSibling(out.getFileName() + "-" + i + ".log");
                throw new IllegalStateException("gdcmanon failed (two processes): " + Files.readString(log));
            }
        }
        return new Timing((System.nanoTime() - t0) / 1e9, -1, -1);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static Timing timed(List<String> command, Map<String, String> env, boolean haveTime, Path work) throws Exception {
        Path report = work.resolve("time.txt");
        List<String> c = new ArrayList<>();
        if (haveTime) {
            c.addAll(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", report.toString()));
        }
        c.addAll(command);
        long t0 = System.nanoTime();
        run(c, env);
        double wall = (System.nanoTime() - t0) / 1e9;
        if (haveTime) {
            String[] f = Files.readString(report).trim().split("\\s+");
            return new Timing(wall, Double.parseDouble(f[1]) + Double.parseDouble(f[2]), Long.parseLong(f[3]));
        }
        return new Timing(wall, -1, -1);
    }

    private static String run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("exit " + p.exitValue() + ": " + String.join(" ", command) + "\n" + text);
        }
        return text;
    }

    private static void check(Path out, int expected, String tool) throws IOException {
        long n;
        try (Stream<Path> s = Files.walk(out)) {
            n = s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/quarantine/")).count();
        }
        if (n != expected) {
            throw new IllegalStateException(tool + " wrote " + n + " files, expected " + expected);
        }
    }

    private static List<String> replace(List<String> list, String from, String to) {
        return list.stream().map(s -> s.equals(from) ? to : s).toList();
    }

    private static long countFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** Drops the (written back) files under {@code dir} from the page cache: posix_fadvise DONTNEED, via python3. */
    private static void evictFromPageCache(Path dir) throws Exception {
        try {
            run(List.of("python3", "-c", "import os, sys\n"
                    + "for d, _, fs in os.walk(sys.argv[1]):\n"
                    + "    for f in fs:\n"
                    + "        fd = os.open(os.path.join(d, f), os.O_RDONLY)\n"
                    + "        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)\n"
                    + "        os.close(fd)\n", dir.toString()), Map.of());
        } catch (IOException noPython) {
            System.out.println("note: python3 not found: outputs stay in the page cache (later rounds may slow down)");
        }
    }

    /** Every run's output folder ({@code out-...}) under {@code work}. */
    private static void deleteOutputs(Path work) throws IOException {
        try (Stream<Path> s = Files.list(work)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("out-")).toList()) {
                deleteTree(p);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Map<String, List<String>> options(String[] args) {
        List<String> flags = List.of("--keep", "--no-pair", "--reuse-out");
        List<String> valued = List.of("--slices", "--runs", "--work", "--jar", "--launcher", "--also-java-options", "--also-jar",
                "--settle", "--burned-in");
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (flags.contains(args[i])) {
                m.put(args[i], List.of());
            } else if (valued.contains(args[i]) && i + 1 < args.length) {
                m.computeIfAbsent(args[i], k -> new ArrayList<>()).add(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: " + Arrays.toString(
                        new String[] {"--slices N", "--runs N", "--work DIR", "--jar FILE", "--launcher FILE|none", "--keep",
                        "--no-pair", "--also-java-options OPTIONS (repeatable)", "--also-jar FILE (repeatable)",
                        "--reuse-out", "--settle SECONDS", "--burned-in NO|absent"}));
            }
        }
        return m;
    }
}
