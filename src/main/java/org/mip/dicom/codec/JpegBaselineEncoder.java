package org.mip.dicom.codec;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.mip.dicom.codec.CodecException.Code;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * JPEG Baseline (.4.50) through the JDK's libjpeg writer, for 8-bit frames: MONOCHROME1/2 as one
 * component; RGB converted by libjpeg to YCbCr (JFIF) with 4:2:2 chroma subsampling, which makes
 * the frame YBR_FULL_422 (PS3.5 8.2.1), as dcmcjpeg does by default. Quality is the IJG quality
 * scale (the JDK scales the standard tables as libjpeg's {@code jpeg_set_quality} does). The
 * result is lossy: the caller must set Lossy Image Compression "01" and method "ISO_10918_1".
 */
final class JpegBaselineEncoder implements FrameEncoder {
    static final String LOSSY_METHOD = "ISO_10918_1";
    private static final String NATIVE_FORMAT = "javax_imageio_jpeg_image_1.0";

    private final int quality;

    JpegBaselineEncoder(int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1..100, not " + quality);
        }
        this.quality = quality;
    }

    @Override
    public String transferSyntaxUid() {
        return FrameCodecs.JPEG_BASELINE;
    }

    @Override
    public EncodedFrame encode(byte[] pixels, ImageDescription image) throws CodecException {
        NativeSamples.checkLength(pixels, image);
        boolean gray = image.samplesPerPixel() == 1 && image.photometric().startsWith("MONOCHROME");
        boolean rgb = image.samplesPerPixel() == 3 && image.photometric().equals("RGB");
        if (image.bitsAllocated() != 8 || image.signed() || !(gray || rgb)) {
            throw new CodecException(Code.CODEC_UNSUPPORTED, "JPEG Baseline encoding takes 8-bit unsigned MONOCHROME1/2 or RGB, not "
                    + image);
        }
        int w = image.columns();
        int h = image.rows();
        BufferedImage img = new BufferedImage(w, h, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        if (gray) {
            System.arraycopy(pixels, 0, target, 0, w * h);
        } else {
            for (int p = 0; p < w * h; p++) {
                target[3 * p] = (byte) NativeSamples.get(pixels, image, p, 2);
                target[3 * p + 1] = (byte) NativeSamples.get(pixels, image, p, 1);
                target[3 * p + 2] = (byte) NativeSamples.get(pixels, image, p, 0);
            }
        }
        ImageWriter writer = ImageIoPlugins.writer(ImageIoPlugins.JDK_JPEG_WRITER);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(w * h / 4 + 1024);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(img), param);
            if (rgb) {
                subsample422(metadata);
            }
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, metadata), param);
        } catch (Exception | Error e) {
            throw new CodecException(Code.CODEC_UNSUPPORTED, "the JPEG writer failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + ImageIoRasters.oneLine(e.getMessage())), -1, e);
        } finally {
            writer.dispose();
        }
        ImageDescription written = gray ? image.interleaved() : image.withPhotometric("YBR_FULL_422");
        return new EncodedFrame(bytes.toByteArray(), written, FrameCodecs.JPEG_BASELINE, true, LOSSY_METHOD);
    }

    /** Luma sampled 2x1, chroma 1x1: 4:2:2 (the JDK's default is 4:2:0). */
    private static void subsample422(IIOMetadata metadata) throws Exception {
        Node root = metadata.getAsTree(NATIVE_FORMAT);
        NodeList specs = ((org.w3c.dom.Element) root).getElementsByTagName("componentSpec");
        for (int i = 0; i < specs.getLength(); i++) {
            org.w3c.dom.Element spec = (org.w3c.dom.Element) specs.item(i);
            spec.setAttribute("HsamplingFactor", i == 0 ? "2" : "1");
            spec.setAttribute("VsamplingFactor", "1");
        }
        metadata.setFromTree(NATIVE_FORMAT, root);
    }
}
