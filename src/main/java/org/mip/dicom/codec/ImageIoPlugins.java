package org.mip.dicom.codec;

import java.util.Iterator;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ImageWriterSpi;
import org.mip.dicom.codec.CodecException.Code;

/**
 * Picks an Image I/O reader or writer by its provider's class name. ImageIO's own look-up by format
 * name returns whichever plug-in ranks first (any jar on the class path may register a JPEG
 * reader ahead of the JDK's, as TwelveMonkeys does; JAI registers readers of its own), so we never ask it: each codec names the one it was
 * tested with.
 */
final class ImageIoPlugins {
    /** The JDK's libjpeg-based reader and writer (baseline and extended 8-bit DCT). */
    static final String JDK_JPEG_READER = "com.sun.imageio.plugins.jpeg.JPEGImageReaderSpi";
    static final String JDK_JPEG_WRITER = "com.sun.imageio.plugins.jpeg.JPEGImageWriterSpi";

    private ImageIoPlugins() {
    }

    static ImageReader reader(String spiClass) throws CodecException {
        Iterator<ImageReaderSpi> it = IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
        while (it.hasNext()) {
            ImageReaderSpi spi = it.next();
            if (spi.getClass().getName().equals(spiClass)) {
                try {
                    return spi.createReaderInstance();
                } catch (Exception | LinkageError e) {
                    throw new CodecException(Code.CODEC_UNSUPPORTED, "the image reader " + spiClass + " cannot be created: " + e);
                }
            }
        }
        throw new CodecException(Code.CODEC_UNSUPPORTED, "the image reader " + spiClass + " is not on the class path");
    }

    /**
     * JAI Image I/O's JPEG 2000 reader (JJ2000), made from its provider directly: it needs no
     * registration, so it works whatever class loader created ImageIO's registry.
     */
    static ImageReader jpeg2000Reader() throws CodecException {
        try {
            return new com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi().createReaderInstance(null);
        } catch (Exception | LinkageError e) {
            throw new CodecException(Code.CODEC_UNSUPPORTED, "the JPEG 2000 reader (jai-imageio-jpeg2000) cannot be created: " + e);
        }
    }

    static ImageWriter writer(String spiClass) throws CodecException {
        Iterator<ImageWriterSpi> it = IIORegistry.getDefaultInstance().getServiceProviders(ImageWriterSpi.class, true);
        while (it.hasNext()) {
            ImageWriterSpi spi = it.next();
            if (spi.getClass().getName().equals(spiClass)) {
                try {
                    return spi.createWriterInstance();
                } catch (Exception | LinkageError e) {
                    throw new CodecException(Code.CODEC_UNSUPPORTED, "the image writer " + spiClass + " cannot be created: " + e);
                }
            }
        }
        throw new CodecException(Code.CODEC_UNSUPPORTED, "the image writer " + spiClass + " is not on the class path");
    }
}
