package org.mip.deid.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.deid.DeidOption;
import org.mip.deid.profile.AttributeOverride.Action;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.dict.ElementDictionary;

class ProfileLoaderTest {

    static final ElementDictionary DICT = ElementDictionary.standard();

    static Profile load(String yaml) {
        return ProfileLoader.loadString(yaml, "test.yaml");
    }

    static ProfileException fails(String yaml) {
        return assertThrows(ProfileException.class, () -> load(yaml));
    }

    /** The exception has a problem at {@code line} whose message contains every fragment. */
    static ProfileException.Problem problemAt(ProfileException e, int line, String... fragments) {
        for (ProfileException.Problem p : e.problems()) {
            if (p.line() == line && List.of(fragments).stream().allMatch(f -> p.message().contains(f))) {
                assertEquals("test.yaml", p.source());
                assertTrue(p.toString().startsWith("test.yaml:" + line + ":" + p.column() + ": "), p.toString());
                return p;
            }
        }
        throw new AssertionError("no problem at line " + line + " with " + List.of(fragments) + " in:\n"
                + e.getMessage());
    }

    // ---- shipped profiles ----

    @Test
    void basicProfileLoadsByName() {
        Profile p = ProfileLoader.builtIn("basic");
        assertEquals("basic", p.name());
        assertTrue(p.options().isEmpty());
        assertTrue(p.overrides().isEmpty());
        assertTrue(p.safePrivate().isEmpty());
        assertEquals(PseudonymPatterns.DEFAULT, p.pseudonyms());
        assertEquals(DateShiftRange.DEFAULT, p.dateShift());
        assertEquals("2.25", p.uidRoot());
        assertEquals(BurnedInPolicy.DEFAULT, p.burnedIn());
        assertTrue(p.redaction().isEmpty());
    }

    @Test
    void researchProfileLoadsByName() {
        Profile p = ProfileLoader.builtIn("research");
        assertEquals("research", p.name());
        assertEquals(EnumSet.of(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES,
                DeidOption.RETAIN_PATIENT_CHARACTERISTICS, DeidOption.CLEAN_DESCRIPTORS,
                DeidOption.CLEAN_STRUCTURED_CONTENT), p.options());
        assertEquals(new DateShiftRange(-3650, -365), p.dateShift());
        assertEquals(BurnedInPolicy.DEFAULT, p.burnedIn());
        assertFalse(p.has(DeidOption.RETAIN_UIDS));
    }

