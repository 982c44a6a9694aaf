package org.mip.dicom.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Restart intervals (RSTn markers), which dcmcjpeg never writes: lossless frames with restarts from
 * our encoder must decode with dcmdjpeg and with ours to the original; 8-bit DCT frames with
 * restarts from the JDK's libjpeg writer must decode with our own DCT decoder exactly as libjpeg
 * decodes them (the same decoder serves 12-bit frames, whose only oracle is dcmdjpeg).
 */
class RestartIntervalTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "lossless {0} samples, restart every {1} lines")
    @CsvSource({"1, 7", "1, 1", "3, 5", "1, 61"})
    void losslessRestartsDecodeWithDcmdjpegAndOurs(int samples, int lines) throws Exception {
        ImageDescription d = samples == 1 ? ImageDescription.gray(61, 97, 16, 12, false) : ImageDescription.color(61, 97, 8, 8, "RGB");
        byte[] original = CodecCorpus.image(d, 8);
        byte[] stream = new JpegLosslessEncoder(lines).encode(original, d).data();
        Path file = CodecCorpus.writeEncapsulated(tmp.resolve("rst.dcm"), d, FrameCodecs.JPEG_LOSSLESS_SV1, List.of(stream), false);
        assertArrayEquals(original, CodecCorpus.reference(file, tmp, "dcmdjpeg").pixels(), "dcmdjpeg");
        assertArrayEquals(original, FrameCodecs.requireDecoder(FrameCodecs.JPEG_LOSSLESS_SV1).decode(stream, d).pixels(), "ours");
        if (lines < 61) {
            byte[] wrongMarker = stream.clone();
            for (int i = JpegHeader.parse(stream).sosOffset; i + 1 < stream.length; i++) {
                if ((stream[i] & 0xFF) == 0xFF && (stream[i + 1] & 0xFF) == 0xD0) {
                    wrongMarker[i + 1] = (byte) 0xD3; // RST3 where RST0 belongs
                    break;
                }
            }
            CodecException e = assertThrows(CodecException.class,
                    () -> FrameCodecs.requireDecoder(FrameCodecs.JPEG_LOSSLESS_SV1).decode(wrongMarker, d));
            assertEquals("CODEC_CORRUPT_FRAME", e.code());
        }
    }

    @ParameterizedTest(name = "DCT {0} with restart interval {1}")
    @CsvSource({"gray, 0", "gray, 1", "gray, 5", "rgb, 0", "rgb, 3"})
    void ourDctDecoderAgreesWithLibjpeg(String kind, int interval) throws Exception {
        boolean gray = kind.equals("gray");
        ImageDescription d = gray ? ImageDescription.gray(61, 97, 8, 8, false) : ImageDescription.color(61, 97, 8, 8, "RGB");
        byte[] original = CodecCorpus.image(d, 12);
        BufferedImage img = new BufferedImage(97, 61, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int p = 0; p < 61 * 97; p++) {
            if (gray) {
                target[p] = original[p];
            } else {
                target[3 * p] = original[3 * p + 2];
                target[3 * p + 1] = original[3 * p + 1];
                target[3 * p + 2] = original[3 * p];
            }
        }
        ImageWriter writer = ImageIoPlugins.writer(ImageIoPlugins.JDK_JPEG_WRITER);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(img), null);
            if (interval > 0) {
                Node root = metadata.getAsTree("javax_imageio_jpeg_image_1.0");
                Node markers = ((Element) root).getElementsByTagName("markerSequence").item(0);
                Element dri = new javax.imageio.metadata.IIOMetadataNode("dri");
                dri.setAttribute("interval", Integer.toString(interval));
                markers.insertBefore(dri, markers.getFirstChild());
                metadata.setFromTree("javax_imageio_jpeg_image_1.0", root);
            }
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, metadata), null);
        } finally {
            writer.dispose();
        }
        byte[] stream = bytes.toByteArray();
        JpegHeader header = JpegHeader.parse(stream);
        char[] ours = JpegDctDecoder.decode(stream, header);
        Raster libjpeg = ImageIoRasters.read(ImageIoPlugins.JDK_JPEG_READER, stream, "JPEG");
        int[] theirs = libjpeg.getPixels(0, 0, 97, 61, (int[]) null);
        int max = 0;
        for (int i = 0; i < theirs.length; i++) {
            max = Math.max(max, Math.abs(theirs[i] - ours[i]));
        }
        // The same YCbCr samples, before colour conversion: only the IDCT's rounding may differ.
        assertEquals(true, max <= 1, "max difference " + max);
    }
}
