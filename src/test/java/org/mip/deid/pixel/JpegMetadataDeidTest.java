package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.codec.EncapsulatedFrames;
import org.mip.dicom.codec.FrameCodecs;
import org.mip.dicom.codec.TestFiles;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.io.DicomReader;

/**
 * Through the de-identification engine, as the probe found it: JPEG Baseline frames with a comment
 * and an Exif owner name (and the rest of {@link CodestreamMetadataTest#hostile}) were published
 * unchanged, on a CT that is not scanned and on a VL photograph scanned and found clean. The output
 * holds none of it, and its frames decode to the same pixels (ours; dcmtk's and GDCM's when installed).
 */
class JpegMetadataDeidTest {
    @TempDir
    Path tmp;

    private Path input(String name, String sopClass, String modality, String burnedIn, int frames) throws Exception {
        return input(name, sopClass, modality, burnedIn, frames, 64, 48, null);
    }

    private Path input(String name, String sopClass, String modality, String burnedIn, int frames, int rows, int columns,
                       String label) throws Exception {
        Dataset ds = new Dataset();
        Synthetic.identify(ds, sopClass, "2.25.1" + name.length(), modality, burnedIn);
        Synthetic.gray8(ds, frames, rows, columns);
        ds.setString(0x00282110, VR.CS, "01");
        List<BulkData> fragments = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            fragments.add(BulkData.of(CodestreamMetadataTest.hostile(CodestreamMetadataTest.imageIoJpeg(rows, columns, f, label), "E" + f, false)));
        }
        EncapsulatedFrames.install(ds, Tag.PIXEL_DATA, VR.OB, fragments);
        return TestFiles.write(TestFiles.file(TransferSyntax.of(FrameCodecs.JPEG_BASELINE), ds), tmp.resolve(name + ".in.dcm"));
    }

    private Path deidentify(Path in, String expectedCode) throws Exception {
        return BasicDeid.run(in, tmp, expectedCode);
    }

    private static List<byte[]> decoded(Path file) throws Exception {
        try (DicomFile f = DicomReader.read(file)) {
            FrameSource source = FrameSource.open(f, PixelCodecs.STANDARD);
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < source.frames(); i++) {
                frames.add(source.read(i));
            }
            return frames;
        }
    }

    private void assertCleanAndSamePixels(Path in, Path out) throws Exception {
        assertTrue(CodestreamMetadataTest.contains(Files.readAllBytes(in), CodestreamMetadataTest.MARK), "the input carries the markers");
        byte[] written = Files.readAllBytes(out);
        assertFalse(CodestreamMetadataTest.contains(written, CodestreamMetadataTest.MARK), "a marker in the output");
        assertFalse(CodestreamMetadataTest.contains(written, "Exif".getBytes()), "Exif in the output");
        List<byte[]> before = decoded(in);
        List<byte[]> after = decoded(out);
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), "frame " + (i + 1));
        }
    }

    @Test
    void aCtNotScannedIsPublishedWithoutTheMetadataOfItsFrames() throws Exception {
        Path in = input("ct", "1.2.840.10008.5.1.4.1.1.2", "CT", "NO", 3);
        assertCleanAndSamePixels(in, deidentify(in, "BURNED_IN_DECLARED_NO"));
    }

    @Test
    void aPhotographScannedAndFoundCleanIsPublishedWithoutTheMetadataOfItsFrame() throws Exception {
        Path in = input("vl", "1.2.840.10008.5.1.4.1.1.77.1.4", "XC", null, 1);
        assertCleanAndSamePixels(in, deidentify(in, "BURNED_IN_SCANNED_CLEAN"));
    }

    /** Text found, blanked and the frame re-encoded (JPEG Lossless): the other output path, clean too. */
    @Test
    void aPhotographWhoseTextIsBlankedIsPublishedReencodedWithoutTheMetadata() throws Exception {
        Path in = input("text", "1.2.840.10008.5.1.4.1.1.77.1.4", "XC", null, 1, 120, 400, "ZZTEST^PATIENT 4711");
        Path out = deidentify(in, "BURNED_IN_TEXT_REDACTED");
        assertFalse(CodestreamMetadataTest.contains(Files.readAllBytes(out), CodestreamMetadataTest.MARK), "a marker in the output");
        try (DicomFile f = DicomReader.read(out)) {
            assertEquals(FrameCodecs.JPEG_LOSSLESS_SV1, f.transferSyntax().uid());
        }
    }

    @Test
    void aFrameWhoseSegmentsRunPastItsEndIsRefusedNotCopied() throws Exception {
        Path in = input("bad", "1.2.840.10008.5.1.4.1.1.2", "CT", "NO", 1);
        byte[] b = Files.readAllBytes(in);
        int com = CodestreamMetadataTest.indexOf(b, CodestreamMetadataTest.segment(0xFE, CodestreamMetadataTest.ascii("PHIMARKE0COMMENT")));
        b[com + 2] = 0x7F; // the comment's length now runs past the frame
        Files.write(in, b);
        assertEquals("CODEC_CORRUPT_FRAME", BasicDeid.refusal(in, tmp).code());
    }

    /** dcmtk's and GDCM's decoders give the same pixels for the input and the output. */
    @Test
    void dcmtkAndGdcmDecodeTheOutputAsTheInput() throws Exception {
        TestFiles.requireTool("dcmdjpeg");
        TestFiles.requireTool("gdcmconv");
        Path in = input("x", "1.2.840.10008.5.1.4.1.1.2", "CT", "NO", 2);
        Path out = deidentify(in, "BURNED_IN_DECLARED_NO");
        for (String[] tool : List.of(new String[] {"dcmdjpeg"}, new String[] {"gdcmconv", "--raw"})) {
            assertArrayEquals(nativePixels(in, tool), nativePixels(out, tool), String.join(" ", tool));
        }
    }

    private byte[] nativePixels(Path file, String[] tool) throws Exception {
        Path raw = tmp.resolve(file.getFileName() + "." + tool[0] + ".dcm");
        List<String> cmd = new ArrayList<>(Arrays.asList(tool));
        cmd.add(file.toString());
        cmd.add(raw.toString());
        TestFiles.run(cmd.toArray(new String[0]));
        try (DicomFile f = DicomReader.read(raw)) {
            return TestFiles.nativePixels(f);
        }
    }
}
