package org.mip.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mip.app.PipelineHarness;
import org.mip.app.SyntheticCt;

/**
 * A fresh {@code run} as a user (or a pod just scaled out) meets it: {@code run} started as a
 * process the way the README starts it, in a new data folder on free ports, and per round:
 *
 * <ol>
 *   <li>ready: from the process's start until {@code /observe/health/ready} answers 200 (polled every 10 ms);
 *   <li>cold: then {@code aws s3 cp --recursive} of the corpus into the raw bucket, timed from the
 *       start of the upload until the last file is published (the {@code mip_objects_total{outcome="published"}}
 *       metric): the first files after {@code run} starts, nothing sent through before;
 *   <li>bound: afterwards, the same upload alone into another bucket of the same server (its S3
 *       server is then warm, so the bound is if anything faster and the ratio conservative).
 * </ol>
 *
 * The child's CPU (user + system, from /proc) is printed for the start and for the cold measure.
 * With {@code bin/mip} as the launcher, the class-data archive lives in a folder of this run: the
 * first round runs without it and writes it when stopped (after its files), the next rounds map it.
 *
 * <pre>
 * mvn -q -B package -DskipTests
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     org.mip.bench.StartupBenchmark [rounds=5] [files=300] [cold=true] [launcher="bin/mip"] [mip.KEY=VALUE ...]
 * </pre>
 *
 * {@code launcher} is the command before {@code run}, split on spaces (e.g. {@code "java -jar
 * target/medical-imaging-pipeline.jar"}, or {@code "env JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bin/mip"});
 * several, separated by {@code " | "}, run in alternate rounds. {@code cold=false} measures the start only.
 * {@code servers=apart}: S3 and SQS are served by a run of their own started first ({@link ServersApart}),
 * and each measured run is started in aws mode against them, as a replica scaled out by KEDA meets them;
 * round 1 also warms those servers. The CPU printed is then the measured run's alone, with the servers'
 * on a line of its own. Results: docs/BENCHMARKS.md ("Start-up and the first files").
 */
