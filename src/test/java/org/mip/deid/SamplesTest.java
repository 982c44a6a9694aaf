package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mip.deid.DeidKit.tag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.mip.dicom.DicomException;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.io.DicomReader;
import org.mip.dicom.io.DicomWriter;
import org.mip.testing.Pydicom;
import org.mip.testing.Samples;
import org.mip.testing.Tools;

/**
 * Every sample the codec reads is de-identified with the Basic profile, or refused with a clear
 * code; every output reads without error in dcmtk and pydicom, holds none of the input's
 * identifying values, and dciodvfy finds no error in it that it did not find in the input
 * (values in {@code = <...>} ignored: UIDs and names legitimately change). A summary goes to
 * {@code target/deid-samples-report.txt}.
 */
class SamplesTest {
    static final List<String> IDENTIFYING = List.of("PatientName", "PatientID", "OtherPatientIDs", "PatientBirthDate",
            "AccessionNumber", "StudyID", "ReferringPhysicianName", "InstitutionName", "InstitutionAddress", "StationName",
            "DeviceSerialNumber", "OperatorsName", "PerformingPhysicianName", "StudyInstanceUID", "SeriesInstanceUID",
            "SOPInstanceUID", "FrameOfReferenceUID", "StudyDate", "SeriesDate", "ContentDate", "AcquisitionDate");

    @TempDir
    static Path out;

    static final List<Path> outputs = Collections.synchronizedList(new ArrayList<>());
    static final TreeMap<String, String> report = new TreeMap<>();

    static Path samples() {
        return Samples.dir();
    }

