package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mip.deid.profile.RedactionRule.Rectangle;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.codec.EncapsulatedFrames;
import org.mip.dicom.codec.FrameFormat;
import org.mip.dicom.codec.RleCodec;
import org.mip.dicom.codec.TestFiles;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.FragmentsElement;

/**
 * Redaction of the shared sample files, checked with independent decoders: dcmtk's dcmdrle for RLE
 * output, pydicom for native output. Skipped when the samples or the tools are absent.
 */
class PixelRedactorSampleTest {
    /** Rows 10-14, columns 20-39 of the 64x64 MR_small, plus one cut at the right edge. */
    private static final List<Rectangle> MR_RECTS = List.of(new Rectangle(20, 10, 20, 5), new Rectangle(60, 50, 10, 3));

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"MR_small.dcm", "MR_small_implicit.dcm"})
    void mrSmallBlanksToTheMostNegativeSigned16BitValue(String name) throws Exception {
        byte[] original = pixels(TestFiles.sample("MR_small.dcm"));
        Path out = redactAndWrite(TestFiles.sample(name), MR_RECTS, "mr.dcm");
        byte[] expected = mrExpected(original);
        try (DicomFile f = TestFiles.read(out)) {
            assertArrayEquals(expected, TestFiles.nativePixels(f));
            assertEquals(-32768, f.dataset().getInt(0x00280106, 0), "Smallest Image Pixel Value widened to the blank");
            assertEquals(4000, f.dataset().getInt(0x00280107, 0));
        }
        assertPydicomSeesTheRedaction(TestFiles.sample(name), out, -32768);
    }

    @Test
    void bigEndianMrSmallGivesTheSameValuesAsLittleEndian() throws Exception {
        Path out = redactAndWrite(TestFiles.sample("MR_small_bigendian.dcm"), MR_RECTS, "mr_be.dcm");
        byte[] expectedLe = mrExpected(pixels(TestFiles.sample("MR_small.dcm")));
        try (DicomFile f = TestFiles.read(out)) {
            byte[] be = TestFiles.nativePixels(f);
            assertEquals(expectedLe.length, be.length);
            for (int i = 0; i < be.length; i += 2) {
                assertEquals(expectedLe[i], be[i + 1], "low byte of sample " + i / 2);
                assertEquals(expectedLe[i + 1], be[i], "high byte of sample " + i / 2);
            }
        }
        assertPydicomSeesTheRedaction(TestFiles.sample("MR_small_bigendian.dcm"), out, -32768);
    }

    @Test
    void mrSmallRleAsDecodedByDcmdrle() throws Exception {
        TestFiles.requireTool("dcmdrle");
        Path out = redactAndWrite(TestFiles.sample("MR_small_RLE.dcm"), MR_RECTS, "mr_rle.dcm");
        byte[] expected = mrExpected(pixels(TestFiles.sample("MR_small.dcm")));
        assertArrayEquals(expected, TestFiles.dcmdrle(out, tmp));
        try (DicomFile f = TestFiles.read(out)) {
            assertEquals(TransferSyntax.RLE_LOSSLESS.uid(), f.declaredTransferSyntaxUid(), "syntax kept");
        }
    }

    @Test
    void twoFrameRgbRleAsDecodedByDcmdrle() throws Exception {
        TestFiles.requireTool("dcmdrle");
        Path sample = TestFiles.sample("SC_rgb_rle_2frame.dcm");
        byte[] before = TestFiles.dcmdrle(sample, tmp);
        List<Rectangle> rects = List.of(new Rectangle(0, 5, 30, 10), new Rectangle(90, 95, 40, 40));
        Path out = redactAndWrite(sample, rects, "rgb_rle.dcm");
        byte[] after = TestFiles.dcmdrle(out, tmp);
        byte[] expected = before.clone();
        for (int f = 0; f < 2; f++) {
            for (Rectangle r : List.of(new Rectangle(0, 5, 30, 10), new Rectangle(90, 95, 10, 5))) {
                for (int y = r.y(); y < r.y() + r.height(); y++) {
                    for (int x = r.x(); x < r.x() + r.width(); x++) {
                        for (int s = 0; s < 3; s++) {
                            expected[f * 30000 + (y * 100 + x) * 3 + s] = 0;
                        }
                    }
                }
            }
        }
        assertArrayEquals(expected, after);
        try (DicomFile f = TestFiles.read(out)) {
            FragmentsElement px = (FragmentsElement) f.dataset().get(Tag.PIXEL_DATA);
            assertEquals(3, px.fragments().size(), "offset table and one fragment per frame");
            assertEquals(8, px.fragments().get(0).length(), "offset table rebuilt");
        }
    }

    @ParameterizedTest(name = "planar {0}")
    @ValueSource(ints = {0, 1})
    void synthetic16BitRgbRleAsDecodedByDcmdrle(int planar) throws Exception {
        TestFiles.requireTool("dcmdrle");
        Synthetic s = Synthetic.color("RGB 16", "RGB", 16, planar == 1, 0, 0, 0).size(3, 21, 19);
        byte[] original = s.random(planar);
        FrameFormat format = new FrameFormat(s.rows(), s.columns(), 3, 16, planar == 1);
        Dataset ds = s.dataset();
        List<BulkData> frames = new ArrayList<>();
        for (int f = 0; f < s.frames(); f++) {
            byte[] raw = java.util.Arrays.copyOfRange(original, f * s.frameLength(), (f + 1) * s.frameLength());
            frames.add(BulkData.of(RleCodec.encodeFrame(raw, format)));
        }
        EncapsulatedFrames.install(ds, Tag.PIXEL_DATA, VR.OB, frames);
        Path in = TestFiles.write(TestFiles.file(TransferSyntax.RLE_LOSSLESS, ds), tmp.resolve("syn_rle.dcm"));
        Path out = redactAndWrite(in, PixelRedactorLayoutTest.RECTS, "syn_rle_out.dcm");
        byte[] expected = s.expected(original, PixelRedactorLayoutTest.clip(s, PixelRedactorLayoutTest.RECTS));
        assertArrayEquals(expected, TestFiles.dcmdrle(out, tmp));
    }

    @Test
    void deflatedSyntaxIsRedactedAndStaysDeflated() throws Exception {
        Path sample = TestFiles.sample("image_dfl.dcm");
        byte[] original = pixels(sample);
        Path out = redactAndWrite(sample, List.of(new Rectangle(100, 200, 50, 20)), "dfl.dcm");
        byte[] expected = original.clone();
        for (int y = 200; y < 220; y++) {
            java.util.Arrays.fill(expected, y * 512 + 100, y * 512 + 150, (byte) 0);
        }
        try (DicomFile f = TestFiles.read(out)) {
            assertTrue(f.transferSyntax().deflated());
            assertArrayEquals(expected, TestFiles.nativePixels(f));
        }
    }

    /**
     * Real compressed samples (JPEG Baseline RGB and YBR, 12-bit Extended, JPEG 2000 and JPEG-LS
     * lossless): redacted by decoding, blanking and writing JPEG Lossless; dcmtk's decoder reads the
     * result, the rectangle is blank, and every other sample is what our decoder made of the input.
     */
    @ParameterizedTest
    @ValueSource(strings = {"SC_rgb_jpeg_dcmtk.dcm", "JPGExtended.dcm", "MR_small_jp2klossless.dcm",
            "MR_small_jpeg_ls_lossless.dcm", "examples_ybr_color.dcm", "SC_rgb_jpeg_gdcm.dcm", "JPEGLSNearLossless_08.dcm"})
    void compressedSamplesAreRedactedAndWrittenLosslessly(String name) throws Exception {
        Path sample = TestFiles.sample(name);
        Rectangle rect = new Rectangle(2, 3, 10, 6);
        byte[] before;
        PixelFormat decoded;
        try (DicomFile f = TestFiles.read(sample)) {
            FrameSource source = FrameSource.open(f, PixelCodecs.STANDARD);
            before = source.read(0);
            decoded = source.format();
        }
        Path out = tmp.resolve(name + ".redacted.dcm");
        try (DicomFile f = TestFiles.read(sample)) {
            assertTrue(new PixelRedactor(tmp).redact(f, List.of(rect)).redacted(), name);
            assertEquals("1.2.840.10008.1.2.4.70", f.transferSyntax().uid(), name);
            f.meta().setString(0x00020010, VR.UI, f.transferSyntax().uid());
            TestFiles.write(f, out);
        }
        byte[] after;
        try (DicomFile f = TestFiles.read(out)) {
            after = FrameSource.open(f, PixelCodecs.STANDARD).read(0);
        }
        int bps = decoded.bytesPerSample();
        int spp = decoded.samplesPerPixel();
        for (int y = 0; y < decoded.rows(); y++) {
            for (int x = 0; x < decoded.columns(); x++) {
                boolean inside = x >= rect.x() && x < rect.x() + rect.width() && y >= rect.y() && y < rect.y() + rect.height();
                int at = (y * decoded.columns() + x) * spp * bps;
                byte[] was = java.util.Arrays.copyOfRange(before, at, at + spp * bps);
                byte[] now = java.util.Arrays.copyOfRange(after, at, at + spp * bps);
                if (!inside) {
                    assertArrayEquals(was, now, name + ": pixel (" + x + "," + y + ") outside the rectangle changed");
                }
            }
        }
        if (Files.isExecutable(Path.of("/usr/bin/dcmdjpeg"))) {
            TestFiles.run("dcmdjpeg", out.toString(), tmp.resolve(name + ".dcmdjpeg.dcm").toString());
        }
    }

    @Test
    void aRectangleOutsideAJpegImageNeedsNoRedaction() throws Exception {
        try (DicomFile f = TestFiles.read(TestFiles.sample("SC_rgb_jpeg_dcmtk.dcm"))) {
            assertFalse(new PixelRedactor(tmp).redact(f, List.of(new Rectangle(100, 0, 10, 10))).redacted());
        }
    }

    // ------------------------------------------------------------------ helpers

    private Path redactAndWrite(Path in, List<Rectangle> rects, String name) throws Exception {
        Path out = tmp.resolve(name);
        try (DicomFile f = TestFiles.read(in)) {
            assertTrue(new PixelRedactor(tmp).redact(f, rects).redacted());
            TestFiles.write(f, out);
        }
        return out;
    }

    private static byte[] pixels(Path file) throws Exception {
        try (DicomFile f = TestFiles.read(file)) {
            return TestFiles.nativePixels(f).clone();
        }
    }

    /** MR_small (LE) with MR_RECTS (cut to 64x64) set to -32768. */
    private static byte[] mrExpected(byte[] original) {
        byte[] expected = original.clone();
        for (Rectangle r : List.of(new Rectangle(20, 10, 20, 5), new Rectangle(60, 50, 4, 3))) {
            for (int y = r.y(); y < r.y() + r.height(); y++) {
                for (int x = r.x(); x < r.x() + r.width(); x++) {
                    expected[(y * 64 + x) * 2] = 0x00;
                    expected[(y * 64 + x) * 2 + 1] = (byte) 0x80;
                }
            }
        }
        return expected;
    }

    /** pydicom reads the redacted file: the rectangles hold {@code blank}, every other pixel equals the original's. */
    private static void assertPydicomSeesTheRedaction(Path original, Path redacted, int blank) throws Exception {
        String out = TestFiles.python("import sys, pydicom, numpy as np\n"
                + "a = pydicom.dcmread(sys.argv[1]).pixel_array.astype(np.int64)\n"
                + "b = pydicom.dcmread(sys.argv[2]).pixel_array.astype(np.int64)\n"
                + "m = np.zeros(a.shape, dtype=bool)\n"
                + "m[10:15, 20:40] = True\n"
                + "m[50:53, 60:64] = True\n"
                + "print(bool((b[m] == int(sys.argv[3])).all()), bool((a[~m] == b[~m]).all()), int(m.sum()))\n",
                original.toString(), redacted.toString(), Integer.toString(blank)).trim();
        assertEquals("True True 112", out);
    }
}
