package org.mip.app.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mip.app.PipelineRoutes;
import org.mip.config.Settings;

/**
 * {@link RouteCheck} on the project's own routes (they must pass: {@code mip routes check} runs on
 * them in CI before the tests) and on each kind of mistake an integration engineer makes, planted
 * in a copy of them: each is found, once, at its file, line and column, with a message that says
 * what to fix.
 */
class RouteCheckTest {
    static final Path ROUTES = Path.of("routes");
    static Map<String, String> files;
    static RouteCheck.Vocabulary vocabulary;

    @BeforeAll
    static void read() throws IOException {
        files = RouteCheck.readFolder(ROUTES);
        vocabulary = PipelineRoutes.vocabulary(Settings.load(null, Map.of(), new Properties(), Map.of()));
    }

    /** The folder with {@code from} replaced by {@code to} in {@code file} (which must hold {@code from} once). */
    static Map<String, String> edited(String file, String from, String to) {
        String text = files.get(file);
        assertTrue(text.contains(from) && text.indexOf(from) == text.lastIndexOf(from), file + " holds \"" + from + "\" once");
        Map<String, String> copy = new TreeMap<>(files);
        copy.put(file, text.replace(from, to));
        return copy;
    }

    /** "file:line:column" of the first character of {@code needle} in the edited {@code text}. */
    static String at(String file, String text, String needle) {
        int i = text.indexOf(needle);
        assertTrue(i >= 0, needle);
        int line = 1 + (int) text.substring(0, i).chars().filter(c -> c == '\n').count();
        int column = i - text.lastIndexOf('\n', i - 1);
        return file + ":" + line + ":" + column;
    }

    static RouteProblem only(Map<String, String> folder) {
        List<RouteProblem> problems = RouteCheck.check(folder, vocabulary).problems();
        assertEquals(1, problems.size(), "expected one problem, got " + problems);
        return problems.get(0);
    }

    static String position(RouteProblem p) {
        return p.file() + ":" + p.line() + ":" + p.column();
    }

    @Test
    void theProjectsRoutesPassWithTheSettingsOfEitherMode() throws IOException {
        RouteCheck.Result local = RouteCheck.check(files, vocabulary);
        assertEquals(List.of(), local.problems());
        assertTrue(local.routeCount() >= 15, "routes counted: " + local.routeCount());
        Settings aws = Settings.load(null, Map.of(), new Properties(), Map.of("mip.mode", "aws", "mip.audit.queue", "audit",
                "mip.s3.kms-key-id", "arn:aws:kms:us-east-1:111122223333:key/x"));
        assertEquals(List.of(), RouteCheck.check(files, PipelineRoutes.vocabulary(aws)).problems());
    }

    @Test
    void aMisspeltStepIsNamedWithTheStepItMeant() {
        Map<String, String> folder = edited("process.yaml", "        - process:\n            ref: parseDicom",
                "        - proces:\n            ref: parseDicom");
        RouteProblem p = only(folder);
        assertEquals(RouteProblem.SCHEMA, p.code());
        assertEquals(at("process.yaml", folder.get("process.yaml"), "proces:"), position(p));
        assertEquals("unknown step \"proces\" (did you mean \"process\"?)", p.message());
    }

    @Test
    void aMisspeltKeyOfAStepOrOfARouteIsNamedWithWhereItIs() {
        Map<String, String> folder = edited("publish.yaml", "        - log:\n            loggingLevel: WARN\n            message:",
                "        - log:\n            loggingLevel: WARN\n            mesage:");
        RouteProblem p = only(folder);
        assertEquals(at("publish.yaml", folder.get("publish.yaml"), "mesage:"), position(p));
        assertEquals("unknown key \"mesage\" in \"log\" (did you mean \"message\"?)", p.message());

        folder = edited("ingest-s3.yaml", "      parameters:\n        # its own client", "      parametrs:\n        # its own client");
        p = only(folder);
        assertEquals(at("ingest-s3.yaml", folder.get("ingest-s3.yaml"), "parametrs:"), position(p));
        assertEquals("unknown key \"parametrs\" in \"from\" (did you mean \"parameters\"?)", p.message());
    }

    @Test
    void aReferenceToABeanTheApplicationDoesNotBindIsFoundInRefsOptionsAndUris() {
        Map<String, String> folder = edited("process.yaml", "ref: validateDicom", "ref: validateDicomm");
        RouteProblem p = only(folder);
        assertEquals(RouteProblem.UNKNOWN_BEAN, p.code());
        assertEquals(at("process.yaml", folder.get("process.yaml"), "validateDicomm"), position(p));
        assertEquals("no bean named \"validateDicomm\" is bound by the application (did you mean \"validateDicom\"?)", p.message());

        folder = edited("ingest-s3.yaml", "amazonS3Client: \"#s3ListingClient\"", "amazonS3Client: \"#bean:s3Listing\"");
        p = only(folder);
        assertEquals(RouteProblem.UNKNOWN_BEAN, p.code());
        assertEquals(at("ingest-s3.yaml", folder.get("ingest-s3.yaml"), "\"#bean:s3Listing\""), position(p));

        folder = edited("raw-object.yaml", "- to: \"aws2-s3://{{mip.s3.raw-bucket}}?amazonS3Client=#s3Client&operation=deleteObject\"",
                "- to: \"aws2-s3://{{mip.s3.raw-bucket}}?amazonS3Client=#s3client&operation=deleteObject\"");
        p = only(folder);
        assertEquals(RouteProblem.UNKNOWN_BEAN, p.code());
        assertEquals("no bean named \"s3client\" is bound by the application (did you mean \"s3Client\"?)", p.message());

        folder = edited("error-handling.yaml", "onRedeliveryRef: metricsRedelivery", "onRedeliveryRef: metricsRedeliveries");
        assertEquals(RouteProblem.UNKNOWN_BEAN, only(folder).code());
    }