    @TestFactory
    Stream<DynamicTest> everySample() throws IOException {
        Path dir = samples();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".dcm") || p.getFileName().toString().equals("DICOMDIR"))
                    .sorted().toList();
        }
        Deidentifier basic = DeidKit.deidentifier(DeidKit.profile().build());
        // the clean options and shifted dates, with a stand-in cleaner that removes the instance's own identifying values
        org.mip.deid.profile.Profile cleanProfile = DeidKit.profile(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES,
                DeidOption.CLEAN_DESCRIPTORS, DeidOption.CLEAN_STRUCTURED_CONTENT, DeidOption.CLEAN_GRAPHICS,
                DeidOption.RETAIN_PATIENT_CHARACTERISTICS).name("clean").build();
        Deidentifier clean = new Deidentifier(cleanProfile, new org.mip.deid.pseudo.Pseudonymizer(DeidKit.KEY, "2.25"),
                ds -> DeidKit.scrubbers(identifyingValues(ds)).apply(ds), DeidKit.PIXELS, "test-1");
        Stream<DynamicTest> each = Stream.concat(
                files.stream().map(f -> DynamicTest.dynamicTest("basic " + f.getFileName(), () -> sample("basic", basic, f))),
                files.stream().map(f -> DynamicTest.dynamicTest("clean " + f.getFileName(), () -> sample("clean", clean, f))));
        Stream<DynamicTest> last = Stream.of(DynamicTest.dynamicTest("pydicom reads every output", SamplesTest::pydicom),
                DynamicTest.dynamicTest("report", SamplesTest::writeReport));
        return Stream.concat(each, last);
    }

    static final java.util.Map<Path, Set<String>> inputErrors = new java.util.concurrent.ConcurrentHashMap<>();

    static void sample(String profile, Deidentifier deid, Path input) throws Exception {
        String name = profile + " " + input.getFileName().toString();
        DicomFile file;
        try {
            file = DicomReader.read(input);
        } catch (DicomException e) {
            report.put(name, "unreadable by the codec (" + e.getMessage() + "): not de-identified");
            return;
        }
        try (file) {
            Set<String> identifying = identifyingValues(file.dataset());
            DeidResult result;
            try {
                result = deid.deidentify(file);
            } catch (DeidRefusal r) {
                assertTrue(r.code().matches("[A-Z_]+"), r.code());
                assertFalse(r.getMessage().isBlank());
                if (input.getFileName().toString().equals("DICOMDIR")) {
                    assertEquals("MISSING_ATTRIBUTE", r.code());
                }
                report.put(name, "refused " + r.code() + ": " + r.getMessage());
                return;
            }
            Path output = out.resolve(profile + "-" + input.getFileName() + (name.endsWith(".dcm") ? "" : ".dcm"));
            DicomWriter.write(file, output);
            outputs.add(output);

            byte[] plain = DeidKit.plain(Files.readAllBytes(output));
            for (String value : identifying) {
                assertTrue(DeidKit.indexOf(plain, value.getBytes(StandardCharsets.ISO_8859_1)) < 0,
                        name + ": identifying value left: " + value);
            }
            try (DicomFile written = DicomReader.read(output); DicomFile original = DicomReader.read(input)) {
                assertEquals(result.sopInstanceUid(), written.meta().getString(org.mip.dicom.Tag.MEDIA_STORAGE_SOP_INSTANCE_UID));
                assertEquals(pixels(original.dataset()), pixels(written.dataset()), name + ": pixel data byte-identical");
            }

            String verdict = "de-identified (" + result.stats() + ")";
            if (Files.isExecutable(Tools.DCMDUMP)) {
                Tools.Result dump = Tools.dcmdump(output);
                assertEquals(0, dump.exit(), name + ": dcmdump failed:\n" + dump.output());
                assertFalse(dump.output().lines().anyMatch(l -> l.startsWith("E:")), name + ": dcmdump errors:\n" + dump.output());
            }
            if (Files.isExecutable(Tools.DCIODVFY)) {
                Path original = input;
                Path checked = output;
                if (file.transferSyntax().deflated()) {
                    // This dciodvfy does not inflate Deflated data sets (neither this sample nor
                    // dcmtk's deflated files): compare both data sets re-encoded in Explicit VR LE.
                    original = explicitCopy(input, out.resolve(input.getFileName() + ".input"));
                    checked = explicitCopy(output, output);
                    verdict += "; dciodvfy on Explicit VR LE copies";
                }
                Path o = original;
                Set<String> before = inputErrors.computeIfAbsent(input, k -> {
                    try {
                        return errors(Tools.dciodvfy(o).output());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Set<String> after = errors(Tools.dciodvfy(checked).output());
                Set<String> added = new LinkedHashSet<>(after);
                added.removeAll(before);
                Set<String> gone = new LinkedHashSet<>(before);
                gone.removeAll(after);
                verdict += "; dciodvfy errors " + before.size() + " -> " + after.size() + " (new " + added.size()
                        + ", gone " + gone.size() + ")";
                report.put(name, verdict + (gone.isEmpty() ? "" : "\n    gone: " + String.join("\n    gone: ", gone)));
                assertEquals(Set.of(), added, name + ": dciodvfy finds new errors");
            } else {
                report.put(name, verdict);
            }
        }
    }

    /** The pixel data as hex digests: the native value, or every fragment (offset table included). */
    static List<String> pixels(Dataset ds) throws Exception {
        List<String> out = new ArrayList<>();
        org.mip.dicom.data.Element e = ds.get(org.mip.dicom.Tag.PIXEL_DATA);
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        if (e instanceof org.mip.dicom.data.ValueElement v) {
            out.add(java.util.HexFormat.of().formatHex(sha.digest(v.bytes())));
        } else if (e instanceof org.mip.dicom.data.BulkElement b) {
            out.add(java.util.HexFormat.of().formatHex(sha.digest(b.data().readAll())));
        } else if (e instanceof org.mip.dicom.data.FragmentsElement f) {
            for (org.mip.dicom.data.BulkData frag : f.fragments()) {
                out.add(java.util.HexFormat.of().formatHex(sha.digest(frag.readAll())));
            }
        }
        return out;
    }

    static Path explicitCopy(Path deflated, Path base) throws Exception {
        Path copy = base.resolveSibling(base.getFileName() + ".explicit.dcm");
        try (DicomFile f = DicomReader.read(deflated)) {
            Dataset meta = f.meta();
            meta.setString(org.mip.dicom.Tag.TRANSFER_SYNTAX_UID, org.mip.dicom.VR.UI,
                    org.mip.dicom.TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
            DicomFile explicit = new DicomFile(f.preamble(), meta, f.dataset(),
                    org.mip.dicom.TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false, -1, List.of());
            DicomWriter.write(explicit, copy);
        }
        return copy;
    }

    /**
     * Values of identifying attributes at the top level, long enough to search for without false
     * hits (a value that is also the manufacturer's name, kept by the standard, is not searched).
     */
    static Set<String> identifyingValues(Dataset ds) {
        Set<String> out = new LinkedHashSet<>();
        Set<String> kept = new java.util.HashSet<>();
        for (String k : List.of("Manufacturer", "ManufacturerModelName")) {
            if (ds.getString(tag(k)) != null) {
                kept.add(ds.getString(tag(k)));
            }
        }
        for (String k : IDENTIFYING) {
            if (ds.get(tag(k)) instanceof org.mip.dicom.data.ValueElement v && v.vr() != org.mip.dicom.VR.UN) {
                String raw = new String(v.bytes(), StandardCharsets.ISO_8859_1).replace("\0", "").strip();
                if (raw.length() >= 4 && !raw.startsWith("1.2.840.10008.") && kept.stream().noneMatch(m -> m.contains(raw))) {
                    out.add(raw);
                }
            }
        }
        return out;
    }

    /** dciodvfy's error lines, values in "= <...>" removed. */
    static Set<String> errors(String output) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : output.lines().toList()) {
            if (line.startsWith("Error")) {
                out.add(line.replaceAll("= <[^>]*>", "= <>").strip());
            }
        }
        return out;
    }

    static void pydicom() throws Exception {
        assumeTrue(!outputs.isEmpty(), "no output");
        List<String> lines = Pydicom.read(new ArrayList<>(outputs));
        assertEquals(outputs.size(), lines.size(), lines.toString());
        List<String> failed = lines.stream().filter(l -> l.startsWith("FAIL")).toList();
        assertEquals(List.of(), failed);
    }

    static void writeReport() throws IOException {
        StringBuilder sb = new StringBuilder("De-identification of the samples: basic = Basic profile; clean = Modified Dates,"
                + " Clean Descriptors/Structured Content/Graphics, Retain Patient Characteristics\n\n");
        report.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("deid-samples-report.txt"), sb.toString());
        }
        System.out.println(sb);
    }
}
