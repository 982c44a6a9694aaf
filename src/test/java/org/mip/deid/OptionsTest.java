package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mip.deid.DeidKit.item;
import static org.mip.deid.DeidKit.seq;
import static org.mip.deid.DeidKit.set;
import static org.mip.deid.DeidKit.tag;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mip.deid.profile.AttributeOverride.Action;
import org.mip.deid.profile.DateShiftRange;
import org.mip.deid.profile.Profile;
import org.mip.deid.profile.PseudonymPatterns;
import org.mip.deid.profile.SafePrivateElement;
import org.mip.deid.pseudo.Pseudonymizer;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;

/** Each PS3.15 option on its own (and a few combinations), per-attribute overrides, pseudonym patterns. */
class OptionsTest {
    static final String NAME = "DOE^JANE";
    static final String MRN = "MRN-31337";
    /** What the stand-in cleaner knows to remove. */
    static final List<String> PHI = List.of(NAME, "Jane Doe", MRN, "2019-03-04", "Dr Who");

    static final String STUDY_UID = "1.2.826.0.1.3680043.2.1125.1";
    static final String SERIES_UID = "1.2.826.0.1.3680043.2.1125.2";
    static final String SOP_UID = "1.2.826.0.1.3680043.2.1125.3";
    static final String FOR_UID = "1.2.826.0.1.3680043.2.1125.4";
    static final String SOURCE_UID = "1.2.826.0.1.3680043.2.1125.5";

