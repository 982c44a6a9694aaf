package org.mip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in process (the packaged jar is exercised by CliIT). */
class MainTest {

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    static Result execute(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void versionOutsideTheJarSaysSo() {
        Result r = execute("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("medical-imaging-pipeline"), r.out());
    }

    @Test
    void dumpOfGarbageIsOneLineWithTheReason() throws Exception {
        Path garbage = dir.resolve("x.dcm");
        Files.writeString(garbage, "garbage");
        Result r = execute("dump", garbage.toString());
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("dump: " + garbage + ": NOT_DICOM: "), r.err());
    }

    @Test
    void validateOfGarbageIsInvalid() throws Exception {
        Path garbage = dir.resolve("x.dcm");
        Files.writeString(garbage, "garbage");
        Result r = execute("validate", garbage.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().startsWith("INVALID " + garbage + ": NOT_DICOM: "), "one code for one problem: " + r.out());
    }

    @Test
    void aMissingFileSaysSoOnce() {
        Path missing = dir.resolve("nothing.dcm");
        Result dump = execute("dump", missing.toString());
        assertEquals(1, dump.exit());
        assertEquals("dump: " + missing + ": IO_ERROR: cannot open the file: no such file\n", dump.err());
        Result validate = execute("validate", missing.toString());
        assertEquals(1, validate.exit());
        assertEquals("INVALID " + missing + ": IO_ERROR: cannot open the file: no such file\n", validate.out());
    }

    /** A well-formed file that de-identification will quarantine is not OK: validate says so, with the quarantine's code. */
    @Test
    void validateReportsTheRefusalThatWillFollow() throws Exception {
        Path ct = org.mip.app.SyntheticCt.image(1, 1, 8, 8, 1).write(dir.resolve("ct.dcm"));
        Path us = org.mip.app.SyntheticCt.image(1, 2, 8, 8, 1).set("Modality", "US").set("BurnedInAnnotation", "")
                .write(dir.resolve("us.dcm"));
        Path yes = org.mip.app.SyntheticCt.image(1, 3, 8, 8, 1).set("BurnedInAnnotation", "YES").write(dir.resolve("yes.dcm"));
        Result r = execute("validate", ct.toString(), us.toString(), yes.toString());
        assertEquals(1, r.exit(), r.out());
        List<String> lines = r.out().lines().toList();
        assertEquals("OK " + ct, lines.get(0));
        assertEquals("REFUSED " + us + ": BURNED_IN_RISK_MODALITY: Modality (0008,0060) US often has burned-in text; Burned In "
                + "Annotation (0028,0301) is absent and no redaction rule matched (de-identification with the profile basic will "
                + "quarantine it)", lines.get(1));
        assertTrue(lines.get(2).startsWith("REFUSED " + yes + ": BURNED_IN_ANNOTATION_YES: "), lines.get(2));
        // the same files through deidentify: quarantined with exactly those codes
        Path out = dir.resolve("out");
        Result d = execute("deidentify", "--in", us.toString(), "--out", out.toString(), "--dev-key", dir.resolve("dev.key").toString());
        assertEquals(1, d.exit(), d.err());
        assertTrue(d.out().contains("BURNED_IN_RISK_MODALITY"), d.out());
        // a profile that redacts what it knows makes the same file OK, and says the pixels will change
        Path redact = Files.writeString(dir.resolve("redact.yaml"), "name: us-site\noptions: [clean-pixel-data]\n"
                + "redaction:\n  - when: {Modality: US}\n    rectangles: [{x: 0, y: 0, width: 8, height: 2}]\n");
        Result rr = execute("validate", "--profile", redact.toString(), us.toString());
        assertEquals(0, rr.exit(), rr.out() + rr.err());
        assertEquals("OK " + us + " (pixels: 1 region(s) of the profile's redaction rules will be blanked)\n", rr.out());
    }

    @Test
    void errorsOfEverySubcommandStartWithItsNameAndHintAtTheLauncher() {
        for (String[] args : List.of(new String[] {"validate"}, new String[] {"dump"}, new String[] {"deidentify", "--nope"},
                new String[] {"run", "--set", "novalue"}, new String[] {"validate", "--profile", "none.yaml", "x.dcm"})) {
            Result r = execute(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith(args[0] + ": "), r.err());
            assertTrue(r.err().strip().endsWith("(see 'bin/mip " + args[0] + " --help')"), r.err());
        }
        Result root = execute("nosuchcommand");
        assertEquals(2, root.exit());
        assertTrue(root.err().startsWith("mip: ") && root.err().strip().endsWith("(see 'bin/mip --help')"), root.err());
    }

    @Test
    void usageErrors() {
        Result r = execute("validate", "--max-size", "-3", "x");
        assertEquals(2, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("is not a size"), r.err());
    }

    @Test
    void sizes() {
        SizeConverter c = new SizeConverter();
        assertEquals(1024L, c.convert("1K"));
        assertEquals(1024L, c.convert("1KiB"));
        assertEquals(500L << 20, c.convert("500M"));
        assertEquals(2L << 30, c.convert("2g"));
        assertEquals(123L, c.convert("123"));
    }
}
