package org.mip.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.mip.app.PipelineHarness;
import org.mip.app.SyntheticCt;
import org.mip.infra.AwsCallRecorder;

/**
 * Throughput of the local S3 path beside its I/O bound, in one run on one server. After a warm-up
 * (thousands of files: the JIT compiles the pipeline, the AWS SDK and the two embedded servers in one
 * JVM for minutes), each round measures:
 *
 * <ol>
 *   <li>bound: {@code aws s3 cp --recursive} of the corpus to the embedded S3 server (another bucket);
 *   <li>pipeline: the same files put into the raw bucket while ingest is stopped, then ingest started,
 *       timed until every file is published (fetch, parse, validate, de-identify, two PUTs, two audit
 *       events, raw delete);
 *   <li>upload + pipeline: {@code aws s3 cp --recursive} into the raw bucket while the pipeline runs,
 *       timed from the first upload until the last file is published.
 * </ol>
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * java -Xmx1g -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     org.mip.bench.PipelineBenchmark [files=300] [warmup=6000] [rounds=3] [rows=512] [columns=512] [requests=false] [mip.KEY=VALUE ...]
 * </pre>
 *
 * Settings given as {@code mip.KEY=VALUE} override the pipeline's (e.g. {@code mip.pipeline.concurrency=4}).
 * {@code requests=true} also counts the S3 and SQS requests the application's clients make per file in
 * each measure, by operation ({@link AwsCallRecorder}; it walks the stack of every call, so the times of
 * such a run are not the figures to quote).
 * Results: docs/BENCHMARKS.md.
 */