    static Dataset dataset(boolean big) {
        Dataset ds = new Dataset(big);
        set(ds, "SOPClassUID", DeidKit.CT_IMAGE);
        set(ds, "SOPInstanceUID", SOP_UID);
        set(ds, "StudyInstanceUID", STUDY_UID);
        set(ds, "SeriesInstanceUID", SERIES_UID);
        set(ds, "FrameOfReferenceUID", FOR_UID);
        set(ds, "Modality", "CT");
        set(ds, "PatientName", NAME);
        set(ds, "PatientID", MRN);
        set(ds, "IssuerOfPatientID", "HOSP-A");
        set(ds, "PatientBirthDate", "19700101");
        set(ds, "PatientSex", "F");
        set(ds, "PatientAge", "049Y");
        set(ds, "PatientSize", "1.65");
        set(ds, "PatientWeight", "61");
        set(ds, "EthnicGroup", "NORDIC");
        set(ds, "AccessionNumber", "ACC-9");
        set(ds, "StudyID", "STUDY-7");
        set(ds, "StudyDate", "20190304");
        set(ds, "StudyTime", "101112");
        set(ds, "SeriesDate", "20190305");
        set(ds, "ContentDate", "20190306");
        set(ds, "AcquisitionDateTime", "20190306101112.123+0100");
        set(ds, "InstanceCreationDate", "20190307");
        set(ds, "StationName", "CT-STATION-3");
        set(ds, "DeviceSerialNumber", "SN-445566");
        set(ds, "DeviceUID", "1.2.826.0.1.3680043.2.1125.99");
        set(ds, "InstitutionName", "St Elsewhere");
        set(ds, "InstitutionAddress", "1 Hospital Road");
        set(ds, "InstitutionalDepartmentName", "Radiology");
        set(ds, "Manufacturer", "ACME");
        set(ds, "BodyPartExamined", "CHEST");
        set(ds, "StudyDescription", "Chest CT for " + NAME);
        set(ds, "SeriesDescription", "Axial " + MRN);
        set(ds, "ProtocolName", "Lung protocol, Dr Who");
        set(ds, "ImageComments", "Seen on 2019-03-04");
        set(ds, "PatientComments", "Jane Doe prefers mornings");
        set(ds, "ReferringPhysicianName", "WHO^DOCTOR");
        set(ds, "OperatorsName", "OPERATOR^ONE");
        Dataset source = item(ds);
        set(source, "ReferencedSOPClassUID", DeidKit.CT_IMAGE);
        set(source, "ReferencedSOPInstanceUID", SOURCE_UID);
        set(source, "InstanceCreationDate", "20190302");
        seq(ds, "SourceImageSequence", source);
        // dates three levels deep in sequences the table does not list
        Dataset level1 = item(ds);
        set(level1, "CodeValue", "113076");
        Dataset level2 = item(level1);
        set(level2, "CodeValue", "1");
        Dataset level3 = item(level2);
        set(level3, "StudyDate", "20190301");
        set(level3, "ExpiryDate", "20190401");
        set(level3, "AcquisitionDateTime", "201903");
        seq(level2, "ConceptNameCodeSequence", level3);
        seq(level1, "ConceptNameCodeSequence", level2);
        seq(ds, "DerivationCodeSequence", level1);
        Dataset equipment = item(ds);
        set(equipment, "Manufacturer", "OLDCORP");
        set(equipment, "ContributionDateTime", "2019");
        seq(ds, "ContributingEquipmentSequence", equipment);
        // SR content
        Dataset text = item(ds);
        set(text, "RelationshipType", "CONTAINS");
        set(text, "ValueType", "TEXT");
        Dataset concept = item(text);
        set(concept, "CodeValue", "121106");
        set(concept, "CodingSchemeDesignator", "DCM");
        set(concept, "CodeMeaning", "Comment");
        seq(text, "ConceptNameCodeSequence", concept);
        set(text, "TextValue", "Patient " + NAME + " seen on 2019-03-04, nodule stable");
        Dataset person = item(ds);
        set(person, "RelationshipType", "HAS OBS CONTEXT");
        set(person, "ValueType", "PNAME");
        set(person, "PersonName", "WHO^DOCTOR");
        Dataset date = item(ds);
        set(date, "RelationshipType", "HAS OBS CONTEXT");
        set(date, "ValueType", "DATE");
        set(date, "Date", "20190303");
        seq(ds, "ContentSequence", text, person, date);
        // graphics
        Dataset annotation = item(ds);
        set(annotation, "GraphicLayer", "L1");
        Dataset textObject = item(annotation);
        set(textObject, "UnformattedTextValue", "Measured by Dr Who, nodule 4 mm");
        seq(annotation, "TextObjectSequence", textObject);
        seq(ds, "GraphicAnnotationSequence", annotation);
        // private blocks
        ds.setString(Tag.of(0x0019, 0x0010), VR.LO, "SAFE CO");
        ds.setString(Tag.of(0x0019, 0x1001), VR.DS, "12.5");
        ds.setString(Tag.of(0x0019, 0x1002), VR.LO, NAME);
        ds.setString(Tag.of(0x0019, 0x1003), VR.LO, "not a number");
        ds.setString(Tag.of(0x0019, 0x1004), VR.DA, "20190304");
        ds.setString(Tag.of(0x0019, 0x0011), VR.LO, "UNSAFE CO");
        ds.setString(Tag.of(0x0019, 0x1101), VR.DS, "7");
        ds.setString(Tag.of(0x0021, 0x0010), VR.LO, "SAFE CO");
        ds.setString(Tag.of(0x0021, 0x1001), VR.DS, "3.5");
        return ds;
    }

    static final SafePrivateElement SAFE_DS = new SafePrivateElement("SAFE CO", 0x0019, 0x01, VR.DS);
    static final SafePrivateElement SAFE_LO_AS_DS = new SafePrivateElement("SAFE CO", 0x0019, 0x03, VR.DS);
    static final SafePrivateElement SAFE_DA = new SafePrivateElement("SAFE CO", 0x0019, 0x04, VR.DA);

