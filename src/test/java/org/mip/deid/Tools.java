package org.mip.deid;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The independent oracles (dcmtk, pydicom, dicom3tools); a test needing an absent one is skipped. */
final class Tools {
    static final Path DCMDUMP = Path.of("/usr/bin/dcmdump");
    static final Path DCIODVFY = Path.of("/usr/bin/dciodvfy");
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private Tools() {
    }

    /** Exit code and merged output of a command. */
    record Result(int exit, String output) {
    }

    static Result exec(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.ISO_8859_1));
    }

    static void requireDcmdump() {
        assumeTrue(Files.isExecutable(DCMDUMP), "no dcmdump");
    }

    static void requireDciodvfy() {
        assumeTrue(Files.isExecutable(DCIODVFY), "no dciodvfy");
    }

    /** dcmdump in strict-ish mode: exit status and output (errors are "E:" lines). */
    static Result dcmdump(Path file) throws IOException, InterruptedException {
        return exec(List.of(DCMDUMP.toString(), "-q", "-dc", "+E", file.toString()), 60);
    }

    /** dciodvfy's output for a file (it reports errors as "Error - ..." lines). */
    static Result dciodvfy(Path file) throws IOException, InterruptedException {
        return exec(List.of(DCIODVFY.toString(), "-new", file.toString()), 60);
    }

    /**
     * Reads every file with pydicom (all elements, nested ones too, decoded to Python values) and
     * returns one line per file: "OK &lt;path&gt;" or "FAIL &lt;path&gt; &lt;error&gt;". Skips the test without pydicom.
     */
    static List<String> pydicomRead(List<Path> files) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "no " + PYTHON);
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "-c", String.join("\n",
                "import sys, warnings",
                "warnings.simplefilter('ignore')",
                "try:",
                "    import pydicom",
                "except ImportError:",
                "    sys.exit(3)",
                "def walk(ds):",
                "    for e in ds:",
                "        if e.VR == 'SQ':",
                "            for i in e.value: walk(i)",
                "        else:",
                "            str(e.value)",
                "for f in sys.argv[1:]:",
                "    try:",
                "        ds = pydicom.dcmread(f)",
                "        walk(ds.file_meta)",
                "        walk(ds)",
                "        print('OK ' + f)",
                "    except Exception as ex:",
                "        print('FAIL ' + f + ' ' + type(ex).__name__ + ': ' + str(ex).replace(chr(10), ' '))")));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        Result r = exec(cmd, 120);
        assumeTrue(r.exit() != 3, "pydicom not importable");
        return r.output().lines().filter(l -> l.startsWith("OK ") || l.startsWith("FAIL ")).toList();
    }
}
