package org.mip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code routes check [DIR]} in process: the project's routes pass (the test that fails when
 * routes/ does not), and a folder with the four mistakes the issue names (a misspelt step, an
 * unknown ref, a missing direct: target, an unknown placeholder) gives one line each, at its file,
 * line and column, and exit code 1.
 */
class RoutesCommandTest {
    @TempDir
    Path dir;
    private final java.util.Properties saved = new java.util.Properties();

    /**
     * The command reads settings as run does, system properties included, and refuses unknown mip.*
     * ones: the build's own (mip.samples, mip.jar) are set aside while it runs in this JVM.
     */
    @org.junit.jupiter.api.BeforeEach
    void setAsideBuildProperties() {
        for (String name : List.of("mip.samples", "mip.jar")) {
            String v = System.getProperty(name);
            if (v != null) {
                saved.setProperty(name, v);
                System.clearProperty(name);
            }
        }
    }

    @org.junit.jupiter.api.AfterEach
    void restoreBuildProperties() {
        saved.forEach((k, v) -> System.setProperty((String) k, (String) v));
    }

    @Test
    void theProjectsRoutesPass() {
        MainTest.Result r = MainTest.execute("routes", "check", "routes");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().matches("OK \\d+ files, \\d+ routes in routes\\R"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void withoutDirItChecksTheRoutesRunWouldLoad() {
        // from the project folder, mip.routes-dir (routes) exists: that folder is checked
        MainTest.Result r = MainTest.execute("routes", "check");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("OK ") && r.out().strip().endsWith(Path.of("routes").toAbsolutePath().toString()), r.out());
        // a folder that does not exist: the routes packaged with the application (target/classes/routes in a build)
        MainTest.Result packaged = MainTest.execute("routes", "check", "--set", "mip.routes-dir=" + dir.resolve("none"));
        assertEquals(0, packaged.exit(), packaged.out() + packaged.err());
        assertTrue(packaged.out().strip().endsWith("routes"), packaged.out());
    }

    @Test
    void eachMistakeIsOneLineAtItsPlace() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        try (var files = Files.list(Path.of("routes"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.copy(p, routes.resolve(p.getFileName()));
            }
        }
        replace(routes.resolve("process.yaml"), "        - process:\n            ref: parseDicom", "        - proces:\n            ref: parseDicom");
        replace(routes.resolve("process.yaml"), "ref: validateDicom", "ref: validator");
        replace(routes.resolve("quarantine.yaml"), "        - to: direct:finish-raw", "        - to: direct:finish");
        replace(routes.resolve("ingest-s3.yaml"), "delay: \"{{mip.ingest.poll.delay-ms}}\"", "delay: \"{{mip.ingest.poll.delay}}\"");

        MainTest.Result r = MainTest.execute("routes", "check", routes.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        String process = Files.readString(routes.resolve("process.yaml"));
        assertEquals(routes + "/ingest-s3.yaml:" + lineOf(routes.resolve("ingest-s3.yaml"), "{{mip.ingest.poll.delay}}")
                + ":16: UNKNOWN_PLACEHOLDER {{mip.ingest.poll.delay}} is not a setting (did you mean \"mip.ingest.poll.delay-ms\"?) "
                + "(docs/CONFIGURATION.md)", lines.get(0));
        assertEquals(routes + "/process.yaml:" + lineOf(routes.resolve("process.yaml"), "- proces:")
                + ":11: SCHEMA unknown step \"proces\" (did you mean \"process\"?)", lines.get(1));
        assertEquals(routes + "/process.yaml:" + lineOf(routes.resolve("process.yaml"), "ref: validator")
                + ":18: UNKNOWN_BEAN no bean named \"validator\" is bound by the application", lines.get(2));
        assertEquals(routes + "/quarantine.yaml:" + lineOf(routes.resolve("quarantine.yaml"), "direct:finish")
                + ":15: MISSING_DIRECT no route reads direct:finish (no \"from: direct:finish\" in the folder) (did you mean \"finish-raw\"?)",
                lines.get(3));
        assertTrue(process.contains("proces:"));
        assertEquals("", r.err());
    }

    @Test
    void usageErrors() {
        MainTest.Result notAFolder = MainTest.execute("routes", "check", dir.resolve("nope").toString());
        assertEquals(2, notAFolder.exit());
        assertEquals("routes check: " + dir.resolve("nope") + " is not a folder", notAFolder.err().strip());
        MainTest.Result noSubcommand = MainTest.execute("routes");
        assertEquals(2, noSubcommand.exit());
        assertTrue(noSubcommand.err().contains("a subcommand is required"), noSubcommand.err());
        MainTest.Result badSetting = MainTest.execute("routes", "check", "--set", "mip.no-such=1");
        assertEquals(2, badSetting.exit());
        assertTrue(badSetting.err().startsWith("routes check: unknown setting mip.no-such"), badSetting.err());
    }

    static void replace(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " lacks " + from);
        Files.writeString(file, text.replace(from, to));
    }

    static int lineOf(Path file, String needle) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle);
    }
}
