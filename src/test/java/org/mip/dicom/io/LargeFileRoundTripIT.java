package org.mip.dicom.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.testing.SyntheticDicom;
import org.mip.testing.Tools;

/**
 * Memory stays flat whatever the file size: a generated 1 GiB multi-frame file (8-bit 2048×2048 ×
 * 256 frames, Explicit VR LE) round-trips in a JVM limited to 128 MiB of heap, by path (bulk copied
 * file to file) and by stream (bulk spooled), with pixel data byte-identical (SHA-256 of the region).
 * An integration test (failsafe, {@code mvn verify}): it writes 3 GiB to the temporary folder.
 */
class LargeFileRoundTripIT {
    private static final int ROWS = 2048;
    private static final int COLUMNS = 2048;
    private static final int FRAMES = 256;
    private static final long PIXEL_BYTES = (long) ROWS * COLUMNS * FRAMES; // 1 GiB

    @TempDir
    Path tmp;

    @Test
    void oneGigabyteMultiFrameInA128MegabyteHeap() throws Exception {
        Path in = tmp.resolve("large.dcm");
        long pixelOffset = generate(in);
        assertEquals(pixelOffset + PIXEL_BYTES, Files.size(in));
        String expected = sha256(in, pixelOffset, PIXEL_BYTES);

        for (String route : List.of("path", "stream")) {
            Path out = tmp.resolve("out-" + route + ".dcm");
            long t0 = System.nanoTime();
            Tools.Result r = ForkedJvm.run(300, List.of("-Xmx128m"), LargeRoundTripMain.class,
                    in.toString(), out.toString(), route, tmp.toString());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, r.exit(), route + ": " + r.out() + r.stderr());
            System.out.println("large round trip by " + route + ": " + ms + " ms, " + r.out().trim());
            assertEquals(Files.size(in), Files.size(out), route);
            long outOffset = pixelDataValueOffset(out);
            assertEquals(pixelOffset, outOffset, route + ": header size changed");
            assertEquals(expected, sha256(out, outOffset, PIXEL_BYTES), route + ": pixel data differs");
            Files.delete(out);
        }
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(in), left.toList(), "spool files left behind");
        }
    }

    /** Writes the file by streaming (1 MiB at a time); returns the offset of the pixel data value. */
    private static long generate(Path file) throws IOException {
        byte[] dataset = SyntheticDicom.explicit().imageHeader(ROWS, COLUMNS, 8, FRAMES)
                .header(0x7FE00010, "OB", PIXEL_BYTES).bytes();
        byte[] head = SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, dataset);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeAll(ch, ByteBuffer.wrap(head));
            ByteBuffer block = ByteBuffer.allocate(1 << 20);
            long x = 0x9E3779B97F4A7C15L;
            for (long done = 0; done < PIXEL_BYTES; done += block.capacity()) {
                block.clear();
                while (block.hasRemaining()) { // xorshift: every block different, cheap to make
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    block.putLong(x);
                }
                block.flip();
                writeAll(ch, block);
            }
        }
        return head.length;
    }

    private static void writeAll(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Finds (7FE0,0010) OB in the first 64 KiB by its bytes, independently of the reader. */
    private static long pixelDataValueOffset(Path file) throws IOException {
        byte[] head = new byte[64 * 1024];
        try (var s = Files.newInputStream(file)) {
            int n = s.readNBytes(head, 0, head.length);
            byte[] pattern = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0};
            for (int i = 0; i + 12 <= n; i++) {
                if (java.util.Arrays.equals(head, i, i + 8, pattern, 0, 8)) {
                    return i + 12;
                }
            }
        }
        throw new AssertionError("no pixel data header in " + file);
    }

    private static String sha256(Path file, long offset, long length) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = offset;
            long end = offset + length;
            while (pos < end) {
                buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
                int n = ch.read(buf, pos);
                assertTrue(n > 0, "file ends early");
                buf.flip();
                md.update(buf);
                pos += n;
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
