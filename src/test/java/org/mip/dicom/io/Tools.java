package org.mip.dicom.io;

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
import org.junit.jupiter.api.Assumptions;

/** Runs the independent oracles (dcmdump, dciodvfy, pydicom); a test that needs a missing one is skipped. */
final class Tools {
    static final String PYTHON = "/usr/bin/python3";

    private Tools() {
    }

    record Result(int exit, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.ISO_8859_1);
        }
    }

    static void assume(String program) {
        Assumptions.assumeTrue(find(program) != null, program + " not installed");
    }

    private static Boolean pydicom;

    static synchronized void assumePydicom() {
        if (pydicom == null) {
            pydicom = find(PYTHON) != null && run(PYTHON, "-c", "import pydicom").exit() == 0;
        }
        Assumptions.assumeTrue(pydicom, "pydicom not installed for " + PYTHON);
    }

    static String find(String program) {
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

    /** Runs a program to completion (60 s at most), collecting both outputs. */
    static Result run(String... command) {
        return run(List.of(command));
    }

    static Result run(List<String> command) {
        return run(60, command);
    }

    static Result run(long timeoutSeconds, List<String> command) {
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

    /** The python script shipped in test resources, as a file path. */
    static String resourceFile(String name) {
        try {
            return Path.of(Tools.class.getResource(name).toURI()).toString();
        } catch (Exception e) {
            throw new AssertionError("missing test resource " + name, e);
        }
    }
}
