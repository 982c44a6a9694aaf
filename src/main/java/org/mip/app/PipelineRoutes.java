package org.mip.app;

import org.mip.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.mip.app.routes.RouteCheck;
import org.mip.app.routes.RouteNeeds;

/**
 * What the application expects of its routes: the route ids it needs with given settings, the
 * beans and settings the routes may name, and where the routes come from (the folder
 * {@code mip.routes-dir}, else the copy packaged in the jar).
 */
public final class PipelineRoutes {
    /** Routes every configuration needs: the processing chain, its error handling and the REST API. */
    static final List<String> CORE = List.of("process", "publish", "unpublish", "audit", "quarantine", "finish-raw", "failed",
            "api-sign-links", "api-sign-link", "api-study-objects", "api-openapi", "api-audit-links");
    /** The ingest routes and the setting that turns each on. */
    static final Map<String, String> INGEST = Map.of(
            "ingest-s3", "mip.ingest.poll.enabled",
            "ingest-s3-events", "mip.ingest.events.enabled",
            "ingest-sftp", "mip.ingest.sftp.enabled");
    /**
     * Routes that run with an ingest route and the setting that turns them on: the clean-up of SFTP
     * uploads, without which originals with patient data would pile up on the SFTP server.
     */
    static final Map<String, String> COMPANIONS = Map.of("sftp-originals", "mip.ingest.sftp.enabled");
    /** Where the jar keeps its copy of routes/. */
    static final String PACKAGED = "routes/";

    private PipelineRoutes() {
    }

    /** The routes these settings need running, and those they turn off. */
    public static RouteNeeds needs(Settings settings) {
        Set<String> required = new LinkedHashSet<>(CORE);
        Map<String, String> disabled = new LinkedHashMap<>();
        Map<String, String> switched = new LinkedHashMap<>(INGEST);
        switched.putAll(COMPANIONS);
        switched.forEach((route, setting) -> {
            if (settings.getBoolean(setting)) {
                required.add(route);
            } else {
                disabled.put(route, setting);
            }
        });
        return new RouteNeeds(required, disabled);
    }

    /** What routes may name under these settings: the beans the application binds, every setting, and the needed route ids. */
    public static RouteCheck.Vocabulary vocabulary(Settings settings) {
        Set<String> names = new LinkedHashSet<>(Settings.keys());
        names.addAll(PipelineApplication.INTERNAL_PROPERTIES);
        return new RouteCheck.Vocabulary(PipelineApplication.BEANS, names, needs(settings).required());
    }

    /** The folder of routes the settings name, when it exists; null means the packaged routes are used. */
    public static Path folder(Settings settings) {
        Path dir = settings.getPath("mip.routes-dir");
        return Files.isDirectory(dir) ? dir.toAbsolutePath() : null;
    }

    /** The route files the application would load with these settings (file name to content), and from where. */
    public static Source load(Settings settings) throws IOException {
        Path dir = folder(settings);
        return dir != null ? new Source(dir.toString(), RouteCheck.readFolder(dir)) : packaged();
    }

    /** Route files and where they were read. */
    public record Source(String location, Map<String, String> files) {
    }

    /** The routes packaged in the jar (or in target/classes when run from a build). */
    static Source packaged() throws IOException {
        Path code;
        try {
            code = Path.of(PipelineRoutes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException e) {
            throw new IOException("cannot find the jar that holds the packaged routes: " + e.getMessage(), e);
        }
        Map<String, String> files = new TreeMap<>();
        if (Files.isDirectory(code)) {
            Path dir = code.resolve(PACKAGED);
            if (Files.isDirectory(dir)) {
                files.putAll(RouteCheck.readFolder(dir));
            }
            return new Source(dir.toString(), files);
        }
        try (JarFile jar = new JarFile(code.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (name.startsWith(PACKAGED) && name.endsWith(".yaml") && name.indexOf('/', PACKAGED.length()) < 0) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        files.put(name.substring(PACKAGED.length()), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return new Source(code.getFileName() + "!/" + PACKAGED, files);
    }

    /** Checks the routes the application would load with these settings. */
    public static Checked check(Settings settings) throws IOException {
        Source source = load(settings);
        return new Checked(source, RouteCheck.check(source.files(), vocabulary(settings)));
    }

    /** Checks the route files of {@code dir} against these settings. */
    public static Checked check(Path dir, Settings settings) throws IOException {
        Source source = new Source(dir.toString(), RouteCheck.readFolder(dir));
        return new Checked(source, RouteCheck.check(source.files(), vocabulary(settings)));
    }

    /** A check's result and what was checked. */
    public record Checked(Source source, RouteCheck.Result result) {
    }
}
