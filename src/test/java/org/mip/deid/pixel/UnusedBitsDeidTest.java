package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.deid.DeidRefusal;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.codec.EncapsulatedFrames;
import org.mip.dicom.codec.FrameCodecs;
import org.mip.dicom.codec.FrameFormat;
import org.mip.dicom.codec.ImageDescription;
import org.mip.dicom.codec.RleCodec;
import org.mip.dicom.codec.TestFiles;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.ValueElement;

/**
 * A name drawn into the bits above Bits Stored (an overlay in the pixel words, PS3.5 8.1.2, with its
 * Overlay Bit Position) was published: the profile removed the overlay's group, the scan reads only the
 * value, and the bits stayed. A reader that does not mask the word (pydicom's raw words, a naive
 * viewer) showed the name. Now every word leaves with its value only; clean words are not touched.
 */
class UnusedBitsDeidTest {
    private static final int ROWS = 64;
    private static final int COLUMNS = 160;

    @TempDir
    Path tmp;


    /** Stored values: a smooth ramp, negative on the left half when signed (CT air). */
    private static int value(int i, boolean signed) {
        int x = i % COLUMNS;
        return signed ? (x - COLUMNS / 2) * 20 : 200 + x * 20;
    }

    /**
     * 16-bit words of a 12-bit image, little endian unless {@code bigEndian}: the value, the label in bit
     * 15 where {@code overlay}, and (signed) negative values written with zeros above them, as some devices do.
     */
    private static byte[] words(boolean signed, boolean overlay, boolean bigEndian) {
        boolean[] ink = Synthetic.nameInk(ROWS, COLUMNS);
        byte[] b = new byte[ROWS * COLUMNS * 2];
        for (int i = 0; i < ROWS * COLUMNS; i++) {
            int w = value(i, signed) & 0x0FFF;
            if (overlay && ink[i]) {
                w |= 0x8000;
            }
            b[2 * i + (bigEndian ? 1 : 0)] = (byte) w;
            b[2 * i + (bigEndian ? 0 : 1)] = (byte) (w >> 8);
        }
        return b;
    }

    private static Dataset header(String modality, boolean signed, boolean overlayGroup, boolean bigEndian) {
        Dataset ds = new Dataset(bigEndian);
        Synthetic.identify(ds, "1.2.840.10008.5.1.4.1.1.2", "2.25.71", modality, "NO");
        ds.setInts(0x00280002, VR.US, 1);
        ds.setString(0x00280004, VR.CS, "MONOCHROME2");
        ds.setInts(0x00280010, VR.US, ROWS);
        ds.setInts(0x00280011, VR.US, COLUMNS);
        ds.setInts(0x00280100, VR.US, 16);
        ds.setInts(0x00280101, VR.US, 12);
        ds.setInts(0x00280102, VR.US, 11);
        ds.setInts(0x00280103, VR.US, signed ? 1 : 0);
        if (overlayGroup) { // the retired description of an overlay in the pixel words
            ds.setInts(0x60000010, VR.US, ROWS);
            ds.setInts(0x60000011, VR.US, COLUMNS);
            ds.setString(0x60000040, VR.CS, "G");
            ds.setInts(0x60000050, VR.SS, 1, 1);
            ds.setInts(0x60000100, VR.US, 1);
            ds.setInts(0x60000102, VR.US, 15);
        }
        return ds;
    }

    /** A native file of {@code pixels} with {@link #header}'s attributes, in the byte order it says. */
    private Path nativeFile(String name, String modality, boolean signed, boolean overlayGroup, boolean bigEndian, byte[] pixels)
            throws Exception {
        Dataset ds = header(modality, signed, overlayGroup, bigEndian);
        ds.put(new ValueElement(Tag.PIXEL_DATA, VR.OW, pixels));
        TransferSyntax ts = bigEndian ? TransferSyntax.EXPLICIT_VR_BIG_ENDIAN : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        return TestFiles.write(TestFiles.file(ts, ds), tmp.resolve(name));
    }

    private DicomFile deidentify(Path in, String expectedPixelCode) throws Exception {
        return TestFiles.read(BasicDeid.run(in, tmp, expectedPixelCode));
    }

    private static int word(byte[] b, int i, boolean bigEndian) {
        return bigEndian ? (b[2 * i] & 0xFF) << 8 | b[2 * i + 1] & 0xFF : b[2 * i] & 0xFF | (b[2 * i + 1] & 0xFF) << 8;
    }

    /** Every word holds its input's 12-bit value and nothing else (signed: sign-extended). */
    private static void assertValuesOnly(byte[] in, byte[] out, boolean signed, boolean bigEndian) {
        assertEquals(in.length, out.length);
        for (int i = 0; i < in.length / 2; i++) {
            int value = word(in, i, bigEndian) & 0x0FFF;
            int expected = signed && (value & 0x0800) != 0 ? value | 0xF000 : value;
            assertEquals(expected, word(out, i, bigEndian), "word " + i);
        }
    }

