package org.mip.deid.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mip.deid.Deidentifier;
import org.mip.deid.PixelStage;
import org.mip.deid.profile.Profile;
import org.mip.deid.profile.ProfileLoader;
import org.mip.deid.pseudo.DeidKey;
import org.mip.deid.pseudo.Pseudonymizer;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.io.DicomReader;
import org.mip.dicom.io.DicomWriter;
import org.mip.dicom.io.ReadOptions;
import org.mip.dicom.io.WriteOptions;
import org.mip.dicom.text.SpecificCharacterSet;
import org.mip.testing.Pydicom;

/**
 * The free-text corpus ({@link FreeTextCorpus}) through the real de-identifier with the built-in
 * profiles and the real text cleaner, in seven character sets: not one planted value is left in the
 * research profile (which cleans Reason for the Requested Procedure, SR text, ROI names and
 * descriptions) nor in the basic profile (which removes them), the clinical text survives word for
 * word in the research profile, and pydicom reads the same text from the input and finds no planted
 * value in the output.
 */
class FreeTextCorpusTest {

    static final DeidKey KEY = DeidKey.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
        20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

    /** Pixels are not under test here: the header-only outcome, never a scan. */
    static final PixelStage NO_PIXELS = new PixelStage() {
        @Override
        public Plan plan(DicomFile file, Profile profile) {
            return Plan.nothing(org.mip.deid.PixelSummary.headerOnly("BURNED_IN_NOT_INDICATED", false, 0, file.transferSyntax().uid()));
        }

        @Override
        public org.mip.deid.PixelSummary apply(Plan plan, DicomFile file) {
            throw new AssertionError("nothing to apply");
        }
    };

    static Deidentifier deidentifier(String profileName) {
        Profile profile = ProfileLoader.builtIn(profileName);
        return new Deidentifier(profile, new Pseudonymizer(KEY, profile.uidRoot()), TextScrubbers.forProfile(profile),
                NO_PIXELS, "test");
    }

    /** One instance in and out, as bytes. */
    record Run(byte[] input, byte[] output) {
    }

    static List<Run> run(FreeTextCorpus corpus, String profile) throws Exception {
        Deidentifier deid = deidentifier(profile);
        List<Run> runs = new ArrayList<>();
        for (DicomFile built : corpus.build()) {
            byte[] input = write(built);
            try (DicomFile f = read(input)) {
                deid.deidentify(f);
                runs.add(new Run(input, write(f)));
            }
        }
        return runs;
    }

    @ParameterizedTest
    @EnumSource(FreeTextCorpus.Script.class)
    void researchProfileLeavesNoPlantedValueAndKeepsTheClinicalText(FreeTextCorpus.Script script) throws Exception {
        FreeTextCorpus corpus = new FreeTextCorpus(script);
        List<Run> runs = run(corpus, "research");
        List<String> input = new ArrayList<>();
        List<String> output = new ArrayList<>();
        for (Run r : runs) {
            input.addAll(texts(r.input()));
            output.addAll(texts(r.output()));
        }
        for (String planted : corpus.planted().keySet()) {
            assertTrue(found(input, planted), "corpus bug: " + planted + " is not in the decoded input");
        }
        assertEquals(List.of(), leaks(corpus, runs, output), script + ": planted values left");
        List<String> missing = corpus.survivors().stream().filter(s -> output.stream().noneMatch(t -> t.contains(s))).toList();
        assertEquals(List.of(), missing, script + ": clinical text lost");

        try (DicomFile rt = read(runs.get(0).output()); DicomFile sr = read(runs.get(1).output())) {
            List<String> roiNames = new ArrayList<>();
            for (Dataset roi : items(rt.dataset(), "StructureSetROISequence")) {
                roiNames.add(roi.getString(FreeTextCorpus.tag("ROIName")));
            }
            assertEquals(corpus.identifyingRois + FreeTextCorpus.KEPT_ROI_NAMES.size(), roiNames.size(), "every ROI kept");
            assertEquals(FreeTextCorpus.KEPT_ROI_NAMES, roiNames.subList(corpus.identifyingRois, roiNames.size()));
            assertEquals("[REMOVED]_GTV", roiNames.get(corpus.identifyingRois - 1), "the name goes, the volume stays");
            if (!script.initials.isEmpty()) {
                assertEquals(List.of("PTV_[REMOVED]", "GTV [REMOVED]", "[REMOVED]_CTV60"), roiNames.subList(0, 3));
            }
            // Dates are shifted, not cleaned away: the SR DATE item moved by the study date's offset.
            Dataset date = items(items(sr.dataset(), "ContentSequence").get(0), "ContentSequence").get(1);
            long studyShift = days(FreeTextCorpus.STUDY_DATE, sr.dataset().getString(FreeTextCorpus.tag("StudyDate")));
            long srShift = days(FreeTextCorpus.SR_DATE, date.getString(FreeTextCorpus.tag("Date")));
            assertNotEquals(0, studyShift);
            assertEquals(studyShift, srShift, "one offset for every date of the patient");
        }
    }

    @ParameterizedTest
    @EnumSource(FreeTextCorpus.Script.class)
    void basicProfileLeavesNoPlantedValue(FreeTextCorpus.Script script) throws Exception {
        FreeTextCorpus corpus = new FreeTextCorpus(script);
        List<Run> runs = run(corpus, "basic");
        List<String> output = new ArrayList<>();
        for (Run r : runs) {
            output.addAll(texts(r.output()));
        }
        assertEquals(List.of(), leaks(corpus, runs, output), script + ": planted values left");
    }

