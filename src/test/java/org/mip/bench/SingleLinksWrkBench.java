package org.mip.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mip.app.PipelineHarness;

/**
 * Single download links (issue 13, part 2) as the issue measured them: {@code run} started the way
 * the README starts it, 100 CT slices sent through it, then {@code wrk} from 32 connections on two
 * threads, each request a {@code GET /api/v1/download-links?key=...} cycling over the 100 processed
 * keys, the rate limit raised. Per launcher (several, separated by {@code " | "}, alternate):
 * a warm-up, the 401 path (no credentials) as the reference of the same minute, then rounds of
 * single links with the pipeline's CPU per link by thread group (from /proc/PID/task: the JIT,
 * the embedded queue and S3 are threads of the same process).
 *
 * <pre>
 * mvn -q -B package -DskipTests
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/test.cp) org.mip.bench.SingleLinksWrkBench \
 *     [rounds=3] [seconds=10] [warm=30] [launcher="bin/mip"] [mip.KEY=VALUE ...]
 * </pre>
 *
 * Needs {@code wrk} and the {@code aws} CLI. Results: docs/BENCHMARKS.md ("Download links").
 */
public final class SingleLinksWrkBench {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    private SingleLinksWrkBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int rounds = a.take("rounds", 3);
        int seconds = a.take("seconds", 10);
        int warm = a.take("warm", 30);
        String launcher = a.take("launcher", "bin/mip");
        Map<String, String> overrides = a.rest();
        for (String tool : List.of(PipelineHarness.AWS_CLI, "/usr/bin/wrk")) {
            if (!PipelineHarness.has(tool)) {
                throw new IllegalStateException("needs " + tool + " (apt-get install awscli wrk)");
            }
        }
        Path work = Files.createTempDirectory("mip-links");
        try {
            Path corpus = Files.createDirectories(work.resolve("corpus"));
            CtCorpus.write(corpus, 100, 2);
            List<String> launchers = List.of(launcher.split(" \\| "));
            System.out.println("launchers " + launchers + "; settings " + overrides + "; wrk -t2 -c32, " + rounds + " rounds of "
                    + seconds + " s after " + warm + " s of warm-up");
            System.out.println("| launcher | round | links/s | p50 ms | p99 ms | not 200 | 401 path req/s | load | pipeline CPU per link, by thread |");
            System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
            for (int i = 0; i < launchers.size(); i++) {
                measure(work.resolve("run" + (i + 1)), corpus, launchers.get(i), i + 1, overrides, rounds, seconds, warm);
            }
        } finally {
            StartupBenchmark.delete(work);
        }
    }

    private static void measure(Path dir, Path corpus, String launcher, int which, Map<String, String> overrides, int rounds,
                                int seconds, int warm) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("mip.api.rate-limit.per-second", "1000000");
        settings.put("mip.api.rate-limit.burst", "1000000");
        settings.putAll(overrides);
        try (LaunchedRun run = LaunchedRun.start(dir, launcher, settings, Map.of())) {
            Process p = run.process;
            URI ready = run.management("/observe/health/ready");
            long t0 = System.nanoTime();
            while (StartupBenchmark.status(ready) != 200) {
                if (!p.isAlive() || System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(3)) {
                    throw new IllegalStateException("run did not become ready: " + dir.resolve("run.log"));
                }
                Thread.sleep(50);
            }
            Map<String, String> env = StartupBenchmark.awsEnv(dir);
            String endpoint = run.s3Endpoint();
            StartupBenchmark.aws(env, dir, endpoint, "s3", "cp", "--recursive", "--quiet", corpus.toString(), "s3://raw/");
            URI metrics = run.management("/observe/metrics");
            while (StartupBenchmark.published(metrics) < 100) {
                if (!p.isAlive() || System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(5)) {
                    throw new IllegalStateException("the corpus was not published: " + dir.resolve("run.log"));
                }
                Thread.sleep(100);
            }
            PipelineHarness.Result listing = PipelineHarness.run(env, dir,
                    List.of(PipelineHarness.AWS_CLI, "--endpoint-url", endpoint, "s3", "ls", "--recursive", "s3://processed/"));
            List<String> keys = listing.out().lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)).filter(k -> k.endsWith(".dcm"))
                    .toList();
            Files.write(dir.resolve("keys.txt"), keys);
            Path script = dir.resolve("single.lua");
            Files.writeString(script, """
                    local keys = {}
                    for line in io.lines("%s") do keys[#keys + 1] = line end
                    local i = 0
                    request = function()
                      i = i + 1
                      return wrk.format("GET", "/api/v1/download-links?key=" .. keys[(i %% #keys) + 1],
                        {["Authorization"] = "Bearer local-dev-key"})
                    end
                    """.formatted(dir.resolve("keys.txt")));
            String api = "http://127.0.0.1:" + run.httpPort;
            long jvm = run.jvmPid();
            wrk(dir, warm, script, api);
            double refusals = rate(wrk(dir, Math.max(3, seconds / 2), null, api + "/api/v1/openapi.json"));
            for (int round = 1; round <= rounds; round++) {
                ThreadCpu before = ThreadCpu.snapshot(jvm);
                String out = wrk(dir, seconds, script, api);
                ThreadCpu after = ThreadCpu.snapshot(jvm);
                double links = rate(out);
                Matcher bad = NON_2XX.matcher(out);
                System.out.printf(Locale.ROOT, "| %d | %d | %.0f | %s | %s | %s | %.0f | %s | %s |%n", which, round, links,
                        percentile(out, "50%"), percentile(out, "99%"), bad.find() ? bad.group(1) : "0", refusals,
                        StartupBenchmark.loadAverage(), after.since(before, (int) Math.round(links * seconds), "link"));
            }
        }
    }

    /** Runs wrk for {@code seconds} (with the Lua script, or a plain GET of the URL without credentials). */
    private static String wrk(Path dir, int seconds, Path script, String url) throws Exception {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c32", "-d" + seconds + "s", "--latency"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        PipelineHarness.Result r = PipelineHarness.run(Map.of(), dir, command);
        if (r.exit() != 0) {
            throw new IllegalStateException("wrk failed: " + r.out());
        }
        return r.out();
    }

    private static double rate(String wrk) {
        Matcher m = RATE.matcher(wrk);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** A latency percentile of wrk's --latency output in ms ("50%", "99%"). */
    private static String percentile(String wrk, String which) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(which) + "\\s+([0-9.]+)(us|ms|s)").matcher(wrk);
        if (!m.find()) {
            return "?";
        }
        double v = Double.parseDouble(m.group(1));
        double ms = switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
        return String.format(Locale.ROOT, "%.1f", ms);
    }
}
