package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mip.bench.CtCorpus;
import org.mip.deid.profile.Profile;
import org.mip.deid.profile.ProfileLoader;
import org.mip.deid.profile.SafePrivateElement;
import org.mip.deid.pseudo.Pseudonymizer;
import org.mip.deid.text.TextScrubbers;
import org.mip.dicom.DicomException;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.ValueElement;
import org.mip.testing.Samples;

/**
 * Pins the de-identifier's output byte for byte: every shared sample and every generated corpus
 * instance, through five profiles that between them reach every branch of the walk (the built-in
 * basic and research profiles, every Retain option with safe private elements, every Clean option
 * with an organisation UID root, and an override of every action). Each line of the golden files
 * is the SHA-256 of the written output with its size, object key, options and counts (with what the
 * default for unlisted attributes changed, by keyword), or the refusal code. A refactoring of the engine must leave them unchanged; a change of behaviour
 * regenerates them ({@code -Dmip.golden.update=true}) and says why in its commit.
 *
 * <p>The header walk is what this pins: the pixel stage is the tests' stand-in (never refuses,
 * never redacts), so a change of the burned-in policy does not move these outputs; the text
 * cleaner is the product's own.
 */
class GoldenOutputsTest {
    private static final Path SOURCE_DIR = Path.of("src/test/resources/org/mip/deid/golden");
    private static final String VERSION = "golden-1";

    /** Profiles by name, in the order of the golden files. */
    static Map<String, Profile> profiles() {
        Map<String, Profile> p = new LinkedHashMap<>();
        p.put("basic", ProfileLoader.builtIn("basic"));
        p.put("research", ProfileLoader.builtIn("research"));
        // built directly: the loader refuses a safe sequence, but the walk must still handle one given in code
        DeidKit.ProfileBuilder retain = DeidKit.profile(DeidOption.RETAIN_UIDS, DeidOption.RETAIN_DEVICE_IDENTITY,
                DeidOption.RETAIN_INSTITUTION_IDENTITY, DeidOption.RETAIN_PATIENT_CHARACTERISTICS,
                DeidOption.RETAIN_LONGITUDINAL_FULL_DATES, DeidOption.RETAIN_SAFE_PRIVATE).name("retain");
        retain.safe(new SafePrivateElement("ACME PHI 1.0", 0x0009, 0x01, VR.LO));
        retain.safe(new SafePrivateElement("ACME PHI 1.0", 0x0009, 0x03, VR.DA));
        retain.safe(new SafePrivateElement("ACME PHI 1.0", 0x0009, 0x05, VR.UI));
        retain.safe(new SafePrivateElement("ACME PHI 1.0", 0x0009, 0x10, VR.SQ));
        retain.safe(new SafePrivateElement("ACME NESTED", 0x0009, 0x01, VR.LO));
        retain.safe(new SafePrivateElement("SIEMENS CSA HEADER", -1, 0x08, VR.CS));
        retain.safe(new SafePrivateElement("GEMS_IDEN_01", 0x0009, 0x01, VR.LO));
        p.put("retain", retain.build());
        p.put("clean", ProfileLoader.loadString("""
                name: clean
                options: [retain-longitudinal-modified-dates, clean-descriptors, clean-structured-content,
                          clean-graphics]
                uid-root: "1.2.826.0.1.3680043.10.9"
                date-shift: {min-days: 30, max-days: 400}
                pseudonyms:
                  patient-id: "P{hash:10}"
                  patient-name: "SUBJECT^{hash:6}"
                  accession-number: "A{hash:8}"
                  study-id: "ST{hash:6}"
                """, "clean.yaml"));
        p.put("overrides", ProfileLoader.loadString("""
                name: overrides
                options: [retain-longitudinal-modified-dates]
                attributes:
                  StudyDescription: {constant: "RESEARCH"}
                  PatientSex: keep
                  PatientAge: keep
                  PatientWeight: remove
                  AccessionNumber: empty
                  InstitutionName: pseudonymise
                  ReferringPhysicianName: pseudonymise
                  StationName: {constant: "STATION"}
                  SeriesDescription: clean
                  ImageComments: clean
                  ContentDate: shift-date
                  AcquisitionDateTime: shift-date
                  StudyTime: keep
                  FrameOfReferenceUID: keep
                  ReferencedImageSequence: keep
                  OperatorsName: remove
                  PatientID: {constant: "SUBJECT-1"}
                """, "overrides.yaml"));
        return p;
    }

    static Deidentifier deidentifier(Profile profile) {
        return new Deidentifier(profile, new Pseudonymizer(DeidKit.KEY, profile.uidRoot()),
                TextScrubbers.forProfile(profile), DeidKit.PIXELS, VERSION);
    }

