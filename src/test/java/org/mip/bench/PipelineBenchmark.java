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

/**
 * End-to-end throughput of the local S3 path beside its I/O bound, in one run on one server:
 *
 * <ol>
 *   <li>bound: {@code aws s3 cp --recursive} of the corpus to the embedded S3 server (another bucket);
 *   <li>pipeline: the same files put into the raw bucket while ingest is stopped, then ingest started,
 *       timed until every file is published (fetch, parse, validate, de-identify, two PUTs, two audit
 *       events, raw delete);
 *   <li>end to end: {@code aws s3 cp --recursive} into the raw bucket while the pipeline runs, timed from
 *       the first upload until the last file is published.
 * </ol>
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * java -Xmx1g -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     org.mip.bench.PipelineBenchmark [files=500] [rows=512] [columns=512] [mip.KEY=VALUE ...]
 * </pre>
 *
 * Settings given as {@code mip.KEY=VALUE} override the pipeline's (e.g. {@code mip.pipeline.concurrency=4}).
 * Results: docs/BENCHMARKS.md.
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int files = 500;
        int rows = 512;
        int columns = 512;
        int warmup = 20;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "files" -> files = Integer.parseInt(kv[1]);
                case "rows" -> rows = Integer.parseInt(kv[1]);
                case "columns" -> columns = Integer.parseInt(kv[1]);
                case "warmup" -> warmup = Integer.parseInt(kv[1]);
                default -> overrides.put(kv[0], kv[1]);
            }
        }
        if (!PipelineHarness.has(PipelineHarness.AWS_CLI)) {
            throw new IllegalStateException("the benchmark needs the aws CLI at " + PipelineHarness.AWS_CLI);
        }
        Path work = Files.createTempDirectory("mip-bench");
        try {
            run(work, files, rows, columns, warmup, overrides);
        } finally {
            delete(work);
        }
    }

    private static void run(Path work, int files, int rows, int columns, int warmup, Map<String, String> overrides)
            throws Exception {
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
            var routes = h.app().camelContext().getRouteController();
            Counter published = publishedCounter(h);
            h.s3().createBucket(b -> b.bucket("bench-bound"));

            // warm-up: the JIT, the connection pools
            Path warm = Files.createDirectories(work.resolve("warm"));
            for (int i = 0; i < warmup; i++) {
                SyntheticCt.image(900, i + 1, rows, columns, 1).write(warm.resolve("w" + i + ".dcm"));
            }
            long w0 = System.nanoTime();
            check(h.awsS3(work, "s3", "cp", "--recursive", "--quiet", warm.toString(), "s3://raw/warm/"));
            await(published, warmup, "warm-up");
            System.out.printf(Locale.ROOT, "warm-up: %d files in %.1f s%n", warmup, seconds(w0));
            check(h.awsS3(work, "s3", "cp", "--recursive", "--quiet", warm.toString(), "s3://bench-bound/warm/"));

            // 1. the bound
            long t0 = System.nanoTime();
            long c0 = cpuNanos();
            check(h.awsS3(work, "s3", "cp", "--recursive", "--quiet", corpus.toString(), "s3://bench-bound/run/"));
            double bound = seconds(t0);
            double boundCpu = (cpuNanos() - c0) / 1e6 / files;

            // 2. the pipeline alone, from a full raw bucket
            routes.stopRoute("ingest-s3");
            putAll(h, corpus, "preloaded/");
            double before = published.count();
            t0 = System.nanoTime();
            c0 = cpuNanos();
            routes.startRoute("ingest-s3");
            await(published, before + files, "the preloaded corpus");
            double pipeline = seconds(t0);
            double pipelineCpu = (cpuNanos() - c0) / 1e6 / files;

            // 3. end to end: the CLI uploads while the pipeline runs
            before = published.count();
            t0 = System.nanoTime();
            c0 = cpuNanos();
            check(h.awsS3(work, "s3", "cp", "--recursive", "--quiet", corpus.toString(), "s3://raw/e2e/"));
            double uploaded = seconds(t0);
            await(published, before + files, "the uploaded corpus");
            double e2e = seconds(t0);
            double e2eCpu = (cpuNanos() - c0) / 1e6 / files;

            System.out.println();
            System.out.println("| measure | seconds | files/s | MB/s | of the bound |");
            System.out.println("| --- | ---: | ---: | ---: | ---: |");
            row("aws s3 cp --recursive (bound)", bound, files, bytes, bound);
            row("pipeline, raw bucket preloaded", pipeline, files, bytes, bound);
            row("end to end, upload while running", e2e, files, bytes, bound);
            System.out.printf(Locale.ROOT, "(the upload itself took %.1f s while the pipeline ran)%n", uploaded);
            // CPU of this JVM (pipeline, S3Proxy, ElasticMQ) per file: steadier than seconds on a shared machine
            System.out.printf(Locale.ROOT, "JVM CPU ms per file: bound (S3Proxy only) %.1f, preloaded %.1f, end to end %.1f; load %s%n",
                    boundCpu, pipelineCpu, e2eCpu, loadAverage());
            String m = h.app().camelContext().getRegistry().findByType(MeterRegistry.class).stream()
                    .filter(r -> r.getClass().getSimpleName().startsWith("Prometheus")).findFirst()
                    .map(r -> stageSummary(r)).orElse("");
            System.out.println(m);
        }
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

    private static void row(String what, double seconds, int files, long bytes, double bound) {
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.0f%% |%n", what, seconds, files / seconds,
                bytes / 1e6 / seconds, 100 * bound / seconds);
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
