package org.mip.dicom.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferUShort;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * About one frame at a time: a 4096 x 4096 16-bit frame (32 MiB decoded) decodes in a JVM whose
 * whole heap is 128 MiB, which holds the compressed input, the decoded frame and one 16-bit working
 * copy, and little else (with 80 MiB it fails, as CODEC_TOO_LARGE).
 */
class CodecMemoryTest {
    private static final int SIZE = 4096;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {FrameCodecs.JPEG_LOSSLESS_SV1, FrameCodecs.RLE_LOSSLESS})
    void aLargeFrameDecodesInA128MiBHeap(String uid) throws Exception {
        ImageDescription d = ImageDescription.gray(SIZE, SIZE, 16, 16, false);
        byte[] raw = image(SIZE);
        byte[] encoded = FrameCodecs.requireEncoder(uid).encode(raw, d).data();
        String out = decodeIn128MiB(encoded, uid, SIZE);
        assertEquals("crc " + crc(raw), out.trim(), "pixel-identical");
    }

    /**
     * JJ2000 keeps its own 32-bit buffers of the image besides our output: a 2048 x 2048 16-bit frame
     * decodes in 128 MiB (a 4096 x 4096 one needs about 256 MiB, measured by hand; in 128 MiB its
     * OutOfMemoryError comes out as CODEC_TOO_LARGE).
     */
    @Test
    void jpeg2000InA128MiBHeap() throws Exception {
        int size = 2048;
        byte[] raw = image(size);
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_USHORT_GRAY);
        short[] target = ((DataBufferUShort) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < target.length; i++) {
            target[i] = (short) ((raw[2 * i] & 0xFF) | (raw[2 * i + 1] & 0xFF) << 8);
        }
        javax.imageio.ImageWriter writer = new com.github.jaiimageio.jpeg2000.impl.J2KImageWriterSpi().createWriterInstance(null);
        com.github.jaiimageio.jpeg2000.J2KImageWriteParam param = new com.github.jaiimageio.jpeg2000.J2KImageWriteParam();
        param.setLossless(true);
        param.setWriteCodeStreamOnly(true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        }
        String out = decodeIn128MiB(bytes.toByteArray(), FrameCodecs.JPEG_2000_LOSSLESS, size);
        assertEquals("crc " + crc(raw), out.trim(), "pixel-identical");
    }

    private static byte[] image(int size) {
        byte[] raw = new byte[size * size * 2];
        for (int y = 0; y < size; y++) { // smooth with edges: compresses, so the input is small beside the output
            for (int x = 0; x < size; x++) {
                NativeSamples.put(raw, y * size + x, (x * 13 + y * 7 + ((x / 64 + y / 64) % 2) * 20000) & 0xFFFF, 2, 0);
            }
        }
        return raw;
    }

    private static long crc(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b);
        return crc.getValue();
    }

    private String decodeIn128MiB(byte[] encoded, String uid, int size) throws Exception {
        Path file = Files.write(tmp.resolve("frame.bin"), encoded);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), FrameDecodeMain.class.getName(), file.toString(), uid,
                Integer.toString(size), Integer.toString(size));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
        assertEquals(0, p.exitValue(), "the forked decoder (" + encoded.length + " bytes in, -Xmx128m):" + File.separator + out);
        return out;
    }
}