    /** The generated instances: the PHI corpus in every native syntax and character set, and CT slices. */
    static Map<String, byte[]> corpora() throws Exception {
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        for (TransferSyntax ts : List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)) {
            for (PhiCorpus.Charset cs : PhiCorpus.Charset.values()) {
                inputs.put("phi-" + ts.name() + "-" + cs, DeidKit.write(new PhiCorpus(ts, cs).build()));
            }
        }
        for (int[] s : new int[][] {{1, 1, 1}, {1, 2, 7}, {2, 1, 3}}) {
            Dataset ds = CtCorpus.slice(s[0], s[1], s[2]);
            byte[] px = new byte[8 * 8 * 2];
            for (int i = 0; i < px.length; i++) {
                px[i] = (byte) (i * 31 + s[2]);
            }
            ds.setInts(Tag.of(0x0028, 0x0010), VR.US, 8);
            ds.setInts(Tag.of(0x0028, 0x0011), VR.US, 8);
            ds.put(new ValueElement(Tag.PIXEL_DATA, VR.OW, px));
            inputs.put("ct-" + s[0] + "-" + s[1] + "-" + s[2], DeidKit.write(CtCorpus.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)));
        }
        for (UnlistedCorpus.Charset cs : UnlistedCorpus.Charset.values()) {
            for (Map.Entry<String, DicomFile> f : new UnlistedCorpus(cs).build().entrySet()) {
                inputs.put("unlisted-" + cs + "-" + f.getKey(), DeidKit.write(f.getValue()));
            }
        }
        return inputs;
    }

    @Test
    void generatedCorporaAreDeidentifiedAsPinned() throws Exception {
        Map<String, Profile> profiles = profiles();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, byte[]> input : corpora().entrySet()) {
            for (Map.Entry<String, Profile> p : profiles.entrySet()) {
                lines.add(p.getKey() + " " + input.getKey() + " " + outcome(deidentifier(p.getValue()), input.getValue()));
            }
        }
        check("corpora.txt", lines);
    }

    @Test
    void sharedSamplesAreDeidentifiedAsPinned() throws Exception {
        Path dir = Samples.dir();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".dcm") || f.getFileName().toString().equals("DICOMDIR"))
                    .sorted().toList();
        }
        assertTrue(files.size() >= 40, "expected the 45 shared samples, found " + files.size());
        Map<String, Profile> profiles = profiles();
        List<String> lines = new ArrayList<>();
        for (Path f : files) {
            byte[] input = Files.readAllBytes(f);
            for (Map.Entry<String, Profile> p : profiles.entrySet()) {
                lines.add(p.getKey() + " " + f.getFileName() + " " + outcome(deidentifier(p.getValue()), input));
            }
        }
        check("samples.txt", lines);
    }

    /** One line: what de-identifying {@code input} produced. */
    static String outcome(Deidentifier deid, byte[] input) throws Exception {
        DicomFile file;
        try {
            file = DeidKit.read(input);
        } catch (DicomException e) {
            return "unreadable " + e.reason();
        }
        try (file) {
            DeidResult r;
            try {
                r = deid.deidentify(file);
            } catch (DeidRefusal refusal) {
                return "refused " + refusal.code();
            }
            byte[] output = DeidKit.write(file);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(output));
            String options = r.options().stream().map(DeidOption::code).collect(Collectors.joining(","));
            DeidResult.Stats s = r.stats();
            return "sha256=" + sha + " bytes=" + output.length + " key=" + r.objectKey() + " options=" + options
                    + " stats=" + s.removed() + "/" + s.emptied() + "/" + s.replaced() + "/" + s.uidsMapped() + "/"
                    + s.datesShifted() + "/" + s.textsCleaned() + (s.unlisted().isEmpty() ? "" : " unlisted: " + s.unlisted());
        }
    }

    /** Compares with the golden file, or writes it under -Dmip.golden.update=true. */
    private static void check(String name, List<String> lines) throws IOException {
        String actual = String.join("\n", lines) + "\n";
        if (Boolean.getBoolean("mip.golden.update")) {
            Files.createDirectories(SOURCE_DIR);
            Files.writeString(SOURCE_DIR.resolve(name), actual, StandardCharsets.UTF_8);
            return;
        }
        String expected;
        try (InputStream in = GoldenOutputsTest.class.getResourceAsStream("golden/" + name)) {
            assertTrue(in != null, "no golden file " + name + ": run once with -Dmip.golden.update=true");
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> want = expected.lines().toList();
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < Math.max(want.size(), lines.size()); i++) {
            String w = i < want.size() ? want.get(i) : "(none)";
            String a = i < lines.size() ? lines.get(i) : "(none)";
            if (!w.equals(a)) {
                differ.add("expected " + w + "\n     got " + a);
            }
        }
        assertEquals(List.of(), differ, differ.size() + " outputs differ from golden/" + name);
    }
}
