package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.deid.profile.RedactionRule.Rectangle;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.codec.EncapsulatedFrames;
import org.mip.dicom.codec.TestFiles;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.ValueElement;

/**
 * Redaction of synthetic native images in every supported layout: inside each clipped rectangle
 * every sample of every frame is the blank value, and every other byte is unchanged (whole
 * buffers compared against an independent computation, {@link Synthetic#expected}).
 */
class PixelRedactorLayoutTest {
    /** Inside; overlapping the first; at the origin; partly outside (clipped); wholly outside (dropped). */
    static final List<Rectangle> RECTS = List.of(new Rectangle(2, 1, 3, 4), new Rectangle(3, 3, 2, 2),
            new Rectangle(0, 0, 2, 1), new Rectangle(5, 6, 100, 100), new Rectangle(500, 0, 3, 3));

    @TempDir
    Path tmp;

    static Stream<Synthetic> layouts() {
        List<Synthetic> cases = new ArrayList<>(List.of(
                Synthetic.mono("MONOCHROME2 8", "MONOCHROME2", 8, 8, 7, false, 0),
                Synthetic.mono("MONOCHROME2 16 unsigned 12", "MONOCHROME2", 16, 12, 11, false, 0),
                Synthetic.mono("MONOCHROME2 16 signed 12 (sign-extended -2048)", "MONOCHROME2", 16, 12, 11, true, 0xF800),
                Synthetic.mono("MONOCHROME2 16 signed 16", "MONOCHROME2", 16, 16, 15, true, 0x8000),
                Synthetic.mono("MONOCHROME1 8", "MONOCHROME1", 8, 8, 7, false, 0xFF),
                Synthetic.mono("MONOCHROME1 16 unsigned 12", "MONOCHROME1", 16, 12, 11, false, 0x0FFF),
                Synthetic.mono("MONOCHROME1 16 signed 12", "MONOCHROME1", 16, 12, 11, true, 0x07FF),
                Synthetic.mono("MONOCHROME1 16 stored 12 at high bit 15", "MONOCHROME1", 16, 12, 15, false, 0xFFF0),
                Synthetic.mono("MONOCHROME2 32", "MONOCHROME2", 32, 32, 31, false, 0),
                Synthetic.mono("MONOCHROME1 32", "MONOCHROME1", 32, 32, 31, false, 0xFFFFFFFFL),
                Synthetic.mono("MONOCHROME2 32 signed 32", "MONOCHROME2", 32, 32, 31, true, 0x80000000L),
                Synthetic.color("RGB 8 interleaved", "RGB", 8, false, 0, 0, 0),
                Synthetic.color("RGB 8 planar", "RGB", 8, true, 0, 0, 0),
                Synthetic.color("RGB 16 interleaved", "RGB", 16, false, 0, 0, 0),
                Synthetic.color("RGB 16 planar", "RGB", 16, true, 0, 0, 0),
                Synthetic.color("YBR_FULL 8 interleaved", "YBR_FULL", 8, false, 0, 128, 128),
                Synthetic.color("YBR_FULL 8 planar", "YBR_FULL", 8, true, 0, 128, 128),
                Synthetic.color("YBR_FULL 16 planar", "YBR_FULL", 16, true, 0, 0x8000, 0x8000)));
        // Explicit VR Big Endian: 16-bit OW, 8-bit OB, and 8-bit OW (bytes swapped in pairs across frames).
        cases.add(Synthetic.mono("MONOCHROME2 16 signed 12", "MONOCHROME2", 16, 12, 11, true, 0xF800).bigEndian(true));
        cases.add(Synthetic.mono("MONOCHROME1 16", "MONOCHROME1", 16, 16, 15, false, 0xFFFF).bigEndian(true));
        cases.add(Synthetic.mono("MONOCHROME1 8 OB", "MONOCHROME1", 8, 8, 7, false, 0xFF).bigEndian(false));
        cases.add(Synthetic.mono("MONOCHROME1 8 OW", "MONOCHROME1", 8, 8, 7, false, 0xFF).bigEndian(true).size(2, 11, 13));
        cases.add(Synthetic.color("YBR_FULL 8 interleaved OW", "YBR_FULL", 8, false, 0, 128, 128).bigEndian(true));
        cases.add(Synthetic.color("RGB 16 interleaved", "RGB", 16, false, 0, 0, 0).bigEndian(true));
        cases.add(Synthetic.color("RGB 16 planar", "RGB", 16, true, 0, 0, 0).bigEndian(true));
        // Large enough to be a bulk value read by reference, and to cross the 1 MiB stream buffer.
        cases.add(Synthetic.mono("MONOCHROME2 16 signed 16", "MONOCHROME2", 16, 16, 15, true, 0x8000).size(4, 151, 149));
        cases.add(Synthetic.color("RGB 8 planar", "RGB", 8, true, 0, 0, 0).size(5, 301, 287));
        cases.add(Synthetic.color("YBR_FULL 8 interleaved OW", "YBR_FULL", 8, false, 0, 128, 128).bigEndian(true)
                .size(8, 213, 227));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void blanksTheRectanglesInEveryFrameAndNothingElse(Synthetic s) throws Exception {
        byte[] original = s.random(s.name().hashCode());
        List<Rectangle> clipped = clip(s, RECTS);
        byte[] redacted = redactNative(s, s.withPixels(original), RECTS, clipped);
        assertArrayEquals(s.expected(original, clipped), redacted);
    }

    @Test
    void ybrFull422BlanksWholePixelPairs() throws Exception {
        Synthetic s = new Synthetic("YBR_FULL_422", "YBR_FULL_422", 8, 8, 7, 3, false, false, false, false, 2, 9, 12,
                new long[] {0, 128, 128});
        byte[] original = s.random(422);
        List<Rectangle> rects = List.of(new Rectangle(3, 2, 2, 3), new Rectangle(11, 7, 5, 5));
        // x 3..4 widens to the pairs 2..5; x 11 widens to 10..11, rows clipped at 9.
        List<Rectangle> clipped = List.of(new Rectangle(2, 2, 4, 3), new Rectangle(10, 7, 2, 2));
        byte[] redacted = redactNative(s, s.withPixels(original), rects, clipped);
        assertArrayEquals(s.expected(original, clipped), redacted);
    }

    @Test
    void paletteColorBlanksWithTheDarkestEntry() throws Exception {
        for (boolean bigEndian : new boolean[] {false, true}) {
            Synthetic s = new Synthetic("PALETTE COLOR", "PALETTE COLOR", 8, 8, 7, 1, false, false, false, false, 2, 10, 10,
                    new long[] {3 + 5});
            if (bigEndian) {
                s = s.bigEndian(false);
            }
            byte[] original = s.random(5);
            Dataset ds = s.withPixels(original);
            // 16 entries from index 3; entry 5 (index 8) is the darkest; entry 0 is white.
            short[][] lut = new short[3][16];
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 16; i++) {
                    lut[c][i] = (short) (i == 5 ? 0x0100 : i == 0 ? 0xFFFF : 0x4000 + i * 0x0400 * (c + 1));
                }
            }
            for (int c = 0; c < 3; c++) {
                ds.setInts(0x00281101 + c, VR.US, 16, 3, 16);
                ByteBuffer b = ByteBuffer.allocate(32).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                for (short v : lut[c]) {
                    b.putShort(v);
                }
                ds.put(new ValueElement(0x00281201 + c, VR.OW, b.array()));
            }
            List<Rectangle> clipped = clip(s, RECTS);
            assertArrayEquals(s.expected(original, clipped), redactNative(s, ds, RECTS, clipped), "big endian " + bigEndian);
        }
    }

    @Test
    void paletteWithoutReadableTablesBlanksWithTheFirstMappedIndex() throws Exception {
        Synthetic s = new Synthetic("PALETTE COLOR", "PALETTE COLOR", 8, 8, 7, 1, false, false, false, false, 1, 6, 6,
                new long[] {7});
        byte[] original = s.random(6);
        Dataset ds = s.withPixels(original);
        for (int c = 0; c < 3; c++) {
            ds.setInts(0x00281101 + c, VR.US, 256, 7, 16); // segmented data only: not read
            ds.put(new ValueElement(0x00281221 + c, VR.OW, new byte[8]));
        }
        List<Rectangle> clipped = clip(s, RECTS);
        assertArrayEquals(s.expected(original, clipped), redactNative(s, ds, RECTS, clipped));
    }

    @Test
    void encapsulatedUncompressedIsRedactedFrameByFrame() throws Exception {
        Synthetic s = Synthetic.color("RGB 8", "RGB", 8, false, 0, 0, 0).size(3, 9, 7); // odd frame length: padded fragments
        byte[] original = s.random(98);
        Dataset ds = s.dataset();
        List<BulkData> frames = new ArrayList<>();
        for (int f = 0; f < s.frames(); f++) {
            frames.add(BulkData.of(java.util.Arrays.copyOfRange(original, f * s.frameLength(), (f + 1) * s.frameLength())));
        }
        EncapsulatedFrames.install(ds, Tag.PIXEL_DATA, VR.OB, frames);
        TransferSyntax ts = TransferSyntax.of("1.2.840.10008.1.2.1.98");
        Path in = TestFiles.write(TestFiles.file(ts, ds), tmp.resolve("in98.dcm"));
        Path out = tmp.resolve("out98.dcm");
        List<Rectangle> clipped = clip(s, RECTS);
        try (DicomFile file = TestFiles.read(in)) {
            RedactionResult result = new PixelRedactor(tmp).redact(file, RECTS);
            assertEquals(clipped, result.applied());
            TestFiles.write(file, out);
        }
        try (DicomFile file = TestFiles.read(out)) {
            FragmentsElement px = (FragmentsElement) file.dataset().get(Tag.PIXEL_DATA);
            List<byte[]> got = new ArrayList<>();
            for (List<BulkData> frame : EncapsulatedFrames.split(file.dataset(), px, s.frames())) {
                got.add(java.util.Arrays.copyOf(EncapsulatedFrames.read(frame), s.frameLength()));
            }
            assertArrayEquals(s.expected(original, clipped), TestFiles.concat(got));
        }
    }

    @Test
    void rectanglesWhollyOutsideChangeNothing() throws Exception {
        Synthetic s = Synthetic.mono("MONOCHROME2 8", "MONOCHROME2", 8, 8, 7, false, 0);
        byte[] original = s.random(1);
        Path in = TestFiles.write(TestFiles.file(s.transferSyntax(), s.withPixels(original)), tmp.resolve("outside.dcm"));
        try (DicomFile file = TestFiles.read(in)) {
            ValueElement before = (ValueElement) file.dataset().get(Tag.PIXEL_DATA);
            RedactionResult result = new PixelRedactor(tmp).redact(file, List.of(new Rectangle(13, 0, 5, 5),
                    new Rectangle(0, 11, 5, 5)));
            assertFalse(result.redacted());
            assertTrue(file.dataset().get(Tag.PIXEL_DATA) == before, "element untouched");
            assertFalse(new PixelRedactor(tmp).redact(file, List.of()).redacted());
        }
    }

    @Test
    void noPixelDataIsNothingToRedact() throws Exception {
        Dataset ds = new Dataset();
        ds.setString(Tag.SOP_CLASS_UID, VR.UI, "1.2.840.10008.5.1.4.1.1.88.11");
        try (DicomFile file = TestFiles.file(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ds)) {
            assertFalse(new PixelRedactor(tmp).redact(file, RECTS).redacted());
        }
    }

    @Test
    void unsupportedFormatsAreRefusedWithTheirCode() throws Exception {
        Synthetic s = Synthetic.mono("MONOCHROME2 8", "MONOCHROME2", 8, 8, 7, false, 0);
        assertCode("REDACTION_UNSUPPORTED_PIXEL_FORMAT", s, ds -> ds.setInts(0x00280100, VR.US, 1));
        assertCode("REDACTION_UNSUPPORTED_PHOTOMETRIC", s, ds -> ds.setString(0x00280004, VR.CS, "YBR_PARTIAL_420"));
        // a defined term is named; any other value (D8: a name in the wrong field) only described
        assertEquals("REDACTION_UNSUPPORTED_PHOTOMETRIC: Photometric Interpretation (0028,0004) \"YBR_PARTIAL_420\" is not"
                + " supported", assertCode("REDACTION_UNSUPPORTED_PHOTOMETRIC", s,
                        ds -> ds.setString(0x00280004, VR.CS, "YBR_PARTIAL_420")).getMessage());
        assertEquals("REDACTION_UNSUPPORTED_PHOTOMETRIC: Photometric Interpretation (0028,0004) a value of 15 characters that"
                + " is not a defined term is not supported", assertCode("REDACTION_UNSUPPORTED_PHOTOMETRIC", s,
                        ds -> ds.setString(0x00280004, VR.CS, "PHIMARKE05SMITH")).getMessage());
        assertCode("REDACTION_PIXEL_DATA_INVALID", s, ds -> ds.setString(0x00280008, VR.IS, "4"));
        assertCode("REDACTION_PIXEL_DATA_INVALID", s, ds -> ds.setString(0x00280008, VR.IS, "2")); // a frame would escape
        assertCode("REDACTION_PIXEL_DATA_INVALID", s, ds -> ds.setInts(0x00280002, VR.US, 3));
        assertCode("REDACTION_PIXEL_DATA_INVALID", s, ds -> ds.remove(0x00280010));
        Synthetic be32 = Synthetic.mono("MONOCHROME2 32", "MONOCHROME2", 32, 32, 31, false, 0).bigEndian(true);
        assertCode("REDACTION_UNSUPPORTED_PIXEL_FORMAT", be32, ds -> { });
        Dataset floats = new Dataset();
        floats.put(new BulkElement(Tag.FLOAT_PIXEL_DATA, VR.OF, BulkData.of(new byte[16])));
        RedactionException e = assertThrows(RedactionException.class, () -> new PixelRedactor(tmp).redact(
                TestFiles.file(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, floats), RECTS));
        assertEquals("REDACTION_UNSUPPORTED_PIXEL_FORMAT", e.code());
    }

    @Test
    void theSyntaxIsTheReasonReportedEvenWhenTheAttributesAreUnusual() throws Exception {
        Synthetic s = Synthetic.color("YBR_ICT", "YBR_ICT", 8, false, 0, 0, 0);
        Dataset ds = s.dataset();
        EncapsulatedFrames.install(ds, Tag.PIXEL_DATA, VR.OB, List.of(BulkData.of(new byte[20]), BulkData.of(new byte[20])));
        // HTJ2K: a syntax no codec of ours decodes
        DicomFile file = TestFiles.file(TransferSyntax.of("1.2.840.10008.1.2.4.201"), ds);
        RedactionException e = assertThrows(RedactionException.class, () -> new PixelRedactor(tmp).redact(file, RECTS));
        assertEquals("REDACTION_UNSUPPORTED_SYNTAX", e.code());
        assertTrue(e.getMessage().contains("(1.2.840.10008.1.2.4.201)"), e.getMessage());
        assertFalse(new PixelRedactor(tmp).redact(file, List.of(new Rectangle(7, 0, 1, 1))).redacted(), "outside the image");
    }

    // ------------------------------------------------------------------ helpers

    private RedactionException assertCode(String code, Synthetic s, java.util.function.Consumer<Dataset> breakIt) throws Exception {
        Dataset ds = s.withPixels(s.random(3));
        breakIt.accept(ds);
        DicomFile file = TestFiles.file(s.transferSyntax(), ds);
        RedactionException e = assertThrows(RedactionException.class, () -> new PixelRedactor(tmp).redact(file, RECTS));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().startsWith(code + ": "), e.getMessage());
        return e;
    }

    /** Writes, reads back, redacts, writes, reads back: the pixel data bytes of the result. */
    private byte[] redactNative(Synthetic s, Dataset ds, List<Rectangle> rects, List<Rectangle> clipped) throws Exception {
        Path in = TestFiles.write(TestFiles.file(s.transferSyntax(), ds), tmp.resolve("in.dcm"));
        Path out = tmp.resolve("out.dcm");
        try (DicomFile file = TestFiles.read(in)) {
            RedactionResult result = new PixelRedactor(tmp).redact(file, rects);
            assertEquals(clipped, result.applied());
            assertEquals(s.frames(), result.frames());
            boolean bulk = s.frames() * s.frameLength() > 16 * 1024;
            Class<?> shape = bulk ? BulkElement.class : ValueElement.class;
            assertTrue(shape.isInstance(file.dataset().get(Tag.PIXEL_DATA)), "redacted value kept as " + shape.getSimpleName());
            TestFiles.write(file, out);
        }
        try (DicomFile file = TestFiles.read(out)) {
            assertEquals(s.ow() ? VR.OW : VR.OB, file.dataset().get(Tag.PIXEL_DATA).vr());
            byte[] got = TestFiles.nativePixels(file);
            int length = s.frames() * s.frameLength();
            if (got.length == length + 1) { // an odd value was padded when written
                assertEquals(0, got[length]);
                return java.util.Arrays.copyOf(got, length);
            }
            return got.clone();
        }
    }

    /** The rectangles cut to the image (independent of FrameLayout.clip). */
    static List<Rectangle> clip(Synthetic s, List<Rectangle> rects) {
        List<Rectangle> out = new ArrayList<>();
        for (Rectangle r : rects) {
            int x1 = Math.min(r.x() + r.width(), s.columns());
            int y1 = Math.min(r.y() + r.height(), s.rows());
            if (r.x() < x1 && r.y() < y1) {
                out.add(new Rectangle(r.x(), r.y(), x1 - r.x(), y1 - r.y()));
            }
        }
        return out;
    }
}
