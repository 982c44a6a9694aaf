package org.mip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.local.LocalConfig;
import org.mip.local.LocalServices;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The production image's classpath (pom.xml profile "image": the jar and the runtime libraries
 * without the local-mode servers) is enough to run the pipeline in aws mode. The classpath is the
 * one Maven computes for the profile (and target/lib-prod, what the Dockerfile copies, must be
 * that set when it exists). The application then runs in a separate JVM on that classpath only,
 * from a copy of the packaged jar, with no routes folder (so the routes come from the jar), against
 * S3 and SQS servers that this test hosts (standing in for AWS): it must become ready and
 * de-identify an object announced on the events queue.
 */
class ProdImageIT {

    static final Pattern LOCAL_SERVER_ENTRY = Pattern.compile(
            "^(org/gaul|org/elasticmq|org/apache/sshd|org/apache/pekko|scala|jakarta/servlet)/.*\\.class$");

    @TempDir
    static Path tmp;

    static List<Path> prodJars;
    static Path appJar;

    @BeforeAll
    static void productionClasspath() throws Exception {
        Path jar = Path.of(System.getProperty("mip.jar", "target/medical-imaging-pipeline.jar"));
        assumeTrue(Files.isRegularFile(jar), "packaged jar not built: " + jar);
        // A copy in a folder of its own: the manifest's Class-Path (lib/...) then resolves to nothing.
        appJar = Files.createDirectories(tmp.resolve("app")).resolve(jar.getFileName());
        Files.copy(jar, appJar);
        prodJars = mavenProductionClasspath();
    }

    static List<Path> mavenProductionClasspath() throws Exception {
        String home = System.getProperty("mip.maven.home", "");
        String mvn = !home.isEmpty() && Files.isExecutable(Path.of(home, "bin", "mvn")) ? Path.of(home, "bin", "mvn").toString() : "mvn";
        Path out = tmp.resolve("prod-classpath.txt");
        List<String> cmd = new ArrayList<>(List.of(mvn, "-o", "-q", "-B", "-Pimage", "-f", Repo.ROOT.resolve("pom.xml").toString(),
                "dependency:build-classpath", "-DincludeScope=runtime", "-Dmdep.outputFile=" + out));
        String repo = System.getProperty("mip.maven.repo.local", "");
        if (!repo.isEmpty()) {
            cmd.add("-Dmaven.repo.local=" + repo);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "mvn dependency:build-classpath timed out");
        assertEquals(0, p.exitValue(), "mvn -Pimage dependency:build-classpath failed:\n" + log);
        List<Path> jars = new ArrayList<>();
        for (String entry : Files.readString(out).strip().split(File.pathSeparator)) {
            jars.add(Path.of(entry));
        }
        return jars;
    }

    @Test
    void theProductionClasspathHasNoLocalServer() throws IOException {
        assertTrue(prodJars.size() > 100, "production classpath: " + prodJars.size() + " jars");
        Map<String, String> offenders = new TreeMap<>();
        for (Path jar : prodJars) {
            try (JarFile jf = new JarFile(jar.toFile())) {
                for (Enumeration<JarEntry> e = jf.entries(); e.hasMoreElements(); ) {
                    String name = e.nextElement().getName();
                    if (LOCAL_SERVER_ENTRY.matcher(name).matches()) {
                        offenders.put(jar.getFileName().toString(), name);
                        break;
                    }
                }
            }
        }
        assertEquals(Map.of(), offenders, "jars of the local-mode servers on the production classpath");
        Path libProd = Path.of(System.getProperty("mip.lib-prod", "target/lib-prod"));
        if (Files.isDirectory(libProd)) {
            TreeSet<String> expected = new TreeSet<>();
            prodJars.forEach(j -> expected.add(j.getFileName().toString()));
            TreeSet<String> actual = new TreeSet<>();
            try (var s = Files.list(libProd)) {
                s.forEach(f -> actual.add(f.getFileName().toString()));
            }
            assertEquals(expected, actual, libProd + " (what the Dockerfile copies) is not the production classpath");
        }
    }

