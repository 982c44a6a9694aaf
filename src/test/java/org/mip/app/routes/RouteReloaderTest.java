package org.mip.app.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.app.PipelineHarness;

/**
 * {@link RouteReloader} on a plain Camel context and a folder laid out as Kubernetes mounts a
 * ConfigMap: the files are symbolic links into {@code ..data}, itself a link to a timestamped
 * folder, and an update swaps {@code ..data} in one rename, so no route file itself changes. The
 * periodic re-read is set to an hour here: what is seen is seen through the folder's events.
 */
class RouteReloaderTest {
    @TempDir
    Path tmp;
    Path mount;
    CamelContext camel;
    RouteReloader reloader;
    final List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
    int version;

    static final String GREETER = """
            - route:
                id: greeter
                from:
                  uri: direct:greet
                  steps:
                    - setBody:
                        simple: "%s ${body}"
                    - to: direct:shout
            """;
    static final String SHOUTER = """
            - route:
                id: shouter
                from:
                  uri: direct:shout
                  steps:
                    - setBody:
                        simple: "${body.toUpperCase()}"
            """;

    @BeforeEach
    void start() throws Exception {
        mount = Files.createDirectories(tmp.resolve("routes"));
        publish(Map.of("greeter.yaml", GREETER.formatted("hello"), "shouter.yaml", SHOUTER));
        camel = new DefaultCamelContext();
        List<Resource> resources = new ArrayList<>();
        Map<String, String> files = RouteCheck.readFolder(mount);
        files.forEach((name, content) -> resources.add(ResourceHelper.fromString("file:" + mount.resolve(name), content)));
        PluginHelper.getRoutesLoader(camel).loadRoutes(resources);
        camel.start();
        reloader = new RouteReloader(camel, mount, files, new RouteCheck.Vocabulary(Set.of(), Set.of(), Set.of()),
                new RouteReloader.Listener() {
                    @Override
                    public void reloaded(Set<String> names) {
                        outcomes.add("reloaded " + names);
                    }

                    @Override
                    public void refused(Set<String> names, List<RouteProblem> problems) {
                        outcomes.add("refused " + names + " " + problems);
                    }
                }, Duration.ofHours(1));
        reloader.start();
    }

    @AfterEach
    void stop() throws Exception {
        reloader.close();
        camel.close();
    }

    /** Writes a new version of the ConfigMap as the kubelet does: a new folder, then ..data swapped to it in one rename. */
    void publish(Map<String, String> files) throws IOException {
        Path dir = Files.createDirectory(mount.resolve("..2026_12_05_10_00_0" + (++version)));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        Path data = mount.resolve("..data");
        Path previous = Files.isSymbolicLink(data) ? mount.resolve(Files.readSymbolicLink(data)) : null;
        Path link = mount.resolve("..data_tmp");
        Files.createSymbolicLink(link, dir.getFileName());
        Files.move(link, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        for (String name : files.keySet()) {
            Path user = mount.resolve(name);
            if (!Files.exists(user, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(user, Path.of("..data").resolve(name));
            }
        }
        try (Stream<Path> entries = Files.list(mount)) {
            for (Path p : entries.toList()) { // keys no longer in the ConfigMap lose their link
                if (Files.isSymbolicLink(p) && !p.getFileName().toString().startsWith("..") && !files.containsKey(p.getFileName().toString())) {
                    Files.delete(p);
                }
            }
        }
        if (previous != null) {
            try (Stream<Path> old = Files.list(previous)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(previous);
        }
    }

    String greet(String name) throws Exception {
        try (ProducerTemplate t = camel.createProducerTemplate()) {
            return t.requestBody("direct:greet", name, String.class);
        }
    }

    void awaitOutcomes(int n) {
        PipelineHarness.await(Duration.ofSeconds(30), n + " reload outcomes (so far " + outcomes + ")", () -> outcomes.size() >= n);
    }

    @Test
    void aConfigMapUpdateIsSeenAndOnlyTheChangedFileIsReloaded() throws Exception {
        assertEquals("HELLO WORLD", greet("world"));
        var shouterBefore = camel.getRoute("shouter");
        publish(Map.of("greeter.yaml", GREETER.formatted("bonjour"), "shouter.yaml", SHOUTER));
        awaitOutcomes(1);
        assertEquals("reloaded [greeter.yaml]", outcomes.get(0));
        assertEquals("BONJOUR WORLD", greet("world"));
        assertTrue(camel.getRoute("shouter") == shouterBefore, "the unchanged file's route was left running as it was");
        assertFalse(reloader.status().refused());
    }

    @Test
    void aBrokenUpdateIsRefusedAndTheRunningRoutesStayUntilAGoodOne() throws Exception {
        publish(Map.of("greeter.yaml", GREETER.formatted("hola").replace("setBody:", "setBdy:"), "shouter.yaml", SHOUTER));
        awaitOutcomes(1);
        assertTrue(outcomes.get(0).startsWith("refused [greeter.yaml] [greeter.yaml:6:11: SCHEMA unknown step \"setBdy\""), outcomes.get(0));
        assertTrue(reloader.status().refused());
        assertEquals("HELLO WORLD", greet("world"), "the previous routes run");

        publish(Map.of("greeter.yaml", GREETER.formatted("hola"), "shouter.yaml", SHOUTER));
        awaitOutcomes(2);
        assertEquals("reloaded [greeter.yaml]", outcomes.get(1));
        assertEquals("HOLA WORLD", greet("world"));
        assertFalse(reloader.status().refused());
    }

    @Test
    void aFileAddedAndAFileRemovedAddAndRemoveTheirRoutes() throws Exception {
        String echo = """
                - route:
                    id: echo
                    from:
                      uri: direct:echo
                      steps:
                        - setBody:
                            simple: "echo ${body}"
                """;
        publish(Map.of("greeter.yaml", GREETER.formatted("hello"), "shouter.yaml", SHOUTER, "echo.yaml", echo));
        awaitOutcomes(1);
        assertEquals("reloaded [echo.yaml]", outcomes.get(0));
        try (ProducerTemplate t = camel.createProducerTemplate()) {
            assertEquals("echo x", t.requestBody("direct:echo", "x", String.class));
        }
        publish(Map.of("greeter.yaml", GREETER.formatted("hello"), "shouter.yaml", SHOUTER));
        awaitOutcomes(2);
        assertEquals("reloaded [echo.yaml]", outcomes.get(1));
        assertNull(camel.getRoute("echo"));
        assertTrue(reloader.status().message().endsWith("removed: echo"), reloader.status().message());
    }

    @Test
    void removingARouteOthersCallIsRefused() throws Exception {
        publish(Map.of("greeter.yaml", GREETER.formatted("hello")));
        awaitOutcomes(1);
        assertTrue(outcomes.get(0).contains("MISSING_DIRECT no route reads direct:shout"), outcomes.get(0));
        assertEquals("HELLO WORLD", greet("world"));
    }

    @Test
    void anEmptiedFolderIsRefusedNotTakenAsAllRoutesRemoved() throws Exception {
        publish(Map.of());
        awaitOutcomes(1);
        assertTrue(outcomes.get(0).contains("holds no route file"), outcomes.get(0));
        assertEquals("HELLO WORLD", greet("world"));
    }
}
