package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.deid.DeidRefusal;
import org.mip.deid.Deidentifier;
import org.mip.deid.Deidentifiers;
import org.mip.deid.pixel.detect.TextDetectionException;
import org.mip.deid.profile.ProfileLoader;
import org.mip.deid.pseudo.DeidKey;
import org.mip.dicom.codec.CodecException;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.io.DicomReader;
import org.mip.testing.Samples;
import org.mip.testing.Scanning;

/**
 * A refusal's line reads "CODE at stage: what and where": the code once. The pixel stage wraps a
 * codec's failure in a redaction failure in a refusal, and each of those messages used to start
 * with its code ("CODEC_CORRUPT_FRAME at deidentify: CODEC_CORRUPT_FRAME: frame 1: CODEC_CORRUPT_FRAME:
 * JPEG decoder failed: ..."), found by mutating the samples through {@code deidentify}. One case per
 * decoder: ImageIO on the JPEG baseline sample (skipped without the samples), our own codec on a
 * synthetic JPEG lossless frame (always).
 */
class RefusalMessageTest {
    @TempDir
    Path tmp;

    @Test
    void aCodedExceptionsDetailIsItsMessageWithoutTheCode() {
        CodecException codec = new CodecException(CodecException.Code.CODEC_CORRUPT_FRAME, "JPEG decoder failed", 12);
        assertEquals("CODEC_CORRUPT_FRAME: JPEG decoder failed (at byte 12)", codec.getMessage());
        assertEquals("JPEG decoder failed (at byte 12)", codec.detail());
        RedactionException redaction = new RedactionException(RedactionException.Reason.REDACTION_IO_ERROR, "frame 2: short read");
        assertEquals("frame 2: short read", redaction.detail());
        TextDetectionException ocr = new TextDetectionException(TextDetectionException.Reason.OCR_FAILED, "frame 1: no result");
        assertEquals("frame 1: no result", ocr.detail());
    }

    /** A JPEG baseline sample whose entropy-coded data holds a marker no decoder knows (0xFFB8): decoded by ImageIO. */
    @Test
    void aCorruptJpegBaselineFrameIsRefusedWithItsCodeOnceAndItsFrame() throws Exception {
        DeidRefusal refusal = refusalOf(corrupted(Files.readAllBytes(Samples.get("SC_rgb_jpeg_dcmtk.dcm"))), Scanning.engine());
        assertEquals("CODEC_CORRUPT_FRAME", refusal.code());
        assertTrue(refusal.getMessage().startsWith("frame 1: JPEG decoder failed"), refusal.getMessage());
        assertCodeOnce(refusal);
    }

    /** A synthetic XA frame, JPEG lossless by our own encoder, with the same marker: decoded by our own codec. */
    @Test
    void aCorruptJpegLosslessFrameIsRefusedWithItsCodeOnce() throws Exception {
        Path written = tmp.resolve("xa.dcm");
        LargeCompressedScanMain.write(written, 1);
        DeidRefusal refusal = refusalOf(corrupted(Files.readAllBytes(written)), ScanEngine.withoutOcr());
        assertTrue(refusal.code().startsWith("CODEC_"), refusal.code() + ": " + refusal.getMessage());
        assertTrue(refusal.getMessage().startsWith("frame 1: "), refusal.getMessage());
        assertCodeOnce(refusal);
    }

    private static void assertCodeOnce(DeidRefusal refusal) {
        for (String code : new String[] {"CODEC_", "REDACTION_", "OCR_"}) {
            assertEquals(-1, refusal.getMessage().indexOf(code), refusal.getMessage());
        }
    }

    /** The file with the two bytes 40 bytes into its first JPEG scan's data set to FF B8. */
    private static byte[] corrupted(byte[] b) {
        int sos = indexOf(b, (byte) 0xFF, (byte) 0xDA);
        assertTrue(sos > 0, "a JPEG start of scan");
        int p = sos + 2 + ((b[sos + 2] & 0xFF) << 8 | b[sos + 3] & 0xFF) + 40;
        b[p] = (byte) 0xFF;
        b[p + 1] = (byte) 0xB8;
        return b;
    }

    private DeidRefusal refusalOf(byte[] bytes, ScanEngine scan) throws Exception {
        Path in = tmp.resolve("corrupt.dcm");
        Files.write(in, bytes);
        Deidentifier deid = Deidentifiers.create(ProfileLoader.builtIn("basic"), DeidKey.of(new byte[32]), "test", tmp, scan);
        try (DicomFile file = DicomReader.read(in)) {
            return assertThrows(DeidRefusal.class, () -> deid.deidentify(file));
        }
    }

    private static int indexOf(byte[] b, byte x, byte y) {
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == x && b[i + 1] == y) {
                return i;
            }
        }
        return -1;
    }
}
