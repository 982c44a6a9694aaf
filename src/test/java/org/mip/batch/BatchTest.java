package org.mip.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.bench.CtCorpus;
import org.mip.deid.Deidentifiers;
import org.mip.deid.profile.ProfileLoader;
import org.mip.deid.pseudo.DeidKey;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.dict.ElementDictionary;
import org.mip.dicom.io.DicomReader;
import org.mip.validate.ValidationPolicy;
import org.mip.validate.Validator;

/** A batch over synthetic CT files: where outputs go, what goes to quarantine and how, duplicates, re-runs. */
class BatchTest {
    static final DeidKey KEY = DeidKey.of("batch-test-key-0123456789abcdef-0123".getBytes(StandardCharsets.US_ASCII));
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Outcomes as the listener saw them, by relative input path. */
    static final class Seen implements Batch.Listener {
        final Map<String, Outcome> outcomes = Collections.synchronizedMap(new TreeMap<>());

        @Override
        public void outcome(InputTree.Entry input, Outcome outcome) {
            outcomes.put(input.relative(), outcome);
        }
    }

    static Tally run(Path in, Path out, int threads, boolean keepNames, ValidationPolicy policy, Seen seen) throws Exception {
        Batch batch = new Batch(new Batch.Config(in, out, threads, keepNames, "test"),
                work -> Deidentifiers.create(ProfileLoader.builtIn("basic"), KEY, "test", work, org.mip.testing.Scanning.engine()), new Validator(policy), seen);
        return batch.run();
    }

    static Tally run(Path in, Path out, Seen seen) throws Exception {
        return run(in, out, 2, false, ValidationPolicy.PERMISSIVE, seen);
    }

    /** Two patients, two series each: 8 small CT files in a PACS-like tree with PHI in the folder names. */
    Path corpus() throws Exception {
        Path in = dir.resolve("in");
        for (int p = 1; p <= 2; p++) {
            for (int s = 1; s <= 2; s++) {
                for (int n = 1; n <= 2; n++) {
                    CtCorpus.writeSmall(in.resolve(CtCorpus.patientName(p) + "/study/series" + s + "/IM" + n), p, s, n);
                }
            }
        }
        return in;
    }

