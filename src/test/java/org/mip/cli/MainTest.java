package org.mip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertTrue(r.out().startsWith("INVALID " + garbage + ": UNREADABLE NOT_DICOM: "), r.out());
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
