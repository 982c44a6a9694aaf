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

    /**
     * A background thread ended by an Error (a preload whose classes vanished with the jar rebuilt under
     * the JVM) says so in one line, as the main thread does: the JVM's default printed a stack trace,
     * seen when the preload was still running at the rebuild (RunCommandIT under load, 2026-12-07).
     */
    @Test
    void aThreadEndedByAnErrorSaysSoInOneLine() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Thread t = new Thread(() -> {
            throw new NoClassDefFoundError("org/mip/dicom/iod/AttributeType");
        }, "mip-module-types");
        t.setUncaughtExceptionHandler(Main.oneLineHandler(err, false));
        t.start();
        t.join();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals("mip: thread mip-module-types ended: java.lang.NoClassDefFoundError: org/mip/dicom/iod/AttributeType"
                + System.lineSeparator(), text);
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

    /**
     * validate forecasts what de-identification decides before changing anything: a refusal that is
     * certain (the policy judges from the header alone) is REFUSED with the quarantine's code, and
     * deidentify then quarantines with exactly that code; pixels that will be scanned are OK with why,
     * and deidentify does not quarantine them for it (no claimed quarantine that does not happen).
     */
    @Test
    void validateReportsTheRefusalThatWillFollow() throws Exception {
        Path us = org.mip.app.SyntheticCt.image(1, 2, 8, 8, 1).set("Modality", "US").set("BurnedInAnnotation", "")
                .write(Files.createDirectories(dir.resolve("us")).resolve("us.dcm"));
        Path yes = org.mip.app.SyntheticCt.image(1, 3, 8, 8, 1).set("BurnedInAnnotation", "YES").write(dir.resolve("yes.dcm"));
        Result r = execute("validate", us.toString(), yes.toString());
        assertEquals(0, r.exit(), r.out());
        List<String> lines = r.out().lines().toList();
        assertEquals("OK " + us + " (pixels: will be scanned for burned-in text, which is blanked or, if it remains, refused "
                + "(Modality (0008,0060) US often has burned-in text))", lines.get(0));
        assertTrue(lines.get(1).startsWith("OK " + yes + " (pixels: will be scanned") && lines.get(1).contains("is YES"), lines.get(1));
        Path dev = dir.resolve("dev.key");
        Result scanned = execute("deidentify", "--in", us.toString(), "--out", dir.resolve("out1").toString(), "--dev-key", dev.toString());
        assertEquals(0, scanned.exit(), "scanned, found clean, published: " + scanned.out() + scanned.err());

        // a profile that judges from the header alone (detect: never) refuses the same file: validate says so first
        Path header = Files.writeString(dir.resolve("header-only.yaml"), "name: header-only\nburned-in:\n  detect: never\n");
        Result refused = execute("validate", "--profile", header.toString(), us.toString());
        assertEquals(1, refused.exit(), refused.out() + refused.err());
        assertEquals("REFUSED " + us + ": BURNED_IN_RISK_MODALITY: Modality (0008,0060) US often has burned-in text; Burned In "
                + "Annotation (0028,0301) is absent and no redaction rule matched (de-identification with the profile header-only "
                + "will quarantine it)\n", refused.out());
        Result d = execute("deidentify", "--in", us.toString(), "--out", dir.resolve("out2").toString(), "--profile", header.toString(),
                "--dev-key", dev.toString());
        assertEquals(1, d.exit(), d.err());
        assertTrue(d.out().contains("BURNED_IN_RISK_MODALITY"), "quarantined with the forecast's code: " + d.out());

        // with a redaction rule for the device, the header-only profile publishes it, and says the pixels will change
        Path redact = Files.writeString(dir.resolve("redact.yaml"), "name: us-site\noptions: [clean-pixel-data]\n"
                + "burned-in:\n  detect: never\n"
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
