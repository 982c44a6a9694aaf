package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.deid.profile.RedactionRule.Rectangle;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.codec.TestFiles;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.ComputedBulkData;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;

/**
 * Flat memory: a 1 GiB native multi-frame file (2048 frames of 512x512 16-bit) is redacted and
 * written by a separate JVM limited to a 128 MiB heap; the result is then checked byte for byte.
 */
class LargeRedactionIT {
    static final int ROWS = 512;
    static final int COLUMNS = 512;
    static final int FRAMES = 2048;
    static final long FRAME_LENGTH = 2L * ROWS * COLUMNS;
    static final long LENGTH = FRAME_LENGTH * FRAMES; // 1 GiB
    static final List<Rectangle> RECTS = List.of(new Rectangle(0, 0, 512, 40), new Rectangle(400, 480, 200, 100));

    @TempDir
    Path tmp;

    @Test
    void oneGigabyteRedactsUnder128MegabytesOfHeap() throws Exception {
        assumeTrue(Files.getFileStore(tmp).getUsableSpace() > 4 * LENGTH, "needs about 4 GB of free disk");
        Path in = tmp.resolve("large.dcm");
        Path out = tmp.resolve("large-redacted.dcm");
        long g0 = System.nanoTime();
        TestFiles.write(TestFiles.file(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, dataset()), in);
        long generateMs = (System.nanoTime() - g0) / 1_000_000;

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                LargeRedactionMain.class.getName(), in.toString(), out.toString(), tmp.toString()));
        long f0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String report = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "forked redaction timed out");
        long forkMs = (System.nanoTime() - f0) / 1_000_000;
        assertEquals(0, p.exitValue(), report);

        long v0 = System.nanoTime();
        assertEquals(Files.size(in), Files.size(out));
        try (DicomFile f = TestFiles.read(out)) {
            BulkElement px = (BulkElement) f.dataset().get(Tag.PIXEL_DATA);
            assertEquals(LENGTH, px.data().length());
            verify(px.data());
        }
        long verifyMs = (System.nanoTime() - v0) / 1_000_000;
        long redactMs = Long.parseLong(value(report, "redactMs"));
        long writeMs = Long.parseLong(value(report, "writeMs"));
        long peak = Long.parseLong(value(report, "peakHeapBytes"));
        System.out.printf("LargeRedactionIT: 1 GiB (%d frames %dx%d 16-bit) generated in %d ms; forked JVM -Xmx128m: "
                        + "redact %d ms (%.0f MB/s), write %d ms (%.0f MB/s), whole fork %d ms, peak heap %.1f MB; verified in %d ms%n",
                FRAMES, ROWS, COLUMNS, generateMs, redactMs, LENGTH / 1e6 / (redactMs / 1e3), writeMs,
                LENGTH / 1e6 / (writeMs / 1e3), forkMs, peak / 1e6, verifyMs);
        assertTrue(peak < 128L << 20, "peak heap " + peak);
    }

    private static Dataset dataset() {
        Dataset ds = new Dataset();
        ds.setString(Tag.SOP_CLASS_UID, VR.UI, "1.2.840.10008.5.1.4.1.1.7.3");
        ds.setString(Tag.SOP_INSTANCE_UID, VR.UI, "2.25.777");
        ds.setString(0x00080060, VR.CS, "OT");
        ds.setInts(0x00280002, VR.US, 1);
        ds.setString(0x00280004, VR.CS, "MONOCHROME2");
        ds.setString(0x00280008, VR.IS, Integer.toString(FRAMES));
        ds.setInts(0x00280010, VR.US, ROWS);
        ds.setInts(0x00280011, VR.US, COLUMNS);
        ds.setInts(0x00280100, VR.US, 16);
        ds.setInts(0x00280101, VR.US, 16);
        ds.setInts(0x00280102, VR.US, 15);
        ds.setInts(0x00280103, VR.US, 0);
        ds.put(new BulkElement(Tag.PIXEL_DATA, VR.OW, new ComputedBulkData(LENGTH, LargeRedactionIT::original)));
        return ds;
    }

    /** The original byte at {@code i}: cheap, deterministic, and never 0 in the low byte's pattern alone. */
    static byte original(long i) {
        return (byte) (i ^ (i >>> 8) ^ (i >>> 19) ^ 0x5A);
    }

    /** Streams the whole output and checks every byte: 0 inside the rectangles, the original elsewhere. */
    private static void verify(BulkData data) throws IOException {
        boolean[] blank = new boolean[(int) FRAME_LENGTH]; // per byte of a frame
        for (Rectangle r : RECTS) {
            for (int y = r.y(); y < Math.min(ROWS, r.y() + r.height()); y++) {
                for (int x = r.x(); x < Math.min(COLUMNS, r.x() + r.width()); x++) {
                    blank[(y * COLUMNS + x) * 2] = true;
                    blank[(y * COLUMNS + x) * 2 + 1] = true;
                }
            }
        }
        byte[] buf = new byte[1 << 20];
        long pos = 0;
        int inFrame = 0;
        try (InputStream in = data.openStream()) {
            int n;
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                for (int k = 0; k < n; k++) {
                    byte want = blank[inFrame] ? 0 : original(pos + k);
                    if (buf[k] != want) {
                        long i = pos + k;
                        throw new AssertionError("byte " + i + " (frame " + i / FRAME_LENGTH + ", offset " + inFrame
                                + ") is " + buf[k] + ", expected " + want);
                    }
                    inFrame = inFrame + 1 == FRAME_LENGTH ? 0 : inFrame + 1;
                }
                pos += n;
            }
        }
        assertEquals(LENGTH, pos);
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
