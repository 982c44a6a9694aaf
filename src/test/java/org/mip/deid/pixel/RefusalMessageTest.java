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
 * JPEG decoder failed: ..."), found by mutating the samples through {@code deidentify}.
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

    /** A JPEG baseline sample whose entropy-coded data holds a marker no decoder knows (0xFFB8). */
    @Test
    void aCorruptJpegFrameIsRefusedWithItsCodeOnceAndItsFrame() throws Exception {
        byte[] b = Files.readAllBytes(Samples.get("SC_rgb_jpeg_dcmtk.dcm"));
        int sos = indexOf(b, (byte) 0xFF, (byte) 0xDA);
        assertTrue(sos > 0, "a JPEG start of scan");
        int p = sos + 2 + ((b[sos + 2] & 0xFF) << 8 | b[sos + 3] & 0xFF) + 40;
        b[p] = (byte) 0xFF;
        b[p + 1] = (byte) 0xB8;
        Path in = tmp.resolve("corrupt.dcm");
        Files.write(in, b);
        Deidentifier deid = Deidentifiers.create(ProfileLoader.builtIn("basic"), DeidKey.of(new byte[32]), "test", tmp,
                Scanning.engine());
        DeidRefusal refusal;
        try (DicomFile file = DicomReader.read(in)) {
            refusal = assertThrows(DeidRefusal.class, () -> deid.deidentify(file));
        }
        assertEquals("CODEC_CORRUPT_FRAME", refusal.code());
        assertTrue(refusal.getMessage().startsWith("frame 1: JPEG decoder failed"), refusal.getMessage());
        assertEquals(-1, refusal.getMessage().indexOf("CODEC_"), refusal.getMessage());
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