    @Test
    void aNameInTheBitsAboveBitsStoredOfACtNotScannedIsCleared() throws Exception {
        byte[] pixels = words(false, true, false);
        Path in = nativeFile("ct.dcm", "CT", false, true, false, pixels);
        try (DicomFile out = deidentify(in, "BURNED_IN_DECLARED_NO")) {
            assertValuesOnly(pixels, TestFiles.nativePixels(out), false, false);
            assertFalse(out.dataset().contains(0x60000102), "the overlay's group is removed by the profile");
        }
        // an independent reader of the written file: no word has a bit above bit 11
        String outside = TestFiles.python("import sys, pydicom, numpy\n"
                + "ds = pydicom.dcmread(sys.argv[1])\n"
                + "w = numpy.frombuffer(ds.PixelData, dtype='<u2')\n"
                + "print(int(((w >> 12) != 0).sum()), int((w & 0xFFF).max()))\n", tmp.resolve("ct.dcm.out.dcm").toString());
        assertEquals("0 " + (value(COLUMNS - 1, false) & 0xFFF), outside.strip());
    }

    @Test
    void signedWordsAreAllSignExtendedSoNoPatternOfTheOldBitsIsLeft() throws Exception {
        byte[] pixels = words(true, true, false);
        Path in = nativeFile("signed.dcm", "CT", true, false, false, pixels);
        try (DicomFile out = deidentify(in, "BURNED_IN_DECLARED_NO")) {
            // negative values were written with zeros above and the label's pixels with bit 15: a reader that
            // does not mask saw the name in the air; now every negative value reads the same way
            assertValuesOnly(pixels, TestFiles.nativePixels(out), true, false);
        }
    }

    /**
     * Each word alone is clean, the file is not: the air sign-extended (bits 12-15 set) and the label's
     * pixels written with zeros above their negative values (an adversarial probe, 2026-12-07: pydicom's
     * pixel_array showed the name at 3097 over -999). And the other way round.
     */
    @Test
    void signedWordsWrittenTwoWaysInOneImageAreAllSignExtended() throws Exception {
        boolean[] ink = Synthetic.nameInk(ROWS, COLUMNS);
        for (boolean nameZeroFilled : new boolean[] {true, false}) {
            byte[] pixels = new byte[ROWS * COLUMNS * 2];
            for (int i = 0; i < ROWS * COLUMNS; i++) {
                int w = -999 & 0x0FFF;
                if (ink[i] != nameZeroFilled) {
                    w |= 0xF000; // sign-extended
                }
                pixels[2 * i] = (byte) w;
                pixels[2 * i + 1] = (byte) (w >> 8);
            }
            Path in = nativeFile("mixed" + nameZeroFilled + ".dcm", "CT", true, false, false, pixels);
            try (DicomFile out = deidentify(in, "BURNED_IN_DECLARED_NO")) {
                assertValuesOnly(pixels, TestFiles.nativePixels(out), true, false);
            }
        }
    }

    @Test
    void bigEndianWordsAreClearedToo() throws Exception {
        byte[] pixels = words(false, true, true);
        Path in = nativeFile("be.dcm", "MR", false, true, true, pixels);
        try (DicomFile out = deidentify(in, "BURNED_IN_DECLARED_NO")) {
            assertValuesOnly(pixels, TestFiles.nativePixels(out), false, true);
        }
    }

    @Test
    void rleFramesAreDecodedClearedAndWrittenAgain() throws Exception {
        byte[] pixels = words(false, true, false);
        Dataset ds = header("CT", false, false, false);
        ds.setString(0x00280008, VR.IS, "2");
        FrameFormat format = new FrameFormat(ROWS, COLUMNS, 1, 16, false);
        List<BulkData> frames = new ArrayList<>();
        frames.add(BulkData.of(RleCodec.encodeFrame(words(false, false, false), format))); // a clean frame first
        frames.add(BulkData.of(RleCodec.encodeFrame(pixels, format)));
        EncapsulatedFrames.install(ds, Tag.PIXEL_DATA, VR.OB, frames);
        Path in = TestFiles.write(TestFiles.file(TransferSyntax.RLE_LOSSLESS, ds), tmp.resolve("rle.dcm"));
        try (DicomFile out = deidentify(in, "BURNED_IN_DECLARED_NO")) {
            assertEquals(TransferSyntax.RLE_LOSSLESS.uid(), out.transferSyntax().uid());
            List<byte[]> decoded = TestFiles.rleFrames(out, format, 2);
            assertArrayEquals(words(false, false, false), decoded.get(0));
            assertValuesOnly(pixels, decoded.get(1), false, false);
        }
    }

    @Test
    void cleanWordsAreLeftByteForByte() throws Exception {
        for (boolean signed : new boolean[] {false, true}) {
            byte[] pixels = words(signed, false, false);
            Path in = nativeFile("clean" + signed + ".dcm", "CT", signed, false, false, pixels);
            try (DicomFile out = deidentify(in, "BURNED_IN_DECLARED_NO")) {
                // signed: negative values with zeros above them are clean (no label): kept as they came
                assertArrayEquals(pixels, TestFiles.nativePixels(out), "signed " + signed);
            }
        }
    }