    /**
     * pydicom, an independent decoder: it reads every text value of the inputs as our decoder does (so
     * the corpus's own encoding is right in every set) and finds no planted value in the outputs.
     */
    @Test
    void pydicomAgreesOnTheInputAndFindsNothingInTheOutput(@TempDir Path dir) throws Exception {
        Pydicom.require();
        Map<Path, FreeTextCorpus> outputs = new HashMap<>();
        Map<Path, byte[]> inputs = new HashMap<>();
        for (FreeTextCorpus.Script script : FreeTextCorpus.Script.values()) {
            FreeTextCorpus corpus = new FreeTextCorpus(script);
            List<Run> runs = run(corpus, "research");
            for (int i = 0; i < runs.size(); i++) {
                Path in = Files.createDirectories(dir.resolve("in")).resolve(script + "-" + i + ".dcm");
                Path out = Files.createDirectories(dir.resolve("out")).resolve(script + "-" + i + ".dcm");
                Files.write(in, runs.get(i).input());
                Files.write(out, runs.get(i).output());
                inputs.put(in, runs.get(i).input());
                outputs.put(out, corpus);
            }
        }
        for (Map.Entry<Path, byte[]> in : inputs.entrySet()) {
            List<String> ours = texts(in.getValue());
            List<String> theirs = pydicomTexts(in.getKey());
            for (String t : ours) {
                assertTrue(theirs.contains(t), in.getKey().getFileName() + ": pydicom does not read " + t + " in " + theirs);
            }
        }
        for (Map.Entry<Path, FreeTextCorpus> out : outputs.entrySet()) {
            List<String> theirs = pydicomTexts(out.getKey());
            List<String> leaks = out.getValue().planted().keySet().stream().filter(p -> found(theirs, p)).toList();
            assertEquals(List.of(), leaks, out.getKey().getFileName() + ": pydicom reads planted values");
        }
    }

    // ---- scoring ----

    /** Planted values in the decoded output text, and in the output bytes in the instance's character set or UTF-8. */
    static List<String> leaks(FreeTextCorpus corpus, List<Run> runs, List<String> output) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(corpus.script.term);
        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, String> p : corpus.planted().entrySet()) {
            String value = p.getKey();
            boolean inBytes = false;
            if (value.length() >= 6) {
                for (Run r : runs) {
                    inBytes |= indexOf(r.output(), value.getBytes(StandardCharsets.UTF_8)) >= 0
                            || (cs.canEncode(value) && indexOf(r.output(), cs.encode(value, VR.LT)) >= 0);
                }
            }
            if (inBytes || found(output, p.getKey())) {
                leaks.add(value + " (" + p.getValue() + ")");
            }
        }
        return leaks;
    }

    /**
     * Whether {@code planted} is in one of the texts: as a whole token when it starts and ends with a
     * letter or digit of a script written with spaces ("JS" is not found in "JSON"), anywhere otherwise.
     */
    static boolean found(List<String> texts, String planted) {
        String first = planted.substring(0, planted.offsetByCodePoints(0, 1));
        String last = planted.substring(planted.offsetByCodePoints(planted.length(), -1));
        boolean tokens = !PhiContext.isIdeographic(first) && !PhiContext.isIdeographic(last);
        Pattern p = Pattern.compile((tokens ? "(?<![\\p{L}\\p{N}])" : "") + Pattern.quote(planted)
                + (tokens && Character.isLetterOrDigit(last.codePointAt(0)) ? "(?![\\p{L}\\p{N}])" : ""));
        return texts.stream().anyMatch(t -> p.matcher(t).find());
    }

    /** Every text value of a file at any depth, decoded by our reader (each value, backslashes split). */
    static List<String> texts(byte[] file) throws Exception {
        List<String> out = new ArrayList<>();
        try (DicomFile f = read(file)) {
            collect(f.dataset(), out);
        }
        return out;
    }

    private static void collect(Dataset ds, List<String> out) {
        for (Element e : ds) {
            if (e instanceof SequenceElement s) {
                s.items().forEach(item -> collect(item, out));
            } else if (e instanceof ValueElement v && v.vr().isText()) {
                out.addAll(ds.getStrings(v.tag()));
            }
        }
    }

    /** pydicom's decoded values of every text element (PN as pydicom prints it: groups joined by '='). */
    static List<String> pydicomTexts(Path file) {
        List<String> out = new ArrayList<>();
        for (Pydicom.Element e : Pydicom.dump(file)) {
            if (e.text() != null) {
                e.text().forEach(t -> out.add(t.strip()));
            }
        }
        return out;
    }

    static List<Dataset> items(Dataset ds, String keyword) {
        return ((SequenceElement) ds.get(FreeTextCorpus.tag(keyword))).items();
    }

    static long days(String from, String to) {
        DateTimeFormatter f = DateTimeFormatter.BASIC_ISO_DATE;
        return ChronoUnit.DAYS.between(LocalDate.parse(from, f), LocalDate.parse(to, f));
    }

    static byte[] write(DicomFile file) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.write(file, out, WriteOptions.DEFAULT);
        return out.toByteArray();
    }

    static DicomFile read(byte[] bytes) throws Exception {
        return DicomReader.read(new ByteArrayInputStream(bytes), ReadOptions.DEFAULT);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
