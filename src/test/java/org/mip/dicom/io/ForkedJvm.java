package org.mip.dicom.io;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mip.dicom.data.DicomFile;
import org.mip.testing.Tools;

/** Starts a main class of the test sources in a JVM of its own (e.g. with a small heap). */
final class ForkedJvm {
    private ForkedJvm() {
    }

    /**
     * The codec's classes and the test classes: all a forked main here needs (no JUnit, no other
     * dependency), whether they are directories (surefire) or the packaged jar (failsafe).
     */
    static String classpath() {
        List<String> entries = new ArrayList<>();
        for (Class<?> c : new Class<?>[] {DicomReader.class, DicomFile.class, ForkedJvm.class}) {
            try {
                String p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                if (!entries.contains(p)) {
                    entries.add(p);
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    static Tools.Result run(long timeoutSeconds, List<String> jvmOptions, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return Tools.run(timeoutSeconds, cmd);
    }
}
