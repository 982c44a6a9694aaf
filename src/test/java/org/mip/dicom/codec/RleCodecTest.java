package org.mip.dicom.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.dicom.DicomException;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;

class RleCodecTest {
    private static final FrameFormat MR_SMALL = new FrameFormat(64, 64, 1, 16, false);
    private static final FrameFormat SC_RGB = new FrameFormat(100, 100, 3, 8, false);

    @TempDir
    Path tmp;

    @Test
    void mrSmallRleDecodesToTheNativePixelsOfMrSmall() throws Exception {
        byte[] expected;
        try (DicomFile nat = TestFiles.read(TestFiles.sample("MR_small.dcm"))) {
            expected = TestFiles.nativePixels(nat).clone();
        }
        try (DicomFile rle = TestFiles.read(TestFiles.sample("MR_small_RLE.dcm"))) {
            List<byte[]> frames = TestFiles.rleFrames(rle, MR_SMALL, 1);
            assertArrayEquals(expected, frames.get(0));
        }
    }

    @Test
    void twoFrameRgbDecodesAsDcmdrleDoes() throws Exception {
        Path sample = TestFiles.sample("SC_rgb_rle_2frame.dcm");
        byte[] dcmtk = TestFiles.dcmdrle(sample, tmp);
        try (DicomFile rle = TestFiles.read(sample)) {
            assertEquals(0, rle.dataset().getInt(0x00280006, -1), "sample declares Planar Configuration 0");
            assertArrayEquals(dcmtk, TestFiles.concat(TestFiles.rleFrames(rle, SC_RGB, 2)));
        }
    }

    @Test
    void twoFrameRgbDecodesAsPydicomDoes() throws Exception {
        Path sample = TestFiles.sample("SC_rgb_rle_2frame.dcm");
        String hex = TestFiles.python("import sys, pydicom\n"
                + "ds = pydicom.dcmread(sys.argv[1])\n"
                + "print(ds.pixel_array.tobytes().hex())\n", sample.toString()).trim();
        try (DicomFile rle = TestFiles.read(sample)) {
            assertArrayEquals(HexFormat.of().parseHex(hex), TestFiles.concat(TestFiles.rleFrames(rle, SC_RGB, 2)));
        }
    }

    @Test
    void planarLayoutIsThePlaneByPlaneArrangementOfTheInterleavedOne() throws Exception {
        try (DicomFile rle = TestFiles.read(TestFiles.sample("SC_rgb_rle_2frame.dcm"))) {
            byte[] interleaved = TestFiles.rleFrames(rle, SC_RGB, 2).get(0);
            byte[] planar = TestFiles.rleFrames(rle, new FrameFormat(100, 100, 3, 8, true), 2).get(0);
            for (int p = 0; p < 100 * 100; p++) {
                for (int s = 0; s < 3; s++) {
                    assertEquals(interleaved[p * 3 + s], planar[s * 10000 + p]);
                }
            }
        }
    }

    @Test
    void roundTripOfRandomFramesInEveryLayout() throws Exception {
        Random random = new Random(20240601);
        for (int bits : new int[] {8, 16, 32}) {
            for (int samples : new int[] {1, 3}) {
                for (boolean planar : new boolean[] {false, true}) {
                    for (int[] size : new int[][] {{1, 1}, {3, 5}, {17, 129}, {64, 300}}) {
                        FrameFormat f = new FrameFormat(size[0], size[1], samples, bits, planar);
                        byte[] raw = mixed(random, (int) f.frameLength());
                        byte[] encoded = RleCodec.encodeFrame(raw, f);
                        assertEquals(0, encoded.length % 2, "frame length is even");
                        assertSegmentsEven(encoded, samples * bits / 8);
                        assertArrayEquals(raw, RleCodec.decodeFrame(encoded, f), f.toString());
                    }
                }
            }
        }
    }

    @Test
    void roundTripOfRealImages() throws Exception {
        try (DicomFile nat = TestFiles.read(TestFiles.sample("MR_small.dcm"))) {
            byte[] raw = TestFiles.nativePixels(nat);
            assertArrayEquals(raw, RleCodec.decodeFrame(RleCodec.encodeFrame(raw, MR_SMALL), MR_SMALL));
        }
        try (DicomFile rle = TestFiles.read(TestFiles.sample("SC_rgb_rle_2frame.dcm"))) {
            for (byte[] frame : TestFiles.rleFrames(rle, SC_RGB, 2)) {
                byte[] encoded = RleCodec.encodeFrame(frame, SC_RGB);
                assertArrayEquals(frame, RleCodec.decodeFrame(encoded, SC_RGB));
                // The sample is bands of flat colour: replicate runs must make it small.
                assertTrue(encoded.length < frame.length / 10, "encoded " + encoded.length + " bytes");
            }
        }
    }

    @Test
    void runsLongerThan128AndRowBoundaries() throws Exception {
        FrameFormat f = new FrameFormat(2, 300, 1, 8, false);
        byte[] raw = new byte[600];
        java.util.Arrays.fill(raw, 0, 300, (byte) 7); // row 0: one run of 300 = 128 + 128 + 44
        for (int i = 300; i < 600; i++) {
            raw[i] = (byte) (i % 2 == 0 ? 1 : 2); // row 1: no run at all
        }
        byte[] encoded = RleCodec.encodeFrame(raw, f);
        assertArrayEquals(raw, RleCodec.decodeFrame(encoded, f));
        // Row 0: three replicate runs (2 bytes each), row 1: literals of 128 + 128 + 44 (3 headers + 300 bytes).
        assertEquals(64 + 6 + 303 + 1, encoded.length, "pad byte makes the segment even");
        assertEquals((byte) -127, encoded[64]);
        assertEquals((byte) 7, encoded[65]);
    }

