package org.mip.dicom.codec;

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
 * Our JPEG 2000 decoding (JAI's JJ2000) against GDCM's {@code gdcmconv --raw} (OpenJPEG) on frames
 * {@code gdcmconv --j2k} made: lossless frames pixel-identical, lossy ones within the bound below.
 */
class Jpeg2000DecoderTest {
    /**
     * Lossy (9/7 irreversible wavelet, ICT): JJ2000 and OpenJPEG compute the inverse wavelet in floating
     * point with different rounding; they differ by a unit or two at most. A wrong colour transform or a
     * sign error is off by tens to thousands.
     */
    private static final int LOSSY_MAX = 2;
    private static final double LOSSY_MEAN = 0.1;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} samples, {1}/{2} bits signed={3}: {4}")
    @CsvSource({
        "1, 8, 8, false, --j2k", "1, 16, 12, false, --j2k", "1, 16, 16, false, --j2k", "1, 16, 12, true, --j2k",
        "1, 16, 16, true, --j2k", "1, 8, 8, false, --j2k -t 32,32", "1, 16, 12, false, --j2k -n 2",
        "3, 8, 8, false, --j2k",
        "1, 8, 8, false, --j2k --lossy -q 30", "1, 16, 12, false, --j2k --lossy --irreversible -q 40",
        "1, 16, 12, true, --j2k --lossy --irreversible -q 40", "3, 8, 8, false, --j2k --lossy --irreversible -q 30"})
    void decodesAsGdcmDoes(int samples, int allocated, int stored, boolean signed, String options) throws Exception {
        ImageDescription d = samples == 1 ? ImageDescription.gray(61, 97, allocated, stored, signed)
                : ImageDescription.color(61, 97, allocated, stored, "RGB");
        List<byte[]> originals = new ArrayList<>();
        int frames = signed ? 1 : 2; // GDCM refuses signed multi-frame Secondary Capture
        for (int i = 0; i < frames; i++) {
            originals.add(CodecCorpus.image(d, 13L * i + stored));
        }
        Path in = CodecCorpus.writeNative(tmp.resolve("in.dcm"), d, originals);
        List<String> cmd = new ArrayList<>(List.of("gdcmconv", "--quiet"));
        cmd.addAll(List.of(options.split(" ")));
        Path out = tmp.resolve("j2k.dcm");
        Compressed c = CodecCorpus.compress(in, out, cmd.toArray(new String[0]));
        boolean lossy = options.contains("--lossy");
        assertEquals(lossy ? FrameCodecs.JPEG_2000 : FrameCodecs.JPEG_2000_LOSSLESS, c.transferSyntaxUid());
        byte[] ours = CodecCorpus.decodeAll(c, samples == 1 ? "MONOCHROME2" : "RGB");
        byte[] gdcm = CodecCorpus.reference(out, tmp, "gdcmconv", "--raw").pixels();
        Diff diff = CodecCorpus.diff(ours, clamped(gdcm, d), d);
        Diff original = CodecCorpus.diff(ours, TestFiles.concat(originals), d);
        System.out.println("J2K " + d + " " + options + " vs gdcmconv --raw: " + diff + "; vs original: " + original);
        if (lossy) {
            assertTrue(diff.max() <= LOSSY_MAX && diff.mean() <= LOSSY_MEAN, diff.toString());
            assertTrue(original.max() > 0, "the lossy stream lost something: the test exercises it");
        } else {
            assertEquals(0, diff.max(), diff.toString());
            assertEquals(0, original.max(), "lossless");
        }
        if (signed) {
            JpegDecoderTest.assertSignExtended(ours, d);
        }
        if (samples == 3) {
            // GDCM codes RGB as it is (no component transform). A YBR_RCT/YBR_ICT label on such a stream
            // (a mislabelled file) still decodes to RGB: the components were never transformed.
            assertEquals(0, J2kHeader.parse(c.frames().get(0)).mct, "GDCM's code-stream has no MCT");
            ImageDescription ybr = c.description().withPhotometric(lossy ? "YBR_ICT" : "YBR_RCT");
            DecodedFrame f = FrameCodecs.requireDecoder(c.transferSyntaxUid()).decode(c.frames().get(0), ybr);
            assertEquals("RGB", f.description().photometric());
            assertEquals(0, CodecCorpus.diff(f.pixels(), java.util.Arrays.copyOf(ours, f.pixels().length), d).max());
        }
    }

    /**
     * GDCM codes 12-bit data at 16 bits and leaves lossy overshoot past Bits Stored in the word; we
     * clamp it into Bits Stored (see NativeSamples.clamp). Its words, read at 16 bits and clamped the
     * same way, are what ours must equal.
     */
    static byte[] clamped(byte[] reference, ImageDescription d) {
        if (d.bitsAllocated() != 16 || d.bitsStored() == 16) {
            return reference;
        }
        byte[] out = reference.clone();
        for (int i = 0; i < out.length / 2; i++) {
            int word = (out[2 * i] & 0xFF) | (out[2 * i + 1] & 0xFF) << 8;
            int v = d.signed() ? (short) word : word;
            NativeSamples.put(out, i, NativeSamples.clamp(v, d.bitsStored(), d.signed()), 2, 0);
        }
        return out;
    }

    @Test
    void aComponentTransformedStreamDecodesToRgbAsGdcmDoes() throws Exception {
        // JJ2000's own encoder (the JAI writer) with the reversible component transform: YBR_RCT.
        ImageDescription d = ImageDescription.color(61, 97, 8, 8, "RGB");
        byte[] original = CodecCorpus.image(d, 21);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(97, 61, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        for (int p = 0; p < 61 * 97; p++) {
            img.setRGB(p % 97, p / 97, (original[3 * p] & 0xFF) << 16 | (original[3 * p + 1] & 0xFF) << 8 | (original[3 * p + 2] & 0xFF));
        }
        javax.imageio.ImageWriter writer = new com.github.jaiimageio.jpeg2000.impl.J2KImageWriterSpi().createWriterInstance(null);
        com.github.jaiimageio.jpeg2000.J2KImageWriteParam param = new com.github.jaiimageio.jpeg2000.J2KImageWriteParam();
        param.setLossless(true);
        param.setComponentTransformation(true);
        param.setWriteCodeStreamOnly(true);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (javax.imageio.stream.MemoryCacheImageOutputStream out = new javax.imageio.stream.MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(img, null, null), param);
        }
        byte[] stream = bytes.toByteArray();
        assertEquals(1, J2kHeader.parse(stream).mct, "the code-stream uses MCT");
        ImageDescription ybr = d.withPhotometric("YBR_RCT");
        Path file = CodecCorpus.writeEncapsulated(tmp.resolve("rct.dcm"), ybr, FrameCodecs.JPEG_2000_LOSSLESS, List.of(stream), false);
        byte[] ours = CodecCorpus.decodeAll(CodecCorpus.read(file), "RGB");
        assertEquals(0, CodecCorpus.diff(ours, original, d).max(), "lossless, back to RGB");
        assertEquals(0, CodecCorpus.diff(ours, CodecCorpus.reference(file, tmp, "gdcmconv", "--raw").pixels(), d).max(), "GDCM");
    }

    @Test
    void samplesDecodeAsGdcmDoes() throws Exception {
        for (String name : new String[] {"JPEG2000.dcm", "MR_small_jp2klossless.dcm", "explicit_VR-UN.dcm"}) {
            Path sample = TestFiles.sample(name);
            Compressed c = CodecCorpus.read(sample);
            String pi = c.description().samplesPerPixel() == 1 ? c.description().photometric() : "RGB";
            byte[] ours = CodecCorpus.decodeAll(c, pi);
            Diff diff = CodecCorpus.diff(ours, CodecCorpus.reference(sample, tmp, "gdcmconv", "--raw").pixels(), c.description());
            System.out.println(name + " (" + c.description() + ", " + c.frames().size() + " frames) vs gdcmconv --raw: " + diff);
            boolean lossy = c.transferSyntaxUid().equals(FrameCodecs.JPEG_2000);
            assertTrue(diff.max() <= (lossy ? LOSSY_MAX : 0), name + ": " + diff);
        }
    }

    @Test
    void aCodeStreamWithAnImpossibleSizeIsRefusedAsGdcmRefusesIt() throws Exception {
        // The sample's code-stream has FE FF DD E0 written over Rsiz and the top of Xsiz: 3722445056 columns.
        Path sample = TestFiles.sample("JPEG2000-embedded-sequence-delimiter.dcm");
        Compressed c = CodecCorpus.read(sample);
        CodecException e = org.junit.jupiter.api.Assertions.assertThrows(CodecException.class,
                () -> FrameCodecs.requireDecoder(c.transferSyntaxUid()).decode(c.frames().get(0), c.description()));
        assertEquals("CODEC_FRAME_MISMATCH", e.code());
        assertTrue(e.getMessage().contains("SIZ"), e.getMessage());
        TestFiles.requireTool("gdcmconv");
        Process p = new ProcessBuilder("gdcmconv", "--raw", sample.toString(), tmp.resolve("out.dcm").toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor() != 0, "GDCM refuses it too");
    }
}
