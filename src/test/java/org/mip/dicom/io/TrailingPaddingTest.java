package org.mip.dicom.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.dicom.DicomException;
import org.mip.dicom.DicomException.Reason;
import org.mip.dicom.data.DicomFile;
import org.mip.testing.Pydicom;
import org.mip.testing.SyntheticDicom;
import org.mip.testing.Tools;

/**
 * Zero bytes after the last top-level element (writers that pad a file to a block size) end the data
 * set, as dcmdump, GDCM and pydicom read it; they are not written back. Anything else after it, or
 * zeros inside an item, is refused as before. And a data set in the other VR encoding than its
 * transfer syntax says is refused with a message that says so.
 */
class TrailingPaddingTest {

    @TempDir
    Path tmp;

    private static byte[] dataset(boolean explicit) {
        SyntheticDicom d = explicit ? SyntheticDicom.explicit() : SyntheticDicom.implicit();
        return d.text(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.7").text(0x00080018, "UI", "1.2.3.4.5")
                .text(0x00080060, "CS", "OT").text(0x00100010, "PN", "DOE^JANE").bytes();
    }

    private static byte[] padded(byte[] file, int zeros) {
        return Arrays.copyOf(file, file.length + zeros);
    }

    @Test
    void zeroPaddingAfterTheDataSetEndsIt() throws Exception {
        for (boolean explicit : new boolean[] {true, false}) {
            byte[] plain = SyntheticDicom.part10(explicit ? SyntheticDicom.EXPLICIT_LE : SyntheticDicom.IMPLICIT_LE,
                    dataset(explicit));
            byte[] expected = readAndWrite(new ByteArrayInputStream(plain));
            for (int zeros : new int[] {1, 7, 8, 64, 2048, 65_535}) {
                String what = (explicit ? "explicit" : "implicit") + " + " + zeros + " zeros";
                byte[] file = padded(plain, zeros);
                Path p = Files.write(tmp.resolve("padded.dcm"), file);
                try (DicomFile f = DicomReader.read(p)) {
                    assertEquals(4, f.dataset().size(), what + ": no (0000,0000) element: " + f.dataset());
                }
                // the padding is not written back: the output is that of the file without it
                assertArrayEquals(expected, readAndWrite(Files.newInputStream(p)), what + " (path)");
                assertArrayEquals(expected, readAndWrite(new ByteArrayInputStream(file)), what + " (stream)");
            }
        }
    }

    @Test
    void anythingElseAfterTheDataSetIsRefusedAsBefore() throws Exception {
        byte[] plain = SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, dataset(true));
        // zeros, then a byte that is not zero: (0000,0000) with "00 00" for a VR, as before
        byte[] notOnlyZeros = padded(plain, 64);
        notOnlyZeros[notOnlyZeros.length - 1] = 1;
        expect(Reason.INVALID_VR, notOnlyZeros, "element (0000,0000) has bytes 00 00 where its VR should be");
        // more zeros than block padding: as before
        expect(Reason.INVALID_VR, padded(plain, 65_536), "element (0000,0000) has bytes 00 00");
        // zeros inside an undefined-length item, before its delimiter: not the top level
        byte[] inItem = SyntheticDicom.explicit().text(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.7")
                .sequence(0x00081140, -1).item(-1).text(0x00081150, "UI", "1.2.3").raw(new byte[64]).itemEnd()
                .sequenceEnd().bytes();
        expect(Reason.INVALID_VR, SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, inItem), "(0000,0000)");
        // zeros at the end of the file but inside an unclosed sequence: still truncated
        byte[] unclosed = SyntheticDicom.explicit().text(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.7")
                .sequence(0x00081140, -1).item(-1).text(0x00081150, "UI", "1.2.3").raw(new byte[64]).bytes();
        try (DicomFile f = DicomReader.read(new ByteArrayInputStream(SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, unclosed)),
                ReadOptions.DEFAULT)) {
            fail("read an unclosed sequence padded with zeros: " + f.dataset());
        } catch (DicomException e) {
            assertTrue(e.reason() == Reason.INVALID_VR || e.reason() == Reason.TRUNCATED, e.getMessage());
        }
    }