public final class PipelineBenchmark {
    private static final int WARM_SET = 500;

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int files = 300;
        int rows = 512;
        int columns = 512;
        int warmup = 6000;
        int rounds = 3;
        boolean requests = false;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "files" -> files = Integer.parseInt(kv[1]);
                case "rows" -> rows = Integer.parseInt(kv[1]);
                case "columns" -> columns = Integer.parseInt(kv[1]);
                case "warmup" -> warmup = Integer.parseInt(kv[1]);
                case "rounds" -> rounds = Integer.parseInt(kv[1]);
                case "requests" -> requests = Boolean.parseBoolean(kv[1]);
                default -> overrides.put(kv[0], kv[1]);
            }
        }
        if (!PipelineHarness.has(PipelineHarness.AWS_CLI)) {
            throw new IllegalStateException("the benchmark needs the aws CLI at " + PipelineHarness.AWS_CLI);
        }
        if (requests) {
            System.setProperty("mip.aws.execution-interceptors", AwsCallRecorder.class.getName());
        }
        Path work = Files.createTempDirectory("mip-bench");
        try {
            run(work, files, rows, columns, warmup, rounds, overrides);
        } finally {
            delete(work);
        }
    }

    private static void run(Path work, int files, int rows, int columns, int warmup, int rounds,
                            Map<String, String> overrides) throws Exception {
        Path corpus = Files.createDirectories(work.resolve("corpus"));
        for (int i = 0; i < files; i++) {
            SyntheticCt.image(1 + i / 100, i + 1, rows, columns, 1).write(corpus.resolve(String.format("ct-%05d.dcm", i)));
        }
        long bytes;
        try (Stream<Path> s = Files.list(corpus)) {
            bytes = s.mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf(Locale.ROOT, "corpus: %d CT slices of %dx%d 16-bit, %.1f MB%n", files, rows, columns, bytes / 1e6);

        Map<String, String> settings = new LinkedHashMap<>(Map.of("mip.ingest.sftp.enabled", "false",
                "mip.ingest.poll.delay-ms", "1000"));
        settings.putAll(overrides);
        System.out.println("settings: " + settings);
        try (PipelineHarness h = PipelineHarness.start(work.resolve("data"), settings)) {
            Counter published = publishedCounter(h);
            h.s3().createBucket(b -> b.bucket("bench-bound"));
            warmUp(h, work, published, warmup, rows, columns);

            System.out.println();
            System.out.println("| round | bound s | pipeline s | pipeline, of the bound | upload + pipeline s | upload + pipeline, of the bound "
                    + "| JVM CPU ms/file: bound (S3Proxy) / pipeline / upload + pipeline | CLI CPU ms/file in the bound | load |");
            System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |");
            List<double[]> results = new ArrayList<>();
            List<String> profiles = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                int r = round;
                Measure bound = measure(files, () -> check(h.awsS3(work, "s3", "cp", "--recursive", "--quiet",
                        corpus.toString(), "s3://bench-bound/run" + r + "/")));
                Measure pipeline = preloaded(h, corpus, "preloaded" + r + "/", published, files);
                Measure both = measure(files, () -> {
                    double before = published.count();
                    check(h.awsS3(work, "s3", "cp", "--recursive", "--quiet", corpus.toString(), "s3://raw/e2e" + r + "/"));
                    await(published, before + files, "the uploaded corpus");
                });
                results.add(new double[] {bound.seconds, pipeline.seconds, both.seconds});
                System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.0f%% | %.1f | %.0f%% | %.1f / %.1f / %.1f | %.1f | %s |%n", r,
                        bound.seconds, pipeline.seconds, 100 * bound.seconds / pipeline.seconds, both.seconds,
                        100 * bound.seconds / both.seconds, bound.jvmCpuMsPerFile, pipeline.jvmCpuMsPerFile,
                        both.jvmCpuMsPerFile, bound.childCpuMsPerFile, loadAverage());
                profiles.add(String.format(Locale.ROOT, "round %d, JVM CPU by thread group:%n  bound: %s%n  pipeline: %s%n"
                        + "  upload + pipeline: %s", r, bound.threads, pipeline.threads, both.threads));
                if (!pipeline.requests.isEmpty()) {
                    profiles.add(String.format(Locale.ROOT, "round %d, S3 and SQS requests of the application:%n  pipeline: %s%n"
                            + "  upload + pipeline: %s", r, pipeline.requests, both.requests));
                }
            }
            // ratios of the median times (a round's own ratios are in its row)
            System.out.printf(Locale.ROOT, "medians of %d rounds: bound %.1f files/s; pipeline %.1f files/s, %.0f%% of the bound; "
                    + "upload + pipeline %.0f%% of the bound (%.1f MB per file set)%n", rounds, files / median(results, 0),
                    files / median(results, 1), 100 * median(results, 0) / median(results, 1),
                    100 * median(results, 0) / median(results, 2), bytes / 1e6);
            profiles.forEach(System.out::println);
            String m = h.app().camelContext().getRegistry().findByType(MeterRegistry.class).stream()
                    .filter(reg -> reg.getClass().getSimpleName().startsWith("Prometheus")).findFirst()
                    .map(PipelineBenchmark::stageSummary).orElse("");
            System.out.println(m);
        }
    }

    /**
     * Sends the warm-up files through the pipeline, printing the JVM's CPU per file for each set: it
     * falls for thousands of files while the JIT compiles four client and server stacks in one JVM.
     * A long warm-up sends the same set of at most WARM_SET files again under new keys (same output
     * keys, overwritten): the JIT needs the files, the disk need not hold them.
     */
    private static void warmUp(PipelineHarness h, Path work, Counter published, int warmup, int rows, int columns)
            throws Exception {
        Path warm = Files.createDirectories(work.resolve("warm"));
        int warmSet = Math.min(warmup, WARM_SET);
        for (int i = 0; i < warmSet; i++) {
            SyntheticCt.image(900, i + 1, rows, columns, 1).write(warm.resolve("w" + i + ".dcm"));
        }
        long w0 = System.nanoTime();
        int warmed = 0;
        for (int set = 0; warmed < warmup; set++) {
            String prefix = "s3://raw/warm" + set + "/";
            double before = published.count();
            Measure m = measure(warmSet, () -> {
                check(h.awsS3(work, "s3", "cp", "--recursive", "--quiet", warm.toString(), prefix));
                await(published, before + warmSet, "warm-up");
            });
            warmed += warmSet;
            System.out.printf(Locale.ROOT, "warm-up: %d files after %.0f s; this set %.1f files/s, JVM CPU %.1f ms/file%n",
                    warmed, seconds(w0), warmSet / m.seconds, m.jvmCpuMsPerFile);
        }
    }

    /** The pipeline alone: the corpus put into the raw bucket while ingest is stopped, then drained. */
    private static Measure preloaded(PipelineHarness h, Path corpus, String prefix, Counter published, int files)
            throws Exception {
        var routes = h.app().camelContext().getRouteController();
        routes.stopRoute("ingest-s3");
        putAll(h, corpus, prefix);
        double before = published.count();
        return measure(files, () -> {
            routes.startRoute("ingest-s3");
            await(published, before + files, "the preloaded corpus");
        });
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Wall time, this JVM's CPU (all threads, by group) and its waited-for children's CPU (the aws CLI). */
    private record Measure(double seconds, double jvmCpuMsPerFile, double childCpuMsPerFile, String threads, String requests) {
    }

    private static Measure measure(int files, Step step) throws Exception {
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        long ch0 = ThreadCpu.childrenMillis();
        ThreadCpu th0 = ThreadCpu.snapshot();
        AwsCallRecorder.clear();
        step.run();
        double s = seconds(t0);
        return new Measure(s, (cpuNanos() - c0) / 1e6 / files, (double) (ThreadCpu.childrenMillis() - ch0) / files,
                ThreadCpu.snapshot().since(th0, files), requestsPerFile(files));
    }

    /**
     * The application's S3 and SQS calls per file since the last clear, by operation (empty unless
     * requests=true). The raw bucket poller's GetObject is a probe its HTTP client answers without
     * a request (ProbeAnsweringHttpClient): counted apart, it never leaves the JVM.
     */
    private static String requestsPerFile(int files) {
        List<AwsCallRecorder.AwsCall> calls = AwsCallRecorder.calls();
        if (calls.isEmpty()) {
            return "";
        }
        Map<String, Integer> byOperation = new java.util.TreeMap<>();
        int sent = 0;
        for (AwsCallRecorder.AwsCall c : calls) {
            boolean probe = "GetObject".equals(c.operation()) && c.origin().contains("AWS2S3Consumer");
            byOperation.merge(c.service() + " " + c.operation() + (probe ? " (poller's probe, not sent)" : ""), 1, Integer::sum);
            sent += probe ? 0 : 1;
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%.2f requests/file:", (double) sent / files));
        byOperation.forEach((op, n) -> b.append(String.format(Locale.ROOT, " %s %.2f;", op, (double) n / files)));
        return b.toString();
    }

    private static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String stageSummary(MeterRegistry r) {
        StringBuilder b = new StringBuilder("mean time per stage (ms):");
        r.find("mip.stage").timers().forEach(t -> b.append(String.format(Locale.ROOT, " %s %.1f", t.getId().getTag("stage"),
                t.mean(java.util.concurrent.TimeUnit.MILLISECONDS))));
        b.append("\nmean time per route (ms):");
        r.getMeters().stream().filter(m -> m instanceof io.micrometer.core.instrument.Timer && m.getId().getTag("routeId") != null)
                .map(m -> (io.micrometer.core.instrument.Timer) m)
                .filter(t -> t.count() > 0)
                .forEach(t -> b.append(String.format(Locale.ROOT, " %s %.1f (%d)", t.getId().getTag("routeId"),
                        t.mean(java.util.concurrent.TimeUnit.MILLISECONDS), t.count())));
        return b.toString();
    }

    private static Counter publishedCounter(PipelineHarness h) {
        MeterRegistry registry = h.app().camelContext().getRegistry().findByType(MeterRegistry.class).stream()
                .filter(r -> r.getClass().getSimpleName().startsWith("Prometheus")).findFirst().orElseThrow();
        return Counter.builder("mip.objects").description("Objects by outcome").tag("outcome", "published").register(registry);
    }

    private static void await(Counter published, double target, String what) {
        PipelineHarness.await(Duration.ofMinutes(30), what + " to be published", () -> published.count() >= target);
    }

    private static void putAll(PipelineHarness h, Path corpus, String prefix) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Stream<Path> s = Files.list(corpus)) {
            List<Future<?>> done = new ArrayList<>();
            for (Path p : s.toList()) {
                done.add(pool.submit(() -> h.putRaw(prefix + p.getFileName(), p)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void check(PipelineHarness.Result r) {
        if (r.exit() != 0) {
            throw new IllegalStateException("aws CLI failed: " + r.out());
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