    static Dataset run(Profile profile) throws Exception {
        return run(profile, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    static Dataset run(Profile profile, TransferSyntax ts) throws Exception {
        Dataset in = dataset(ts.bigEndian());
        DeidKit.Run r = DeidKit.run(DeidKit.deidentifier(profile, DeidKit.KEY, PHI), DeidKit.file(in, ts));
        try (DicomFile f = r.reread()) {
            assertEquals(f.dataset().getString(Tag.SOP_INSTANCE_UID), f.meta().getString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID));
            return f.dataset();
        }
    }

    static String s(Dataset ds, String keyword) {
        return ds.getString(tag(keyword));
    }

    static List<Dataset> items(Dataset ds, String keyword) {
        Element e = ds.get(tag(keyword));
        return e instanceof SequenceElement sq ? sq.items() : List.of();
    }

    static Set<String> codes(Dataset ds) {
        Set<String> out = new HashSet<>();
        for (Dataset item : items(ds, "DeidentificationMethodCodeSequence")) {
            out.add(item.getString(tag("CodeValue")));
        }
        return out;
    }

    static int shift() {
        return new Pseudonymizer(DeidKit.KEY, "2.25").dayShift("id\0HOSP-A\0" + MRN, DateShiftRange.DEFAULT);
    }

    static String shifted(String yyyymmdd) {
        return LocalDate.parse(yyyymmdd, DateTimeFormatter.BASIC_ISO_DATE).plusDays(shift()).format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    // ------------------------------------------------------------------ basic, for contrast

    @Test
    void basicProfileAlone() throws Exception {
        Dataset ds = run(DeidKit.profile().build());
        assertEquals(Set.of("113100"), codes(ds));
        assertNotEquals(STUDY_UID, s(ds, "StudyInstanceUID"));
        assertNull(s(ds, "StudyDate"));
        assertNull(ds.get(tag("StudyDescription")));
        assertNull(ds.get(tag("PatientAge")));
        // X/Z/D on attributes Type 3 in a CT (General Equipment): removed, as the IOD allows
        assertNull(ds.get(tag("StationName")));
        assertNull(ds.get(tag("InstitutionName")));
        assertNull(ds.get(tag("InstitutionAddress")));
        assertFalse(ds.elements().stream().anyMatch(e -> Tag.isPrivate(e.tag())), "no private element");
        // SR content and graphics: dummies of the first item only
        List<Dataset> content = items(ds, "ContentSequence");
        assertEquals(1, content.size());
        assertEquals("ANONYMIZED", content.get(0).getString(tag("TextValue")));
        assertEquals("TEXT", content.get(0).getString(tag("ValueType")));
        assertEquals("ANONYMIZED", items(items(ds, "GraphicAnnotationSequence").get(0), "TextObjectSequence").get(0)
                .getString(tag("UnformattedTextValue")));
        assertEquals("REMOVED", s(ds, "LongitudinalTemporalInformationModified"));
    }

    // ------------------------------------------------------------------ retain options

    @Test
    void retainSafePrivate() throws Exception {
        Dataset ds = run(DeidKit.profile(DeidOption.RETAIN_SAFE_PRIVATE).safe(SAFE_DS).safe(SAFE_LO_AS_DS).safe(SAFE_DA).build());
        assertEquals("12.5", ds.getString(Tag.of(0x0019, 0x1001)), "listed element kept");
        assertEquals("19000101", ds.getString(Tag.of(0x0019, 0x1004)), "a listed date follows the longitudinal options");
        assertEquals("SAFE CO", ds.getString(Tag.of(0x0019, 0x0010)), "its creator kept");
        assertNull(ds.get(Tag.of(0x0019, 0x1002)), "unlisted element of a safe block removed");
        assertNull(ds.get(Tag.of(0x0019, 0x1003)), "listed offset with another VR removed");
        assertNull(ds.get(Tag.of(0x0019, 0x1101)), "element of another creator removed");
        assertNull(ds.get(Tag.of(0x0019, 0x0011)), "creator without kept elements removed");
        assertNull(ds.get(Tag.of(0x0021, 0x1001)), "listed offset in another group removed");
        assertNull(ds.get(Tag.of(0x0021, 0x0010)), "creator of an emptied group removed");
        assertEquals(Set.of("113100", "113111"), codes(ds));
        Dataset modified = run(DeidKit.profile(DeidOption.RETAIN_SAFE_PRIVATE, DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)
                .safe(SAFE_DA).build());
        assertEquals(shifted("20190304"), modified.getString(Tag.of(0x0019, 0x1004)));
    }

    @Test
    void retainSafePrivateInImplicitVr() throws Exception {
        Dataset ds = run(DeidKit.profile(DeidOption.RETAIN_SAFE_PRIVATE).safe(SAFE_DS).safe(SAFE_LO_AS_DS).build(),
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertEquals("12.5", ds.getString(Tag.of(0x0019, 0x1001)), "listed element kept though read as UN");
        Profile p = DeidKit.profile(DeidOption.RETAIN_SAFE_PRIVATE).safe(SAFE_DS).build();
        try (DicomFile f = DeidKit.read(DeidKit.write(DeidKit.file(dataset(false), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)))) {
            assertEquals(VR.UN, f.dataset().get(Tag.of(0x0019, 0x1001)).vr(), "implicit VR: private elements read as UN");
            DeidKit.deidentifier(p).deidentify(f);
            assertEquals(VR.DS, f.dataset().get(Tag.of(0x0019, 0x1001)).vr(), "given the listed VR");
        }
        assertNull(ds.get(Tag.of(0x0019, 0x1003)), "text where the list says DS: removed");
        assertNull(ds.get(Tag.of(0x0019, 0x1002)));
    }

    @Test
    void retainUids() throws Exception {
        Dataset ds = run(DeidKit.profile(DeidOption.RETAIN_UIDS).build());
        assertEquals(STUDY_UID, s(ds, "StudyInstanceUID"));
        assertEquals(SERIES_UID, s(ds, "SeriesInstanceUID"));
        assertEquals(SOP_UID, s(ds, "SOPInstanceUID"));
        assertEquals(FOR_UID, s(ds, "FrameOfReferenceUID"));
        assertEquals(SOURCE_UID, items(ds, "SourceImageSequence").get(0).getString(tag("ReferencedSOPInstanceUID")));
        assertNull(ds.get(tag("StationName")), "nothing else retained");
        assertNull(s(ds, "StudyDate"));
        assertEquals(Set.of("113100", "113110"), codes(ds));
    }

    /**
     * Under Retain UIDs every instance UID stays, so references keep resolving: UIDs in a dummy
     * sequence (SR content under the Basic profile) and UIDs of attributes the table does not list
     * (Concatenation source, Multi-frame source) were still replaced, pointing at nothing.
     */
    @Test
    void retainUidsKeepsUidsEverywhere() throws Exception {
        Dataset in = BasicProfileGapsTest.minimal();
        set(in, "SOPInstanceUIDOfConcatenationSource", SOURCE_UID);
        Dataset image = item(in);
        set(image, "RelationshipType", "CONTAINS");
        set(image, "ValueType", "IMAGE");
        Dataset ref = item(image);
        set(ref, "ReferencedSOPClassUID", DeidKit.CT_IMAGE);
        set(ref, "ReferencedSOPInstanceUID", SOURCE_UID);
        seq(image, "ReferencedSOPSequence", ref);
        seq(in, "ContentSequence", image);
        DeidKit.Run r = DeidKit.run(DeidKit.deidentifier(DeidKit.profile(DeidOption.RETAIN_UIDS).build()),
                DeidKit.file(in, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        try (DicomFile f = r.reread()) {
            Dataset ds = f.dataset();
            assertEquals(SOURCE_UID, s(ds, "SOPInstanceUIDOfConcatenationSource"));
            Dataset content = items(ds, "ContentSequence").get(0);
            assertEquals(SOURCE_UID, items(content, "ReferencedSOPSequence").get(0).getString(tag("ReferencedSOPInstanceUID")));
        }
    }

    @Test
    void retainDeviceIdentity() throws Exception {
        Dataset ds = run(DeidKit.profile(DeidOption.RETAIN_DEVICE_IDENTITY).build());
        assertEquals("CT-STATION-3", s(ds, "StationName"));
        assertEquals("SN-445566", s(ds, "DeviceSerialNumber"));
        assertEquals("1.2.826.0.1.3680043.2.1125.99", s(ds, "DeviceUID"));
        assertNull(ds.get(tag("InstitutionName")), "X/Z/D, Type 3 in a CT");
        assertNotEquals(STUDY_UID, s(ds, "StudyInstanceUID"));
        assertEquals(Set.of("113100", "113109"), codes(ds));
    }

    @Test
    void retainInstitutionIdentity() throws Exception {
        Dataset ds = run(DeidKit.profile(DeidOption.RETAIN_INSTITUTION_IDENTITY).build());
        assertEquals("St Elsewhere", s(ds, "InstitutionName"));
        assertEquals("1 Hospital Road", s(ds, "InstitutionAddress"));
        assertEquals("Radiology", s(ds, "InstitutionalDepartmentName"));
        assertNull(ds.get(tag("StationName")), "X/Z/D, Type 3 in a CT");
        assertEquals(Set.of("113100", "113112"), codes(ds));
    }

    @Test
    void retainPatientCharacteristics() throws Exception {
        Dataset ds = run(DeidKit.profile(DeidOption.RETAIN_PATIENT_CHARACTERISTICS).build());
        assertEquals("049Y", s(ds, "PatientAge"));
        assertEquals("F", s(ds, "PatientSex"));
        assertEquals("1.65", s(ds, "PatientSize"));
        assertEquals("61", s(ds, "PatientWeight"));
        assertEquals("NORDIC", s(ds, "EthnicGroup"));
        assertNull(s(ds, "PatientBirthDate"), "birth date is not a characteristic");
        assertNotEquals(MRN, s(ds, "PatientID"));
        assertEquals(Set.of("113100", "113108"), codes(ds));
    }

    @Test
    void keptAgesOverEightyNineAreAggregated() throws Exception {
        Profile keep = DeidKit.profile(DeidOption.RETAIN_PATIENT_CHARACTERISTICS).build();
        for (String[] c : new String[][] {{"089Y", "089Y"}, {"090Y", "090Y"}, {"097Y", "090Y"}, {"104Y", "090Y"},
                {"011M", "011M"}, {"003W", "003W"}}) {
            Dataset in = dataset(false);
            in.setString(tag("PatientAge"), VR.AS, c[0]);
            DeidKit.Run r = DeidKit.run(DeidKit.deidentifier(keep, DeidKit.KEY, PHI),
                    DeidKit.file(in, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
            try (DicomFile f = r.reread()) {
                assertEquals(c[1], f.dataset().getString(tag("PatientAge")), "age " + c[0]);
            }
        }
    }

    @Test
    void retainLongitudinalFullDates() throws Exception {
        Dataset ds = run(DeidKit.profile(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES).build());
        assertEquals("20190304", s(ds, "StudyDate"));
        assertEquals("101112", s(ds, "StudyTime"));
        assertEquals("20190305", s(ds, "SeriesDate"));
        assertEquals("20190306101112.123+0100", s(ds, "AcquisitionDateTime"));
        Dataset level3 = items(items(items(ds, "DerivationCodeSequence").get(0), "ConceptNameCodeSequence").get(0),
                "ConceptNameCodeSequence").get(0);
        assertEquals("20190301", level3.getString(tag("StudyDate")));
        assertEquals("20190401", level3.getString(tag("ExpiryDate")));
        assertNull(s(ds, "PatientBirthDate"), "Table E.1-1: birth date Z even with Full Dates");
        assertEquals("UNMODIFIED", s(ds, "LongitudinalTemporalInformationModified"));
        assertEquals(Set.of("113100", "113106"), codes(ds));
    }

    /** Every DA/DT at any depth shifted by one keyed whole-day offset; intervals, times, precision kept. */
    @Test
    void retainLongitudinalModifiedDates() throws Exception {
        Dataset in = dataset(false);
        Dataset ds = run(DeidKit.profile(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES).build());
        int days = shift();
        assertTrue(days >= DateShiftRange.DEFAULT.minDays() && days <= DateShiftRange.DEFAULT.maxDays() && days != 0);
        assertEquals(shifted("20190304"), s(ds, "StudyDate"));
        assertEquals("101112", s(ds, "StudyTime"), "times of day kept");
        assertEquals(shifted("20190305"), s(ds, "SeriesDate"));
        assertEquals(shifted("20190306"), s(ds, "ContentDate"));
        assertEquals(shifted("20190306") + "101112.123+0100", s(ds, "AcquisitionDateTime"), "DT keeps time and offset");
        assertEquals(shifted("20190307"), s(ds, "InstanceCreationDate"));
        assertEquals(shifted("20190302"), items(ds, "SourceImageSequence").get(0).getString(tag("InstanceCreationDate")));
        Dataset level3 = items(items(items(ds, "DerivationCodeSequence").get(0), "ConceptNameCodeSequence").get(0),
                "ConceptNameCodeSequence").get(0);
        assertEquals(shifted("20190301"), level3.getString(tag("StudyDate")));
        assertEquals(shifted("20190401"), level3.getString(tag("ExpiryDate")));
        assertEquals(shifted("20190315").substring(0, 6), level3.getString(tag("AcquisitionDateTime")),
                "DT precision kept (YYYYMM)");
        assertEquals(4, items(ds, "ContributingEquipmentSequence").get(0).getString(tag("ContributionDateTime")).length(),
                "DT precision kept (YYYY)");

        // every date left anywhere is a shifted original (one offset) or empty
        List<String> originals = new ArrayList<>();
        collectDates(in, originals);
        List<String> outputs = new ArrayList<>();
        collectDates(ds, outputs);
        for (String v : outputs) {
            assertFalse(originals.contains(v) && !v.isEmpty(), "unshifted date left: " + v);
        }
        long interval = ChronoUnit.DAYS.between(LocalDate.parse(s(ds, "StudyDate"), DateTimeFormatter.BASIC_ISO_DATE),
                LocalDate.parse(s(ds, "SeriesDate"), DateTimeFormatter.BASIC_ISO_DATE));
        assertEquals(1, interval, "interval preserved");
        assertEquals("MODIFIED", s(ds, "LongitudinalTemporalInformationModified"));
        assertEquals(Set.of("113100", "113107"), codes(ds));
    }

    private static void collectDates(Dataset ds, List<String> out) {
        for (Element e : ds) {
            if (e instanceof SequenceElement sq) {
                for (Dataset item : sq.items()) {
                    collectDates(item, out);
                }
            } else if (e instanceof ValueElement v && (v.vr() == VR.DA || v.vr() == VR.DT)) {
                out.addAll(ds.getStrings(v.tag()));
            }
        }
    }

    // ------------------------------------------------------------------ clean options

    @Test
    void cleanDescriptors() throws Exception {
        Dataset ds = run(DeidKit.profile(DeidOption.CLEAN_DESCRIPTORS).build());
        assertEquals("Chest CT for", s(ds, "StudyDescription"));
        assertEquals("Axial", s(ds, "SeriesDescription"));
        assertEquals("Lung protocol,", s(ds, "ProtocolName"));
        assertEquals("Seen on", ds.getText(tag("ImageComments")).strip());
        assertEquals("prefers mornings", ds.getText(tag("PatientComments")).strip());
        assertEquals(Set.of("113100", "113105"), codes(ds));
    }

    /**
     * A value that is identifying through and through (an RT Structure Set Label that is the
     * patient's ID) was cleaned to nothing, leaving a Type 1 attribute empty: dciodvfy flagged the
     * rtstruct sample. A cleaned value is never empty: what is left, or the dummy.
     */
    @Test
    void cleaningNeverEmptiesAValue() throws Exception {
        Dataset in = BasicProfileGapsTest.minimal();
        set(in, "StructureSetLabel", MRN);
        set(in, "StudyDescription", NAME + " " + MRN);
        DeidKit.Run r = DeidKit.run(DeidKit.deidentifier(DeidKit.profile(DeidOption.CLEAN_DESCRIPTORS).build(), DeidKit.KEY, PHI),
                DeidKit.file(in, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        try (DicomFile f = r.reread()) {
            assertEquals("ANONYMIZED", s(f.dataset(), "StructureSetLabel"));
            assertEquals("ANONYMIZED", s(f.dataset(), "StudyDescription"));
        }
    }

    @Test
    void cleanStructuredContent() throws Exception {
        Dataset ds = run(DeidKit.profile(DeidOption.CLEAN_STRUCTURED_CONTENT).build());
        List<Dataset> content = items(ds, "ContentSequence");
        assertEquals(3, content.size(), "structure kept");
        String text = content.get(0).getText(tag("TextValue"));
        assertEquals("Patient  seen on , nodule stable", text, "text kept, identifying parts cleaned");
        assertEquals("Comment", items(content.get(0), "ConceptNameCodeSequence").get(0).getString(tag("CodeMeaning")));
        assertNotEquals("WHO^DOCTOR", content.get(1).getText(tag("PersonName")));
        assertNotEquals("20190303", content.get(2).getString(tag("Date")), "dates in content are not kept");
        assertEquals(Set.of("113100", "113104"), codes(ds));
    }

    @Test
    void cleanGraphics() throws Exception {
        Dataset ds = run(DeidKit.profile(DeidOption.CLEAN_GRAPHICS).build());
        Dataset textObject = items(items(ds, "GraphicAnnotationSequence").get(0), "TextObjectSequence").get(0);
        assertEquals("Measured by , nodule 4 mm", textObject.getText(tag("UnformattedTextValue")));
        assertEquals("L1", items(ds, "GraphicAnnotationSequence").get(0).getString(tag("GraphicLayer")));
        assertEquals(Set.of("113100", "113103"), codes(ds));
    }

    // ------------------------------------------------------------------ combinations

    @Test
    void retainUidsAndFullDates() throws Exception {
        Dataset ds = run(DeidKit.profile(DeidOption.RETAIN_UIDS, DeidOption.RETAIN_LONGITUDINAL_FULL_DATES).build());
        assertEquals(STUDY_UID, s(ds, "StudyInstanceUID"));
        assertEquals("20190304", s(ds, "StudyDate"));
        assertNotEquals(NAME, ds.getText(tag("PatientName")));
        assertEquals(Set.of("113100", "113110", "113106"), codes(ds));
    }

    @Test
    void fullDatesWinOverModifiedDates() throws Exception {
        Dataset ds = run(DeidKit.profile(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES,
                DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES).build());
        assertEquals("20190304", s(ds, "StudyDate"));
        assertEquals("UNMODIFIED", s(ds, "LongitudinalTemporalInformationModified"));
    }

    @Test
    void cleanDescriptorsWithInstitutionAndCharacteristics() throws Exception {
        Dataset ds = run(DeidKit.profile(DeidOption.CLEAN_DESCRIPTORS, DeidOption.RETAIN_INSTITUTION_IDENTITY,
                DeidOption.RETAIN_PATIENT_CHARACTERISTICS).build());
        assertEquals("Chest CT for", s(ds, "StudyDescription"));
        assertEquals("St Elsewhere", s(ds, "InstitutionName"));
        assertEquals("049Y", s(ds, "PatientAge"));
        assertEquals(Set.of("113100", "113105", "113112", "113108"), codes(ds));
    }

    // ------------------------------------------------------------------ overrides

    @Test
    void perAttributeOverrides() throws Exception {
        Dataset ds = run(DeidKit.profile()
                .override("StudyDescription", Action.KEEP, null)
                .override("BodyPartExamined", Action.REMOVE, null)
                .override("Manufacturer", Action.EMPTY, null)
                .override("InstitutionName", Action.CONSTANT, "RESEARCH SITE 1")
                .override("OperatorsName", Action.PSEUDONYMISE, null)
                .override("PatientBirthDate", Action.SHIFT_DATE, null)
                .override("PatientComments", Action.CLEAN, null)
                .override(Tag.of(0x0019, 0x1001), Action.KEEP, null)
                .build());
        assertEquals("Chest CT for " + NAME, s(ds, "StudyDescription"), "keep");
        assertNull(ds.get(tag("BodyPartExamined")), "remove");
        assertNotNull(ds.get(tag("Manufacturer")), "empty: present");
        assertNull(s(ds, "Manufacturer"), "empty: no value");
        assertEquals("RESEARCH SITE 1", s(ds, "InstitutionName"), "constant");
        String operator = ds.getText(tag("OperatorsName"));
        assertTrue(operator.matches("ANON\\^[A-Z2-7]{8}"), "pseudonymise: " + operator);
        assertEquals(operator, run(DeidKit.profile().override("OperatorsName", Action.PSEUDONYMISE, null).build())
                .getText(tag("OperatorsName")), "pseudonym stable");
        assertEquals(shifted("19700101"), s(ds, "PatientBirthDate"), "shift-date by the patient's offset");
        assertEquals("prefers mornings", ds.getText(tag("PatientComments")).strip(), "clean");
        assertEquals("12.5", ds.getString(Tag.of(0x0019, 0x1001)), "keep on a private element");
        assertEquals("SAFE CO", ds.getString(Tag.of(0x0019, 0x0010)), "with its creator");
        assertNull(ds.get(Tag.of(0x0019, 0x1002)));
    }

    // ------------------------------------------------------------------ pseudonyms

    @Test
    void pseudonymsFollowThePatterns() throws Exception {
        Profile p = DeidKit.profile().patterns(new PseudonymPatterns("SUBJ-{hash:6}", "SUBJECT^{hash:4}", "X{hash:10}",
                "ST{hash:8}")).build();
        Dataset ds = run(p);
        assertTrue(s(ds, "PatientID").matches("SUBJ-[A-Z2-7]{6}"), s(ds, "PatientID"));
        assertTrue(ds.getText(tag("PatientName")).matches("SUBJECT\\^[A-Z2-7]{4}"), ds.getText(tag("PatientName")));
        assertTrue(s(ds, "AccessionNumber").matches("X[A-Z2-7]{10}"), s(ds, "AccessionNumber"));
        assertTrue(s(ds, "StudyID").matches("ST[A-Z2-7]{8}"), s(ds, "StudyID"));
        Dataset again = run(p);
        for (String k : List.of("PatientID", "AccessionNumber", "StudyID")) {
            assertEquals(s(ds, k), s(again, k), "stable " + k);
        }
        Dataset defaults = run(DeidKit.profile().build());
        assertTrue(s(defaults, "PatientID").matches("PAT-[A-Z2-7]{12}"));
        assertTrue(s(defaults, "AccessionNumber").matches("ACC[A-Z2-7]{12}"));
        assertTrue(s(defaults, "StudyID").matches("S[A-Z2-7]{10}"));
    }

    @Test
    void patientIdPseudonymDependsOnTheIssuer() throws Exception {
        Deidentifier deid = DeidKit.deidentifier(DeidKit.profile().build());
        String a1 = patientId(deid, "123", "HOSP-A");
        String a2 = patientId(deid, "123", "HOSP-A");
        String b = patientId(deid, "123", "HOSP-B");
        String none = patientId(deid, "123", null);
        assertEquals(a1, a2);
        assertNotEquals(a1, b, "same number, other issuer: another patient");
        assertNotEquals(a1, none);
    }

    private static String patientId(Deidentifier deid, String id, String issuer) throws Exception {
        Dataset ds = BasicProfileGapsTest.minimal();
        set(ds, "PatientID", id);
        if (issuer != null) {
            set(ds, "IssuerOfPatientID", issuer);
        }
        DeidKit.Run r = DeidKit.run(deid, DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        assertFalse(new String(r.output(), StandardCharsets.ISO_8859_1).contains("HOSP-"), "issuer removed");
        return r.result().patientPseudonym();
    }
}
