package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.dicom.Tag;
import org.mip.dicom.codec.TestFiles;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.FragmentsElement;

/**
 * Bounded memory on the compressed path: a JPEG Lossless XA cine with a name label burned into every
 * frame is de-identified by a separate JVM with a 128 MiB heap, through the whole pixel stage (scan
 * the sample, blank in every frame, decode-blank-encode each frame, read back and scan again). The
 * label must be gone from every frame, the rest of each frame unchanged, and the peak heap under the
 * limit. Default size: 320 frames of 1024x1024 (a file larger than the heap, decoded pixels 2.5 times
 * the heap); {@code -Dmip.large.frames=5000} makes it a file of about 3 GB (docs/BENCHMARKS.md).
 */
class LargeCompressedScanIT {

    @TempDir
    Path tmp;

    @Test
    void aCompressedCineLargerThanTheHeapIsScannedAndRedactedFrameByFrame() throws Exception {
        int frames = Integer.getInteger("mip.large.frames", 320);
        assumeTrue(Files.getFileStore(tmp).getUsableSpace() > 3L * frames * 700_000, "not enough free disk");
        Path in = tmp.resolve("cine.dcm");
        Path out = tmp.resolve("cine-deid.dcm");
        String generated = fork(List.of("-Xmx512m"), "write", in.toString(), Integer.toString(frames));
        long size = Files.size(in);
        assertTrue(size > 128L << 20, "the file must be larger than the heap: " + size + " " + generated);

        long t0 = System.nanoTime();
        String report = fork(List.of("-Xmx128m", "-XX:+ExitOnOutOfMemoryError"), "deidentify", in.toString(), out.toString(),
                tmp.toString());
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("BURNED_IN_TEXT_REDACTED", value(report, "code"), report);
        // The bound is the -Xmx itself: the fork exits on OutOfMemoryError (and then fails above). The
        // old generation's occupancy after its last collection says what stayed live.
        long live = Long.parseLong(value(report, "oldAfterGcBytes"));
        assertTrue(live < 64L << 20, "live heap after GC " + live);

        // every frame written, each one decoded by our codec: label band black, the rest as generated
        byte[] original = LargeCompressedScanMain.frame();
        try (DicomFile f = TestFiles.read(out)) {
            FragmentsElement px = (FragmentsElement) f.dataset().get(Tag.PIXEL_DATA);
            assertEquals(frames, px.fragments().size() - 1, "one fragment per frame after the offset table");
            FrameSource source = FrameSource.open(f, PixelCodecs.STANDARD);
            for (int i : new int[] {0, frames / 3, frames / 2, frames - 1}) {
                byte[] frame = source.read(i);
                int changedOutsideBand = 0;
                int inkLeft = 0;
                int ink = 0;
                for (int p = 0; p < frame.length; p++) {
                    boolean band = p < 96 * LargeCompressedScanMain.COLUMNS;
                    if (band && original[p] != 0) {
                        ink++;
                        if (frame[p] != 0) {
                            inkLeft++;
                        }
                    }
                    if (!band && frame[p] != original[p]) {
                        changedOutsideBand++;
                    }
                }
                // The words are blanked; the PN caret between them (about 2 % of the ink; a letter is 5 %, a mark that
                // neither detector calls text) may stay: what is asserted is that no word survives.
                assertTrue(inkLeft * 33 < ink, "label ink left in frame " + i + ": " + inkLeft + " of " + ink + " pixels");
                assertTrue(changedOutsideBand < frame.length / 100, "frame " + i + ": " + changedOutsideBand + " pixels changed");
            }
        }
        System.out.printf("LargeCompressedScanIT: %d frames 1024x1024 JPEG Lossless, %.0f MB; forked JVM -Xmx128m: %s; wall %d ms%n",
                frames, size / 1e6, report, wallMs);
    }

    private static String fork(List<String> jvm, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvm);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LargeCompressedScanMain.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(20, TimeUnit.MINUTES), "fork timed out: " + String.join(" ", args));
        assertEquals(0, p.exitValue(), "fork " + args[0] + " failed: " + output);
        return output;
    }

    private static String value(String report, String key) {
        for (String word : report.split("\\s+")) {
            if (word.startsWith(key + "=")) {
                return word.substring(key.length() + 1);
            }
        }
        throw new AssertionError("no " + key + " in: " + report);
    }

}