    @Test
    void aDirectEndpointNoRouteReadsIsFound() {
        Map<String, String> folder = edited("process.yaml", "        - to: direct:publish", "        - to: direct:publsh");
        RouteProblem p = only(folder);
        assertEquals(RouteProblem.MISSING_DIRECT, p.code());
        assertEquals(at("process.yaml", folder.get("process.yaml"), "direct:publsh"), position(p));
        assertEquals("no route reads direct:publsh (no \"from: direct:publsh\" in the folder) (did you mean \"publish\"?)", p.message());

        // a route whose input is renamed leaves its callers (in other files) without a target
        folder = edited("audit.yaml", "uri: direct:audit", "uri: direct:audit-events");
        List<RouteProblem> problems = RouteCheck.check(folder, vocabulary).problems();
        assertTrue(problems.size() >= 4 && problems.stream().allMatch(x -> x.code().equals(RouteProblem.MISSING_DIRECT)), problems.toString());
        assertTrue(problems.stream().anyMatch(x -> x.file().equals("quarantine.yaml")), problems.toString());
    }

    @Test
    void aPlaceholderThatIsNoSettingIsFoundAndPropertyFunctionsAndDefaultsAreUnderstood() {
        Map<String, String> folder = edited("publish.yaml", "            parameters:\n              amazonS3Client: \"#s3Client\"\n              multiPartUpload: true\n              partSize: \"{{mip.internal.part-size-bytes}}\"",
                "            parameters:\n              amazonS3Client: \"#s3Client\"\n              multiPartUpload: true\n              partSize: \"{{mip.s3.part-size}}\"");
        RouteProblem p = only(folder);
        assertEquals(RouteProblem.UNKNOWN_PLACEHOLDER, p.code());
        assertEquals(at("publish.yaml", folder.get("publish.yaml"), "\"{{mip.s3.part-size}}\""), position(p));
        assertTrue(p.message().startsWith("{{mip.s3.part-size}} is not a setting (did you mean \"mip.s3.part-size-mb\"?)"), p.message());

        assertEquals(List.of(), RouteCheck.check(edited("audit.yaml", "constant: true", "simple: \"{{env:HOME}} {{mip.audit.queue:audit}} {{?mip.audit.topic-arn}}\""),
                vocabulary).problems(), "env:, a default and an optional placeholder are fine");
        assertEquals(RouteProblem.UNKNOWN_PLACEHOLDER, only(edited("audit.yaml", "constant: true", "simple: \"{{mip.audit.qeue:audit}}\"")).code());
    }

    @Test
    void aRouteIdUsedTwiceIsFoundAtTheSecondWithTheFirstNamed() {
        Map<String, String> folder = edited("publish.yaml", "    id: unpublish", "    id: publish");
        List<RouteProblem> problems = RouteCheck.check(folder, vocabulary).problems();
        RouteProblem dup = problems.stream().filter(x -> x.code().equals(RouteProblem.DUPLICATE_ID)).findFirst().orElseThrow();
        String text = folder.get("publish.yaml");
        assertEquals("the route id \"publish\" is also used at " + at("publish.yaml", text, "    id: publish").replaceFirst(":1$", ":9"),
                dup.message());
        // and the route unpublish the pipeline needs is gone
        assertTrue(problems.stream().anyMatch(x -> x.code().equals(RouteProblem.MISSING_DIRECT) || x.code().equals(RouteProblem.MISSING_ROUTE)),
                problems.toString());
    }

    @Test
    void invalidYamlIsReportedAtItsLineAndAMissingNeededRouteForTheFolder() {
        Map<String, String> folder = edited("quarantine.yaml", "        - process:\n            ref: quarantineDetails",
                "        - process:\n          ref: quarantineDetails:");
        RouteProblem p = RouteCheck.check(folder, vocabulary).problems().get(0);
        assertEquals(RouteProblem.YAML_SYNTAX, p.code());
        assertEquals("quarantine.yaml", p.file());
        assertTrue(p.line() > 1 && p.message().startsWith("not valid YAML: "), p.toString());

        Map<String, String> without = new TreeMap<>(files);
        without.remove("ingest-sftp.yaml");
        List<String> missing = RouteCheck.check(without, vocabulary).problems().stream().map(Object::toString).sorted().toList();
        assertEquals(List.of("MISSING_ROUTE no route has the id \"ingest-sftp\", which the pipeline needs with these settings",
                "MISSING_ROUTE no route has the id \"sftp-originals\", which the pipeline needs with these settings"), missing,
                "the clean-up of SFTP uploads is needed with the SFTP ingest");
        Settings noSftp = Settings.load(null, Map.of(), new Properties(), Map.of("mip.ingest.sftp.enabled", "false"));
        assertEquals(List.of(), RouteCheck.check(without, PipelineRoutes.vocabulary(noSftp)).problems(), "not needed when SFTP is off");
    }

    @Test
    void whatEachFileDefinesIsKnownForTheReload() {
        RouteCheck.Result r = RouteCheck.check(files, vocabulary);
        RouteCheck.FileFacts errors = r.files().get("error-handling.yaml");
        assertEquals(java.util.Set.of("pipeline-errors", "quarantine-errors"), errors.configurationIds());
        assertEquals(java.util.Set.of("pipeline-errors"), r.files().get("process.yaml").configurationRefs());
        assertEquals("process", r.files().get("process.yaml").inputs().get("process"));
        assertTrue(r.files().get("process.yaml").calls().get("process").containsAll(List.of("audit", "publish", "finish-raw")));
        assertEquals(java.util.Set.of("publish", "unpublish"), r.files().get("publish.yaml").routeIds());
    }
}
