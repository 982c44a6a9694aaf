package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;

/**
 * A name drawn in palette indices that show the ground's colour (a table whose upper half repeats the
 * lower, or values beyond the table, which take its last colour) showed in no display, so the scan could
 * not see it, and was published: a reader of the indices, or of another palette, showed it (an
 * adversarial probe, 2026-12-07: 7 of 7 such inputs). Now every pixel leaves as the first index of
 * its colour: the display is the same, the name is gone.
 */
class PaletteIndicesDeidTest {
    private static final int ROWS = 64;
    private static final int COLUMNS = 160;

    @TempDir
    Path tmp;


    /** A grey ramp of 0..127 across the image; the name's pixels moved by {@code nameOffset} (0: none). */
    private static int[] indices(int nameOffset) {
        boolean[] ink = Synthetic.nameInk(ROWS, COLUMNS);
        int[] v = new int[ROWS * COLUMNS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % COLUMNS) * 127 / (COLUMNS - 1);
            if (ink[i]) {
                v[i] += nameOffset;
            }
        }
        return v;
    }

    /** A 256-entry grey table of 16-bit entries whose upper half repeats the lower. */
    private static int[] repeatedHalves() {
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            lut[i] = (i % 128) * 2 * 257;
        }
        return lut;
    }

    private static Dataset header(int bits, int[] lut) {
        Dataset ds = new Dataset(false);
        Synthetic.identify(ds, "1.2.840.10008.5.1.4.1.1.7", "2.25.73", "OT", "NO");
        ds.setInts(0x00280002, VR.US, 1);
        ds.setString(0x00280004, VR.CS, "PALETTE COLOR");
        ds.setInts(0x00280010, VR.US, ROWS);
        ds.setInts(0x00280011, VR.US, COLUMNS);
        ds.setInts(0x00280100, VR.US, bits);
        ds.setInts(0x00280101, VR.US, bits);
        ds.setInts(0x00280102, VR.US, bits - 1);
        ds.setInts(0x00280103, VR.US, 0);
        ByteBuffer data = ByteBuffer.allocate(lut.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int e : lut) {
            data.putShort((short) e);
        }
        for (int c = 0; c < 3; c++) { // the same table for red, green and blue: a grey palette
            ds.setInts(0x00281101 + c, VR.US, lut.length == 65536 ? 0 : lut.length, 0, 16);
            ds.put(new ValueElement(0x00281201 + c, VR.OW, data.array().clone()));
        }
        return ds;
    }

    private static byte[] bytes(int[] v, int bits) {
        byte[] b = new byte[v.length * bits / 8];
        for (int i = 0; i < v.length; i++) {
            if (bits == 8) {
                b[i] = (byte) v[i];
            } else {
                b[2 * i] = (byte) v[i];
                b[2 * i + 1] = (byte) (v[i] >> 8);
            }
        }
        return b;
    }

    private Path nativeFile(String name, Dataset ds, byte[] pixels) throws Exception {
        ds.put(new ValueElement(Tag.PIXEL_DATA, ds.getInt(0x00280100, 8) == 8 ? VR.OB : VR.OW, pixels));
        return TestFiles.write(TestFiles.file(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ds), tmp.resolve(name));
    }

    /** {@code pixels} in a file of {@code ds}, de-identified: its pixel data must leave byte for byte as it came. */
    private void assertLeftAsTheyCame(String name, Dataset ds, byte[] pixels) throws Exception {
        Path in = nativeFile(name, ds, pixels);
        try (DicomFile file = TestFiles.read(BasicDeid.run(in, tmp, "BURNED_IN_SCANNED_CLEAN"))) {
            assertArrayEquals(pixels, TestFiles.nativePixels(file), "left as they came");
        }
    }

    /** What pydicom shows of a file: its palette applied to its pixels, as one line of the RGB sums per row. */
    private static String shown(Path file) throws Exception {
        return TestFiles.python("import sys, pydicom, numpy\n"
                + "from pydicom.pixel_data_handlers.util import apply_color_lut\n"
                + "ds = pydicom.dcmread(sys.argv[1])\n"
                + "rgb = apply_color_lut(ds.pixel_array, ds).astype(numpy.int64)\n"
                + "print(' '.join(str(int(s)) for s in rgb.sum(axis=(1, 2))))\n", file.toString()).strip();
    }

    @Test
    void aNameInIndicesOfTheGroundsColourIsGoneAndTheDisplayIsTheSame() throws Exception {
        Path in = nativeFile("repeated.dcm", header(8, repeatedHalves()), bytes(indices(128), 8));
        Path out = BasicDeid.run(in, tmp, "BURNED_IN_SCANNED_CLEAN");
        try (DicomFile file = TestFiles.read(out)) {
            assertArrayEquals(bytes(indices(0), 8), TestFiles.nativePixels(file), "every pixel the first index of its colour");
        }
        assertEquals(shown(in), shown(out), "the display is the same (pydicom applies the palette)");
    }

    @Test
    void valuesBeyondTheTableTakeItsLastColourAndLeaveAsItsIndex() throws Exception {
        int[] lut = new int[128]; // a 128-entry table: 128..255 show its last entry's colour
        for (int i = 0; i < lut.length; i++) {
            lut[i] = i * 2 * 257;
        }
        boolean[] ink = Synthetic.nameInk(ROWS, COLUMNS);
        int[] ground = new int[ROWS * COLUMNS]; // the table's last colour behind the name
        int[] v = new int[ROWS * COLUMNS];
        for (int i = 0; i < v.length; i++) {
            ground[i] = i % COLUMNS < 140 ? 127 : (i % COLUMNS) - 100;
            v[i] = ink[i] ? 200 : ground[i];
        }
        Path in = nativeFile("beyond.dcm", header(8, lut), bytes(v, 8));
        try (DicomFile file = TestFiles.read(BasicDeid.run(in, tmp, "BURNED_IN_SCANNED_CLEAN"))) {
            assertArrayEquals(bytes(ground, 8), TestFiles.nativePixels(file));
        }
    }

    @Test
    void sixteenBitIndicesToo() throws Exception {
        int[] lut = new int[4096]; // 12-bit indices in 16-bit words, the upper half repeating the lower
        for (int i = 0; i < lut.length; i++) {
            lut[i] = (i % 2048) * 32;
        }
        Dataset ds = header(16, lut);
        ds.setInts(0x00280101, VR.US, 12);
        ds.setInts(0x00280102, VR.US, 11);
        Path in = nativeFile("sixteen.dcm", ds, bytes(indices(2048), 16));
        try (DicomFile file = TestFiles.read(BasicDeid.run(in, tmp, "BURNED_IN_SCANNED_CLEAN"))) {
            assertArrayEquals(bytes(indices(0), 16), TestFiles.nativePixels(file));
        }
    }

    @Test
    void rleFramesAreDecodedRewrittenAndCodedAgain() throws Exception {
        Dataset ds = header(8, repeatedHalves());
        ds.setString(0x00280008, VR.IS, "2");
        FrameFormat format = new FrameFormat(ROWS, COLUMNS, 1, 8, false);
        EncapsulatedFrames.install(ds, Tag.PIXEL_DATA, VR.OB, List.of(
                BulkData.of(RleCodec.encodeFrame(bytes(indices(0), 8), format)), // a clean frame first
                BulkData.of(RleCodec.encodeFrame(bytes(indices(128), 8), format))));
        Path in = TestFiles.write(TestFiles.file(TransferSyntax.RLE_LOSSLESS, ds), tmp.resolve("rle.dcm"));
        try (DicomFile out = TestFiles.read(BasicDeid.run(in, tmp, "BURNED_IN_SCANNED_CLEAN"))) {
            assertEquals(TransferSyntax.RLE_LOSSLESS.uid(), out.transferSyntax().uid());
            List<byte[]> frames = TestFiles.rleFrames(out, format, 2);
            assertArrayEquals(bytes(indices(0), 8), frames.get(0));
            assertArrayEquals(bytes(indices(0), 8), frames.get(1));
        }
    }

    @Test
    void indicesFirstOfTheirColourAreLeftByteForByte() throws Exception {
        byte[] pixels = bytes(indices(0), 8);
        assertLeftAsTheyCame("clean.dcm", header(8, repeatedHalves()), pixels);
    }

    /**
     * An index whose High Bit is not Bits Stored - 1 sits higher in its word (7 bits ending at bit 7 here):
     * read as the low bits, it was given another index and its display changed (found by a fuzz of this
     * check, 2026-12-07). Such images are left as they came.
     */
    @Test
    void indicesNotInTheLowBitsOfTheirWordsAreKept() throws Exception {
        Dataset ds = header(8, repeatedHalves());
        ds.setInts(0x00280101, VR.US, 7);
        ds.setInts(0x00280102, VR.US, 7);
        int[] v = indices(0);
        for (int i = 0; i < v.length; i++) {
            v[i] = (v[i] & 0x7F) << 1; // values at bits 1-7
        }
        byte[] pixels = bytes(v, 8);
        assertLeftAsTheyCame("high.dcm", ds, pixels);
    }

    /** A table whose data disagrees with its descriptor (green 256 bytes for 256 16-bit entries) is read one way here and another elsewhere: kept. */
    @Test
    void tablesNotDescribedOneWayAreKept() throws Exception {
        Dataset ds = header(8, repeatedHalves());
        byte[] green = new byte[256];
        for (int i = 0; i < green.length; i++) {
            green[i] = (byte) ((i % 128) * 2);
        }
        ds.put(new ValueElement(0x00281202, VR.OW, green));
        byte[] pixels = bytes(indices(128), 8);
        assertLeftAsTheyCame("odd-table.dcm", ds, pixels);
    }

    /** Where indices may measure something (here a Real World Value Mapping), two of one colour are two values: kept. */
    @Test
    void indicesThatMayMeasureSomethingAreKept() throws Exception {
        Dataset ds = header(8, repeatedHalves());
        Dataset mapping = new Dataset(false);
        mapping.setString(0x00409210, VR.SH, "velocity");
        SequenceElement seq = new SequenceElement(0x00409096, VR.SQ, false);
        seq.items().add(mapping);
        ds.put(seq);
        byte[] pixels = bytes(indices(128), 8);
        assertLeftAsTheyCame("measured.dcm", ds, pixels);
    }
}