    @Test
    void unknownBuiltInNamesTheKnownOnes() {
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.builtIn("reserch"));
        assertTrue(e.getMessage().contains("built-in profiles: basic, research"), e.getMessage());
    }

    @Test
    void resolveTakesABuiltInNameOrAPath(@TempDir Path dir) throws Exception {
        assertEquals("basic", ProfileLoader.resolve("basic").name());
        Path file = dir.resolve("site-a.yaml");
        Files.writeString(file, "options: [retain-uids]\n");
        Profile p = ProfileLoader.resolve(file.toString());
        assertEquals("site-a", p.name()); // from the file name
        assertEquals(Set.of(DeidOption.RETAIN_UIDS), p.options());
        Files.writeString(file, "options: [retain-uid]\n");
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(file));
        assertEquals("site-a.yaml", e.problems().get(0).source());
        assertTrue(e.getMessage().startsWith("site-a.yaml:1:11: unknown option \"retain-uid\""), e.getMessage());
    }

    @Test
    void loadsFromAStream() {
        Profile p = ProfileLoader.load(new ByteArrayInputStream("name: x\n".getBytes(StandardCharsets.UTF_8)),
                "x.yaml");
        assertEquals("x", p.name());
    }

    // ---- every field ----

    static final String FULL = """
            name: full-example
            description: "Every field, once"
            options:
              - retain-safe-private
              - retain-uids
              - retain-device-identity
              - retain-institution-identity
              - retain-patient-characteristics
              - retain-longitudinal-modified-dates
              - clean-descriptors
              - clean-structured-content
              - clean-graphics
              - clean-pixel-data
            attributes:
              PatientAge: keep
              "(0010,1020)": keep
              00101030: remove
              StudyDescription: {constant: "RESEARCH"}
              SeriesDescription: clean
              OperatorsName: empty
              OtherPatientIDs: pseudonymise
              AcquisitionDateTime: shift-date
              Modality: {constant: "OT"}
              ImageComments:
                constant: "line one\\nline two"
            safe-private:
              - {creator: "SIEMENS CSA HEADER", group: 0x0029, element: 0x08, vr: CS}
              - creator: GEMS_ACQU_01
                element: 0x1040
                vr: DS
            pseudonyms:
              patient-id: "P{hash:16}"
              patient-name: "SUBJECT^{hash:10}"
              accession-number: "A{hash:15}"
              study-id: "{hash:8}"
            date-shift: {min-days: -730, max-days: -30}
            uid-root: "1.2.826.0.1.3680043.10"
            burned-in:
              refuse-when-yes: true
              risky-modalities: [US, OT]
              risky-sop-classes: ["1.2.840.10008.5.1.4.1.1.7"]
              trust-no: true
            redaction:
              - name: acme-us-banner
                when: {Manufacturer: "ACME.*", Rows: 480, "(0019,10a2)": "1", "00280011": "640"}
                rectangles:
                  - {x: 0, y: 0, width: 640, height: 40}
                  - {x: 600, y: 440, width: 40, height: 40}
              - rectangles: [{x: 1, y: 2, width: 3, height: 4}]
            """;

    @Test
    void everyFieldIsRead() {
        Profile p = load(FULL);
        assertEquals("full-example", p.name());
        assertEquals("Every field, once", p.description());
        assertEquals(10, p.options().size());
        assertTrue(p.has(DeidOption.CLEAN_PIXEL_DATA));
        assertFalse(p.has(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES));

        Map<Integer, AttributeOverride> o = p.overrides();
        assertEquals(10, o.size());
        assertEquals(new AttributeOverride(Action.KEEP, null), o.get(DICT.tagOf("PatientAge")));
        assertEquals(new AttributeOverride(Action.KEEP, null), o.get(DICT.tagOf("PatientSize")));
        assertEquals(new AttributeOverride(Action.REMOVE, null), o.get(DICT.tagOf("PatientWeight")));
        assertEquals(new AttributeOverride(Action.CONSTANT, "RESEARCH"), o.get(DICT.tagOf("StudyDescription")));
        assertEquals(new AttributeOverride(Action.CLEAN, null), o.get(DICT.tagOf("SeriesDescription")));
        assertEquals(new AttributeOverride(Action.EMPTY, null), o.get(DICT.tagOf("OperatorsName")));
        assertEquals(new AttributeOverride(Action.PSEUDONYMISE, null), o.get(DICT.tagOf("OtherPatientIDs")));
        assertEquals(new AttributeOverride(Action.SHIFT_DATE, null), o.get(DICT.tagOf("AcquisitionDateTime")));
        assertEquals(new AttributeOverride(Action.CONSTANT, "OT"), o.get(DICT.tagOf("Modality")));
        assertEquals(new AttributeOverride(Action.CONSTANT, "line one\nline two"), o.get(DICT.tagOf("ImageComments")));

        assertEquals(List.of(new SafePrivateElement("SIEMENS CSA HEADER", 0x0029, 0x08, VR.CS),
                new SafePrivateElement("GEMS_ACQU_01", -1, 0x40, VR.DS)), p.safePrivate());
        assertEquals(new PseudonymPatterns("P{hash:16}", "SUBJECT^{hash:10}", "A{hash:15}", "{hash:8}"),
                p.pseudonyms());
        assertEquals(new DateShiftRange(-730, -30), p.dateShift());
        assertEquals("1.2.826.0.1.3680043.10", p.uidRoot());
        assertEquals(new BurnedInPolicy(true, Set.of("US", "OT"), Set.of("1.2.840.10008.5.1.4.1.1.7"), true,
                BurnedInPolicy.Detection.DEFAULT), p.burnedIn(), "a burned-in section without scan keys scans as the default does");

        assertEquals(2, p.redaction().size());
        RedactionRule r = p.redaction().get(0);
        assertEquals("acme-us-banner", r.name());
        assertEquals(Set.of("Manufacturer", "Rows", "(0019,10A2)", "(0028,0011)"), r.conditions().keySet());
        assertTrue(r.conditions().get("Manufacturer").matcher("acme medical").matches()); // case-insensitive
        assertTrue(r.conditions().get("Rows").matcher("480").matches());
        assertEquals(List.of(new RedactionRule.Rectangle(0, 0, 640, 40), new RedactionRule.Rectangle(600, 440, 40, 40)),
                r.rectangles());
        assertEquals("rule-2", p.redaction().get(1).name());
        assertTrue(p.redaction().get(1).conditions().isEmpty());
    }

    @Test
    void everythingOmittedTakesTheDefaults() {
        Profile p = load("{}");
        assertEquals("test", p.name());
        assertEquals("", p.description());
        assertTrue(p.options().isEmpty());
        assertEquals(PseudonymPatterns.DEFAULT, p.pseudonyms());
        assertEquals(DateShiftRange.DEFAULT, p.dateShift());
        assertEquals(ProfileLoader.DEFAULT_UID_ROOT, p.uidRoot());
        assertEquals(BurnedInPolicy.DEFAULT, p.burnedIn());
        assertTrue(BurnedInPolicy.DEFAULT.trustNo());
        assertTrue(BurnedInPolicy.DEFAULT.riskyModalities().contains("US"));
        // Partial sections keep the defaults of what they omit.
        Profile q = load("pseudonyms: {study-id: \"ST{hash:8}\"}\nburned-in: {trust-no: false}\n");
        assertEquals(new PseudonymPatterns("PAT-{hash:12}", "ANON^{hash:8}", "ACC{hash:12}", "ST{hash:8}"),
                q.pseudonyms());
        assertEquals(BurnedInPolicy.DEFAULT.riskyModalities(), q.burnedIn().riskyModalities());
        assertFalse(q.burnedIn().trustNo());
    }

    // ---- validation: each error names its line ----

    @Test
    void unknownOptionListsTheAllowedOnesAndSuggests() {
        ProfileException e = fails("""
                name: research
                options:
                  - retain-uid
                """);
        ProfileException.Problem p = problemAt(e, 3, "unknown option \"retain-uid\"",
                "allowed: retain-safe-private, retain-uids, retain-device-identity", "did you mean \"retain-uids\"");
        assertEquals(5, p.column());
    }

    @Test
    void fullAndModifiedDatesExcludeEachOther() {
        ProfileException e = fails("""
                options:
                  - retain-longitudinal-full-dates
                  - clean-descriptors
                  - retain-longitudinal-modified-dates
                """);
        problemAt(e, 4, "exclude each other");
        assertEquals(1, e.problems().size());
    }

    @Test
    void optionsTwiceAndUnsupportedOption() {
        ProfileException e = fails("options: [retain-uids, clean-recognizable-visual-features, retain-uids]\n");
        problemAt(e, 1, "not supported");
        problemAt(e, 1, "listed twice");
    }

    @Test
    void unknownKeysAreErrorsEverywhere() {
        ProfileException e = fails("""
                name: x
                optoins: [retain-uids]
                burned-in:
                  trust_no: true
                pseudonyms:
                  patient_id: "P{hash:8}"
                date-shift: {min-days: -10, max-days: -1, days: 3}
                safe-private:
                  - {creator: X, element: 1, vr: CS, grup: 0x0029}
                redaction:
                  - rectangles: [{x: 0, y: 0, w: 1, height: 1}]
                """);
        problemAt(e, 2, "unknown key \"optoins\" in the profile", "allowed: name, description, options",
                "did you mean \"options\"");
        problemAt(e, 4, "unknown key \"trust_no\" in burned-in", "did you mean \"trust-no\"");
        problemAt(e, 6, "unknown key \"patient_id\"", "did you mean \"patient-id\"");
        problemAt(e, 7, "unknown key \"days\" in date-shift");
        problemAt(e, 9, "unknown key \"grup\"", "did you mean \"group\"");
        problemAt(e, 11, "unknown key \"w\" in a rectangle");
    }

    @Test
    void duplicateKeysNameBothLines() {
        ProfileException e = fails("""
                name: a
                options: []
                name: b
                attributes:
                  PatientAge: keep
                  "(0010,1010)": remove
                """);
        problemAt(e, 3, "key \"name\" appears twice", "first on line 1");
        problemAt(e, 6, "PatientAge (0010,1010) is set twice", "first on line 5");
    }

    @Test
    void badTagsAndUnknownKeywords() {
        ProfileException e = fails("""
                attributes:
                  "(0010,10G0)": keep
                  PatientsAge: keep
                  "(0029,1010)": keep
                  "(0011,0010)": keep
                  "(7776,0010)": keep
                  PatientIdentityRemoved: keep
                  TransferSyntaxUID: keep
                  "0010,1010": keep
                """);
        problemAt(e, 2, "\"(0010,10G0)\" is not a tag", "(GGGG,EEEE)");
        problemAt(e, 3, "unknown attribute keyword \"PatientsAge\"", "did you mean \"PatientAge\"");
        problemAt(e, 4, "private tag (0029,1010)", "safe-private");
        problemAt(e, 5, "private tag (0011,0010)");
        problemAt(e, 6, "(7776,0010) is not in the DICOM data dictionary");
        problemAt(e, 7, "PatientIdentityRemoved (0012,0062) cannot be overridden");
        problemAt(e, 8, "TransferSyntaxUID (0002,0010) cannot be overridden");
        assertEquals(7, e.problems().size(), e.getMessage()); // "0010,1010" is fine
    }

    @Test
    void actionsMustSuitTheVr() {
        ProfileException e = fails("""
                attributes:
                  PatientName: shift-date
                  Rows: pseudonymise
                  PatientSex: clean
                  ReferencedImageSequence: clean
                  StudyDate: anonymize
                  Columns: {constant: "5"}
                  AccessionNumber: {constant: "ABCDEFGHIJKLMNOPQ"}
                  Modality: {constant: "ct"}
                  StudyDate: {constant: "20231340"}
                  PatientAge: {constant: "45Y"}
                  StudyInstanceUID: {constant: "1.2.abc"}
                  PatientWeight: {constant: "heavy"}
                  StudyTime: {constnat: "1200"}
                """);
        problemAt(e, 2, "PatientName (0010,0010) is PN: shift-date applies to dates and date-times (DA, DT)");
        problemAt(e, 3, "Rows (0028,0010) is US: pseudonymise applies to UI, LO, SH, PN, CS and UC");
        problemAt(e, 4, "PatientSex (0010,0040) is CS: clean applies to free text");
        problemAt(e, 5, "clean applies to free text", "keep means keep with its items cleaned");
        problemAt(e, 6, "unknown action \"anonymize\"", "allowed: keep, remove, empty, pseudonymise, shift-date, clean");
        problemAt(e, 7, "constant needs a text VR", "US");
        problemAt(e, 8, "too long: SH allows 16 characters");
        problemAt(e, 9, "not a code string");
        problemAt(e, 10, "StudyDate (0008,0020) is set twice");
        problemAt(e, 11, "not an age");
        problemAt(e, 12, "not a UID");
        problemAt(e, 13, "not a decimal string");
        problemAt(e, 14, "unknown key \"constnat\"", "did you mean \"constant\"");
        assertEquals(13, e.problems().size(), e.getMessage());
    }

    @Test
    void pseudonymPatternsAreChecked() {
        ProfileException e = fails("""
                pseudonyms:
                  patient-id: "P{hsh:8}"
                  patient-name: "A=B^{hash:8}"
                  accession-number: "ACCESSION-{hash:12}"
                  study-id: "STUDY"
                """);
        problemAt(e, 2, "unknown placeholder \"{hsh:8}\"", "allowed: {hash:N} with N from 6 to 32");
        problemAt(e, 3, "no '='");
        problemAt(e, 4, "pseudonyms of 22 characters; SH allows 16");
        problemAt(e, 5, "has no {hash:N}");
        ProfileException range = fails("pseudonyms: {patient-id: \"P{hash:4}\"}\n");
        problemAt(range, 1, "{hash:4} is out of range");
        ProfileException ctl = fails("pseudonyms: {patient-id: \"P\\\\{hash:8}\"}\n");
        problemAt(ctl, 1, "printable ASCII");
    }

    @Test
    void dateShiftIsChecked() {
        problemAt(fails("options: [retain-longitudinal-modified-dates]\ndate-shift: {min-days: -30, max-days: 30}\n"),
                2, "contains 0");
        problemAt(fails("options: [retain-longitudinal-modified-dates]\ndate-shift: {min-days: -30, max-days: -60}\n"),
                2, "must be less than");
        problemAt(fails("options: [retain-longitudinal-modified-dates]\ndate-shift:\n  min-days: -30\n"),
                3, "date-shift needs max-days");
        problemAt(fails("options: [retain-longitudinal-modified-dates]\ndate-shift: {min-days: -99999, max-days: -1}\n"),
                2, "out of range");
        problemAt(fails("options: [retain-longitudinal-modified-dates]\ndate-shift: {min-days: ten, max-days: -1}\n"),
                2, "must be an integer");
        problemAt(fails("date-shift: {min-days: -30, max-days: -10}\n"), 1,
                "only with the option retain-longitudinal-modified-dates or an attribute set to shift-date");
        // A shift-date attribute is enough.
        Profile p = load("attributes: {StudyDate: shift-date}\ndate-shift: {min-days: 10, max-days: 20}\n");
        assertEquals(new DateShiftRange(10, 20), p.dateShift());
    }

    @Test
    void uidRootIsChecked() {
        problemAt(fails("uid-root: \"1.2.826.0.1.3680043.10.12345\"\n"), 1, "at most 24");
        problemAt(fails("uid-root: \"1.02.3\"\n"), 1, "not a UID root");
        problemAt(fails("uid-root: 1.2.840.10008.9\n"), 1, "standard's own root");
        assertEquals("1.2.3", load("uid-root: 1.2.3\n").uidRoot());
    }

    @Test
    void safePrivateIsChecked() {
        ProfileException e = fails("""
                options: [retain-safe-private]
                safe-private:
                  - {creator: "ACME", group: 0x0028, element: 0x10, vr: CS}
                  - {creator: "ACME", element: 0x300, vr: CS}
                  - {creator: "ACME", element: 0x10, vr: SQ}
                  - {creator: "ACME", element: 0x10, vr: XX}
                  - {element: 0x10, vr: CS}
                  - {creator: "ACME", element: 0x1010, vr: CS}
                  - {creator: "ACME", element: 0x10, vr: DS}
                """);
        problemAt(e, 3, "group 0x0028 is not a private group");
        problemAt(e, 4, "element 0x0300 is not a private element offset");
        problemAt(e, 5, "vr SQ cannot be safe");
        problemAt(e, 6, "unknown VR \"XX\"");
        problemAt(e, 7, "needs creator");
        problemAt(e, 9, "listed twice", "first on line 8");
        problemAt(fails("safe-private: [{creator: A, element: 1, vr: CS}]\n"), 1,
                "only with the option retain-safe-private");
    }

    @Test
    void burnedInIsChecked() {
        ProfileException e = fails("""
                burned-in:
                  refuse-when-yes: false
                  risky-modalities: [US, us]
                  risky-sop-classes: ["1.2.x"]
                  trust-no: yes
                """);
        problemAt(e, 2, "refuse-when-yes: false would publish");
        problemAt(e, 3, "\"us\" in risky-modalities is not a modality");
        problemAt(e, 4, "is not a SOP Class UID");
        problemAt(e, 5, "trust-no must be true or false; found \"yes\"");
    }

    @Test
    void pixelScanKeysAreRead() {
        BurnedInPolicy.Detection d = load("""
                burned-in:
                  detect: all
                  detect-despite-no: [DX, MG]
                  redact: detected
                  ocr: required
                  scan-frames: 16
                  scan-seconds: 90
                  yes-without-text: publish
                  lossy-reencode: {modalities: [US], quality: 85}
                """).burnedIn().detection();
        assertEquals(new BurnedInPolicy.Detection(BurnedInPolicy.Scan.ALL, Set.of("DX", "MG"), BurnedInPolicy.Redact.DETECTED,
                BurnedInPolicy.Ocr.REQUIRED, 16, 90, false, new BurnedInPolicy.LossyReencode(Set.of("US"), 85)), d);
        assertEquals(BurnedInPolicy.Detection.NEVER, load("burned-in: {detect: never}").burnedIn().detection());
        assertEquals(BurnedInPolicy.Detection.DEFAULT, load("{}").burnedIn().detection());
    }

    @Test
    void pixelScanKeysAreChecked() {
        ProfileException e = fails("""
                burned-in:
                  detect: sometimes
                  detect-despite-no: [dx]
                  redact: everything
                  ocr: maybe
                  scan-frames: 0
                  yes-without-text: ignore
                  lossy-reencode: {modalities: [US], quality: 20}
                  scan-seconds: 0
                """);
        problemAt(e, 2, "detect must be one of at-risk, all, never; found \"sometimes\"");
        problemAt(e, 3, "\"dx\" in detect-despite-no is not a modality");
        problemAt(e, 4, "redact must be one of detected-and-rules, detected, rules");
        problemAt(e, 5, "ocr must be one of auto, required, off");
        problemAt(e, 6, "scan-frames must be 1 to 10000; found 0");
        problemAt(e, 9, "scan-seconds must be 1 to 86400; found 0");
        problemAt(e, 7, "yes-without-text must be refuse or publish");
        problemAt(e, 8, "quality must be 50 to 100; found 20");
        problemAt(fails("burned-in: {detect: never, redact: detected}"), 1, "redact: detected needs a scan");
        problemAt(fails("burned-in: {lossy-reencode: {quality: 90}}"), 1, "lossy-reencode needs modalities");
    }

    @Test
    void redactionIsChecked() {
        ProfileException e = fails("""
                options: [clean-pixel-data]
                redaction:
                  - name: bad-regex
                    when:
                      Manufacturer: "ACME(["
                      PatientsName: ".*"
                      ReferencedImageSequence: ".*"
                      "(7776,0010)": ".*"
                      "(0019,10": ".*"
                    rectangles: [{x: 0, y: 0, width: 10, height: 10}]
                  - name: bad-rect
                    rectangles:
                      - {x: -1, y: 0, width: 0, height: 10}
                  - name: no-rect
                  - name: bad-rect
                    rectangles: []
                """);
        problemAt(e, 5, "bad regular expression for Manufacturer", "ACME([");
        problemAt(e, 6, "unknown attribute keyword \"PatientsName\" in when", "did you mean \"PatientName\"");
        problemAt(e, 7, "ReferencedImageSequence is SQ");
        problemAt(e, 8, "tag (7776,0010) in when is not in the DICOM data dictionary");
        problemAt(e, 9, "\"(0019,10\" is not a tag");
        problemAt(e, 13, "x -1 is out of range");
        problemAt(e, 13, "width 0 is out of range");
        problemAt(e, 14, "needs rectangles");
        problemAt(e, 15, "rule name \"bad-rect\" is used twice", "first on line 11");
        problemAt(e, 16, "has no rectangles");
        problemAt(fails("redaction: [{rectangles: [{x: 0, y: 0, width: 1, height: 1}]}]\n"), 1,
                "applied under the option clean-pixel-data");
    }

    @Test
    void wrongShapesAndEmptyValues() {
        ProfileException e = fails("""
                name:
                options: retain-uids
                attributes: [PatientAge]
                burned-in: true
                """);
        problemAt(e, 1, "name needs a value");
        problemAt(e, 2, "options must be a list", "found \"retain-uids\"");
        problemAt(e, 3, "attributes must be a mapping", "found a list");
        problemAt(e, 4, "burned-in must be a mapping");
        problemAt(fails("name: \"bad name!\"\n"), 1, "name \"bad name!\" is not allowed");
        problemAt(fails("- a\n- b\n"), 1, "the profile must be a mapping");
    }

    @Test
    void yamlSyntaxErrorsHaveALineToo() {
        ProfileException e = fails("name: x\noptions: [retain-uids\nuid-root: 2.25\n");
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).line() >= 2, e.getMessage());
        assertTrue(e.getMessage().startsWith("test.yaml:"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
        ProfileException empty = fails("# nothing\n");
        assertTrue(empty.getMessage().contains("empty profile"), empty.getMessage());
    }

    @Test
    void allProblemsComeTogetherInLineOrder() {
        ProfileException e = fails("""
                uid-root: "x"
                options: [retain-uid]
                attributes: {Foo: keep}
                """);
        assertEquals(3, e.problems().size());
        assertEquals(List.of(1, 2, 3), e.problems().stream().map(ProfileException.Problem::line).toList());
        assertEquals(3, e.getMessage().lines().count());
    }

    @Test
    void valueChecksDirectly() {
        assertNull(ProfileValues.pseudonymProblem("PAT-{hash:12}", VR.LO));
        assertNull(ProfileValues.pseudonymProblem("{hash:16}", VR.SH));
        assertTrue(ProfileValues.pseudonymProblem("{hash:17}", VR.SH) != null);
        assertNull(ProfileValues.pseudonymProblem("A^B^C^D^{hash:6}", VR.PN));
        assertTrue(ProfileValues.pseudonymProblem("A^B^C^D^E^{hash:6}", VR.PN) != null);
        assertNull(ProfileValues.constantProblem("DOE^JOHN", List.of(VR.PN)));
        assertNull(ProfileValues.constantProblem("20240229", List.of(VR.DA)));
        assertTrue(ProfileValues.constantProblem("20230229", List.of(VR.DA)) != null);
        assertNull(ProfileValues.constantProblem("ORIGINAL\\PRIMARY", List.of(VR.CS)));
        assertNull(ProfileValues.constantProblem("20240101120000.5+0100", List.of(VR.DT)));
        assertNull(ProfileValues.constantProblem("-1.5e3", List.of(VR.DS)));
        assertNull(ProfileValues.constantProblem("", List.of(VR.DA)));
        assertEquals(0x00100010, DICT.tagOf("PatientName"));
        assertEquals("(0010,0010)", Tag.toString(DICT.tagOf("PatientName")));
    }

    @Test
    void theExampleOfTheDocsLoads() throws Exception {
        Path doc = Path.of("docs/PROFILES.md");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(doc));
        String md = Files.readString(doc);
        int start = md.indexOf("```yaml\n", md.indexOf("## A complete example"));
        String yaml = md.substring(start + 8, md.indexOf("```", start + 8));
        Profile p = ProfileLoader.loadString(yaml, "example.yaml");
        assertEquals("site-a-research", p.name());
        assertEquals(6, p.options().size());
        assertEquals(8, p.overrides().size());
        assertEquals(1, p.redaction().size());
    }

    // ---- round trip through ProfileWriter ----

    static void assertSameProfile(Profile a, Profile b) {
        assertEquals(a.name(), b.name());
        assertEquals(a.description(), b.description());
        assertEquals(a.options(), b.options());
        assertEquals(a.overrides(), b.overrides());
        assertEquals(a.safePrivate(), b.safePrivate());
        assertEquals(a.pseudonyms(), b.pseudonyms());
        assertEquals(a.dateShift(), b.dateShift());
        assertEquals(a.uidRoot(), b.uidRoot());
        assertEquals(a.burnedIn(), b.burnedIn());
        assertEquals(a.redaction().size(), b.redaction().size());
        for (int i = 0; i < a.redaction().size(); i++) {
            RedactionRule x = a.redaction().get(i);
            RedactionRule y = b.redaction().get(i);
            assertEquals(x.name(), y.name());
            assertEquals(x.rectangles(), y.rectangles());
            assertEquals(x.conditions().keySet(), y.conditions().keySet());
            for (String k : x.conditions().keySet()) {
                assertEquals(x.conditions().get(k).pattern(), y.conditions().get(k).pattern());
                assertEquals(x.conditions().get(k).flags(), y.conditions().get(k).flags());
            }
        }
    }

    @Test
    void everyFieldSurvivesARoundTrip() {
        for (Profile p : List.of(load(FULL), ProfileLoader.builtIn("basic"), ProfileLoader.builtIn("research"),
                load("{}"), load("burned-in: {detect: never}"),
                load("burned-in: {detect: all, ocr: off, redact: rules, scan-frames: 3, yes-without-text: publish, "
                        + "lossy-reencode: {modalities: [US, IVUS], quality: 90}}"),
                load("description: 'quote \" and \\\\ back'\nattributes: {ImageComments: {constant: \"a\\\\b\"}}\n"))) {
            String yaml = ProfileWriter.toYaml(p);
            Profile back = ProfileLoader.loadString(yaml, p.name() + ".yaml");
            assertSameProfile(p, back);
            assertEquals(yaml, ProfileWriter.toYaml(back));
        }
    }
}
