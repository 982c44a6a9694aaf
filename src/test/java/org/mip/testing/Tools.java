package org.mip.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Runs the independent oracles (dcmtk's dcmdump, dicom3tools' dciodvfy, GDCM, the system Python);
 * a test that needs a missing one is skipped, never passed. See {@link Pydicom} for pydicom.
 */
public final class Tools {
    public static final String PYTHON = "/usr/bin/python3";
    public static final Path DCMDUMP = Path.of("/usr/bin/dcmdump");
    public static final Path DCIODVFY = Path.of("/usr/bin/dciodvfy");

    private Tools() {
    }

    /** Exit code and both outputs of a finished command. */
    public record Result(int exit, byte[] stdout, String stderr) {
        /** Standard output as ISO-8859-1 text (dcmtk prints raw value bytes). */
        public String out() {
            return new String(stdout, StandardCharsets.ISO_8859_1);
        }

        /** Standard output, then standard error. */
        public String output() {
            return out() + stderr;
        }
    }

    public static void assume(String program) {
        assumeTrue(find(program) != null, program + " not installed");
    }

    public static void requireDcmdump() {
        assumeTrue(Files.isExecutable(DCMDUMP), "no dcmdump");
    }

    public static void requireDciodvfy() {
        assumeTrue(Files.isExecutable(DCIODVFY), "no dciodvfy");
    }

    /** The program's path: as given when it has a slash, else the first on PATH; null when absent. */
    public static String find(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program)) ? program : null;
        }
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** dcmdump in strict-ish mode: its exit status and output (errors are "E:" lines). */
    public static Result dcmdump(Path file) {
        return run(DCMDUMP.toString(), "-q", "-dc", "+E", file.toString());
    }

    /** dciodvfy's verdict on a file (it reports errors as "Error - ..." lines). */
    public static Result dciodvfy(Path file) {
        return run(DCIODVFY.toString(), "-new", file.toString());
    }

    /** Runs a program to completion (60 s at most), collecting both outputs. */
    public static Result run(String... command) {
        return run(List.of(command));
    }

    public static Result run(List<String> command) {
        return run(60, command);
    }

    public static Result run(long timeoutSeconds, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            // Own threads, not the common pool: on 2 cores its single worker would drain one pipe only.
            FutureTask<byte[]> out = new FutureTask<>(() -> drain(p.getInputStream()));
            FutureTask<byte[]> err = new FutureTask<>(() -> drain(p.getErrorStream()));
            new Thread(out, "stdout-drain").start();
            new Thread(err, "stderr-drain").start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Result(p.exitValue(), out.get(), new String(err.get(), StandardCharsets.UTF_8));
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of this package's test resources (a Python script), as a path. */
    static String resourceFile(String name) {
        try {
            return Path.of(Tools.class.getResource(name).toURI()).toString();
        } catch (Exception e) {
            throw new AssertionError("missing test resource " + name, e);
        }
    }
}
