package org.mip.dicom.codec;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** A 4:2:0 JPEG of an RGB frame from the JDK's libjpeg writer with its defaults (an encoder independent of ours). */
final class Jdk420 {
    private Jdk420() {
    }

    static byte[] encode(byte[] rgb, ImageDescription d) throws Exception {
        BufferedImage img = new BufferedImage(d.columns(), d.rows(), BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < d.rows() * d.columns(); p++) {
            img.setRGB(p % d.columns(), p / d.columns(),
                    (rgb[3 * p] & 0xFF) << 16 | (rgb[3 * p + 1] & 0xFF) << 8 | (rgb[3 * p + 2] & 0xFF));
        }
        ImageWriter writer = ImageIoPlugins.writer(ImageIoPlugins.JDK_JPEG_WRITER);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(new IIOImage(img, null, null));
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