    @Test
    void thePackagedJarCarriesExactlyTheRoutesOfRoutesFolder() throws IOException {
        Map<String, byte[]> packaged = new TreeMap<>();
        try (JarFile jf = new JarFile(appJar.toFile())) {
            for (Enumeration<JarEntry> e = jf.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().matches("routes/[^/]+")) {
                    packaged.put(entry.getName().substring("routes/".length()), jf.getInputStream(entry).readAllBytes());
                }
            }
        }
        RoutesPackagingTest.assertSameFiles(RoutesPackagingTest.yamlFiles(Repo.ROUTES), packaged, "jar:routes");
    }

    @Test
    void theCommandLineStarts() throws Exception {
        Process p = java(List.of("--help"), Map.of(), tmp.resolve("help.log"));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = Files.readString(tmp.resolve("help.log"));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("run") && out.contains("validate"), out);
    }

    @Test
    void thePipelineRunsInAwsModeOnTheProductionClasspath() throws Exception {
        Path data = tmp.resolve("services");
        LocalConfig config = new LocalConfig(data, "127.0.0.1", freePort(), freePort(), freePort(), "prod-it", "prod-it-secret",
                "us-east-1", List.of("raw", "processed", "quarantine"), List.of("s3-events", "audit"), "mip", "unused-here");
        try (LocalServices aws = LocalServices.start(config)) {
            Path key = Files.writeString(tmp.resolve("deid.key"), "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
            int http = freePort();
            int management = freePort();
            // The deployment's own settings (k8s/base/configmap.yaml), then what differs on this machine.
            Map<String, String> env = new LinkedHashMap<>();
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = (Map<String, Object>) Yaml.loadOne(Repo.K8S.resolve("base/configmap.yaml"));
            K8sChecks.dataOf(settings).forEach((k, v) -> env.put(k, String.valueOf(v)));
            env.put("MIP_MODE", "aws");
            env.put("MIP_AWS_REGION", "us-east-1");
            env.put("MIP_S3_ENDPOINT", aws.s3Endpoint().toString());
            env.put("MIP_SQS_ENDPOINT", aws.sqsEndpoint().toString());
            env.put("MIP_S3_PATH_STYLE", "true");
            env.put("MIP_S3_SSE", "none");
            env.put("MIP_S3_RAW_BUCKET", "raw");
            env.put("MIP_S3_PROCESSED_BUCKET", "processed");
            env.put("MIP_S3_QUARANTINE_BUCKET", "quarantine");
            env.put("MIP_SQS_EVENTS_QUEUE", "s3-events");
            env.put("MIP_AUDIT_QUEUE", "audit");
            env.put("MIP_SQS_QUEUE_OWNER_ACCOUNT_ID", org.mip.local.LocalSqsServer.ACCOUNT_ID);
            env.put("MIP_HTTP_HOST", "127.0.0.1");
            env.put("MIP_HTTP_PORT", String.valueOf(http));
            env.put("MIP_MANAGEMENT_PORT", String.valueOf(management));
            env.put("MIP_DATA_DIR", tmp.resolve("data").toString());
            env.put("MIP_WORK_DIR", tmp.resolve("data/work").toString());
            env.put("MIP_LOG_FORMAT", "text");
            env.put("MIP_ROUTES_DIR", tmp.resolve("no-routes-folder").toString());
            env.put("MIP_DEID_KEY_FILE", key.toString());
            env.put("AWS_ACCESS_KEY_ID", "prod-it");
            env.put("AWS_SECRET_ACCESS_KEY", "prod-it-secret");
            env.put("AWS_REGION", "us-east-1");
            Path log = tmp.resolve("run.log");
            Process app = java(List.of("run"), env, log);
            try {
                HttpClient client = HttpClient.newHttpClient();
                URI ready = URI.create("http://127.0.0.1:" + management + "/observe/health/ready");
                long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
                int status = 0;
                while (System.nanoTime() < deadline && app.isAlive()) {
                    try {
                        status = client.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        status = 0;
                    }
                    if (status == 200) {
                        break;
                    }
                    Thread.sleep(500);
                }
                assertEquals(200, status, () -> "not ready on the production classpath; log:\n" + tail(log));
                assertEquals(200, client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                        + "/observe/health/live")).build(), HttpResponse.BodyHandlers.discarding()).statusCode());

                // The routes came from the jar: as many as routes/ declares.
                Matcher m = Pattern.compile("Routes startup \\(total:(\\d+)").matcher(Files.readString(log));
                assertTrue(m.find(), () -> "no route summary in the log:\n" + tail(log));
                assertEquals(routeCount(), Integer.parseInt(m.group(1)), "routes loaded from classpath:routes/*.yaml");

                Path samples = Path.of(System.getProperty("mip.samples", "../shared/dicom-samples"));
                assumeTrue(Files.isRegularFile(samples.resolve("MR_small.dcm")), "sample MR_small.dcm not present");
                var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("prod-it", "prod-it-secret"));
                try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(credentials)
                        .endpointOverride(aws.s3Endpoint())
                        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
                     SqsClient sqs = SqsClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials)
                             .endpointOverride(aws.sqsEndpoint()).build()) {
                    s3.putObject(b -> b.bucket("raw").key("site-a/mr.dcm"), RequestBody.fromFile(samples.resolve("MR_small.dcm")));
                    sqs.sendMessage(b -> b.queueUrl(aws.queueUrl("s3-events").toString()).messageBody("""
                            {"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put",
                              "s3":{"bucket":{"name":"raw"},"object":{"key":"site-a/mr.dcm"}}}]}"""));
                    long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                    List<String> processed = List.of();
                    while (System.nanoTime() < until) {
                        processed = s3.listObjectsV2(b -> b.bucket("processed")).contents().stream().map(o -> o.key()).toList();
                        boolean rawEmpty = s3.listObjectsV2(b -> b.bucket("raw")).contents().isEmpty();
                        if (rawEmpty && processed.stream().anyMatch(k -> k.endsWith(".dcm"))) {
                            break;
                        }
                        Thread.sleep(500);
                    }
                    List<String> result = processed;
                    assertTrue(result.stream().anyMatch(k -> k.endsWith(".dcm")) && result.stream().anyMatch(k -> k.endsWith(".json")),
                            () -> "no de-identified object in processed: " + result + "\n" + tail(log));
                }
            } finally {
                app.destroy();
                if (!app.waitFor(60, TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
            }
        }
    }

    /** {@code java -cp <copy of the jar>:<production jars> org.mip.cli.Main args}, output to a file. */
    static Process java(List<String> args, Map<String, String> env, Path log) throws IOException {
        List<String> cp = new ArrayList<>();
        cp.add(appJar.toString());
        prodJars.forEach(j -> cp.add(j.toString()));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", String.join(File.pathSeparator, cp), "org.mip.cli.Main"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(Files.createDirectories(tmp.resolve("workdir")).toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MIP_") || k.startsWith("AWS_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Routes declared in routes/: each {@code - route:}, and each verb of a {@code - rest:} block (Camel makes a route of it). */
    static int routeCount() throws IOException {
        int n = 0;
        for (Path p : Repo.files(Repo.ROUTES, ".yaml")) {
            boolean inRest = false;
            for (String line : Files.readAllLines(p)) {
                if (line.startsWith("- ")) {
                    inRest = line.startsWith("- rest:");
                }
                if (line.startsWith("- route:") || (inRest && line.matches(" {6}- id: .*"))) {
                    n++;
                }
            }
        }
        return n;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
