package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.deid.profile.RedactionRule.Rectangle;
import org.mip.dicom.codec.CodecCorpus;
import org.mip.dicom.codec.ImageDescription;
import org.mip.dicom.codec.TestFiles;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;

/**
 * Redaction of compressed pixel data by decoding, blanking and writing JPEG Lossless: files made by
 * independent encoders (dcmtk, GDCM), redacted by us, then decoded by dcmtk's own decoder. Inside the
 * rectangle every sample is the blank; outside it every sample equals what our decoder made of the
 * input (so nothing but the rectangle changed, and the output is lossless); the Image Pixel and Lossy
 * Image Compression attributes say what the pixels now are; dciodvfy finds no new error.
 */
class TranscodingRedactionTest {
    static final Rectangle RECT = new Rectangle(5, 3, 21, 9);

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        ImageDescription gray8 = ImageDescription.gray(40, 50, 8, 8, false);
        ImageDescription gray12 = ImageDescription.gray(40, 50, 16, 12, false);
        ImageDescription signed16 = ImageDescription.gray(40, 50, 16, 16, true);
        ImageDescription rgb = ImageDescription.color(40, 50, 8, 8, "RGB");
        return Stream.of(
                Arguments.of("JPEG Baseline gray", gray8, 1, new String[] {"dcmcjpeg", "+eb"}, true, "MONOCHROME2"),
                Arguments.of("JPEG Baseline YBR_FULL_422", rgb, 1, new String[] {"dcmcjpeg", "+eb"}, true, "RGB"),
                Arguments.of("JPEG Baseline YBR_FULL_422, 3 frames", rgb, 3, new String[] {"dcmcjpeg", "+eb"}, true, "RGB"),
                Arguments.of("JPEG Extended 12-bit", gray12, 1, new String[] {"dcmcjpeg", "+ee"}, true, "MONOCHROME2"),
                Arguments.of("JPEG Lossless 14", gray12, 2, new String[] {"dcmcjpeg", "+el"}, false, "MONOCHROME2"),
                Arguments.of("JPEG Lossless SV1 signed", signed16, 1, new String[] {"dcmcjpeg", "+e1"}, false, "MONOCHROME2"),
                Arguments.of("JPEG-LS lossless", gray12, 1, new String[] {"dcmcjpls", "+el"}, false, "MONOCHROME2"),
                Arguments.of("JPEG-LS near-lossless", gray8, 1, new String[] {"dcmcjpls", "+en", "+md", "3"}, true, "MONOCHROME2"),
                Arguments.of("JPEG 2000 lossless", gray12, 1, new String[] {"gdcmconv", "--j2k"}, false, "MONOCHROME2"),
                Arguments.of("JPEG 2000 lossy RGB", rgb, 1, new String[] {"gdcmconv", "--j2k", "--lossy", "-q", "30"}, true, "RGB"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void blanksTheRectangleAndNothingElseWritingJpegLossless(String name, ImageDescription d, int frames, String[] encoder,
                                                            boolean lossy, String photometricAfter) throws Exception {
        TestFiles.requireTool(encoder[0]);
        TestFiles.requireTool("dcmdjpeg");
        List<byte[]> originals = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            originals.add(CodecCorpus.image(d, 7 + f));
        }
        Path raw = CodecCorpus.writeNative(dir.resolve("native.dcm"), d, originals);
        Path compressed = dir.resolve("in.dcm");
        CodecCorpus.compress(raw, compressed, encoder);

        // our decoder's view of the input, frame by frame: what the output must equal outside the rectangle
        List<byte[]> decodedInput = new ArrayList<>();
        PixelFormat decodedFormat;
        try (DicomFile in = TestFiles.read(compressed)) {
            FrameSource source = FrameSource.open(in, PixelCodecs.STANDARD);
            for (int f = 0; f < frames; f++) {
                decodedInput.add(source.read(f));
            }
            decodedFormat = source.format();
        }

        Path out = dir.resolve("out.dcm");
        try (DicomFile file = TestFiles.read(compressed)) {
            RedactionResult r = new PixelRedactor(dir).redact(file, List.of(RECT));
            assertTrue(r.redacted(), name);
            assertEquals("1.2.840.10008.1.2.4.70", file.transferSyntax().uid(), "written as JPEG Lossless SV1");
            Dataset ds = file.dataset();
            assertEquals(photometricAfter, ds.getString(0x00280004), "Photometric Interpretation follows the pixels");
            if (lossy) {
                assertEquals("01", ds.getString(0x00282110), "Lossy Image Compression stays 01 after a lossless rewrite");
                assertFalse(ds.getStrings(0x00282114).isEmpty(), "the lossy method is recorded");
            } else {
                assertTrue(ds.getString(0x00282110) == null || "00".equals(ds.getString(0x00282110)),
                        "a lossless input is not called lossy");
            }
            TestFiles.write(rewritten(file), out);
        }

        // dcmtk decodes what we wrote; its pixels are ours exactly (lossless), the rectangle blank
        Path decoded = dir.resolve("out-native.dcm");
        TestFiles.run("dcmdjpeg", out.toString(), decoded.toString());
        byte[] pixels;
        try (DicomFile f = TestFiles.read(decoded)) {
            pixels = TestFiles.nativePixels(f);
        }
        long frameLength = decodedFormat.frameLength();
        long blank = decodedFormat.blankValue();
        int bps = decodedFormat.bytesPerSample();
        int spp = decodedFormat.samplesPerPixel();
        int changedOutside = 0;
        int notBlankInside = 0;
        for (int f = 0; f < frames; f++) {
            byte[] before = decodedInput.get(f);
            for (int y = 0; y < d.rows(); y++) {
                for (int x = 0; x < d.columns(); x++) {
                    boolean inside = x >= RECT.x() && x < RECT.x() + RECT.width() && y >= RECT.y() && y < RECT.y() + RECT.height();
                    for (int s = 0; s < spp; s++) {
                        int i = (y * d.columns() + x) * spp + s;
                        long now = sample(pixels, (int) (f * frameLength / bps) + i, bps, d.signed(), d.bitsStored());
                        long was = sample(before, i, bps, d.signed(), d.bitsStored());
                        if (inside) {
                            long expected = spp == 3 ? 0 : blank;
                            notBlankInside += now == expected ? 0 : 1;
                        } else {
                            changedOutside += now == was ? 0 : 1;
                        }
                    }
                }
            }
        }
        assertEquals(0, notBlankInside, name + ": samples inside the rectangle that are not the blank");
        assertEquals(0, changedOutside, name + ": samples outside the rectangle that changed");

        if (Files.isExecutable(Path.of("/usr/bin/dciodvfy"))) {
            java.util.Set<String> before = errors(compressed);
            java.util.Set<String> after = errors(out);
            after.removeAll(before);
            assertEquals(java.util.Set.of(), after, name + ": dciodvfy errors the redaction added");
        }
    }

    /** dciodvfy's error lines of a file (it exits non-zero on any error; the synthetic files have some). */
    static java.util.Set<String> errors(Path file) throws Exception {
        Process p = new ProcessBuilder("dciodvfy", "-new", file.toString()).redirectErrorStream(true).start();
        String report = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String line : report.split("\n")) {
            if (line.startsWith("Error")) {
                out.add(line.strip());
            }
        }
        return out;
    }

    /** Sample {@code index} of little endian words, through Bits Stored (sign-extended when signed). */
    static long sample(byte[] b, int index, int bps, boolean signed, int bitsStored) {
        long v = 0;
        for (int k = bps - 1; k >= 0; k--) {
            v = (v << 8) | (b[index * bps + k] & 0xFF);
        }
        v &= (1L << bitsStored) - 1;
        if (signed && (v & (1L << (bitsStored - 1))) != 0) {
            v -= 1L << bitsStored;
        }
        return v;
    }

    /** The file with its meta group saying the new transfer syntax (the de-identifier rebuilds it; here, by hand). */
    private static DicomFile rewritten(DicomFile file) {
        Dataset meta = file.meta();
        if (meta != null) {
            meta.setString(0x00020010, org.mip.dicom.VR.UI, file.transferSyntax().uid());
        }
        return file;
    }
}
