package org.mip.dicom.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mip.dicom.codec.CodecCorpus.Compressed;

/**
 * Bad frames: truncated, garbled (a seeded fuzz loop of a few hundred mutations per codec),
 * disagreeing with the header, absurdly large, or coded in a process we do not support. The only
 * outcomes allowed are a successful decode of the declared size or a {@link CodecException} with
 * the expected reason code, each within a few seconds.
 */
class CodecBadInputTest {
    private static final int MUTATIONS = 300;
    private static final Duration PER_CASE = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    /** A valid frame of one codec, with the description it decodes against. */
    record Case(String transferSyntaxUid, ImageDescription image, byte[] frame) {
    }

    private Case make(String codec) throws Exception {
        ImageDescription gray8 = ImageDescription.gray(64, 48, 8, 8, false);
        ImageDescription gray12 = ImageDescription.gray(64, 48, 16, 12, false);
        ImageDescription rgb = ImageDescription.color(64, 48, 8, 8, "RGB");
        return switch (codec) {
            case "jpeg-baseline-gray" -> new Case(FrameCodecs.JPEG_BASELINE, gray8,
                    FrameCodecs.jpegBaseline(80).encode(CodecCorpus.image(gray8, 1), gray8).data());
            case "jpeg-baseline-rgb" -> {
                EncodedFrame e = FrameCodecs.jpegBaseline(80).encode(CodecCorpus.image(rgb, 2), rgb);
                yield new Case(FrameCodecs.JPEG_BASELINE, e.description(), e.data());
            }
            case "jpeg-lossless" -> new Case(FrameCodecs.JPEG_LOSSLESS_SV1, gray12,
                    FrameCodecs.requireEncoder(FrameCodecs.JPEG_LOSSLESS_SV1).encode(CodecCorpus.image(gray12, 3), gray12).data());
            case "jpeg-lossless-rgb" -> new Case(FrameCodecs.JPEG_LOSSLESS_SV1, rgb,
                    FrameCodecs.requireEncoder(FrameCodecs.JPEG_LOSSLESS_SV1).encode(CodecCorpus.image(rgb, 4), rgb).data());
            case "jpeg-extended-12" -> fromTool(gray12, "dcmcjpeg", "+ee");
            case "jpeg-ls" -> fromTool(gray12, "dcmcjpls", "+el");
            case "jpeg-ls-near-rgb" -> fromTool(rgb, "dcmcjpls", "+en", "+is");
            case "jpeg-2000" -> fromTool(gray12, "gdcmconv", "--quiet", "--j2k");
            case "jpeg-2000-lossy-rgb" -> fromTool(rgb, "gdcmconv", "--quiet", "--j2k", "--lossy", "--irreversible", "-q", "30");
            case "rle" -> new Case(FrameCodecs.RLE_LOSSLESS, gray12,
                    FrameCodecs.requireEncoder(FrameCodecs.RLE_LOSSLESS).encode(CodecCorpus.image(gray12, 5), gray12).data());
            default -> throw new IllegalArgumentException(codec);
        };
    }

    private Case fromTool(ImageDescription d, String... tool) throws Exception {
        Path in = CodecCorpus.writeNative(tmp.resolve("in.dcm"), d, List.of(CodecCorpus.image(d, 6)));
        Compressed c = CodecCorpus.compress(in, tmp.resolve("out.dcm"), tool);
        return new Case(c.transferSyntaxUid(), c.description(), c.frames().get(0));
    }

    private static final String[] CODECS = {"jpeg-baseline-gray", "jpeg-baseline-rgb", "jpeg-lossless", "jpeg-lossless-rgb",
        "jpeg-extended-12", "jpeg-ls", "jpeg-ls-near-rgb", "jpeg-2000", "jpeg-2000-lossy-rgb", "rle"};

