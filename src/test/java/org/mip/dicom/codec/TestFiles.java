package org.mip.dicom.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.io.DicomReader;
import org.mip.dicom.io.DicomWriter;
import org.mip.testing.Samples;

/** Test support: shared samples (skipped when absent), external tools (skipped when absent), synthetic files. */
public final class TestFiles {
    private TestFiles() {
    }

    /** A file of the shared sample folder; the test is skipped when the folder is absent. */
    public static Path sample(String name) {
        return Samples.get(name);
    }

    /** Skips the test when {@code tool} is not on the PATH. */
    public static void requireTool(String tool) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                found = true;
                break;
            }
        }
        assumeTrue(found, tool + " not installed");
    }

    /** Runs a command (tool required on PATH) and fails the test unless it exits 0; returns its stdout. */
    public static String run(String... command) throws IOException, InterruptedException {
        requireTool(command[0]);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command[0] + " timed out");
        }
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed:\n" + new String(out));
        return new String(out);
    }

    /** Runs a pydicom script under /usr/bin/python3 with numpy; skipped when either is missing. */
    public static String python(String script, String... args) throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        Process probe = new ProcessBuilder(python.toString(), "-c", "import pydicom, numpy")
                .redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0, "pydicom or numpy not importable");
        List<String> command = new ArrayList<>(List.of(python.toString(), "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertEquals(true, p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), () -> "python failed:\n" + new String(out));
        return new String(out);
    }

    /** A Part 10 file around {@code dataset}, with a minimal meta group. */
    public static DicomFile file(TransferSyntax ts, Dataset dataset) {
        Dataset meta = new Dataset(false);
        meta.put(new ValueElement(0x00020001, VR.OB, new byte[] {0, 1}));
        String sopClass = dataset.getString(Tag.SOP_CLASS_UID);
        meta.setString(Tag.MEDIA_STORAGE_SOP_CLASS_UID, VR.UI, sopClass != null ? sopClass : "1.2.840.10008.5.1.4.1.1.7");
        String sopInstance = dataset.getString(Tag.SOP_INSTANCE_UID);
        meta.setString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, VR.UI, sopInstance != null ? sopInstance : "2.25.1");
        meta.setString(Tag.TRANSFER_SYNTAX_UID, VR.UI, ts.uid());
        meta.setString(0x00020012, VR.UI, "2.25.42");
        return new DicomFile(new byte[128], meta, dataset, ts, false, -1, List.of());
    }

    public static Path write(DicomFile file, Path path) throws Exception {
        DicomWriter.write(file, path);
        return path;
    }

    public static DicomFile read(Path path) throws Exception {
        return DicomReader.read(path);
    }

    /** The bytes of native Pixel Data (held in memory or by reference). */
    public static byte[] nativePixels(DicomFile file) throws IOException {
        Element e = file.dataset().get(Tag.PIXEL_DATA);
        if (e instanceof ValueElement v) {
            return v.bytes();
        }
        return ((BulkElement) e).data().readAll();
    }

    /** Every frame of RLE Pixel Data, decoded. */
    public static List<byte[]> rleFrames(DicomFile file, FrameFormat format, int frames) throws Exception {
        FragmentsElement f = (FragmentsElement) file.dataset().get(Tag.PIXEL_DATA);
        List<byte[]> out = new ArrayList<>();
        for (List<BulkData> frame : EncapsulatedFrames.split(file.dataset(), f, frames)) {
            out.add(RleCodec.decodeFrame(EncapsulatedFrames.read(frame), format));
        }
        return out;
    }

    /** Decodes an RLE file with dcmtk's dcmdrle and returns the native pixel data it wrote. */
    public static byte[] dcmdrle(Path rle, Path dir) throws Exception {
        Path out = dir.resolve(rle.getFileName() + ".native.dcm");
        run("dcmdrle", rle.toString(), out.toString());
        try (DicomFile f = read(out)) {
            return nativePixels(f).clone();
        }
    }

    /** Decodes a compressed file with GDCM's gdcmconv --raw and returns the native pixel data it wrote. */
    public static byte[] gdcmRaw(Path compressed, Path dir) throws Exception {
        Path out = dir.resolve(compressed.getFileName() + ".gdcm.dcm");
        run("gdcmconv", "--raw", compressed.toString(), out.toString());
        try (DicomFile f = read(out)) {
            return nativePixels(f).clone();
        }
    }

    public static byte[] concat(List<byte[]> parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
