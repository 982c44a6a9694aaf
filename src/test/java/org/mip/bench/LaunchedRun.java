package org.mip.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mip.app.PipelineHarness;

/**
 * {@code run} started as a process the way the README starts it ({@code launcher run --set ...}), in a
 * data folder of its own on free ports, with no {@code MIP_*} variable of this JVM's environment; its
 * output in {@code run.log} of its folder. For the benchmarks that measure what a user starts.
 */
final class LaunchedRun implements AutoCloseable {
    final Process process;
    final Path dir;
    final int s3Port;
    final int sqsPort;
    final int httpPort;
    final int managementPort;

    private LaunchedRun(Process process, Path dir, int s3Port, int sqsPort, int httpPort, int managementPort) {
        this.process = process;
        this.dir = dir;
        this.s3Port = s3Port;
        this.sqsPort = sqsPort;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    /**
     * @param launcher  the command before {@code run}, split on spaces (e.g. {@code bin/mip}, or
     *                  {@code env JAVA_HOME=... bin/mip})
     * @param overrides settings passed with {@code --set} after the ports
     * @param env       variables added to the process's environment
     */
    static LaunchedRun start(Path dir, String launcher, Map<String, String> overrides, Map<String, String> env) throws IOException {
        Files.createDirectories(dir);
        int s3Port = PipelineHarness.freePort();
        int sqsPort = PipelineHarness.freePort();
        int httpPort = PipelineHarness.freePort();
        int managementPort = PipelineHarness.freePort();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("mip.data-dir", dir.resolve("data").toString());
        settings.put("mip.local.s3-port", String.valueOf(s3Port));
        settings.put("mip.local.sqs-port", String.valueOf(sqsPort));
        settings.put("mip.local.sftp-port", String.valueOf(PipelineHarness.freePort()));
        settings.put("mip.http.port", String.valueOf(httpPort));
        settings.put("mip.management.port", String.valueOf(managementPort));
        settings.putAll(overrides);
        List<String> command = new ArrayList<>(List.of(launcher.split(" ")));
        command.add("run");
        settings.forEach((k, v) -> {
            command.add("--set");
            command.add(k + "=" + v);
        });
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MIP_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        return new LaunchedRun(p, dir, s3Port, sqsPort, httpPort, managementPort);
    }

    URI management(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    /** The JVM's process id: bin/mip's first run keeps its JVM as a child of the script. */
    long jvmPid() {
        return process.descendants().filter(h -> h.info().command().orElse("").endsWith("/java")).mapToLong(ProcessHandle::pid)
                .findFirst().orElse(process.pid());
    }

    /** SIGTERM, then waits (bin/mip's first run writes its archive as it stops: minutes on a loaded machine). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
    }
}