    static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static Map<String, byte[]> contents(Path root) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        for (Path p : files(root)) {
            m.put(root.relativize(p).toString(), Files.readAllBytes(p));
        }
        return m;
    }

    static int tag(String keyword) {
        return ElementDictionary.standard().tagOf(keyword);
    }

    @Test
    void eachOutputIsFiledUnderItsPseudonymStudySeriesAndInstance() throws Exception {
        Path in = corpus();
        Map<String, byte[]> before = contents(in);
        Path out = dir.resolve("out");
        Seen seen = new Seen();
        Tally t = run(in, out, seen);

        assertEquals(8, t.count(Outcome.Kind.DEIDENTIFIED));
        assertFalse(t.anyProblem());
        assertEquals(8, t.doneFiles());
        assertEquals(before.values().stream().mapToLong(b -> b.length).sum(), t.doneBytes());
        List<Path> outputs = files(out);
        assertEquals(8, outputs.size(), outputs.toString());
        Set<String> patients = new java.util.TreeSet<>();
        for (Path o : outputs) {
            Path rel = out.relativize(o);
            assertEquals(4, rel.getNameCount(), rel.toString());
            try (DicomFile f = DicomReader.read(o)) {
                Dataset ds = f.dataset();
                assertEquals(rel.getName(0).toString(), ds.getString(tag("PatientID")));
                assertEquals(rel.getName(1).toString(), ds.getString(tag("StudyInstanceUID")));
                assertEquals(rel.getName(2).toString(), ds.getString(tag("SeriesInstanceUID")));
                assertEquals(rel.getName(3).toString(), ds.getString(Tag.SOP_INSTANCE_UID) + ".dcm");
                assertEquals(ds.getString(Tag.SOP_INSTANCE_UID), f.meta().getString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID));
                assertTrue(ds.getString(Tag.SOP_INSTANCE_UID).startsWith("2.25."));
                assertEquals("YES", ds.getString(tag("PatientIdentityRemoved")));
                patients.add(rel.getName(0).toString());
            }
            String text = new String(Files.readAllBytes(o), StandardCharsets.ISO_8859_1);
            assertFalse(text.contains("ZZTESTPATIENT"), o + " still holds the patient's name");
            assertFalse(text.contains("MRN"), o + " still holds the MRN");
        }
        assertEquals(2, patients.size());
        assertEquals(8, seen.outcomes.size());
        seen.outcomes.values().forEach(o -> assertEquals(Outcome.Kind.DEIDENTIFIED, o.kind()));
        // Inputs untouched; no work folder left behind.
        Map<String, byte[]> after = contents(in);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
        try (Stream<Path> s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "work folder left in " + out);
        }
    }

    @Test
    void sameKeySameTreeWhateverTheThreadsAndAReRunChangesNothing() throws Exception {
        Path in = corpus();
        Tally one = run(in, dir.resolve("one"), 1, false, ValidationPolicy.PERMISSIVE, new Seen());
        Tally four = run(in, dir.resolve("four"), 4, false, ValidationPolicy.PERMISSIVE, new Seen());
        assertEquals(8, one.count(Outcome.Kind.DEIDENTIFIED));
        assertEquals(8, four.count(Outcome.Kind.DEIDENTIFIED));
        Map<String, byte[]> a = contents(dir.resolve("one"));
        Map<String, byte[]> b = contents(dir.resolve("four"));
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, v) -> assertArrayEquals(v, b.get(k), k));

        Tally again = run(in, dir.resolve("one"), 2, false, ValidationPolicy.PERMISSIVE, new Seen());
        assertEquals(8, again.count(Outcome.Kind.DEIDENTIFIED), "a re-run reports its files as de-identified");
        assertEquals(0, again.count(Outcome.Kind.DUPLICATE));
        Map<String, byte[]> c = contents(dir.resolve("one"));
        assertEquals(a.keySet(), c.keySet());
        a.forEach((k, v) -> assertArrayEquals(v, c.get(k), k));
    }

    @Test
    void refusedInputsAreCopiedToQuarantineUnderTheHashOfTheirPathWithAReason() throws Exception {
        Path in = corpus();
        Path garbage = Files.createDirectories(in.resolve(CtCorpus.patientName(3))).resolve("notes.txt");
        Files.writeString(garbage, "Patient ZZTESTPATIENT003 called about results");
        Path truncated = in.resolve(CtCorpus.patientName(1) + "/study/series1/IM9");
        byte[] whole = Files.readAllBytes(CtCorpus.writeSmall(dir.resolve("tmp/IM9"), 1, 1, 9));
        Files.write(truncated, Arrays.copyOf(whole, whole.length - 100));
        Path ultrasound = in.resolve("us/IM1");
        Dataset us = CtCorpus.slice(5, 1, 1);
        us.setString(tag("Modality"), VR.CS, "US");
        org.mip.dicom.io.DicomWriter.write(CtCorpus.file(us, org.mip.dicom.TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                Files.createDirectories(ultrasound.getParent()).resolve("IM1"));

        Path out = dir.resolve("out");
        Seen seen = new Seen();
        Tally t = run(in, out, seen);
        assertEquals(8, t.count(Outcome.Kind.DEIDENTIFIED));
        assertEquals(3, t.count(Outcome.Kind.QUARANTINED));
        assertTrue(t.anyProblem());
        assertEquals(Map.of("BURNED_IN_RISK_MODALITY", 1L, "NOT_DICOM", 1L, "TRUNCATED", 1L), t.reasons());

        for (Path input : List.of(garbage, truncated, ultrasound)) {
            String rel = in.relativize(input).toString();
            String name = Quarantine.nameOf(rel);
            assertEquals(64, name.length());
            Path copy = out.resolve("quarantine").resolve(name);
            assertArrayEquals(Files.readAllBytes(input), Files.readAllBytes(copy), rel);
            Path reasonFile = out.resolve("quarantine").resolve(name + ".reason.json");
            String text = Files.readString(reasonFile);
            JsonNode reason = JSON.readTree(text);
            Outcome o = seen.outcomes.get(rel);
            assertEquals(Outcome.Kind.QUARANTINED, o.kind());
            assertEquals("quarantine/" + name, o.output());
            assertEquals(o.code(), reason.get("reasonCode").asText());
            assertEquals(o.stage(), reason.get("stage").asText());
            assertEquals(name, reason.get("sourcePathSha256").asText());
            assertNull(reason.get("sourcePath"), "no name without --keep-names");
            assertEquals(Files.size(input), reason.get("sizeBytes").asLong());
            assertEquals(64, reason.get("sha256").asText().length());
            assertEquals("basic", reason.get("profile").asText());
            assertFalse(text.contains("ZZTESTPATIENT"), text);
            assertFalse(text.contains(in.toString()), text);
        }
        assertEquals("parse", seen.outcomes.get(in.relativize(garbage).toString()).stage());
        assertEquals("deidentify", seen.outcomes.get("us/IM1").stage());
        assertEquals(6, files(out.resolve("quarantine")).size());
    }

    @Test
    void keepNamesRecordsTheRelativePathInTheReason() throws Exception {
        Path in = dir.resolve("in");
        Files.createDirectories(in.resolve("a b"));
        Files.writeString(in.resolve("a b/\"odd\"\\name.dcm"), "not dicom");
        Path out = dir.resolve("out");
        run(in, out, 1, true, ValidationPolicy.PERMISSIVE, new Seen());
        String rel = "a b/\"odd\"\\name.dcm";
        JsonNode reason = JSON.readTree(out.resolve("quarantine").resolve(Quarantine.nameOf(rel) + ".reason.json").toFile());
        assertEquals(rel, reason.get("sourcePath").asText());
        assertEquals("NOT_DICOM", reason.get("reasonCode").asText());
    }

    @Test
    void validationPolicyRefusesWhatItDoesNotAllow() throws Exception {
        Path in = corpus();
        Path out = dir.resolve("out");
        Seen seen = new Seen();
        Tally t = run(in, out, 2, false, new ValidationPolicy(Set.of("MR"), Set.of(), 0), seen);
        assertEquals(8, t.count(Outcome.Kind.QUARANTINED));
        assertEquals(Map.of("MODALITY_NOT_ALLOWED", 8L), t.reasons());
        Outcome o = seen.outcomes.values().iterator().next();
        assertEquals("validate", o.stage());
        assertTrue(o.message().startsWith("(0008,0060) Modality: CT is not in the allowed modalities MR"), o.message());
        JsonNode reason = JSON.readTree(out.resolve(o.output() + ".reason.json").toFile());
        assertEquals(1, reason.get("findings").size());
        assertTrue(reason.get("findings").get(0).asText().startsWith("MODALITY_NOT_ALLOWED (0008,0060) Modality"));
    }

    @Test
    void theSameFileTwiceIsADuplicateNotAProblem() throws Exception {
        Path in = corpus();
        Path first = files(in).get(0);
        Files.copy(first, in.resolve("copy-of-first"));
        Seen seen = new Seen();
        Tally t = run(in, dir.resolve("out"), 2, false, ValidationPolicy.PERMISSIVE, seen);
        assertEquals(8, t.count(Outcome.Kind.DEIDENTIFIED));
        assertEquals(1, t.count(Outcome.Kind.DUPLICATE));
        assertFalse(t.anyProblem());
        assertEquals(8, files(dir.resolve("out")).size());
    }

    @Test
    void twoDifferentFilesClaimingOneInstanceKeepTheFirstAndQuarantineTheOther() throws Exception {
        Path in = corpus();
        Path first = files(in).get(0);
        Dataset ds;
        try (DicomFile f = DicomReader.read(first)) {
            ds = f.dataset();
            ds.setString(tag("SliceLocation"), VR.DS, "12345"); // same UIDs, other content
            org.mip.dicom.io.DicomWriter.write(f, in.resolve("altered-copy"));
        }
        Seen seen = new Seen();
        Tally t = run(in, dir.resolve("out"), 2, false, ValidationPolicy.PERMISSIVE, seen);
        assertEquals(8, t.count(Outcome.Kind.DEIDENTIFIED));
        assertEquals(1, t.count(Outcome.Kind.QUARANTINED));
        assertEquals(Map.of(FileProcessor.DUPLICATE_SOP_INSTANCE, 1L), t.reasons());
        assertEquals(8, files(dir.resolve("out")).stream().filter(p -> !p.toString().contains("quarantine")).count());
    }

    @Test
    void anOutputOfAnEarlierRunIsReplacedWhenTheProfileChangesIt() throws Exception {
        Path in = dir.resolve("in");
        CtCorpus.writeSmall(in.resolve("IM1"), 1, 1, 1);
        Path out = dir.resolve("out");
        run(in, out, new Seen());
        Path output = files(out).get(0);
        byte[] basic = Files.readAllBytes(output);
        Files.setLastModifiedTime(output, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Batch research = new Batch(new Batch.Config(in, out, 1, false, "test"),
                work -> Deidentifiers.create(ProfileLoader.builtIn("research"), KEY, "test", work, org.mip.testing.Scanning.engine()),
                new Validator(ValidationPolicy.PERMISSIVE), new Seen());
        Tally t = research.run();
        assertEquals(1, t.count(Outcome.Kind.DEIDENTIFIED));
        assertFalse(t.anyProblem());
        assertEquals(List.of(output), files(out), "same instance, same name");
        assertFalse(Arrays.equals(basic, Files.readAllBytes(output)), "the research profile's output replaced the basic one");
    }

    @Test
    void overlappingInputAndOutputAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path in = corpus();
        assertTrue(Batch.problemWith(in, in.resolve("out")).contains("is inside --in"));
        assertTrue(Batch.problemWith(in, in).contains("is inside --in"));
        assertTrue(Batch.problemWith(in.resolve(CtCorpus.patientName(1)), in).contains("is inside --out"));
        Path file = files(in).get(0);
        assertTrue(Batch.problemWith(file, in).contains("is inside --out"));
        assertNull(Batch.problemWith(file, dir.resolve("elsewhere")));
        assertTrue(Batch.problemWith(dir.resolve("absent"), dir.resolve("out")).contains("does not exist"));
        Files.writeString(dir.resolve("a-file"), "x");
        assertTrue(Batch.problemWith(in, dir.resolve("a-file")).contains("is not a directory"));
        // Through a link: the real paths are compared.
        Path link = Files.createSymbolicLink(dir.resolve("link-to-in"), in);
        assertTrue(Batch.problemWith(in, link.resolve("new/out")).contains("is inside --in"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(in, in.resolve("out"), new Seen()));
        assertTrue(e.getMessage().contains("inside"));
        assertFalse(Files.exists(in.resolve("out")), "nothing created inside the input tree");
    }

    @Test
    void anUnexpectedErrorOnAnInputQuarantinesItAsInternalErrorAndTheRunGoesOn() throws Exception {
        Path in = corpus();
        org.mip.deid.profile.Profile basic = ProfileLoader.builtIn("basic");
        org.mip.deid.PixelStage failing = new org.mip.deid.PixelStage() {
            @Override
            public Plan plan(DicomFile file, org.mip.deid.profile.Profile profile) {
                if ("2".equals(file.dataset().getString(tag("InstanceNumber")))) {
                    throw new IllegalStateException("a bug met on Patient ZZTESTPATIENT");
                }
                return Plan.nothing(org.mip.deid.PixelSummary.headerOnly("BURNED_IN_NOT_INDICATED", false, 0, file.transferSyntax().uid()));
            }

            @Override
            public org.mip.deid.PixelSummary apply(Plan plan, DicomFile file) {
                throw new AssertionError("nothing to apply");
            }
        };
        Seen seen = new Seen();
        Tally t = new Batch(new Batch.Config(in, dir.resolve("out"), 2, false, "test"),
                work -> new org.mip.deid.Deidentifier(basic, new org.mip.deid.pseudo.Pseudonymizer(KEY, basic.uidRoot()),
                        org.mip.deid.text.TextScrubbers.forProfile(basic), failing, "test"),
                new Validator(ValidationPolicy.PERMISSIVE), seen).run();
        assertEquals(4, t.count(Outcome.Kind.DEIDENTIFIED));
        assertEquals(4, t.count(Outcome.Kind.QUARANTINED));
        assertEquals(Map.of(FileProcessor.INTERNAL_ERROR, 4L), t.reasons());
        Outcome o = seen.outcomes.values().stream().filter(x -> x.kind() == Outcome.Kind.QUARANTINED).findFirst().orElseThrow();
        assertEquals("deidentify", o.stage());
        assertEquals("IllegalStateException while processing (--debug prints where)", o.message(),
                "the exception's own message is not shown: it was not written to be PHI-free");
        assertTrue(o.cause() instanceof IllegalStateException);
        assertFalse(Files.readString(dir.resolve("out").resolve(o.output() + ".reason.json")).contains("ZZTESTPATIENT"));
    }

    @Test
    void messagesNeverCarryTheInputPath() {
        Path p = Path.of("/data/Smith^John/IM1");
        InputTree.Entry e = new InputTree.Entry(p, "Smith^John/IM1", 1);
        assertEquals("cannot open file: <input>", FileProcessor.scrub("cannot open file: /data/Smith^John/IM1", e));
        assertEquals("a b", FileProcessor.scrub("a\n  b", e));
    }

    @Test
    void theProgressCountsAreLiveAndTheOutcomeListIsComplete() throws Exception {
        Path in = corpus();
        List<Long> seenDone = Collections.synchronizedList(new ArrayList<>());
        Batch[] holder = new Batch[1];
        Batch batch = new Batch(new Batch.Config(in, dir.resolve("out"), 2, false, "test"),
                work -> Deidentifiers.create(ProfileLoader.builtIn("basic"), KEY, "test", work, org.mip.testing.Scanning.engine()),
                new Validator(ValidationPolicy.PERMISSIVE), new Batch.Listener() {
                    @Override
                    public void outcome(InputTree.Entry input, Outcome outcome) {
                        seenDone.add(holder[0].tally().doneFiles());
                    }
                });
        holder[0] = batch;
        Tally t = batch.run();
        assertEquals(8, seenDone.size());
        assertEquals(8, t.foundFiles());
        assertTrue(t.walkComplete());
        assertNotNull(t.reasons());
        assertTrue(seenDone.stream().allMatch(n -> n >= 1 && n <= 8), seenDone.toString());
    }
}
