package org.mip.dicom.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mip.dicom.codec.CodecCorpus.Compressed;
import org.mip.dicom.codec.CodecCorpus.Diff;
import org.mip.dicom.codec.CodecCorpus.Reference;

/**
 * Our JPEG decoding held to dcmtk's {@code dcmdjpeg} (and GDCM's {@code gdcmconv --raw}) on frames
 * that dcmtk's {@code dcmcjpeg} compressed from generated images: lossless frames must decode
 * pixel-identical, lossy ones within the bounds stated per test.
 */
class JpegDecoderTest {
    /**
     * Lossy 8-bit: the JDK's libjpeg and dcmtk's are both IJG libjpeg with the integer IDCT and the same
     * upsampling, and our YCbCr conversion uses libjpeg's fixed point, so the frames agree exactly in practice;
     * we allow 1 (a build's IDCT choice), far below what a wrong colour matrix, a swapped chroma pair or
     * nearest-neighbour upsampling would give (tens of units at the test pattern's edges).
     */
    private static final int LOSSY_8_MAX = 1;
    private static final double LOSSY_8_MEAN = 0.01;
    /** Lossy 12-bit: our double-precision IDCT against libjpeg's 12-bit integer IDCT: rounding only. */
    private static final int LOSSY_12_MAX = 2;
    private static final double LOSSY_12_MEAN = 0.2;
    /**
     * Lossy 12-bit colour: one unit of IDCT rounding in each of Y, Cb and Cr goes through the YCbCr matrix
     * (1 + 1.772 for blue): up to 3 units in 4095. Nearest-neighbour chroma instead of libjpeg's triangular
     * upsampling, or a swapped Cb/Cr, gives hundreds at the test pattern's edges.
     */
    private static final int LOSSY_12_COLOUR_MAX = 3;

    @TempDir
    Path tmp;