public final class StartupBenchmark {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int rounds = a.take("rounds", 5);
        int files = a.take("files", 300);
        boolean cold = a.take("cold", true);
        String launcher = a.take("launcher", "bin/mip");
        boolean apart = a.take("servers", "here").equals("apart");
        Map<String, String> overrides = a.rest();
        if (cold && !PipelineHarness.has(PipelineHarness.AWS_CLI)) {
            throw new IllegalStateException("the cold measure needs the aws CLI at " + PipelineHarness.AWS_CLI);
        }
        Path work = Files.createTempDirectory("mip-startup");
        ServersApart servers = null;
        try {
            if (apart) {
                servers = ServersApart.start(work.resolve("servers"), launcher.split(" \\| ")[0]);
                aws(awsEnv(work), work, servers.s3Endpoint(), "s3", "mb", "s3://bench-bound");
            }
            Path corpus = Files.createDirectories(work.resolve("corpus"));
            if (cold) {
                for (int i = 0; i < files; i++) {
                    SyntheticCt.image(1 + i / 100, i + 1, 512, 512, 1).write(corpus.resolve(String.format("ct-%05d.dcm", i)));
                }
            }
            // several launchers (" | " between them): their rounds alternate, so that they share the machine's moods
            List<String> launchers = List.of(launcher.split(" \\| "));
            System.out.println("launchers: " + launchers + " run; settings " + overrides + "; " + files + " files");
            System.out.println("| round | launcher | ready s | CPU to ready s | cold s | bound s | cold, of the bound | CPU cold ms/file | load |");
            System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
            List<List<double[]>> results = new ArrayList<>();
            launchers.forEach(l -> results.add(new ArrayList<>()));
            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < launchers.size(); i++) {
                    double[] r = round(work.resolve("round" + round + "-" + (i + 1)), corpus, launchers.get(i), overrides, cold ? files : 0,
                            servers);
                    results.get(i).add(r);
                    System.out.printf(Locale.ROOT, "| %d | %d | %.2f | %.2f | %s | %s | %s | %s | %s |%n", round, i + 1, r[0], r[1],
                            figure("%.1f", r[2]), figure("%.1f", r[3]), figure("%.0f%%", 100 * r[3] / r[2]), figure("%.0f", r[4]), loadAverage());
                }
            }
            for (int i = 0; i < launchers.size(); i++) {
                List<double[]> all = results.get(i);
                // bin/mip's first round runs without its archive (and writes it): the later rounds are what users see
                List<double[]> later = all.size() > 1 ? all.subList(1, all.size()) : all;
                System.out.printf(Locale.ROOT, "launcher %d, %s: ready %.2f s (CPU %.2f s)%s%n", i + 1,
                        all.size() > 1 ? "medians of rounds 2 to " + all.size() : "round 1 (no later round)",
                        median(later, 0), median(later, 1), !cold ? "" : String.format(Locale.ROOT,
                                "; cold %.1f s, bound %.1f s, cold at %.0f%% of the bound, %.0f ms CPU per cold file", median(later, 2),
                                median(later, 3), 100 * median(later, 3) / median(later, 2), median(later, 4)));
            }
        } finally {
            if (servers != null) {
                servers.close();
            }
            delete(work);
        }
    }

    /** A figure of a round, or "-" where the round did not measure it (cold=false). */
    private static String figure(String format, double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
    }

    /**
     * One fresh process: {ready s, CPU to ready s, cold s, bound s, CPU ms per file in the cold measure}.
     *
     * @param servers null: the run's own embedded servers (local mode); else the run is in aws mode against them
     */
    private static double[] round(Path dir, Path corpus, String launcher, Map<String, String> overrides, int files,
                                  ServersApart servers) throws Exception {
        // bin/mip's class-data archive: a folder of this benchmark's own, so its first round makes it
        Map<String, String> env = new java.util.HashMap<>(Map.of("MIP_CACHE_DIR", dir.getParent().resolve("cds-cache").toString()));
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        if (servers != null) {
            settings.putAll(servers.pipelineSettings());
            env.putAll(servers.pipelineEnv());
        }
        settings.putAll(overrides);
        long t0 = System.nanoTime();
        try (LaunchedRun run = LaunchedRun.start(dir, launcher, settings, env)) {
            Process p = run.process;
            URI ready = run.management("/observe/health/ready");
            while (status(ready) != 200) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("run exited with " + p.exitValue() + ": " + Files.readString(dir.resolve("run.log")));
                }
                if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(3)) {
                    throw new IllegalStateException("run not ready after 3 minutes: " + dir.resolve("run.log"));
                }
                Thread.sleep(10);
            }
            double readySeconds = (System.nanoTime() - t0) / 1e9;
            double cpuReady = cpuSeconds(p);
            if (files == 0) {
                return new double[] {readySeconds, cpuReady, Double.NaN, Double.NaN, Double.NaN};
            }
            URI metrics = run.management("/observe/metrics");
            Map<String, String> cli = awsEnv(dir);
            String endpoint = servers == null ? run.s3Endpoint() : servers.s3Endpoint();
            String prefix = dir.getFileName() + "/"; // the servers apart keep every round's objects
            if (servers != null) {
                // the same files again would be published again only where their output is not there yet
                aws(cli, dir, endpoint, "s3", "rm", "--recursive", "--quiet", "s3://processed/");
            }
            long c0 = System.nanoTime();
            double cpu0 = cpuSeconds(p);
            double servers0 = servers == null ? 0 : servers.cpuSeconds();
            aws(cli, dir, endpoint, "s3", "cp", "--recursive", "--quiet", corpus.toString(), "s3://raw/" + prefix);
            while (published(metrics) < files) {
                if (!p.isAlive() || System.nanoTime() - c0 > TimeUnit.MINUTES.toNanos(10)) {
                    throw new IllegalStateException("the corpus was not published: " + dir.resolve("run.log"));
                }
                Thread.sleep(20);
            }
            double coldSeconds = (System.nanoTime() - c0) / 1e9;
            double cpuCold = (cpuSeconds(p) - cpu0) * 1000 / files;
            if (servers == null) {
                aws(cli, dir, endpoint, "s3", "mb", "s3://bench-bound");
            } else {
                System.out.printf(Locale.ROOT, "(%s: the servers apart used %.0f ms of CPU per cold file)%n", dir.getFileName(),
                        (servers.cpuSeconds() - servers0) * 1000 / files);
            }
            long b0 = System.nanoTime();
            aws(cli, dir, endpoint, "s3", "cp", "--recursive", "--quiet", corpus.toString(), "s3://bench-bound/" + prefix);
            double boundSeconds = (System.nanoTime() - b0) / 1e9;
            return new double[] {readySeconds, cpuReady, coldSeconds, boundSeconds, cpuCold};
        }
    }

    static int status(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static double published(URI metrics) throws IOException, InterruptedException {
        String body = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : body.split("\n")) {
            if (line.startsWith("mip_objects_total{") && line.contains("outcome=\"published\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /**
     * User + system CPU of a process and its descendants (bin/mip's first run keeps its JVM as a child),
     * from /proc/PID/stat in USER_HZ ticks of 10 ms.
     */
    static double cpuSeconds(Process p) {
        return java.util.stream.Stream.concat(Stream.of(p.toHandle()), p.descendants()).mapToDouble(h -> {
            try {
                String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
            } catch (IOException | RuntimeException gone) {
                return 0;
            }
        }).sum();
    }

    static Map<String, String> awsEnv(Path dir) throws IOException {
        Path config = dir.resolve("aws-config");
        Files.writeString(config, "[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n    signature_version = s3v4\n");
        return Map.of("AWS_ACCESS_KEY_ID", "mip-local", "AWS_SECRET_ACCESS_KEY", "mip-local-secret",
                "AWS_CONFIG_FILE", config.toString(), "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
                "AWS_EC2_METADATA_DISABLED", "true");
    }

    static void aws(Map<String, String> env, Path dir, String endpoint, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PipelineHarness.AWS_CLI, "--endpoint-url", endpoint));
        command.addAll(List.of(args));
        PipelineHarness.Result r = PipelineHarness.run(env, dir, command);
        if (r.exit() != 0) {
            throw new IllegalStateException("aws CLI failed: " + r.out());
        }
    }

    static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
