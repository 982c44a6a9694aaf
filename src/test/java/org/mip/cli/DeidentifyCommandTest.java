package org.mip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.batch.Quarantine;
import org.mip.bench.CtCorpus;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.dict.ElementDictionary;
import org.mip.dicom.io.DicomWriter;
import org.mip.dicom.io.DicomReader;

/** {@code deidentify} in process: options, key, exit codes, what it prints and what it never prints. */
class DeidentifyCommandTest {
    static final String KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;
    Path in;
    Path out;
    Path keyFile;

    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    static Result execute(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void corpus() throws Exception {
        in = dir.resolve("in");
        out = dir.resolve("out");
        for (int p = 1; p <= 2; p++) {
            for (int n = 1; n <= 3; n++) {
                CtCorpus.writeSmall(in.resolve(CtCorpus.patientName(p) + "/" + CtCorpus.patientId(p) + "/IM" + n), p, 1, n);
            }
        }
        keyFile = dir.resolve("key");
        Files.writeString(keyFile, KEY + "\n");
        DeidentifyCommand.environment = Map.of();
    }

    @AfterEach
    void restoreEnvironment() {
        DeidentifyCommand.environment = System.getenv();
    }

    Result deidentify(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("deidentify", "--in", in.toString(), "--out", out.toString(),
                "--key-file", keyFile.toString()));
        args.addAll(List.of(extra));
        return execute(args.toArray(String[]::new));
    }

    static long count(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    static void assertNoPhi(Result r) {
        for (int p = 1; p <= 3; p++) {
            assertFalse(r.all().contains(CtCorpus.patientName(p)), r.all());
            assertFalse(r.all().contains("ZZTESTPATIENT"), r.all());
            assertFalse(r.all().contains(CtCorpus.patientId(p)), r.all());
        }
    }

    @Test
    void cleanRunExitsZeroWithASummary() throws Exception {
        Result r = deidentify();
        assertEquals(0, r.exit(), r.all());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("deidentify: 6 files, \\d+\\.\\d MB in \\d+\\.\\d s: \\d+\\.\\d files/s, "
                + "\\d+\\.\\d MB/s, \\d+ threads?"), lines.get(0));
        assertTrue(r.out().contains("  deidentified          6\n"), r.out());
        assertTrue(r.out().contains("  quarantined           0\n"), r.out());
        assertTrue(r.out().contains("  failed                0\n"), r.out());
        assertTrue(r.out().contains("profile basic, key fingerprint "), r.out());
        assertEquals(6, count(out));
        assertNoPhi(r);
    }

    @Test
    void aRefusalExitsOneAndIsNamedByItsHashUnlessKeepNames() throws Exception {
        Path bad = in.resolve(CtCorpus.patientName(1) + "/report.txt");
        Files.writeString(bad, "not DICOM at all");
        String rel = CtCorpus.patientName(1) + "/report.txt";
        Result r = deidentify("--progress", "none");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.out().contains("  quarantined           1  (in " + out.resolve("quarantine") + ")"), r.out());
        assertTrue(r.out().contains("    NOT_DICOM                             1\n"), r.out());
        String hash = Quarantine.nameOf(rel);
        assertEquals("deidentify: quarantined quarantine/" + hash + ": NOT_DICOM at parse: ", r.err().substring(0,
                r.err().indexOf("parse: ") + 7));
        assertNoPhi(r);
        assertTrue(Files.isRegularFile(out.resolve("quarantine/" + hash)));

