package org.mip.dicom.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.data.DicomFile;

/** The API the redactor calls: which syntaxes have codecs, why the others do not, and the guard around every codec. */
class FrameCodecsTest {

    @Test
    void everySupportedSyntaxHasADecoderNamedForIt() {
        for (String uid : List.of(FrameCodecs.JPEG_BASELINE, FrameCodecs.JPEG_EXTENDED, FrameCodecs.JPEG_LOSSLESS,
                FrameCodecs.JPEG_LOSSLESS_SV1, FrameCodecs.JPEG_LS_LOSSLESS, FrameCodecs.JPEG_LS_NEAR_LOSSLESS,
                FrameCodecs.JPEG_2000_LOSSLESS, FrameCodecs.JPEG_2000, FrameCodecs.RLE_LOSSLESS)) {
            assertEquals(uid, FrameCodecs.decoderFor(uid).orElseThrow().transferSyntaxUid());
            assertEquals(uid, FrameCodecs.decoderFor(uid + " ").orElseThrow().transferSyntaxUid(), "a padded UID");
        }
        for (String uid : List.of(FrameCodecs.JPEG_LOSSLESS_SV1, FrameCodecs.JPEG_BASELINE, FrameCodecs.RLE_LOSSLESS)) {
            assertEquals(uid, FrameCodecs.encoderFor(uid).orElseThrow().transferSyntaxUid());
        }
        assertTrue(FrameCodecs.encoderFor(FrameCodecs.JPEG_2000).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> FrameCodecs.jpegBaseline(0));
    }

    @Test
    void unsupportedSyntaxesSayWhich() {
        String htj2k = "1.2.840.10008.1.2.4.201";
        assertTrue(FrameCodecs.decoderFor(htj2k).isEmpty());
        CodecException e = assertThrows(CodecException.class, () -> FrameCodecs.requireDecoder(htj2k));
        assertEquals("CODEC_UNSUPPORTED", e.code());
        assertTrue(e.getMessage().contains("High-Throughput JPEG 2000") && e.getMessage().contains(htj2k), e.getMessage());
        assertTrue(FrameCodecs.unsupportedReason("1.2.840.10008.1.2.4.102").contains("video"));
        assertTrue(FrameCodecs.unsupportedReason("1.2.840.10008.1.2.4.55").contains("progressive"));
        assertTrue(FrameCodecs.unsupportedReason("1.2.3.4").contains("unknown transfer syntax 1.2.3.4"));
        assertTrue(FrameCodecs.unsupportedReason(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()).contains("native"));
        assertTrue(FrameCodecs.decoderFor(null).isEmpty());
    }

    @Test
    void theGuardTurnsAnyThrowableIntoACodecException() {
        ImageDescription d = ImageDescription.gray(2, 2, 8, 8, false);
        for (Throwable t : List.of(new ArrayIndexOutOfBoundsException(5), new IllegalStateException("x"), new StackOverflowError(),
                new OutOfMemoryError("Java heap space"))) {
            FrameDecoder failing = GuardedCodec.decoder(new FrameDecoder() {
                @Override
                public String transferSyntaxUid() {
                    return "1.2.3";
                }

                @Override
                public DecodedFrame decode(byte[] frame, ImageDescription image) {
                    if (t instanceof RuntimeException r) {
                        throw r;
                    }
                    throw (Error) t;
                }
            });
            CodecException e = assertThrows(CodecException.class, () -> failing.decode(new byte[7], d));
            assertEquals(t instanceof OutOfMemoryError ? "CODEC_TOO_LARGE" : "CODEC_CORRUPT_FRAME", e.code());
            assertSame(t, e.getCause());
            assertTrue(e.getMessage().contains("7 bytes"), e.getMessage());
        }
    }

    @Test
    void codecExceptionIsADicomExceptionWithAStableCode() {
        CodecException e = new CodecException(CodecException.Code.CODEC_TOO_LARGE, "too big", 12);
        assertEquals("CODEC_TOO_LARGE", e.code());
        assertEquals(org.mip.dicom.DicomException.Reason.CODEC_TOO_LARGE, e.reason());
        assertEquals("CODEC_TOO_LARGE: too big (at byte 12)", e.getMessage());
        for (CodecException.Code code : CodecException.Code.values()) {
            assertEquals(code.name(), new CodecException(code, "x").reason().name(), "reason().name() is the code");
        }
    }

    @Test
    void rleIsOneMoreCodecOfTheApi() throws Exception {
        ImageDescription planar = new ImageDescription(33, 47, 3, 16, 16, false, "RGB", true);
        byte[] raw = CodecCorpus.image(planar.interleaved(), 4);
        byte[] planes = new byte[raw.length];
        for (int p = 0; p < 33 * 47; p++) {
            for (int s = 0; s < 3; s++) {
                NativeSamples.put(planes, s * 33 * 47 + p, NativeSamples.get(raw, planar.interleaved(), p, s), 2, 0);
            }
        }
        EncodedFrame e = FrameCodecs.requireEncoder(FrameCodecs.RLE_LOSSLESS).encode(planes, planar);
        assertFalse(e.lossy());
        // RLE segments are by plane whatever the layout: the planar frame's encoding decodes to the interleaved one.
        DecodedFrame d = FrameCodecs.requireDecoder(FrameCodecs.RLE_LOSSLESS).decode(e.data(), planar);
        assertArrayEquals(raw, d.pixels());
        assertFalse(d.description().planar());
        assertEquals("RGB", d.description().photometric());
        CodecCorpus.Compressed c = CodecCorpus.read(TestFiles.sample("MR_small_RLE.dcm"));
        try (DicomFile nat = TestFiles.read(TestFiles.sample("MR_small.dcm"))) {
            assertArrayEquals(TestFiles.nativePixels(nat), CodecCorpus.decodeAll(c, "MONOCHROME2"));
        }
    }

    @Test
    void imageDescriptionFromADataSet() throws Exception {
        CodecCorpus.Compressed c = CodecCorpus.read(TestFiles.sample("examples_ybr_color.dcm"));
        ImageDescription d = c.description();
        assertEquals(240, d.rows());
        assertEquals(320, d.columns());
        assertEquals("YBR_FULL_422", d.photometric());
        assertEquals(240 * 320 * 2, d.frameLength(), "two samples a pixel in native YBR_FULL_422");
        org.mip.dicom.data.Dataset ds = new org.mip.dicom.data.Dataset();
        assertEquals("CODEC_UNSUPPORTED", assertThrows(CodecException.class, () -> ImageDescription.of(ds)).code());
    }
}