    @ParameterizedTest
    @ValueSource(strings = {"jpeg-baseline-gray", "jpeg-baseline-rgb", "jpeg-lossless", "jpeg-lossless-rgb", "jpeg-extended-12",
        "jpeg-ls", "jpeg-ls-near-rgb", "jpeg-2000", "jpeg-2000-lossy-rgb", "rle"})
    void fuzzedFramesDecodeOrFailWithACodecException(String codec) throws Exception {
        Case c = make(codec);
        FrameDecoder decoder = FrameCodecs.requireDecoder(c.transferSyntaxUid());
        decode(decoder, c.frame(), c.image()); // the unmutated frame decodes
        Random random = new Random(codec.hashCode());
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] mutated = mutate(c.frame(), random);
            int index = i;
            String outcome = assertTimeoutPreemptively(PER_CASE, () -> {
                try {
                    decode(decoder, mutated, c.image());
                    return "decoded";
                } catch (CodecException e) {
                    assertTrue(e.getMessage().length() < 400, "a short message: " + e.getMessage());
                    return e.code();
                } catch (Throwable t) {
                    fail("mutation " + index + " of " + codec + " threw " + t, t);
                    return null;
                }
            }, () -> codec + " mutation took too long");
            outcomes.merge(outcome, 1, Integer::sum);
        }
        System.out.println(codec + ": " + outcomes);
        assertTrue(outcomes.getOrDefault("CODEC_CORRUPT_FRAME", 0) > 0, "some mutations were detected: " + outcomes);
    }

    private static byte[] decode(FrameDecoder decoder, byte[] frame, ImageDescription image) throws CodecException {
        DecodedFrame d = decoder.decode(frame, image);
        assertEquals(d.description().frameLength(), d.pixels().length, "a decoded frame has its declared size");
        return d.pixels();
    }

    /** One random damage: flipped bits (half the time in the first 64 bytes, where the headers are), truncation, bytes inserted or removed. */
    private static byte[] mutate(byte[] frame, Random random) {
        byte[] b = frame.clone();
        switch (random.nextInt(6)) {
            case 0, 1 -> {
                int flips = 1 + random.nextInt(4);
                for (int k = 0; k < flips; k++) {
                    int at = random.nextBoolean() ? random.nextInt(Math.min(64, b.length)) : random.nextInt(b.length);
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 2 -> b = Arrays.copyOf(b, 1 + random.nextInt(b.length - 1));
            case 3 -> {
                int at = random.nextInt(b.length);
                b[at] = random.nextBoolean() ? (byte) 0xFF : (byte) random.nextInt(256);
            }
            case 4 -> {
                int at = random.nextInt(b.length);
                int n = 1 + random.nextInt(16);
                byte[] c = new byte[b.length + n];
                System.arraycopy(b, 0, c, 0, at);
                for (int k = 0; k < n; k++) {
                    c[at + k] = (byte) random.nextInt(256);
                }
                System.arraycopy(b, at, c, at + n, b.length - at);
                b = c;
            }
            default -> {
                int at = random.nextInt(b.length - 1);
                int n = 1 + random.nextInt(Math.min(16, b.length - at - 1));
                byte[] c = new byte[b.length - n];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + n, c, at, b.length - at - n);
                b = c;
            }
        }
        return b;
    }

    @Test
    void truncatedFramesAreCorrupt() throws Exception {
        for (String codec : CODECS) {
            Case c = make(codec);
            FrameDecoder decoder = FrameCodecs.requireDecoder(c.transferSyntaxUid());
            for (double keep : new double[] {0.1, 0.5, 0.9}) {
                byte[] cut = Arrays.copyOf(c.frame(), (int) (c.frame().length * keep));
                CodecException e = assertThrows(CodecException.class, () -> decoder.decode(cut, c.image()), codec + " cut to " + keep);
                assertEquals("CODEC_CORRUPT_FRAME", e.code(), codec + ": " + e.getMessage());
            }
            // Only the last bytes missing (the end marker, or the end of the last RLE segment).
            byte[] cut = Arrays.copyOf(c.frame(), c.frame().length - (codec.equals("rle") ? 40 : 2));
            CodecException e = assertThrows(CodecException.class, () -> decoder.decode(cut, c.image()), codec + " without its end");
            assertEquals("CODEC_CORRUPT_FRAME", e.code(), codec + ": " + e.getMessage());
        }
    }

    @Test
    void aHeaderThatDisagreesWithTheStreamIsAMismatch() throws Exception {
        for (String codec : CODECS) {
            Case c = make(codec);
            if (codec.equals("rle")) {
                continue; // RLE carries no dimensions: only the segment count can disagree (below)
            }
            FrameDecoder decoder = FrameCodecs.requireDecoder(c.transferSyntaxUid());
            ImageDescription i = c.image();
            List<ImageDescription> wrong = List.of(
                    new ImageDescription(i.rows() + 1, i.columns(), i.samplesPerPixel(), i.bitsAllocated(), i.bitsStored(), i.signed(),
                            i.photometric(), false),
                    new ImageDescription(i.rows(), i.columns() - 1, i.samplesPerPixel(), i.bitsAllocated(), i.bitsStored(), i.signed(),
                            i.photometric(), false),
                    i.samplesPerPixel() == 1 ? ImageDescription.color(i.rows(), i.columns(), i.bitsAllocated(), i.bitsStored(), "RGB")
                            : ImageDescription.gray(i.rows(), i.columns(), i.bitsAllocated(), i.bitsStored(), false));
            for (ImageDescription w : wrong) {
                CodecException e = assertThrows(CodecException.class, () -> decoder.decode(c.frame(), w), codec + " as " + w);
                assertEquals("CODEC_FRAME_MISMATCH", e.code(), codec + ": " + e.getMessage());
                assertTrue(e.getMessage().contains("(at byte "), "says where: " + e.getMessage());
            }
            if (i.bitsAllocated() == 16) {
                ImageDescription eightBit = new ImageDescription(i.rows(), i.columns(), i.samplesPerPixel(), 8, 8, false,
                        i.photometric(), false);
                CodecException e = assertThrows(CodecException.class, () -> decoder.decode(c.frame(), eightBit));
                assertEquals("CODEC_FRAME_MISMATCH", e.code(), codec + " 12 bits into 8: " + e.getMessage());
            }
        }
        Case rle = make("rle");
        CodecException e = assertThrows(CodecException.class, () -> FrameCodecs.requireDecoder(FrameCodecs.RLE_LOSSLESS)
                .decode(rle.frame(), ImageDescription.gray(64, 48, 8, 8, false)));
        assertEquals("CODEC_CORRUPT_FRAME", e.code());
    }

    @Test
    void absurdDimensionsAreRefusedBeforeAnythingIsAllocated() throws Exception {
        ImageDescription huge = ImageDescription.gray(65535, 65535, 16, 16, false);
        Map<String, byte[]> streams = new LinkedHashMap<>();
        // A lossless JPEG claiming 65535 x 65535 (8 GiB decoded), and the same size in JPEG-LS and J2K headers.
        byte[] jpeg = make("jpeg-lossless").frame().clone();
        JpegHeader h = JpegHeader.parse(jpeg);
        jpeg[h.sofOffset + 5] = jpeg[h.sofOffset + 6] = jpeg[h.sofOffset + 7] = jpeg[h.sofOffset + 8] = (byte) 0xFF;
        streams.put(FrameCodecs.JPEG_LOSSLESS_SV1, jpeg);
        byte[] jls = make("jpeg-ls").frame().clone();
        h = JpegHeader.parse(jls);
        jls[h.sofOffset + 5] = jls[h.sofOffset + 6] = jls[h.sofOffset + 7] = jls[h.sofOffset + 8] = (byte) 0xFF;
        streams.put(FrameCodecs.JPEG_LS_LOSSLESS, jls);
        byte[] j2k = make("jpeg-2000").frame().clone();
        int siz = J2kHeader.parse(j2k).sizOffset + 6; // Xsiz, Ysiz: 65535 each, offsets 0
        j2k[siz] = j2k[siz + 1] = j2k[siz + 4] = j2k[siz + 5] = 0;
        j2k[siz + 2] = j2k[siz + 3] = j2k[siz + 6] = j2k[siz + 7] = (byte) 0xFF;
        streams.put(FrameCodecs.JPEG_2000_LOSSLESS, j2k);
        streams.put(FrameCodecs.RLE_LOSSLESS, make("rle").frame());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (Map.Entry<String, byte[]> s : streams.entrySet()) {
            FrameDecoder decoder = FrameCodecs.requireDecoder(s.getKey());
            long before = threads.getCurrentThreadAllocatedBytes();
            CodecException e = assertThrows(CodecException.class, () -> decoder.decode(s.getValue(), huge));
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals("CODEC_TOO_LARGE", e.code(), s.getKey() + ": " + e.getMessage());
            assertTrue(allocated < 8 << 20, s.getKey() + " allocated " + allocated + " bytes before refusing");
            // The same stream against the real header: a mismatch, also before allocation.
            if (!s.getKey().equals(FrameCodecs.RLE_LOSSLESS)) {
                CodecException m = assertThrows(CodecException.class, () -> decoder.decode(s.getValue(),
                        ImageDescription.gray(64, 48, 16, 12, false)));
                assertEquals("CODEC_FRAME_MISMATCH", m.code(), s.getKey() + ": " + m.getMessage());
            }
        }
        // A limit of the caller's choosing.
        Case small = make("jpeg-lossless");
        CodecException e = assertThrows(CodecException.class,
                () -> FrameCodecs.decoderFor(small.transferSyntaxUid(), 1000).orElseThrow().decode(small.frame(), small.image()));
        assertEquals("CODEC_TOO_LARGE", e.code());
    }

    @Test
    void progressiveArithmeticAndHierarchicalJpegAreUnsupported() throws Exception {
        ImageDescription d = ImageDescription.gray(64, 48, 8, 8, false);
        Path in = CodecCorpus.writeNative(tmp.resolve("in.dcm"), d, List.of(CodecCorpus.image(d, 1)));
        Compressed progressive = CodecCorpus.compress(in, tmp.resolve("p.dcm"), "dcmcjpeg", "+ep");
        CodecException e = assertThrows(CodecException.class, () -> FrameCodecs.requireDecoder(progressive.transferSyntaxUid())
                .decode(progressive.frames().get(0), progressive.description()));
        assertEquals("CODEC_UNSUPPORTED", e.code());
        assertTrue(e.getMessage().contains("progressive"), e.getMessage());
        for (int sof : new int[] {0xC5, 0xC9, 0xCB}) { // hierarchical, arithmetic
            byte[] frame = make("jpeg-lossless").frame().clone();
            frame[JpegHeader.parse(frame).sofOffset + 1] = (byte) sof;
            CodecException u = assertThrows(CodecException.class,
                    () -> FrameCodecs.requireDecoder(FrameCodecs.JPEG_LOSSLESS).decode(frame, ImageDescription.gray(64, 48, 16, 12, false)));
            assertEquals("CODEC_UNSUPPORTED", u.code(), u.getMessage());
        }
        // HTJ2K: Rsiz bit 14.
        Case j2k = make("jpeg-2000");
        byte[] ht = j2k.frame().clone();
        ht[J2kHeader.parse(ht).sizOffset + 4] |= 0x40;
        CodecException u = assertThrows(CodecException.class,
                () -> FrameCodecs.requireDecoder(FrameCodecs.JPEG_2000_LOSSLESS).decode(ht, j2k.image()));
        assertEquals("CODEC_UNSUPPORTED", u.code());
        // A JPEG stream under a JPEG-LS syntax.
        Case jpeg = make("jpeg-lossless");
        CodecException m = assertThrows(CodecException.class,
                () -> FrameCodecs.requireDecoder(FrameCodecs.JPEG_LS_LOSSLESS).decode(jpeg.frame(), jpeg.image()));
        assertEquals("CODEC_FRAME_MISMATCH", m.code());
    }
}