    /** JPEG Lossless coded in 16 bits where Bits Stored says 12: decoded and checked. */
    private Path jpegLossless(String name, byte[] pixels) throws Exception {
        Dataset ds = header("CT", false, false, false);
        byte[] frame = FrameCodecs.requireEncoder(FrameCodecs.JPEG_LOSSLESS_SV1)
                .encode(pixels, new ImageDescription(ROWS, COLUMNS, 1, 16, 16, false, "MONOCHROME2", false)).data();
        EncapsulatedFrames.install(ds, Tag.PIXEL_DATA, VR.OB, List.of(BulkData.of(frame)));
        return TestFiles.write(TestFiles.file(TransferSyntax.of(FrameCodecs.JPEG_LOSSLESS_SV1), ds), tmp.resolve(name));
    }

    @Test
    void compressedFramesHoldingSomethingThereAreRefusedAndCleanOnesPublishedAsTheyCame() throws Exception {
        DeidRefusal refusal = BasicDeid.refusal(jpegLossless("dirty.dcm", words(false, true, false)), tmp);
        assertEquals("REDACTION_BITS_OUTSIDE_STORED", refusal.code());
        assertTrue(refusal.getMessage().contains("frame 1 of 1") && refusal.getMessage().contains("12 of 16"),
                refusal.getMessage());
        Path clean = jpegLossless("clean.dcm", words(false, false, false));
        byte[] before;
        try (DicomFile in = TestFiles.read(clean)) {
            before = firstFrame(in);
        }
        try (DicomFile out = deidentify(clean, "BURNED_IN_DECLARED_NO")) {
            assertArrayEquals(before, firstFrame(out));
        }
    }

    /** The compressed bytes of a single-frame file's frame. */
    private static byte[] firstFrame(DicomFile file) throws Exception {
        return EncapsulatedFrames.read(EncapsulatedFrames.split(file.dataset(),
                (org.mip.dicom.data.FragmentsElement) file.dataset().get(Tag.PIXEL_DATA), 1).get(0));
    }

    /**
     * GDCM codes 12-bit data at 16 bits in JPEG 2000, and our JPEG 2000 decoder clamps what it decodes into
     * Bits Stored: checked through that clamp, a name in bit 15 passed as clean and was published in the
     * code-stream (the probe of 2026-12-07). The check decodes at the code-stream's precision.
     */
    @Test
    void jpeg2000CodedAtSixteenBitsIsCheckedAtSixteenBits() throws Exception {
        TestFiles.requireTool("gdcmconv");
        Path dirty = gdcmJpeg2000("dirty", words(false, true, false));
        try (DicomFile file = TestFiles.read(dirty)) {
            assertEquals("1.2.840.10008.1.2.4.90", file.transferSyntax().uid());
        }
        assertEquals("REDACTION_BITS_OUTSIDE_STORED", BasicDeid.refusal(dirty, tmp).code());
        Path clean = gdcmJpeg2000("clean", words(false, false, false));
        try (DicomFile out = deidentify(clean, "BURNED_IN_DECLARED_NO")) {
            assertEquals("1.2.840.10008.1.2.4.90", out.transferSyntax().uid());
        }
        assertArrayEquals(words(false, false, false), TestFiles.gdcmRaw(tmp.resolve(clean.getFileName() + ".out.dcm"), tmp));
    }

    /** {@code pixels} coded by GDCM in JPEG 2000 at 16 bits (Bits Stored 16 while it codes), then declared 12 of 16 again. */
    private Path gdcmJpeg2000(String name, byte[] pixels) throws Exception {
        Path native16 = tmp.resolve(name + "-16.dcm");
        try (DicomFile f = TestFiles.read(nativeFile(name + "-native.dcm", "CT", false, false, false, pixels))) {
            f.dataset().setInts(0x00280101, VR.US, 16);
            f.dataset().setInts(0x00280102, VR.US, 15);
            TestFiles.write(f, native16);
        }
        Path coded = tmp.resolve(name + "-j2k16.dcm");
        TestFiles.run("gdcmconv", "--j2k", native16.toString(), coded.toString());
        Path out = tmp.resolve(name + ".j2k.dcm");
        try (DicomFile f = TestFiles.read(coded)) {
            f.dataset().setInts(0x00280101, VR.US, 12);
            f.dataset().setInts(0x00280102, VR.US, 11);
            TestFiles.write(f, out);
        }
        return out;
    }

    @Test
    void aScannedInstanceIsClearedAfterItsScan() throws Exception {
        // OT is scanned by default: the words leave with their values only whether or not text was found
        byte[] pixels = words(false, true, false);
        Dataset ds = header("OT", false, true, false);
        ds.setString(Tag.SOP_CLASS_UID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.remove(0x00280301);
        ds.put(new ValueElement(Tag.PIXEL_DATA, VR.OW, pixels));
        Path in = TestFiles.write(TestFiles.file(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ds), tmp.resolve("ot.dcm"));
        try (DicomFile out = deidentify(in, "BURNED_IN_SCANNED_CLEAN")) {
            assertValuesOnly(pixels, TestFiles.nativePixels(out), false, false);
        }
    }
}
