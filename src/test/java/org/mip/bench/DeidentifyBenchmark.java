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
 * Whole-process wall time of {@code java -jar medical-imaging-pipeline.jar deidentify} beside GDCM's
 * {@code gdcmanon} on the same generated CT corpus, in the same run (docs/BENCHMARKS.md).
 *
 * <p>Usage (after {@code mvn package}):
 * <pre>
 * java -cp target/classes:target/test-classes org.mip.bench.DeidentifyBenchmark \
 *     [--slices 2000] [--runs 3] [--work target/bench-deidentify] [--jar target/medical-imaging-pipeline.jar]
 *     [--keep] [--no-pair] [--also-java-options "-XX:TieredStopAtLevel=1"]
 * </pre>
 * It writes the corpus with our writer ({@link CtCorpus}: 512x512 16-bit slices, realistic header with
 * a nested sequence and a private block, a PACS-export tree of files without extensions), then runs,
 * alternately and after one untimed warm-up each (the page cache holds the corpus for every run):
 * <ul>
 * <li>ours: {@code java -jar JAR deidentify --in IN --out OUT} (key in {@code MIP_DEID_KEY_FILE},
 *     threads = cores, progress lines as on a non-terminal);</li>
 * <li>gdcmanon: {@code gdcmanon -r -e -c cert.pem -i IN -o OUT}: GDCM's PS3.15 Basic Application Level
 *     Confidentiality Profile (E.1.1: attributes removed or emptied, UIDs replaced), which is the work
 *     ours does; {@code -e} requires a certificate (the originals are encrypted into the Encrypted
 *     Attributes Sequence), generated here with openssl. {@code --dumb} would only apply a hand-given
 *     list of tags, without UID replacement: not comparable. One process, recursive: what a user runs;</li>
 * <li>for reference, gdcmanon as two processes at once, one per half of the patient folders (what a user
 *     who splits the job by hand gets from two cores);</li>
 * <li>with {@code --also-java-options}, ours again with those JVM options in {@code JDK_JAVA_OPTIONS} (e.g.
 *     {@code -XX:TieredStopAtLevel=1}: how much of our time is the JIT compiler's).</li>
 * </ul>
 * Between runs the outputs are deleted and {@code sync} flushes them, outside the timed span. The
 * table shows the median and best wall time, files/s and MB/s (input bytes, 10^6), CPU time and
 * peak RSS (from {@code /usr/bin/time} when installed), and the ratio ours / gdcmanon (target <= 1.0).
 */
public final class DeidentifyBenchmark {
    private DeidentifyBenchmark() {
    }

    record Timing(double wall, double cpu, long maxRssKb) {
    }

    record Tool(String name, String command, List<Timing> timings) {
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
        Map<String, String> opts = options(args);
        int slices = Integer.parseInt(opts.getOrDefault("--slices", "2000"));
        int runs = Integer.parseInt(opts.getOrDefault("--runs", "3"));
        Path work = Path.of(opts.getOrDefault("--work", "target/bench-deidentify")).toAbsolutePath();
        Path jar = Path.of(opts.getOrDefault("--jar", "target/medical-imaging-pipeline.jar")).toAbsolutePath();
        boolean keep = opts.containsKey("--keep");
        boolean pair = !opts.containsKey("--no-pair");
        String javaOptions = opts.get("--also-java-options");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no jar at " + jar + ": run mvn package first");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        boolean haveTime = Files.isExecutable(Path.of("/usr/bin/time"));
        int cores = Runtime.getRuntime().availableProcessors();

        Path in = work.resolve("in");
        int patients = 4;
        long bytes;
        if (Files.isDirectory(in) && countFiles(in) == slices) {
            bytes = sizeOf(in);
            System.out.printf(Locale.ROOT, "corpus: reusing %d files in %s%n", slices, in);
        } else {
            deleteTree(in);
            Files.createDirectories(in);
            long t0 = System.nanoTime();
            bytes = CtCorpus.write(in, slices, patients);
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

        List<String> ours = List.of(java, "-jar", jar.toString(), "deidentify", "--in", in.toString(), "--out", "OUT");
        List<String> gdcm = List.of("gdcmanon", "-r", "-e", "-c", cert.toString(), "-i", in.toString(), "-o", "OUT");
        Map<String, String> env = Map.of("MIP_DEID_KEY_FILE", key.toString());
        List<Tool> tools = new ArrayList<>();
        tools.add(new Tool("medical-imaging-pipeline deidentify (" + cores + " threads)", String.join(" ", ours), new ArrayList<>()));
        tools.add(new Tool("gdcmanon -r -e (1 process)", String.join(" ", gdcm), new ArrayList<>()));
        if (pair) {
            tools.add(new Tool("gdcmanon -r -e, 2 processes (reference)",
                    "two of the above at once, one per half of the patient folders", new ArrayList<>()));
        }
        Map<String, String> envTuned = new LinkedHashMap<>(env);
        if (javaOptions != null) {
            envTuned.put("JDK_JAVA_OPTIONS", javaOptions);
            tools.add(new Tool("deidentify, JDK_JAVA_OPTIONS=\"" + javaOptions + "\" (reference)",
                    "JDK_JAVA_OPTIONS=\"" + javaOptions + "\" " + String.join(" ", ours), new ArrayList<>()));
        }

        for (int r = 0; r <= runs; r++) {
            boolean warmup = r == 0;
            for (int t = 0; t < tools.size(); t++) {
                Path out = work.resolve("out-" + t);
                deleteTree(out);
                run(List.of("sync"), Map.of());
                Timing timing;
                if (t == 0) {
                    timing = timed(replace(ours, "OUT", out.toString()), env, haveTime, work);
                    check(out, slices, tools.get(t).name());
                } else if (t == 1) {
                    timing = timed(replace(gdcm, "OUT", out.toString()), Map.of(), haveTime, work);
                    check(out, slices, tools.get(t).name());
                } else if (tools.get(t).name().startsWith("gdcmanon")) {
                    timing = twoProcesses(gdcm, in, out, patients);
                    check(out, slices, tools.get(t).name());
                } else {
                    timing = timed(replace(ours, "OUT", out.toString()), envTuned, haveTime, work);
                    check(out, slices, tools.get(t).name());
                }
                if (!warmup) {
                    tools.get(t).timings().add(timing);
                }
                System.out.printf(Locale.ROOT, "%s %s: %.2f s%n", warmup ? "warm-up" : "run " + r, tools.get(t).name(), timing.wall());
            }
        }
        if (!keep) {
            for (int t = 0; t < tools.size(); t++) {
                deleteTree(work.resolve("out-" + t));
            }
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
        double ratio = tools.get(0).median() / tools.get(1).median();
        double ratioPair = pair ? tools.get(0).median() / tools.get(2).median() : Double.NaN;
        double ratioTuned = javaOptions != null ? tools.get(tools.size() - 1).median() / tools.get(1).median() : Double.NaN;
        table.append(String.format(Locale.ROOT, "%nratio ours / gdcmanon (wall, median): %.2f  (target <= 1.0: %s)%n", ratio,
                ratio <= 1.0 ? "met" : "NOT met"));
        if (pair) {
            table.append(String.format(Locale.ROOT, "ratio ours / gdcmanon as 2 processes (reference): %.2f%n", ratioPair));
        }
        if (javaOptions != null) {
            table.append(String.format(Locale.ROOT, "ratio ours with JDK_JAVA_OPTIONS=\"%s\" / gdcmanon (reference): %.2f%n",
                    javaOptions, ratioTuned));
        }
        table.append("commands:\n");
        for (Tool tool : tools) {
            table.append("  ").append(tool.name()).append(": ").append(tool.command()).append('\n');
        }
        System.out.print(table);
        Files.writeString(work.resolve("results.md"), table.toString());
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

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--keep") || args[i].equals("--no-pair")) {
                m.put(args[i], "");
            } else if ((args[i].equals("--slices") || args[i].equals("--runs") || args[i].equals("--work")
                    || args[i].equals("--jar") || args[i].equals("--also-java-options")) && i + 1 < args.length) {
                m.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: " + Arrays.toString(
                        new String[] {"--slices N", "--runs N", "--work DIR", "--jar FILE", "--keep", "--no-pair",
                        "--also-java-options OPTIONS"}));
            }
        }
        return m;
    }
}
