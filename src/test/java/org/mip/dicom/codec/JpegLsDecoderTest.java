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

/**
 * Our JPEG-LS decoder against dcmtk's {@code dcmdjpls} (CharLS) on frames {@code dcmcjpls} made.
 * JPEG-LS decoding is exact integer arithmetic, so near-lossless frames must also decode
 * identically to CharLS, and within NEAR of the original.
 */
class JpegLsDecoderTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} samples, {1}/{2} bits signed={3}: {4}")
    @CsvSource({
        "1, 8, 8, false, +el", "1, 16, 12, false, +el", "1, 16, 16, false, +el", "1, 16, 12, true, +el",
        "1, 8, 2, false, +el", "1, 16, 10, true, +el",
        "1, 8, 8, false, +en", "1, 16, 12, false, +en +md 3", "1, 16, 16, false, +en +md 1",
        "3, 8, 8, false, +el +il", "3, 8, 8, false, +el +is", "3, 8, 8, false, +el +in",
        "3, 8, 8, false, +en +il", "3, 8, 8, false, +en +is +md 4", "3, 16, 12, false, +el +is",
        "1, 8, 8, false, +el +t1 5 +t2 9 +t3 30 +rs 32"})
    void decodesAsDcmdjplsDoes(int samples, int allocated, int stored, boolean signed, String options) throws Exception {
        ImageDescription d = samples == 1 ? ImageDescription.gray(61, 97, allocated, stored, signed)
                : ImageDescription.color(61, 97, allocated, stored, "RGB");
        List<byte[]> originals = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            originals.add(CodecCorpus.image(d, 7L * i + stored));
        }
        Path in = CodecCorpus.writeNative(tmp.resolve("in.dcm"), d, originals);
        List<String> cmd = new ArrayList<>(List.of("dcmcjpls"));
        cmd.addAll(List.of(options.split(" ")));
        Path out = tmp.resolve("jls.dcm");
        Compressed c = CodecCorpus.compress(in, out, cmd.toArray(new String[0]));
        int[] scan = firstScan(c.frames().get(0));
        if (samples == 3) {
            int ilv = options.contains("+is") ? 2 : options.contains("+in") ? 0 : 1;
            assertEquals(ilv, scan[1], "interleave mode of the stream");
        }
        byte[] ours = CodecCorpus.decodeAll(c, d.photometric());
        byte[] charls = CodecCorpus.reference(out, tmp, "dcmdjpls").pixels();
        Diff diff = CodecCorpus.diff(ours, charls, d);
        assertEquals(0, diff.max(), "against dcmdjpls: " + diff);
        Diff original = CodecCorpus.diff(ours, TestFiles.concat(originals), d);
        int near = scan[0];
        assertEquals(options.contains("+en"), near > 0, "NEAR of the stream");
        assertTrue(original.max() <= near, "against the original, NEAR " + near + ": " + original);
        if (near > 0) {
            assertTrue(original.max() > 0, "near-lossless did lose something: the test exercises it");
        }
        if (signed) {
            JpegDecoderTest.assertSignExtended(ours, d);
        }
    }

    /** NEAR and ILV of the first scan. */
    static int[] firstScan(byte[] frame) throws Exception {
        int sos = JpegHeader.parse(frame).sosOffset;
        int ns = frame[sos + 4] & 0xFF;
        return new int[] {frame[sos + 5 + 2 * ns] & 0xFF, frame[sos + 6 + 2 * ns] & 0xFF};
    }

    @Test
    void samplesDecodeAsDcmdjplsDoes() throws Exception {
        for (String name : new String[] {"MR_small_jpeg_ls_lossless.dcm", "JPEGLSNearLossless_08.dcm"}) {
            Path sample = TestFiles.sample(name);
            Compressed c = CodecCorpus.read(sample);
            byte[] ours = CodecCorpus.decodeAll(c, c.description().photometric());
            assertEquals(0, CodecCorpus.diff(ours, CodecCorpus.reference(sample, tmp, "dcmdjpls").pixels(), c.description()).max(),
                    name);
        }
        // The lossless MR_small is MR_small.
        Compressed c = CodecCorpus.read(TestFiles.sample("MR_small_jpeg_ls_lossless.dcm"));
        try (var nat = TestFiles.read(TestFiles.sample("MR_small.dcm"))) {
            assertArrayEquals(TestFiles.nativePixels(nat), CodecCorpus.decodeAll(c, "MONOCHROME2"));
        }
    }
}