        Result named = deidentify("--progress", "none", "--keep-names");
        assertEquals(1, named.exit());
        assertTrue(named.err().startsWith("deidentify: quarantined " + rel + " as quarantine/" + hash + ": NOT_DICOM"),
                named.err());
        assertTrue(Files.readString(out.resolve("quarantine/" + hash + ".reason.json")).contains("\"sourcePath\": \"" + rel + "\""));
    }

    @Test
    void quietPrintsOnlyTheSummary() throws Exception {
        Files.writeString(in.resolve("junk"), "junk");
        Result r = deidentify("-q");
        assertEquals(1, r.exit());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("deidentify: 7 files"), r.out());
    }

    @Test
    void theBarIsDrawnInPlaceAndClearedBeforeTheSummary() throws Exception {
        Result r = deidentify("--progress", "bar");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.err().contains("\r\033[K["), r.err());
        assertTrue(r.err().contains("files/s"), r.err());
        assertTrue(r.err().endsWith("\r\033[K"), "the bar is removed at the end: " + r.err());
        assertFalse(r.out().contains("\r"), r.out());
    }

    @Test
    void theKeyComesFromKeyFileThenEnvironmentThenDevKey() throws Exception {
        String fromFile = fingerprint(deidentify("-q"));

        DeidentifyCommand.environment = Map.of("MIP_DEID_KEY", KEY);
        Result env = execute("deidentify", "--in", in.toString(), "--out", dir.resolve("o2").toString(), "-q");
        assertEquals(0, env.exit(), env.all());
        assertEquals(fromFile, fingerprint(env));
        Result envOverDev = execute("deidentify", "--in", in.toString(), "--out", dir.resolve("o3").toString(), "-q",
                "--dev-key", dir.resolve("dev.key").toString());
        assertEquals(fromFile, fingerprint(envOverDev));
        assertTrue(envOverDev.err().contains("--dev-key ignored"), envOverDev.err());
        assertFalse(Files.exists(dir.resolve("dev.key")));

        DeidentifyCommand.environment = Map.of();
        Result dev = execute("deidentify", "--in", in.toString(), "--out", dir.resolve("o4").toString(), "-q",
                "--dev-key", dir.resolve("dev.key").toString());
        assertEquals(0, dev.exit(), dev.all());
        assertTrue(dev.err().startsWith("deidentify: WARNING: USING A DEVELOPMENT KEY"), dev.err());
        assertTrue(Files.exists(dir.resolve("dev.key")));
        assertFalse(dev.all().contains(Files.readString(dir.resolve("dev.key")).strip()), "the key itself is never printed");
        Result devAgain = execute("deidentify", "--in", in.toString(), "--out", dir.resolve("o5").toString(), "-q",
                "--dev-key", dir.resolve("dev.key").toString());
        assertEquals(fingerprint(dev), fingerprint(devAgain), "the development key is kept and reused");
    }

    private static String fingerprint(Result r) {
        int i = r.out().indexOf("key fingerprint ");
        assertTrue(i >= 0, r.out());
        return r.out().substring(i + 16, i + 28);
    }

    @Test
    void noKeyIsAUsageErrorThatSaysWhatToDo() {
        Result r = execute("deidentify", "--in", in.toString(), "--out", out.toString());
        assertEquals(2, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("no de-identification key: set MIP_DEID_KEY"), r.err());
        assertTrue(r.err().contains("--dev-key FILE"), r.err());
        assertFalse(Files.exists(out), "nothing written without a key");
    }

    @Test
    void usageErrorsExitTwoWithOneLine() throws Exception {
        Files.writeString(dir.resolve("short.key"), "c2hvcnQ=");
        Files.writeString(dir.resolve("bad.yaml"), "name: x\noptions:\n  - retain-everything\n");
        List<List<String>> cases = List.of(
                List.of("deidentify"),
                List.of("deidentify", "--in", in.toString()),
                List.of("deidentify", "--in", in.toString(), "--out", out.toString(), "--key-file", keyFile.toString(), "--threads", "0"),
                List.of("deidentify", "--in", in.toString(), "--out", out.toString(), "--key-file", keyFile.toString(), "--progress", "loud"),
                List.of("deidentify", "--in", in.toString(), "--out", in.resolve("out").toString(), "--key-file", keyFile.toString()),
                List.of("deidentify", "--in", dir.resolve("absent").toString(), "--out", out.toString(), "--key-file", keyFile.toString()),
                List.of("deidentify", "--in", in.toString(), "--out", out.toString(), "--key-file", dir.resolve("short.key").toString()),
                List.of("deidentify", "--in", in.toString(), "--out", out.toString(), "--key-file", dir.resolve("nokey").toString()),
                List.of("deidentify", "--in", in.toString(), "--out", out.toString(), "--key-file", keyFile.toString(),
                        "--profile", "no-such-profile"));
        for (List<String> args : cases) {
            Result r = execute(args.toArray(String[]::new));
            assertEquals(2, r.exit(), args + ": " + r.all());
            assertEquals(1, r.err().lines().count(), args + ": " + r.err());
            // one prefix style, and a hint naming the launcher that is on hand (issue 16)
            assertTrue(r.err().startsWith("deidentify: "), args + ": " + r.err());
            assertTrue(r.err().strip().endsWith(" (see 'bin/mip deidentify --help')"), args + ": " + r.err());
            assertFalse(r.err().contains("medical-imaging-pipeline"), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            assertFalse(Files.exists(in.resolve("out")), "nothing is created inside the input tree");
        }
        Result profile = execute("deidentify", "--in", in.toString(), "--out", out.toString(), "--key-file", keyFile.toString(),
                "--profile", dir.resolve("bad.yaml").toString());
        assertEquals(2, profile.exit(), profile.all());
        assertEquals("deidentify: bad.yaml:3:5: unknown option \"retain-everything\"",
                profile.err().lines().findFirst().orElseThrow().replaceAll("; allowed: .*", ""), profile.err());
        Result noProfile = execute("deidentify", "--in", in.toString(), "--out", out.toString(), "--key-file", keyFile.toString(),
                "--profile", "no-such-profile");
        assertTrue(noProfile.err().startsWith("deidentify: cannot read the profile no-such-profile: no such file (built-in profiles: basic, research)"),
                noProfile.err());
        Result shortKey = execute("deidentify", "--in", in.toString(), "--out", out.toString(), "--key-file",
                dir.resolve("short.key").toString());
        assertTrue(shortKey.err().contains("at least 32 bytes"), shortKey.err());
        Result noKey = execute("deidentify", "--in", in.toString(), "--out", out.toString(), "--key-file",
                dir.resolve("nokey").toString());
        assertEquals("deidentify: cannot read the de-identification key file " + dir.resolve("nokey")
                + ": no such file (see 'bin/mip deidentify --help')\n", noKey.err(), "the path once, and why");
    }

    /**
     * The profile's scan-seconds, on the real detectors: an ultrasound cine of pixel noise (text
     * everywhere to them: about 2 s of CPU per 640x480 frame) under a 1 s budget is quarantined with
     * the reason, and the rest of the run goes on.
     */
    private static final ElementDictionary DICT = ElementDictionary.standard();

    @Test
    void aScanPastTheProfilesSecondsIsQuarantinedAndTheRunGoesOn() throws Exception {
        Dataset ds = CtCorpus.slice(1, 2, 1);
        ds.setString(Tag.SOP_CLASS_UID, VR.UI, "1.2.840.10008.5.1.4.1.1.3.1");
        ds.setString(DICT.tagOf("Modality"), VR.CS, "US");
        ds.setString(DICT.tagOf("PhotometricInterpretation"), VR.CS, "MONOCHROME2");
        ds.setString(DICT.tagOf("NumberOfFrames"), VR.IS, "4");
        for (String k : List.of("BitsAllocated", "BitsStored")) {
            ds.setInts(DICT.tagOf(k), VR.US, 8);
        }
        ds.setInts(DICT.tagOf("HighBit"), VR.US, 7);
        ds.setInts(DICT.tagOf("Rows"), VR.US, 480);
        ds.setInts(DICT.tagOf("Columns"), VR.US, 640);
        for (String k : List.of("RescaleSlope", "RescaleIntercept", "WindowCenter", "WindowWidth")) {
            ds.remove(DICT.tagOf(k));
        }
        byte[] noise = new byte[4 * 480 * 640];
        new java.util.Random(7).nextBytes(noise);
        ds.put(new ValueElement(Tag.PIXEL_DATA, VR.OB, noise));
        DicomWriter.write(CtCorpus.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                Files.createDirectories(in.resolve("noise")).resolve("US1"));
        Path profile = Files.writeString(dir.resolve("quick.yaml"), "burned-in: {scan-seconds: 1}\n");

        Result r = deidentify("--progress", "none", "--profile", profile.toString());
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.out().contains("  deidentified          6\n"), r.out());
        assertTrue(r.out().contains("    BURNED_IN_SCAN_TOO_LONG               1\n"), r.out());
        String hash = Quarantine.nameOf("noise/US1");
        assertTrue(r.err().contains("quarantined quarantine/" + hash + ": BURNED_IN_SCAN_TOO_LONG at deidentify: the scan used "),
                r.err());
        assertTrue(r.err().contains("more than the profile allows (scan-seconds: 1)"), r.err());
        assertNoPhi(r);
    }

    @Test
    void everyProfileProblemIsALineOfItsOwn() throws Exception {
        Path bad = Files.writeString(dir.resolve("typos.yaml"),
                "name: t\noptions: [retain-uid, clean-descriptor]\nattributes:\n  PatientsAge: keep\n");
        Result r = deidentify("--profile", bad.toString());
        assertEquals(2, r.exit(), r.all());
        List<String> lines = r.err().lines().toList();
        assertEquals(3, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("deidentify: typos.yaml:2:11: unknown option \"retain-uid\""), lines.get(0));
        assertTrue(lines.get(1).startsWith("deidentify: typos.yaml:2:23: unknown option \"clean-descriptor\""), lines.get(1));
        assertTrue(lines.get(2).startsWith("deidentify: typos.yaml:4:3: unknown attribute keyword \"PatientsAge\""), lines.get(2));
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void helpListsTheOptionsAndExitCodes() {
        Result r = execute("deidentify", "--help");
        assertEquals(0, r.exit());
        for (String s : List.of("--in", "--out", "--profile", "--threads", "--key-file", "--dev-key", "--keep-names",
                "--progress", "--quiet", "Exit codes:", "MIP_DEID_KEY")) {
            assertTrue(r.out().contains(s), s + " in " + r.out());
        }
        assertTrue(execute("--help").out().contains("deidentify"));
    }

    @Test
    void aSingleFileCanBeGiven() throws Exception {
        Path one;
        try (Stream<Path> s = Files.walk(in)) {
            one = s.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        Result r = execute("deidentify", "--in", one.toString(), "--out", out.toString(), "--key-file", keyFile.toString());
        assertEquals(0, r.exit(), r.all());
        assertEquals(1, count(out));
    }

    @Test
    void theSamplesFolderDeidentifiesOrIsQuarantinedWithReasons() throws Exception {
        String samples = System.getProperty("mip.samples");
        Assumptions.assumeTrue(samples != null && Files.isDirectory(Path.of(samples)), "samples not present");
        Result r = execute("deidentify", "--in", samples, "--out", out.toString(), "--key-file", keyFile.toString(),
                "--progress", "none");
        assertEquals(1, r.exit(), "some samples are refused on purpose: " + r.all());
        long inputs;
        try (Stream<Path> s = Files.walk(Path.of(samples))) {
            inputs = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
        long outputs;
        long quarantined;
        try (Stream<Path> s = Files.walk(out)) {
            List<Path> all = s.filter(Files::isRegularFile).toList();
            quarantined = all.stream().filter(p -> p.getParent().endsWith("quarantine") && !p.toString().endsWith(".json")).count();
            outputs = all.stream().filter(p -> !p.toString().contains("/quarantine/")).count();
            for (Path p : all) {
                if (!p.toString().contains("/quarantine/")) {
                    try (DicomFile f = DicomReader.read(p)) {
                        assertTrue(p.toString().endsWith(f.dataset().getString(org.mip.dicom.Tag.SOP_INSTANCE_UID) + ".dcm"));
                    }
                }
            }
        }
        assertTrue(outputs > 0);
        assertTrue(quarantined > 0);
        String summary = r.out();
        long duplicates = Long.parseLong(summary.replaceAll("(?s).*  duplicate +(\\d+).*", "$1"));
        assertEquals(inputs, outputs + quarantined + duplicates, summary);
        for (Path p : Files.list(Path.of(samples)).toList()) {
            assertFalse(r.all().contains(p.getFileName().toString()), "input names are not printed: " + p.getFileName());
        }
    }
}