    @Test
    void dcmdumpGdcmAndPydicomReadTheZeroPaddedFileAlike() throws Exception {
        byte[] plain = SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, dataset(true));
        Path dir = Files.createDirectories(tmp.resolve("cross"));
        Path padded = Files.write(dir.resolve("padded.dcm"), padded(plain, 64));
        Path without = Files.write(dir.resolve("plain.dcm"), plain);
        boolean any = false;
        if (Files.isExecutable(Tools.DCMDUMP)) {
            any = true;
            Tools.Result a = Tools.run(Tools.DCMDUMP.toString(), "-q", "+E", padded.toString());
            Tools.Result b = Tools.run(Tools.DCMDUMP.toString(), "-q", "+E", without.toString());
            assertEquals(0, a.exit(), "dcmdump: " + a.output());
            // dcmdump shows the padding as an empty (0000,0000), which we do not keep; the rest is the same
            assertEquals(b.out(), withoutGroup0000(a.out()), "dcmdump sees the same elements with and without the padding");
        }
        if (Tools.find("gdcmdump") != null) {
            any = true;
            Tools.Result a = Tools.run("gdcmdump", padded.toString());
            Tools.Result b = Tools.run("gdcmdump", without.toString());
            assertEquals(0, a.exit(), "gdcmdump: " + a.output());
            assertEquals(b.out(), withoutGroup0000(a.out()), "gdcmdump sees the same elements with and without the padding");
        }
        if (Tools.find(Tools.PYTHON) != null && Tools.run(Tools.PYTHON, "-c", "import pydicom").exit() == 0) {
            any = true;
            assertEquals(List.of("OK " + padded), Pydicom.read(List.of(padded)));
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(any, "none of dcmdump, gdcmdump, pydicom installed");
        try (DicomFile f = DicomReader.read(padded)) {
            assertEquals(4, f.dataset().size());
        }
    }

    @Test
    void aTransferSyntaxThatDisagreesWithTheDataIsNamedAsTheLikelyCause() throws Exception {
        // the meta says Implicit VR, the data set is explicit: the first value's "length" is its VR and length
        // (from a path: "value of (0008,0016) claims 1722709 bytes but only 56 remain"; from a stream: "input ends...")
        DicomException e = expect(Reason.TRUNCATED, SyntheticDicom.part10(SyntheticDicom.IMPLICIT_LE, dataset(true)), "");
        assertTrue(e.getMessage().contains("the transfer syntax 1.2.840.10008.1.2 says Implicit VR, but bytes 4-5 of the"
                + " data set's first element name a VR: the transfer syntax likely disagrees with the data (Explicit VR)"),
                e.getMessage());
        // the meta says Explicit VR, the data set is implicit
        e = expect(Reason.INVALID_VR, SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, dataset(false)),
                "element (0008,0016) has bytes");
        assertTrue(e.getMessage().contains("says Explicit VR, but bytes 4-5 of the data set's first element name no VR"),
                e.getMessage());
        for (String m : new String[] {e.getMessage()}) {
            assertFalse(m.contains("DOE") || m.contains("1.2.3.4.5"), "no value in the message: " + m);
        }
        // an error in a file whose encoding agrees says nothing of the kind
        byte[] notOnlyZeros = padded(SyntheticDicom.part10(SyntheticDicom.EXPLICIT_LE, dataset(true)), 9);
        notOnlyZeros[notOnlyZeros.length - 1] = 1;
        assertFalse(expect(Reason.INVALID_VR, notOnlyZeros, "(0000,0000)").getMessage().contains("disagrees"));
    }

    private static String withoutGroup0000(String dump) {
        return String.join("\n", dump.lines().filter(l -> !l.startsWith("(0000,0000)")).toList()) + (dump.endsWith("\n") ? "\n" : "");
    }

    private static byte[] readAndWrite(java.io.InputStream in) throws Exception {
        try (in; DicomFile f = DicomReader.read(in, ReadOptions.DEFAULT)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DicomWriter.write(f, out, WriteOptions.DEFAULT);
            return out.toByteArray();
        }
    }

    /** Reading {@code file} from a path and from a stream fails with {@code reason} and a message containing {@code text}. */
    private DicomException expect(Reason reason, byte[] file, String text) throws Exception {
        DicomException last = null;
        for (boolean fromPath : new boolean[] {true, false}) {
            try (DicomFile f = fromPath ? DicomReader.read(Files.write(tmp.resolve("bad.dcm"), file))
                    : DicomReader.read(new ByteArrayInputStream(file), ReadOptions.DEFAULT)) {
                fail("read without error: " + f.dataset());
            } catch (DicomException e) {
                assertEquals(reason, e.reason(), e.getMessage());
                assertTrue(e.getMessage().contains(text), e.getMessage());
                last = e;
            }
        }
        return last;
    }
}
