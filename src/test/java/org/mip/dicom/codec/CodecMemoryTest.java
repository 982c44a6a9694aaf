package org.mip.dicom.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * About one frame at a time: a 4096 x 4096 16-bit frame (32 MiB decoded) decodes in a JVM whose
 * whole heap is 128 MiB, which holds the compressed input, the decoded frame and one 16-bit working
 * copy, and little else.
 */
class CodecMemoryTest {
    private static final int SIZE = 4096;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {FrameCodecs.JPEG_LOSSLESS_SV1, FrameCodecs.RLE_LOSSLESS})
    void aLargeFrameDecodesInA128MiBHeap(String uid) throws Exception {
        ImageDescription d = ImageDescription.gray(SIZE, SIZE, 16, 16, false);
        byte[] raw = new byte[(int) d.frameLength()];
        for (int y = 0; y < SIZE; y++) { // smooth with edges: compresses, so the input is small beside the output
            for (int x = 0; x < SIZE; x++) {
                NativeSamples.put(raw, y * SIZE + x, (x * 13 + y * 7 + ((x / 64 + y / 64) % 2) * 20000) & 0xFFFF, 2, 0);
            }
        }
        byte[] encoded = FrameCodecs.requireEncoder(uid).encode(raw, d).data();
        Path file = Files.write(tmp.resolve("frame.bin"), encoded);
        CRC32 crc = new CRC32();
        crc.update(raw);
        raw = null;
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), FrameDecodeMain.class.getName(), file.toString(), uid,
                Integer.toString(SIZE), Integer.toString(SIZE));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
        assertEquals(0, p.exitValue(), "the forked decoder failed (" + encoded.length + " bytes in, -Xmx128m):" + File.separator + out);
        assertEquals("crc " + crc.getValue(), out.trim(), "pixel-identical");
    }
}