    private Path nativeFile(String name, ImageDescription d, int frames) throws Exception {
        List<byte[]> list = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            list.add(CodecCorpus.image(d, 31L * i + d.bitsStored()));
        }
        return CodecCorpus.writeNative(tmp.resolve(name), d, list);
    }

    @ParameterizedTest(name = "lossless {0}-bit signed={1} {2}")
    @CsvSource({
        "8, false, +e1", "12, false, +e1", "16, false, +e1", "12, true, +e1", "16, true, +e1", "2, false, +e1",
        "16, false, +el +sv 1", "16, false, +el +sv 2", "16, false, +el +sv 3", "16, false, +el +sv 4",
        "16, false, +el +sv 5", "16, false, +el +sv 6", "16, false, +el +sv 7", "12, false, +el +sv 7 +pt 2",
        "10, true, +el +sv 4", "8, false, +el +sv 5"})
    void losslessGrayIsPixelIdenticalToDcmdjpeg(int bits, boolean signed, String options) throws Exception {
        ImageDescription d = ImageDescription.gray(61, 97, bits <= 8 ? 8 : 16, bits, signed);
        Path in = nativeFile("gray.dcm", d, 2);
        List<String> cmd = new ArrayList<>(List.of("dcmcjpeg"));
        cmd.addAll(List.of(options.split(" ")));
        Compressed c = CodecCorpus.compress(in, tmp.resolve("gray-jpeg.dcm"), cmd.toArray(new String[0]));
        byte[] ours = CodecCorpus.decodeAll(c, "MONOCHROME2");
        Reference dcmtk = CodecCorpus.reference(tmp.resolve("gray-jpeg.dcm"), tmp, "dcmdjpeg");
        Diff diff = CodecCorpus.diff(ours, dcmtk.pixels(), d);
        assertEquals(0, diff.max(), diff.toString());
        if (!options.contains("+pt")) { // a point transform drops low bits: dcmdjpeg matches, the original does not
            assertEquals(0, CodecCorpus.diff(ours, TestFiles.concat(originalFrames(d, 2)), d).max(), "lossless");
        }
        if (signed) {
            assertSignExtended(ours, d);
        }
    }

    @Test
    void losslessColourIsPixelIdenticalToDcmdjpegAndGdcm() throws Exception {
        ImageDescription d = ImageDescription.color(61, 97, 8, 8, "RGB");
        Path in = nativeFile("rgb.dcm", d, 3);
        for (String[] options : new String[][] {{"+e1"}, {"+el", "+sv", "4"}, {"+el", "+sv", "7"}}) {
            String[] cmd = new String[options.length + 1];
            cmd[0] = "dcmcjpeg";
            System.arraycopy(options, 0, cmd, 1, options.length);
            Path out = tmp.resolve("rgb-jpeg.dcm");
            Compressed c = CodecCorpus.compress(in, out, cmd);
            byte[] ours = CodecCorpus.decodeAll(c, "RGB");
            assertArrayEquals(CodecCorpus.reference(out, tmp, "dcmdjpeg").pixels(), ours, String.join(" ", options));
            assertArrayEquals(TestFiles.concat(originalFrames(d, 3)), ours, "lossless");
            assertArrayEquals(CodecCorpus.reference(out, tmp, "gdcmconv", "--raw").pixels(), ours, "GDCM");
        }
    }

    @ParameterizedTest(name = "baseline gray {0}x{1} {2}")
    @CsvSource({"61, 97, +eb", "512, 512, +eb", "61, 97, +ee", "33, 17, +eb +q 30"})
    void lossyGray8MatchesDcmdjpeg(int rows, int columns, String options) throws Exception {
        ImageDescription d = ImageDescription.gray(rows, columns, 8, 8, false);
        Path in = nativeFile("g8.dcm", d, 1);
        List<String> cmd = new ArrayList<>(List.of("dcmcjpeg"));
        cmd.addAll(List.of(options.split(" ")));
        Path out = tmp.resolve("g8-jpeg.dcm");
        Compressed c = CodecCorpus.compress(in, out, cmd.toArray(new String[0]));
        Diff diff = CodecCorpus.diff(CodecCorpus.decodeAll(c, "MONOCHROME2"), CodecCorpus.reference(out, tmp, "dcmdjpeg").pixels(), d);
        System.out.println("JPEG gray 8 " + rows + "x" + columns + " " + options + " vs dcmdjpeg: " + diff);
        assertTrue(diff.max() <= LOSSY_8_MAX && diff.mean() <= LOSSY_8_MEAN, diff.toString());
    }

    @ParameterizedTest(name = "baseline colour {0} -> {1}")
    @CsvSource({"+eb, YBR_FULL_422", "+eb +s4, YBR_FULL", "+eb +n2, YBR_FULL", "+eb +n1, YBR_FULL", "+ee, YBR_FULL_422",
        "+eb +cr, RGB"})
    void lossyColourMatchesDcmdjpeg(String options, String photometric) throws Exception {
        ImageDescription d = ImageDescription.color(61, 97, 8, 8, "RGB");
        Path in = nativeFile("rgb.dcm", d, 2);
        List<String> cmd = new ArrayList<>(List.of("dcmcjpeg"));
        cmd.addAll(List.of(options.split(" ")));
        Path out = tmp.resolve("rgb-jpeg.dcm");
        Compressed c = CodecCorpus.compress(in, out, cmd.toArray(new String[0]));
        assertEquals(photometric, c.description().photometric(), "dcmcjpeg's photometric interpretation");
        byte[] ours = CodecCorpus.decodeAll(c, "RGB");
        Reference dcmtk = CodecCorpus.reference(out, tmp, "dcmdjpeg");
        assertEquals("RGB", dcmtk.photometric());
        Diff diff = CodecCorpus.diff(ours, dcmtk.pixels(), d);
        System.out.println("JPEG colour " + options + " vs dcmdjpeg: " + diff);
        assertTrue(diff.max() <= LOSSY_8_MAX && diff.mean() <= LOSSY_8_MEAN, diff.toString());
        // And the picture is the original, within JPEG's loss: a colour-conversion mistake is far off.
        Diff original = CodecCorpus.diff(ours, TestFiles.concat(originalFrames(d, 2)), d);
        assertTrue(original.mean() < 12, "against the original: " + original);
    }

    @ParameterizedTest(name = "extended 12-bit {0}x{1} signed={2}")
    @CsvSource({"61, 97, false", "512, 512, false", "61, 97, true", "1, 1, false", "9, 17, false"})
    void extended12BitMatchesDcmdjpeg(int rows, int columns, boolean signed) throws Exception {
        ImageDescription d = ImageDescription.gray(rows, columns, 16, 12, signed);
        Path in = nativeFile("g12.dcm", d, 2);
        Path out = tmp.resolve("g12-jpeg.dcm");
        Compressed c = CodecCorpus.compress(in, out, "dcmcjpeg", "+ee");
        assertEquals(0xC1, JpegHeader.parse(c.frames().get(0)).sof, "SOF1");
        assertEquals(12, JpegHeader.parse(c.frames().get(0)).precision);
        byte[] ours = CodecCorpus.decodeAll(c, "MONOCHROME2");
        Diff diff = CodecCorpus.diff(ours, CodecCorpus.reference(out, tmp, "dcmdjpeg").pixels(), d);
        System.out.println("JPEG 12-bit " + rows + "x" + columns + " signed=" + signed + " vs dcmdjpeg: " + diff);
        assertTrue(diff.max() <= LOSSY_12_MAX && diff.mean() <= LOSSY_12_MEAN, diff.toString());
        // dcmcjpeg makes signed data unsigned (with a Rescale Intercept) before lossy coding.
        assertEquals(false, c.description().signed(), "dcmcjpeg's lossy output is unsigned");
    }

    @Test
    void extended12BitColourMatchesDcmdjpeg() throws Exception {
        // 8-bit RGB forced to 12-bit precision: 16/12-bit YBR_FULL_422, 4:2:2, through our decoder's upsampling.
        ImageDescription d = ImageDescription.color(61, 97, 8, 8, "RGB");
        Path in = nativeFile("rgb.dcm", d, 1);
        Path out = tmp.resolve("rgb12.dcm");
        Compressed c = CodecCorpus.compress(in, out, "dcmcjpeg", "+ee", "+bt");
        assertEquals(12, JpegHeader.parse(c.frames().get(0)).precision);
        assertEquals("YBR_FULL_422", c.description().photometric());
        byte[] ours = CodecCorpus.decodeAll(c, "RGB");
        Diff diff = CodecCorpus.diff(ours, CodecCorpus.reference(out, tmp, "dcmdjpeg").pixels(), c.description());
        System.out.println("JPEG 12-bit colour 4:2:2 vs dcmdjpeg: " + diff);
        assertTrue(diff.max() <= LOSSY_12_COLOUR_MAX && diff.mean() <= LOSSY_12_MEAN, diff.toString());
    }

    @Test
    void chroma420FromTheJdkWriterMatchesDcmdjpeg() throws Exception {
        // dcmcjpeg offers no 4:2:0; the JDK's writer (libjpeg) makes 4:2:0 by default.
        ImageDescription d = ImageDescription.color(61, 97, 8, 8, "RGB");
        byte[] original = CodecCorpus.image(d, 5);
        byte[] jpeg = Jdk420.encode(original, d);
        assertEquals(2, JpegHeader.parse(jpeg).v[0], "luma sampled 2x2");
        ImageDescription labelled = d.withPhotometric("YBR_FULL_422");
        Path file = CodecCorpus.writeEncapsulated(tmp.resolve("420.dcm"), labelled, FrameCodecs.JPEG_BASELINE, List.of(jpeg), true);
        byte[] ours = CodecCorpus.decodeAll(CodecCorpus.read(file), "RGB");
        Diff diff = CodecCorpus.diff(ours, CodecCorpus.reference(file, tmp, "dcmdjpeg").pixels(), d);
        System.out.println("JPEG colour 4:2:0 vs dcmdjpeg: " + diff);
        assertTrue(diff.max() <= LOSSY_8_MAX && diff.mean() <= LOSSY_8_MEAN, diff.toString());
    }

    // ------------------------------------------------------------------ the shared samples

    @Test
    void samplesDecodeAsDcmdjpegDoes() throws Exception {
        // name, photometric after decoding, lossless?
        Object[][] samples = {
            {"JPGExtended.dcm", "MONOCHROME2", false},
            {"SC_rgb_jpeg_dcmtk.dcm", "RGB", false},
            {"SC_rgb_jpeg_gdcm.dcm", "RGB", true},
            {"examples_ybr_color.dcm", "RGB", false},
            {"bad_sequence.dcm", "MONOCHROME2", true},
        };
        for (Object[] s : samples) {
            Path sample = TestFiles.sample((String) s[0]);
            Compressed c = CodecCorpus.read(sample);
            byte[] ours = CodecCorpus.decodeAll(c, (String) s[1]);
            Reference dcmtk = CodecCorpus.reference(sample, tmp, "dcmdjpeg");
            Diff diff = CodecCorpus.diff(ours, dcmtk.pixels(), c.description());
            System.out.println(s[0] + " (" + c.description() + ", " + c.frames().size() + " frames) vs dcmdjpeg: " + diff);
            int bound = (Boolean) s[2] ? 0 : c.description().bitsStored() > 8 ? LOSSY_12_MAX : LOSSY_8_MAX;
            assertTrue(diff.max() <= bound, s[0] + ": " + diff);
            assertEquals(dcmtk.photometric(), s[1], "dcmdjpeg's photometric interpretation");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<byte[]> originalFrames(ImageDescription d, int frames) {
        List<byte[]> list = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            list.add(CodecCorpus.image(d, 31L * i + d.bitsStored()));
        }
        return list;
    }

    /** Every 16-bit word holds its Bits Stored value sign-extended: negative values have all high bits set. */
    static void assertSignExtended(byte[] pixels, ImageDescription d) {
        for (int i = 0; i < pixels.length / 2; i++) {
            short word = (short) ((pixels[2 * i] & 0xFF) | (pixels[2 * i + 1] & 0xFF) << 8);
            assertEquals(CodecCorpus.value(pixels, i, d), word, "word " + i + " is sign-extended");
        }
    }
}
