package org.mip.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.app.routes.RouteCheck;

/**
 * The routes folder named by {@code MIP_ROUTES_DIR}, as a Kubernetes ConfigMap mounts it (files that
 * are links into {@code ..data}, a link swapped in one rename on every update), with the packaged
 * jar: a route edited in the ConfigMap reaches the running pipeline. And a folder whose routes do
 * not pass the check stops {@code run} before anything starts, with the file and line.
 */
class RoutesFolderIT {
    @TempDir
    Path tmp;
    private int version;

    /** Writes {@code files} as a new ConfigMap version under {@code mount}, as the kubelet does. */
    private void publish(Path mount, Map<String, String> files) throws IOException {
        Path dir = Files.createDirectories(mount.resolve("..2026_12_05_10_00_00." + (++version)));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        Path data = mount.resolve("..data");
        Path previous = Files.isSymbolicLink(data) ? mount.resolve(Files.readSymbolicLink(data)) : null;
        Path link = mount.resolve("..data_tmp");
        Files.createSymbolicLink(link, dir.getFileName());
        Files.move(link, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        for (String name : files.keySet()) {
            if (!Files.exists(mount.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(mount.resolve(name), Path.of("..data", name));
            }
        }
        if (previous != null) {
            try (var old = Files.list(previous)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(previous);
        }
    }

    @Test
    void aRouteEditedInAConfigMapMountedAtMipRoutesDirReachesTheRunningPipeline() throws Exception {
        Path jar = PipelineProcess.jar();
        Assumptions.assumeTrue(jar != null, "packaged jar not built");
        Path mount = Files.createDirectories(tmp.resolve("config/routes"));
        Map<String, String> files = new TreeMap<>(RouteCheck.readFolder(Path.of("routes")));
        publish(mount, files);
        Path work = Files.createDirectories(tmp.resolve("work"));
        try (PipelineProcess run = new PipelineProcess(jar, work, Map.of(), Map.of("MIP_ROUTES_DIR", mount.toString()))) {
            assertTrue(run.log().contains("routes: the " + files.size() + " files of " + mount + ", reloaded when edited"), run.log());

            run.put("configmap/1.dcm", SyntheticCt.image(8101, 1, 16, 16, 1).write(tmp.resolve("1.dcm")));
            PipelineHarness.await(Duration.ofSeconds(90), "the first object published", () -> run.keys("processed").size() == 2);

            int mark = run.log().length();
            files.put("process.yaml", files.get("process.yaml").replace("message: \"published correlationId",
                    "message: \"published (configmap v2) correlationId"));
            publish(mount, files);
            run.awaitLog(mark, "routes reloaded from process.yaml: process (Started)", Duration.ofSeconds(90));
            run.put("configmap/2.dcm", SyntheticCt.image(8102, 1, 16, 16, 1).write(tmp.resolve("2.dcm")));
            run.awaitLog(mark, "published (configmap v2) correlationId=", Duration.ofSeconds(90));
            PipelineHarness.await(Duration.ofSeconds(90), "raw empty", () -> run.keys("raw").isEmpty() && run.keys("processed").size() == 4);
            assertFalse(run.logSince(mark).contains("route reload refused"), run.logSince(mark));
        }
    }

    @Test
    void aFolderWhoseRoutesFailTheCheckStopsRunBeforeAnythingStarts() throws Exception {
        Path jar = PipelineProcess.jar();
        Assumptions.assumeTrue(jar != null, "packaged jar not built");
        Path routes = Files.createDirectories(tmp.resolve("broken"));
        Map<String, String> files = RouteCheck.readFolder(Path.of("routes"));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(routes.resolve(f.getKey()), f.getKey().equals("audit.yaml")
                    ? f.getValue().replace("ref: auditEvents", "ref: auditEvent") : f.getValue());
        }
        int line = 1 + (int) Files.readString(routes.resolve("audit.yaml")).lines().takeWhile(l -> !l.contains("ref: auditEvent")).count();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "run", "--data-dir", tmp.resolve("data").toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("MIP_"));
        pb.environment().put("MIP_ROUTES_DIR", routes.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("run: cannot start: route " + routes.resolve("audit.yaml") + ":" + line + ":18: UNKNOWN_BEAN no bean named "
                + "\"auditEvent\" is bound by the application (did you mean \"auditEvents\"?)"), out);
        assertFalse(Files.exists(tmp.resolve("data/s3")), "no embedded server was started");
        assertFalse(out.contains("\tat "), out);
    }
}
