package org.mip.deid.pixel;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.deid.pixel.CodestreamMetadata.Family;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.codec.CodecCorpus;
import org.mip.dicom.codec.EncapsulatedFrames;
import org.mip.dicom.codec.FrameCodecs;
import org.mip.dicom.codec.ImageDescription;
import org.mip.dicom.codec.TestFiles;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.ValueElement;

/**
 * Metadata segments in compressed frames (found by a probe: a JPEG comment and an Exif owner name
 * published unchanged) are removed, and nothing else: the stream that is left is the original one
 * byte for byte, with the kept segments (JFIF without thumbnail, Adobe) where they were.
 */
class CodestreamMetadataTest {
    static final byte[] MARK = "PHIMARK".getBytes(US_ASCII);

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ fixtures (the engine test uses them too)

    /** A smooth 8-bit gray image written by javax.imageio: SOI, APP0 JFIF (no thumbnail), tables, SOS, EOI. */
    static byte[] imageIoJpeg(int rows, int columns, int seed) throws Exception {
        return imageIoJpeg(rows, columns, seed, null);
    }

    /** As above, with {@code label} drawn white on a black band at the top (burned-in text for the scan to find). */
    static byte[] imageIoJpeg(int rows, int columns, int seed, String label) throws Exception {
        BufferedImage img = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                px[y * columns + x] = (byte) (40 + (x * 3 + y * 2 + seed * 11) % 160);
            }
        }
        if (label != null) {
            java.awt.Graphics2D g = img.createGraphics();
            g.setColor(java.awt.Color.BLACK);
            g.fillRect(0, 0, columns, 40);
            g.setColor(java.awt.Color.WHITE);
            g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 22));
            g.drawString(label, 10, 28);
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, "jpeg", out));
        return out.toByteArray();
    }

    static byte[] segment(int marker, byte[]... payload) {
        byte[] p = concat(payload);
        return concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) ((p.length + 2) >> 8), (byte) (p.length + 2)}, p);
    }

    static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Offset of the first segment after SOI and the JFIF APP0 ImageIO writes. */
    static int afterApp0(byte[] jpeg) {
        assertEquals(0xE0, jpeg[3] & 0xFF, "ImageIO writes APP0 first");
        return 4 + ((jpeg[4] & 0xFF) << 8 | jpeg[5] & 0xFF);
    }

    static final byte[] ADOBE = concat(ascii("Adobe"), new byte[] {0, 100, 0, 0, 0, 0, 0});

    /**
     * {@code clean} with what devices and people put in JPEG streams: a JFIF thumbnail, Exif, XMP,
     * an ICC profile, Photoshop IRB, APP15, a long Adobe segment, comments before the frame and
     * before EOI, and bytes after EOI.
     */
    static byte[] hostile(byte[] clean, String tag) {
        return hostile(clean, tag, true);
    }

    /**
     * As {@link #hostile(byte[], String)}; {@code icc} false leaves out the ICC profile (not a valid
     * one: the JDK's decoder, which the scan uses, refuses the frame over it).
     */
    static byte[] hostile(byte[] clean, String tag, boolean icc) {
        int cut = afterApp0(clean);
        byte[] jfif = Arrays.copyOfRange(clean, 4 + 2, cut); // its payload, thumbnail 0x0
        byte[] jfifThumb = jfif.clone();
        jfifThumb[12] = 1;
        jfifThumb[13] = 1;
        int eoi = clean.length - 2;
        return concat(Arrays.copyOf(clean, 2),
                segment(0xE0, jfifThumb, ascii("PHI")), // a 1x1 RGB thumbnail
                segment(0xE1, ascii("Exif\0\0"), ascii("MM\0*OwnerName PHIMARK" + tag + "EXIFOWNER 2021:03:14")),
                segment(0xE1, ascii("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>PHIMARK" + tag + "XMP</x:xmpmeta>")),
                icc ? segment(0xE2, ascii("ICC_PROFILE\0"), new byte[] {1, 1}, ascii("desc PHIMARK" + tag + "ICC")) : new byte[0],
                segment(0xED, ascii("Photoshop 3.0\0PHIMARK" + tag + "IRB")),
                segment(0xEE, ADOBE, ascii("PHIMARK" + tag + "ADOBE")),
                segment(0xEF, ascii("PHIMARK" + tag + "APP15")),
                segment(0xFE, ascii("PHIMARK" + tag + "COMMENT")),
                Arrays.copyOfRange(clean, cut, eoi),
                segment(0xFE, ascii("PHIMARK" + tag + "TAILCOMMENT")),
                new byte[] {(byte) 0xFF, (byte) 0xD9},
                ascii("PHIMARK" + tag + "EOI")); // short enough for the decoders, which allow 14 bytes after EOI
    }

    /** What {@link #hostile} must become: the clean stream with the Adobe segment cut to its 12 bytes. */
    static byte[] expected(byte[] clean) {
        int cut = afterApp0(clean);
        return concat(Arrays.copyOf(clean, cut), segment(0xEE, ADOBE), Arrays.copyOfRange(clean, cut, clean.length));
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle) >= 0;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] decodeImageIo(byte[] jpeg) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
        return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }

    // ------------------------------------------------------------------ JPEG

    @Test
    void aJpegLosesCommentsAppSegmentsThumbnailAndTrailingBytesAndDecodesTheSame() throws Exception {
        byte[] clean = imageIoJpeg(32, 40, 1);
        byte[] hostile = hostile(clean, "U1");
        assertTrue(contains(hostile, MARK));

        byte[] stripped = CodestreamMetadata.strip(hostile, Family.JPEG, 0);

        assertArrayEquals(expected(clean), stripped);
        assertTrue(!contains(stripped, MARK) && !contains(stripped, ascii("Exif")) && !contains(stripped, ascii("ICC_PROFILE")));
        assertArrayEquals(decodeImageIo(clean), decodeImageIo(stripped));
        assertArrayEquals(decodeImageIo(hostile), decodeImageIo(stripped));
        assertSame(stripped, CodestreamMetadata.strip(stripped, Family.JPEG, 0), "stripping twice changes nothing");
    }

    @Test
    void aCleanFrameIsReturnedAsItIsWithItsPadding() throws Exception {
        byte[] clean = imageIoJpeg(16, 16, 2);
        assertSame(clean, CodestreamMetadata.strip(clean, Family.JPEG, 0));
        byte[] zeroPad = Arrays.copyOf(clean, clean.length + 1);
        assertSame(zeroPad, CodestreamMetadata.strip(zeroPad, Family.JPEG, 0));
        byte[] ffPad = concat(clean, new byte[] {(byte) 0xFF}); // JPGExtended.dcm's writer pads with FF
        assertSame(ffPad, CodestreamMetadata.strip(ffPad, Family.JPEG, 0));
    }

    @Test
    void aMarkerStructureThatCannotBeWalkedIsRefusedAsCorrupt() throws Exception {
        byte[] clean = imageIoJpeg(16, 16, 3);
        int cut = afterApp0(clean);
        byte[] longComment = concat(Arrays.copyOf(clean, cut), new byte[] {(byte) 0xFF, (byte) 0xFE, 0x7F, 0x00}, ascii("PHIMARK"));
        byte[] noSos = concat(Arrays.copyOf(clean, cut), new byte[] {(byte) 0xFF, (byte) 0xD9});
        byte[] truncated = Arrays.copyOf(clean, clean.length - 40);
        byte[] noSoi = Arrays.copyOfRange(clean, 2, clean.length);
        byte[] unknownMarker = clean.clone();
        unknownMarker[clean.length - 12] = (byte) 0xFF;
        unknownMarker[clean.length - 11] = (byte) 0xB8;
        for (byte[] bad : List.of(longComment, noSos, truncated, noSoi, unknownMarker)) {
            RedactionException e = assertThrows(RedactionException.class, () -> CodestreamMetadata.strip(bad, Family.JPEG, 1));
            assertEquals("CODEC_CORRUPT_FRAME", e.code());
            assertTrue(e.detail().startsWith("frame 2 ") && e.detail().contains("(at byte "), e.detail());
        }
    }

    @Test
    void familiesFollowTheTransferSyntax() {
        assertEquals(Family.JPEG, CodestreamMetadata.familyOf("1.2.840.10008.1.2.4.50"));
        assertEquals(Family.JPEG, CodestreamMetadata.familyOf("1.2.840.10008.1.2.4.57"));
        assertEquals(Family.JPEG, CodestreamMetadata.familyOf("1.2.840.10008.1.2.4.70"));
        assertEquals(Family.JPEG_LS, CodestreamMetadata.familyOf("1.2.840.10008.1.2.4.81"));
        assertEquals(Family.J2K, CodestreamMetadata.familyOf("1.2.840.10008.1.2.4.91"));
        assertEquals(Family.J2K, CodestreamMetadata.familyOf("1.2.840.10008.1.2.4.201"));
        assertEquals(Family.NONE, CodestreamMetadata.familyOf("1.2.840.10008.1.2.5"));
        assertEquals(Family.NONE, CodestreamMetadata.familyOf("1.2.840.10008.1.2.4.100"));
        assertEquals(Family.NONE, CodestreamMetadata.familyOf("1.2.840.10008.1.2.1"));
    }

    // ------------------------------------------------------------------ JPEG-LS, JPEG 2000 (encoded by dcmtk, GDCM)

    private byte[] encodedBy(String... command) throws Exception {
        ImageDescription d = ImageDescription.gray(40, 50, 16, 12, false);
        Path raw = CodecCorpus.writeNative(tmp.resolve("native.dcm"), d, List.of(CodecCorpus.image(d, 5)));
        return CodecCorpus.compress(raw, tmp.resolve("encoded.dcm"), command).frames().get(0);
    }

    @Test
    void aJpegLsFrameLosesCommentAndExifAndKeepsItsColourTransform() throws Exception {
        TestFiles.requireTool("dcmcjpls");
        byte[] clean = encodedBy("dcmcjpls", "+el");
        byte[] mrfx = segment(0xE8, ascii("mrfx"), new byte[] {1});
        byte[] hostile = concat(Arrays.copyOf(clean, 2), segment(0xFE, ascii("PHIMARK-LS")), mrfx,
                segment(0xE1, ascii("Exif\0\0PHIMARK")), segment(0xE8, ascii("SPIFF\0PHIMARK")),
                Arrays.copyOfRange(clean, 2, clean.length));
        assertArrayEquals(concat(Arrays.copyOf(clean, 2), mrfx, Arrays.copyOfRange(clean, 2, clean.length)),
                CodestreamMetadata.strip(hostile, Family.JPEG_LS, 0));
        assertSame(clean, CodestreamMetadata.strip(clean, Family.JPEG_LS, 0));
    }

    @Test
    void aJpeg2000CodestreamLosesCommentsInBothHeadersWithPsotAdjusted() throws Exception {
        TestFiles.requireTool("gdcmconv");
        byte[] original = encodedBy("gdcmconv", "--j2k");
        int sot = mainHeaderEnd(original);
        long psot = ByteBuffer.wrap(original, sot + 6, 4).getInt() & 0xFFFFFFFFL;
        byte[] com = segment(0x64, new byte[] {0, 1}, ascii("PHIMARK-TILEPART"));
        byte[] psotBigger = ByteBuffer.allocate(4).putInt((int) (psot == 0 ? 0 : psot + com.length)).array();
        byte[] hostile = concat(Arrays.copyOf(original, sot), segment(0x64, new byte[] {0, 1}, ascii("PHIMARK-MAIN")),
                Arrays.copyOfRange(original, sot, sot + 6), psotBigger, Arrays.copyOfRange(original, sot + 10, sot + 12), com,
                Arrays.copyOfRange(original, sot + 12, original.length));

        byte[] stripped = CodestreamMetadata.strip(hostile, Family.J2K, 0);

        assertTrue(!contains(stripped, MARK));
        // what is left is the original without its own main-header COM (the encoder's name)
        byte[] originalStripped = CodestreamMetadata.strip(original, Family.J2K, 0);
        assertArrayEquals(originalStripped, stripped);
        int comLengths = original.length - originalStripped.length;
        assertTrue(comLengths >= 0);
        assertEquals(sot - comLengths, mainHeaderEnd(stripped));
        assertEquals(psot, ByteBuffer.wrap(stripped, sot - comLengths + 6, 4).getInt() & 0xFFFFFFFFL, "Psot as before the COM");
        ImageDescription d = ImageDescription.gray(40, 50, 16, 12, false);
        var decoder = FrameCodecs.decoderFor(FrameCodecs.JPEG_2000_LOSSLESS).orElseThrow();
        assertArrayEquals(decoder.decode(original, d).pixels(), decoder.decode(stripped, d).pixels());
    }

    /** A last tile-part of Psot 0 runs to EOC; a COM in its header goes and Psot stays 0. With a TLM, refused. */
    @Test
    void aTilePartOfPsotZeroAndATlmMarkerSegment() throws Exception {
        TestFiles.requireTool("gdcmconv");
        byte[] original = CodestreamMetadata.strip(encodedBy("gdcmconv", "--j2k"), Family.J2K, 0);
        int sot = mainHeaderEnd(original);
        byte[] psotZero = concat(Arrays.copyOf(original, sot + 6), new byte[4], Arrays.copyOfRange(original, sot + 10, original.length));
        byte[] com = segment(0x64, new byte[] {0, 1}, ascii("PHIMARK-PSOT0"));
        byte[] hostile = concat(Arrays.copyOf(psotZero, sot + 12), com, Arrays.copyOfRange(psotZero, sot + 12, psotZero.length),
                new byte[] {0}); // and a pad byte after EOC
        assertArrayEquals(concat(psotZero, new byte[] {0}), CodestreamMetadata.strip(hostile, Family.J2K, 0));

        byte[] tlm = segment(0x55, new byte[] {0, 0x50}, ByteBuffer.allocate(4).putInt(original.length - sot - 2).array());
        byte[] withTlm = concat(Arrays.copyOf(hostile, sot), tlm, Arrays.copyOfRange(hostile, sot, hostile.length));
        RedactionException e = assertThrows(RedactionException.class, () -> CodestreamMetadata.strip(withTlm, Family.J2K, 0));
        assertEquals("CODEC_UNSUPPORTED", e.code());
        assertTrue(e.detail().contains("TLM"), e.detail());
    }

    @Test
    void aJp2FileIsRefusedNotRewritten() {
        byte[] jp2 = concat(new byte[] {0, 0, 0, 12}, ascii("jP  "), new byte[] {0x0D, 0x0A, (byte) 0x87, 0x0A},
                new byte[] {0, 0, 0, 20}, ascii("xml <a>PHIMARK</a>"));
        RedactionException e = assertThrows(RedactionException.class, () -> CodestreamMetadata.strip(jp2, Family.J2K, 0));
        assertEquals("CODEC_UNSUPPORTED", e.code());
        assertTrue(e.detail().contains("JP2"), e.detail());
    }

    /** Offset of the first SOT after the main header's marker segments. */
    private static int mainHeaderEnd(byte[] j2k) {
        int p = 2;
        while (((j2k[p] & 0xFF) << 8 | j2k[p + 1] & 0xFF) != 0xFF90) {
            p += 2 + ((j2k[p + 2] & 0xFF) << 8 | j2k[p + 3] & 0xFF);
        }
        return p;
    }

    // ------------------------------------------------------------------ the pixel data element

    @Test
    void onlyTheFrameThatChangedIsRewrittenAndTheExtendedOffsetTableFollows() throws Exception {
        List<byte[]> frames = List.of(imageIoJpeg(16, 16, 4), hostile(imageIoJpeg(16, 16, 5), "F2"), imageIoJpeg(16, 16, 6));
        Dataset ds = new Dataset();
        ds.setString(PixelFormat.NUMBER_OF_FRAMES, VR.IS, "3");
        ds.put(new ValueElement(EncapsulatedFrames.EXTENDED_OFFSET_TABLE, VR.OV, new byte[0]));
        List<BulkData> fragments = new ArrayList<>();
        for (byte[] f : frames) {
            fragments.add(BulkData.of(f));
        }
        EncapsulatedFrames.install(ds, Tag.PIXEL_DATA, VR.OB, fragments);
        DicomFile file = TestFiles.file(TransferSyntax.of(FrameCodecs.JPEG_BASELINE), ds);

        assertEquals(1, CodestreamMetadata.strip(file, tmp));

        FragmentsElement px = (FragmentsElement) ds.get(Tag.PIXEL_DATA);
        List<List<BulkData>> split = EncapsulatedFrames.split(ds, px, 3);
        assertArrayEquals(frames.get(0), EncapsulatedFrames.read(split.get(0)));
        assertArrayEquals(expected(imageIoJpeg(16, 16, 5)), EncapsulatedFrames.read(split.get(1)));
        assertArrayEquals(frames.get(2), EncapsulatedFrames.read(split.get(2)));
        ByteBuffer lengths = ByteBuffer.wrap(((ValueElement) ds.get(EncapsulatedFrames.EXTENDED_OFFSET_TABLE_LENGTHS)).bytes())
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(expected(imageIoJpeg(16, 16, 5)).length, lengths.getLong(8));
        assertEquals(0, px.fragments().get(0).length(), "the Basic Offset Table is empty beside the extended one");
        file.close();
    }
}
