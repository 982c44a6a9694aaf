package org.mip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.bench.CtCorpus;
import org.mip.dicom.Tag;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.FileRegion;
import org.mip.dicom.io.DicomReader;

/**
 * Flat memory whatever the file size: a 1 GiB Enhanced CT (2048 frames of 512x512 16-bit), written
 * by streaming, is de-identified by {@code java -Xmx128m -jar ... deidentify}; the pixel data comes
 * out byte-identical (SHA-256 of the Pixel Data value in both files). Needs about 2 GiB of disk in
 * the temporary folder (skipped with less than 4 GB free); everything is removed at the end.
 */
class DeidentifyLargeIT {
    static final int FRAMES = 2048;
    static final long PIXEL_BYTES = (long) FRAMES * CtCorpus.SLICE_BYTES; // 1 GiB

    @TempDir
    Path tmp;

    @BeforeAll
    static void jar() {
        DeidentifyIT.jar();
    }

    @Test
    void oneGigabyteMultiFrameUnder128MegabytesOfHeap() throws Exception {
        assumeTrue(Files.getFileStore(tmp).getUsableSpace() > 4_000_000_000L, "needs 4 GB of free disk");
        Path in = Files.createDirectories(tmp.resolve("in")).resolve("enhanced-ct");
        Path out = tmp.resolve("out");
        try {
            long g0 = System.nanoTime();
            CtCorpus.writeMultiframe(in, FRAMES);
            long generateMs = (System.nanoTime() - g0) / 1_000_000;
            String before = pixelSha256(in);

            long f0 = System.nanoTime();
            DeidentifyIT.Run r = DeidentifyIT.run(Map.of("MIP_DEID_KEY", DeidentifyIT.KEY),
                    List.of("-Xmx128m", "-XX:+ExitOnOutOfMemoryError"),
                    "deidentify", "--in", in.toString(), "--out", out.toString(), "--progress", "none");
            long forkMs = (System.nanoTime() - f0) / 1_000_000;
            assertEquals(0, r.exit(), r.all());
            assertTrue(r.out().startsWith("deidentify: 1 file, 1073."), r.out());

            List<Path> outputs;
            try (Stream<Path> s = Files.walk(out)) {
                outputs = s.filter(Files::isRegularFile).toList();
            }
            assertEquals(1, outputs.size(), outputs.toString());
            long v0 = System.nanoTime();
            assertEquals(before, pixelSha256(outputs.get(0)), "pixel data changed");
            long verifyMs = (System.nanoTime() - v0) / 1_000_000;
            System.out.printf("DeidentifyLargeIT: 1 GiB Enhanced CT (%d frames) generated in %d ms; "
                    + "java -Xmx128m -jar ... deidentify took %d ms (whole process); pixel SHA-256 verified in %d ms%n",
                    FRAMES, generateMs, forkMs, verifyMs);
        } finally {
            Files.deleteIfExists(in);
            try (Stream<Path> s = Files.exists(out) ? Files.walk(out) : Stream.empty()) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** SHA-256 of the Pixel Data value, read from its place in the file. */
    static String pixelSha256(Path file) throws Exception {
        try (DicomFile f = DicomReader.read(file)) {
            BulkElement px = (BulkElement) f.dataset().get(Tag.PIXEL_DATA);
            assertEquals(PIXEL_BYTES, px.data().length());
            assertTrue(px.data() instanceof FileRegion, "pixel data stays in the file");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            try (InputStream s = px.data().openStream()) {
                int n;
                while ((n = s.read(buf)) > 0) {
                    sha.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        }
    }
}