    @Test
    void ourEncodingIsDecodedByDcmdrle() throws Exception {
        TestFiles.requireTool("dcmdrle");
        // MR_small re-encoded by us: dcmtk must give back the native pixels.
        Dataset mr;
        byte[] raw;
        try (DicomFile nat = TestFiles.read(TestFiles.sample("MR_small.dcm"))) {
            raw = TestFiles.nativePixels(nat).clone();
            mr = nat.dataset();
            Path rle = writeRle(mr, List.of(RleCodec.encodeFrame(raw, MR_SMALL)), "mr.dcm");
            assertArrayEquals(raw, TestFiles.dcmdrle(rle, tmp));
        }
        // A synthetic 16-bit RGB, 3 frames, both planar configurations.
        Random random = new Random(7);
        for (int planar = 0; planar <= 1; planar++) {
            FrameFormat f = new FrameFormat(33, 47, 3, 16, planar == 1);
            List<byte[]> rawFrames = new ArrayList<>();
            List<byte[]> encoded = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                byte[] frame = mixed(random, (int) f.frameLength());
                rawFrames.add(frame);
                encoded.add(RleCodec.encodeFrame(frame, f));
            }
            Dataset ds = rgbDataset(33, 47, 16, planar, 3);
            Path rle = writeRle(ds, encoded, "rgb" + planar + ".dcm");
            assertArrayEquals(TestFiles.concat(rawFrames), TestFiles.dcmdrle(rle, tmp), "planar " + planar);
        }
    }

    @Test
    void ourEncodingIsDecodedByGdcm() throws Exception {
        TestFiles.requireTool("gdcmconv");
        Random random = new Random(11);
        FrameFormat f = new FrameFormat(31, 45, 3, 8, false);
        List<byte[]> rawFrames = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            byte[] frame = mixed(random, (int) f.frameLength());
            rawFrames.add(frame);
            encoded.add(RleCodec.encodeFrame(frame, f));
        }
        Path rle = writeRle(rgbDataset(31, 45, 8, 0, 2), encoded, "gdcm.dcm");
        assertArrayEquals(TestFiles.concat(rawFrames), TestFiles.gdcmRaw(rle, tmp));
    }

    @Test
    void corruptFramesAreErrors() throws Exception {
        FrameFormat f = new FrameFormat(4, 4, 1, 16, false);
        byte[] encoded = RleCodec.encodeFrame(new byte[32], f);
        byte[] wrongCount = encoded.clone();
        wrongCount[0] = 3;
        assertThrows(DicomException.class, () -> RleCodec.decodeFrame(wrongCount, f));
        byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length - 4);
        assertThrows(DicomException.class, () -> RleCodec.decodeFrame(truncated, f));
        assertThrows(DicomException.class, () -> RleCodec.decodeFrame(new byte[10], f));
        assertThrows(DicomException.class, () -> RleCodec.encodeFrame(new byte[8], new FrameFormat(1, 1, 4, 32, false)),
                "16 segments exceed RLE's 15");
    }

    // ------------------------------------------------------------------ helpers

    /** Random bytes with runs of random lengths in between, so both run kinds occur. */
    static byte[] mixed(Random random, int n) {
        byte[] b = new byte[n];
        int i = 0;
        while (i < n) {
            int len = Math.min(n - i, 1 + random.nextInt(random.nextBoolean() ? 4 : 300));
            if (random.nextBoolean()) {
                java.util.Arrays.fill(b, i, i + len, (byte) random.nextInt(256));
            } else {
                for (int k = 0; k < len; k++) {
                    b[i + k] = (byte) random.nextInt(256);
                }
            }
            i += len;
        }
        return b;
    }

    private static void assertSegmentsEven(byte[] encoded, int segments) {
        ByteBuffer b = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(segments, b.getInt(0));
        for (int i = 0; i < 15; i++) {
            int offset = b.getInt(4 + 4 * i);
            if (i < segments) {
                assertEquals(0, offset % 2, "segment " + i + " starts even");
            } else {
                assertEquals(0, offset, "unused offsets are zero");
            }
        }
        assertEquals(64, b.getInt(4));
    }

    static Dataset rgbDataset(int rows, int columns, int bits, int planar, int frames) {
        Dataset ds = new Dataset(false);
        ds.setString(Tag.SOP_CLASS_UID, VR.UI, "1.2.840.10008.5.1.4.1.1.7.4");
        ds.setString(Tag.SOP_INSTANCE_UID, VR.UI, "2.25.99");
        ds.setInts(0x00280002, VR.US, 3);
        ds.setString(0x00280004, VR.CS, "RGB");
        ds.setInts(0x00280006, VR.US, planar);
        ds.setString(0x00280008, VR.IS, Integer.toString(frames));
        ds.setInts(0x00280010, VR.US, rows);
        ds.setInts(0x00280011, VR.US, columns);
        ds.setInts(0x00280100, VR.US, bits);
        ds.setInts(0x00280101, VR.US, bits);
        ds.setInts(0x00280102, VR.US, bits - 1);
        ds.setInts(0x00280103, VR.US, 0);
        return ds;
    }

    private Path writeRle(Dataset ds, List<byte[]> frames, String name) throws Exception {
        List<BulkData> fragments = new ArrayList<>();
        for (byte[] frame : frames) {
            fragments.add(BulkData.of(frame));
        }
        EncapsulatedFrames.install(ds, Tag.PIXEL_DATA, VR.OB, fragments);
        Path path = tmp.resolve(name);
        TestFiles.write(TestFiles.file(TransferSyntax.RLE_LOSSLESS, ds), path);
        assertTrue(Files.size(path) > 0);
        return path;
    }
}
