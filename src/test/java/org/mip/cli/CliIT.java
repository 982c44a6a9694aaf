package org.mip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The packaged jar, run as users run it: {@code java -jar target/medical-imaging-pipeline.jar ...}. */
class CliIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static Path jar;

    @TempDir
    static Path temp;

    record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\\R"));
        }
    }

    @BeforeAll
    static void findJar() {
        String path = System.getProperty("mip.jar");
        Assumptions.assumeTrue(path != null && Files.isRegularFile(Path.of(path)),
                "packaged jar (system property mip.jar) not built: " + path);
        jar = Path.of(path);
    }

    static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the CLI did not finish: " + command);
        return new Run(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path sample(String name) {
        String dir = System.getProperty("mip.samples");
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(Path.of(dir, name)), "sample " + name + " not present");
        return Path.of(dir, name);
    }

    static void assertNoStackTrace(String text) {
        assertFalse(text.contains("Exception"), text);
        assertFalse(text.contains("at org."), text);
        assertFalse(text.contains("at picocli."), text);
    }

    @Test
    void versionComesFromTheManifest() throws Exception {
        Run r = run("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().trim().matches("medical-imaging-pipeline \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "dump --help", "validate --help", "help dump", "help validate"})
    void helpOnEveryCommand(String args) throws Exception {
        Run r = run(args.split(" "));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Usage: bin/mip"), r.out());
        assertTrue(r.out().contains("Exit codes:"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void rootListsItsSubcommands() throws Exception {
        String help = run("--help").out();
        assertTrue(help.contains("dump") && help.contains("validate"), help);
    }

    @Test
    void dumpPrintsDicomJson() throws Exception {
        Run r = run("dump", sample("MR_small.dcm").toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode json = MAPPER.readTree(r.out());
        assertEquals("UI", json.at("/00020010/vr").asText());
        assertEquals("MR", json.at("/00080060/Value/0").asText());
        assertEquals("CompressedSamples^MR1", json.at("/00100010/Value/0/Alphabetic").asText());
        assertEquals(64, json.at("/00280010/Value/0").asInt());
        // 8192 bytes of pixel data are above the default inline limit and no --bulk-uri was given.
        assertEquals("{\"vr\":\"OW\"}", json.get("7FE00010").toString());
        assertEquals("", r.err());
    }

    @Test
    void dumpOptions() throws Exception {
        Path file = sample("MR_small.dcm");
        JsonNode noMeta = MAPPER.readTree(run("dump", "--no-meta", "--pretty", file.toString()).out());
        assertFalse(noMeta.has("00020010"));
        JsonNode uri = MAPPER.readTree(run("dump", "--bulk-uri", "http://x/bulk", file.toString()).out());
        assertEquals("http://x/bulk/7FE00010", uri.at("/7FE00010/BulkDataURI").asText());
        JsonNode inline = MAPPER.readTree(run("dump", "--inline-max", "8K", file.toString()).out());
        assertEquals(8192, inline.at("/7FE00010/InlineBinary").binaryValue().length);
        JsonNode summary = MAPPER.readTree(run("dump", "--summary", file.toString()).out());
        assertEquals("MR", summary.get("modality").asText());
        assertEquals(8192, summary.get("pixelDataSize").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"no_meta.dcm:NOT_DICOM", "MR_truncated.dcm:TRUNCATED", "rtplan_truncated.dcm:TRUNCATED"})
    void dumpOfABrokenSampleIsOneLine(String spec) throws Exception {
        String[] s = spec.split(":");
        Run r = run("dump", sample(s[0]).toString());
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("dump: ") && r.err().contains(": " + s[1] + ": "), r.err());
        assertNoStackTrace(r.err());
    }

    @Test
    void dumpOfGarbageOrAMissingFileIsOneLine() throws Exception {
        Path garbage = temp.resolve("garbage.dcm");
        Files.writeString(garbage, "not DICOM");
        Run r = run("dump", garbage.toString());
        assertEquals(1, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("NOT_DICOM"), r.err());
        assertNoStackTrace(r.err());

        Run missing = run("dump", temp.resolve("absent.dcm").toString());
        assertEquals(1, missing.exit());
        assertEquals(1, missing.errLines().size(), missing.err());
        assertTrue(missing.err().contains("IO_ERROR"), missing.err());
        assertNoStackTrace(missing.err());
    }

    @Test
    void debugShowsTheStackTrace() throws Exception {
        Path garbage = temp.resolve("garbage2.dcm");
        Files.writeString(garbage, "not DICOM");
        Run r = run("--debug", "dump", garbage.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("at org.mip.dicom"), r.err());
        Run sub = run("dump", "--debug", garbage.toString());
        assertTrue(sub.err().contains("at org.mip.dicom"), sub.err());
    }

    @Test
    void validateExitCodesAndLines() throws Exception {
        Path good = sample("MR_small.dcm");
        Path ct = sample("CT_small.dcm");
        Run ok = run("validate", good.toString(), ct.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        // neither declares Burned In Annotation, so their pixels will be scanned: validate says so
        String scanned = " (pixels: will be scanned for burned-in text, which is blanked or, if it remains, refused "
                + "(Burned In Annotation (0028,0301) is absent))";
        assertEquals(List.of("OK " + good + scanned, "OK " + ct + scanned), List.of(ok.out().split("\\R")));

        Path bad = sample("badVR.dcm");
        Path broken = sample("no_meta.dcm");
        Run mixed = run("validate", good.toString(), bad.toString(), broken.toString());
        assertEquals(1, mixed.exit());
        String[] lines = mixed.out().split("\\R");
        assertEquals(3, lines.length, mixed.out());
        assertEquals("OK " + good + scanned, lines[0]);
        assertTrue(lines[1].startsWith("INVALID " + bad + ": INVALID_VALUE (0028,0008) NumberOfFrames: "), lines[1]);
        assertTrue(lines[2].startsWith("INVALID " + broken + ": NOT_DICOM: "), lines[2]);
        assertEquals("", mixed.err());
        assertNoStackTrace(mixed.out());
    }

    @Test
    void validatePolicyOptions() throws Exception {
        Path mr = sample("MR_small.dcm");
        Run modality = run("validate", "--modality", "CT,PT", mr.toString());
        assertEquals(1, modality.exit());
        assertTrue(modality.out().contains("MODALITY_NOT_ALLOWED (0008,0060) Modality: MR is not in the allowed modalities CT, PT"),
                modality.out());
        assertEquals(0, run("validate", "-m", "CT", "-m", "MR", mr.toString()).exit());
        Run sop = run("validate", "--sop-class", "1.2.840.10008.5.1.4.1.1.2", mr.toString());
        assertTrue(sop.out().contains("SOP_CLASS_NOT_ALLOWED (0008,0016) SOPClassUID: "), sop.out());
        Run size = run("validate", "--max-size", "1K", mr.toString());
        assertEquals(1, size.exit());
        assertTrue(size.out().contains("TOO_LARGE: file is 9830 bytes, more than the limit of 1024"), size.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "validate", "dump", "dump --bogus x", "validate --max-size lots x", "nosuchcommand"})
    void usageErrorsAreOneLineWithExitCode2(String args) throws Exception {
        Run r = run(args.isEmpty() ? new String[0] : args.split(" "));
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("--help"), "points to the help: " + r.err());
        assertNoStackTrace(r.err());
    }
}
