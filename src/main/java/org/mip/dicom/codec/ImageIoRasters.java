package org.mip.dicom.codec;

import java.io.ByteArrayInputStream;
import java.awt.image.Raster;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.mip.dicom.codec.CodecException.Code;

/**
 * Reads the raw raster of one image with a chosen Image I/O reader: no colour conversion (a
 * raster never gets one), no file cache, and every warning treated as an error (libjpeg reports a
 * truncated stream only as a warning and hands back grey). Nothing the reader throws, Errors
 * included, escapes as anything but a {@link CodecException}.
 */
final class ImageIoRasters {
    private ImageIoRasters() {
    }

    static Raster read(String readerSpi, byte[] data, String what) throws CodecException {
        return read(ImageIoPlugins.reader(readerSpi), data, what);
    }

    /** Reads with {@code reader}, which is disposed of afterwards. */
    static Raster read(ImageReader reader, byte[] data, String what) throws CodecException {
        List<String> warnings = new ArrayList<>();
        try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            Raster raster = reader.readRaster(0, null);
            if (!warnings.isEmpty()) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, what + " decoder reported: " + oneLine(warnings.get(0)));
            }
            return raster;
        } catch (CodecException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new CodecException(Code.CODEC_TOO_LARGE, what + " decoder ran out of memory on this frame", -1, e);
        } catch (Exception | Error e) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, what + " decoder failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())), -1, e);
        } finally {
            reader.dispose();
        }
    }

    /** A library message on one line and short; these messages describe structure, never pixel values. */
    static String oneLine(String s) {
        String line = s.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
