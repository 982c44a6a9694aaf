package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mip.deid.DeidKit.item;
import static org.mip.deid.DeidKit.seq;
import static org.mip.deid.DeidKit.set;
import static org.mip.deid.DeidKit.setUs;
import static org.mip.deid.DeidKit.tag;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mip.deid.profile.Profile;
import org.mip.deid.pseudo.DeidKey;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.SequenceElement;

/**
 * A small study (two CT images, a second series referencing the first, an SR whose evidence and
 * content reference the images, an RT Structure Set referencing frame of reference, study, series
 * and images), de-identified file by file: every reference resolves to the new UIDs, the patient
 * gets one pseudonym and one day shift, runs are byte-for-byte repeatable, a different key gives
 * different UIDs, and well-known UIDs stay.
 */
class StudyReferencesTest {
    static final String STUDY = "1.2.840.999.123456.1";
    static final String SERIES_A = "1.2.840.999.123456.2";
    static final String SERIES_B = "1.2.840.999.123456.3";
    static final String SERIES_SR = "1.2.840.999.123456.4";
    static final String SERIES_RT = "1.2.840.999.123456.5";
    static final String FOR = "1.2.840.999.123456.6";
    static final String CT1 = "1.2.840.999.123456.7.1";
    static final String CT2 = "1.2.840.999.123456.7.2";
    static final String CT3 = "1.2.840.999.123456.7.3";
    static final String SR = "1.2.840.999.123456.8";
    static final String RT = "1.2.840.999.123456.9";
    static final String SNOMED_UID = "2.16.840.1.113883.6.96";
    static final String TALAIRACH_FOR = "1.2.840.10008.1.4.1.1";
    static final String STUDY_SOP_CLASS = "1.2.840.10008.3.1.2.3.1";

    /** name → file bytes */
    static Map<String, byte[]> study() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("ct1", DeidKit.write(DeidKit.file(ct(CT1, SERIES_A, null), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)));
        files.put("ct2", DeidKit.write(DeidKit.file(ct(CT2, SERIES_A, null), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)));
        files.put("ct3", DeidKit.write(DeidKit.file(ct(CT3, SERIES_B, CT1), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)));
        files.put("sr", DeidKit.write(DeidKit.file(sr(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)));
        files.put("rt", DeidKit.write(DeidKit.file(rt(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)));
        return files;
    }

    static void patientAndStudy(Dataset ds, String sopClass, String sop, String series, String modality) {
        set(ds, "SOPClassUID", sopClass);
        set(ds, "SOPInstanceUID", sop);
        set(ds, "StudyInstanceUID", STUDY);
        set(ds, "SeriesInstanceUID", series);
        set(ds, "Modality", modality);
        set(ds, "PatientName", "ROE^RICHARD");
        set(ds, "PatientID", "MRN-424242");
        set(ds, "IssuerOfPatientID", "HOSPITAL-A");
        set(ds, "PatientBirthDate", "19600229");
        set(ds, "StudyDate", "20200115");
        set(ds, "SeriesDate", "20200116");
        set(ds, "ContentDate", "20200117");
        set(ds, "AccessionNumber", "A123456");
        set(ds, "StudyID", "S77");
        Dataset scheme = item(ds);
        set(scheme, "CodingSchemeDesignator", "SCT");
        set(scheme, "CodingSchemeUID", SNOMED_UID);
        seq(ds, "CodingSchemeIdentificationSequence", scheme);
    }

    static Dataset ct(String sop, String series, String references) {
        Dataset ds = new Dataset(false);
        patientAndStudy(ds, DeidKit.CT_IMAGE, sop, series, "CT");
        set(ds, "FrameOfReferenceUID", FOR);
        setUs(ds, "Rows", 2);
        setUs(ds, "Columns", 2);
        setUs(ds, "SamplesPerPixel", 1);
        set(ds, "PhotometricInterpretation", "MONOCHROME2");
        setUs(ds, "BitsAllocated", 16);
        setUs(ds, "BitsStored", 16);
        setUs(ds, "HighBit", 15);
        setUs(ds, "PixelRepresentation", 0);
        DeidKit.bytes(ds, Tag.PIXEL_DATA, VR.OW, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        if (references != null) {
            Dataset img = item(ds);
            sopRef(img, DeidKit.CT_IMAGE, references);
            seq(ds, "ReferencedImageSequence", img);
            Dataset src = item(ds);
            sopRef(src, DeidKit.CT_IMAGE, CT2);
            seq(ds, "SourceImageSequence", src);
            Dataset refSeries = item(ds);
            set(refSeries, "SeriesInstanceUID", SERIES_A);
            Dataset inst = item(refSeries);
            sopRef(inst, DeidKit.CT_IMAGE, CT1);
            seq(refSeries, "ReferencedInstanceSequence", inst);
            seq(ds, "ReferencedSeriesSequence", refSeries);
            set(ds, "RelatedFrameOfReferenceUID", TALAIRACH_FOR);
        }
        return ds;
    }

    static void sopRef(Dataset item, String sopClass, String sop) {
        set(item, "ReferencedSOPClassUID", sopClass);
        set(item, "ReferencedSOPInstanceUID", sop);
    }

    static Dataset sr() {
        Dataset ds = new Dataset(false);
        patientAndStudy(ds, DeidKit.COMPREHENSIVE_SR, SR, SERIES_SR, "SR");
        set(ds, "ValueType", "CONTAINER");
        set(ds, "CompletionFlag", "COMPLETE");
        set(ds, "VerificationFlag", "UNVERIFIED");
        Dataset evidence = item(ds);
        set(evidence, "StudyInstanceUID", STUDY);
        Dataset series = item(evidence);
        set(series, "SeriesInstanceUID", SERIES_A);
        Dataset r1 = item(series);
        sopRef(r1, DeidKit.CT_IMAGE, CT1);
        Dataset r2 = item(series);
        sopRef(r2, DeidKit.CT_IMAGE, CT2);
        seq(series, "ReferencedSOPSequence", r1, r2);
        seq(evidence, "ReferencedSeriesSequence", series);
        seq(ds, "CurrentRequestedProcedureEvidenceSequence", evidence);
        Dataset image = item(ds);
        set(image, "RelationshipType", "CONTAINS");
        set(image, "ValueType", "IMAGE");
        Dataset ref = item(image);
        sopRef(ref, DeidKit.CT_IMAGE, CT1);
        seq(image, "ReferencedSOPSequence", ref);
        seq(ds, "ContentSequence", image);
        return ds;
    }

    static Dataset rt() {
        Dataset ds = new Dataset(false);
        patientAndStudy(ds, DeidKit.RT_STRUCT, RT, SERIES_RT, "RTSTRUCT");
        set(ds, "StructureSetLabel", "LUNGS");
        set(ds, "StructureSetDate", "20200118");
        Dataset frame = item(ds);
        set(frame, "FrameOfReferenceUID", FOR);
        Dataset study = item(frame);
        sopRef(study, STUDY_SOP_CLASS, STUDY);
        Dataset series = item(study);
        set(series, "SeriesInstanceUID", SERIES_A);
        Dataset c1 = item(series);
        sopRef(c1, DeidKit.CT_IMAGE, CT1);
        Dataset c2 = item(series);
        sopRef(c2, DeidKit.CT_IMAGE, CT2);
        seq(series, "ContourImageSequence", c1, c2);
        seq(study, "RTReferencedSeriesSequence", series);
        seq(frame, "RTReferencedStudySequence", study);
        seq(ds, "ReferencedFrameOfReferenceSequence", frame);
        Dataset roi = item(ds);
        set(roi, "ROINumber", "1");
        set(roi, "ReferencedFrameOfReferenceUID", FOR);
        set(roi, "ROIName", "LUNG");
        seq(ds, "StructureSetROISequence", roi);
        Dataset roiContour = item(ds);
        set(roiContour, "ReferencedROINumber", "1");
        Dataset contour = item(roiContour);
        Dataset ci = item(contour);
        sopRef(ci, DeidKit.CT_IMAGE, CT1);
        seq(contour, "ContourImageSequence", ci);
        set(contour, "ContourGeometricType", "POINT");
        set(contour, "NumberOfContourPoints", "1");
        set(contour, "ContourData", "0\\0\\0");
        seq(roiContour, "ContourSequence", contour);
        seq(ds, "ROIContourSequence", roiContour);
        return ds;
    }

    /** De-identifies every file of the study; name → output bytes. */
    static Map<String, byte[]> deidentify(Map<String, byte[]> study, Profile profile, DeidKey key) throws Exception {
        Deidentifier deid = DeidKit.deidentifier(profile, key, List.of());
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : study.entrySet()) {
            out.put(e.getKey(), DeidKit.run(deid, e.getValue()).output());
        }
        return out;
    }

    static Dataset dataset(byte[] file) throws Exception {
        try (DicomFile f = DeidKit.read(file)) {
            return f.dataset(); // header values are in memory: usable after close
        }
    }

    static Dataset first(Dataset ds, String... path) {
        Dataset d = ds;
        for (String keyword : path) {
            d = ((SequenceElement) d.get(tag(keyword))).items().get(0);
        }
        return d;
    }

    static List<Dataset> items(Dataset ds, String keyword) {
        return ((SequenceElement) ds.get(tag(keyword))).items();
    }

    static String s(Dataset ds, String keyword) {
        return ds.getString(tag(keyword));
    }

    @Test
    void everyReferenceResolvesToTheNewUids() throws Exception {
        Map<String, byte[]> out = deidentify(study(), DeidKit.profile().build(), DeidKit.KEY);
        Dataset ct1 = dataset(out.get("ct1"));
        Dataset ct2 = dataset(out.get("ct2"));
        Dataset ct3 = dataset(out.get("ct3"));
        Dataset sr = dataset(out.get("sr"));
        Dataset rt = dataset(out.get("rt"));
        String study = s(ct1, "StudyInstanceUID");
        String seriesA = s(ct1, "SeriesInstanceUID");
        String frame = s(ct1, "FrameOfReferenceUID");
        String newCt1 = s(ct1, "SOPInstanceUID");
        String newCt2 = s(ct2, "SOPInstanceUID");

        Set<String> originals = Set.of(STUDY, SERIES_A, SERIES_B, SERIES_SR, SERIES_RT, FOR, CT1, CT2, CT3, SR, RT);
        for (String uid : List.of(study, seriesA, frame, newCt1, newCt2)) {
            assertFalse(originals.contains(uid), uid);
            assertTrue(uid.matches("2\\.25\\.[1-9][0-9]*") && uid.length() <= 64, uid);
        }
        for (Dataset ds : List.of(ct2, ct3, sr, rt)) {
            assertEquals(study, s(ds, "StudyInstanceUID"), "one study");
        }
        assertEquals(seriesA, s(ct2, "SeriesInstanceUID"));
        assertNotEquals(seriesA, s(ct3, "SeriesInstanceUID"));
        assertEquals(frame, s(ct2, "FrameOfReferenceUID"));
        assertEquals(5, new HashSet<>(List.of(newCt1, newCt2, s(ct3, "SOPInstanceUID"), s(sr, "SOPInstanceUID"),
                s(rt, "SOPInstanceUID"))).size(), "distinct instances stay distinct");

        // second series → first
        assertEquals(newCt1, s(first(ct3, "ReferencedImageSequence"), "ReferencedSOPInstanceUID"));
        assertEquals(newCt2, s(first(ct3, "SourceImageSequence"), "ReferencedSOPInstanceUID"));
        assertEquals(seriesA, s(first(ct3, "ReferencedSeriesSequence"), "SeriesInstanceUID"));
        assertEquals(newCt1, s(first(ct3, "ReferencedSeriesSequence", "ReferencedInstanceSequence"), "ReferencedSOPInstanceUID"));

        // SR evidence and content
        Dataset evidence = first(sr, "CurrentRequestedProcedureEvidenceSequence");
        assertEquals(study, s(evidence, "StudyInstanceUID"));
        Dataset series = first(evidence, "ReferencedSeriesSequence");
        assertEquals(seriesA, s(series, "SeriesInstanceUID"));
        List<Dataset> refs = items(series, "ReferencedSOPSequence");
        assertEquals(List.of(newCt1, newCt2), refs.stream().map(d -> s(d, "ReferencedSOPInstanceUID")).toList());
        assertEquals(DeidKit.CT_IMAGE, s(refs.get(0), "ReferencedSOPClassUID"));
        assertEquals(newCt1, s(first(sr, "ContentSequence", "ReferencedSOPSequence"), "ReferencedSOPInstanceUID"));

        // RT structure set
        Dataset frameRef = first(rt, "ReferencedFrameOfReferenceSequence");
        assertEquals(frame, s(frameRef, "FrameOfReferenceUID"));
        Dataset rtStudy = first(frameRef, "RTReferencedStudySequence");
        assertEquals(study, s(rtStudy, "ReferencedSOPInstanceUID"));
        assertEquals(STUDY_SOP_CLASS, s(rtStudy, "ReferencedSOPClassUID"));
        Dataset rtSeries = first(rtStudy, "RTReferencedSeriesSequence");
        assertEquals(seriesA, s(rtSeries, "SeriesInstanceUID"));
        assertEquals(List.of(newCt1, newCt2), items(rtSeries, "ContourImageSequence").stream()
                .map(d -> s(d, "ReferencedSOPInstanceUID")).toList());
        assertEquals(frame, s(first(rt, "StructureSetROISequence"), "ReferencedFrameOfReferenceUID"));
        assertEquals(newCt1, s(first(rt, "ROIContourSequence", "ContourSequence", "ContourImageSequence"),
                "ReferencedSOPInstanceUID"));

        // well-known UIDs untouched
        for (Dataset ds : List.of(ct1, ct2, ct3, sr, rt)) {
            assertEquals(SNOMED_UID, s(first(ds, "CodingSchemeIdentificationSequence"), "CodingSchemeUID"));
        }
        assertEquals(DeidKit.CT_IMAGE, s(ct1, "SOPClassUID"));
        assertEquals(DeidKit.COMPREHENSIVE_SR, s(sr, "SOPClassUID"));
        assertEquals(DeidKit.RT_STRUCT, s(rt, "SOPClassUID"));
        assertEquals(TALAIRACH_FOR, s(ct3, "RelatedFrameOfReferenceUID"));
        try (DicomFile f = DeidKit.read(out.get("ct2"))) {
            assertEquals(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid(), f.meta().getString(Tag.TRANSFER_SYNTAX_UID));
        }
    }

    @Test
    void onePatientOnePseudonymOneDayShift() throws Exception {
        Profile modified = DeidKit.profile(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES).build();
        Map<String, byte[]> out = deidentify(study(), modified, DeidKit.KEY);
        Set<String> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        Set<String> accessions = new HashSet<>();
        Set<Long> shifts = new HashSet<>();
        LocalDate original = LocalDate.of(2020, 1, 15);
        for (byte[] file : out.values()) {
            Dataset ds = dataset(file);
            ids.add(s(ds, "PatientID"));
            names.add(ds.getText(tag("PatientName")));
            accessions.add(s(ds, "AccessionNumber"));
            LocalDate shifted = LocalDate.parse(s(ds, "StudyDate"), DateTimeFormatter.BASIC_ISO_DATE);
            long days = ChronoUnit.DAYS.between(original, shifted);
            shifts.add(days);
            assertEquals(shifted.plusDays(1).format(DateTimeFormatter.BASIC_ISO_DATE), s(ds, "SeriesDate"), "interval kept");
            assertEquals(null, s(ds, "PatientBirthDate"), "Table E.1-1: birth date Z even under Modified Dates");
            assertEquals("MODIFIED", s(ds, "LongitudinalTemporalInformationModified"));
        }
        assertEquals(1, ids.size(), ids.toString());
        assertEquals(1, names.size(), names.toString());
        assertEquals(1, accessions.size(), accessions.toString());
        assertEquals(1, shifts.size(), shifts.toString());
        long days = shifts.iterator().next();
        assertTrue(days >= modified.dateShift().minDays() && days <= modified.dateShift().maxDays() && days != 0, "" + days);
    }

    @Test
    void repeatableWithTheSameKeyDifferentWithAnother() throws Exception {
        Map<String, byte[]> study = study();
        Profile basic = DeidKit.profile().build();
        Map<String, byte[]> a = deidentify(study, basic, DeidKit.KEY);
        Map<String, byte[]> b = deidentify(study, basic, DeidKey.of(keyBytes()));
        Map<String, byte[]> other = deidentify(study, basic, DeidKit.OTHER_KEY);
        for (String name : study.keySet()) {
            assertArrayEquals(a.get(name), b.get(name), name + ": a second run with the same key gives the same bytes");
            Dataset x = dataset(a.get(name));
            Dataset y = dataset(other.get(name));
            for (String k : List.of("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "PatientID", "AccessionNumber")) {
                assertNotEquals(s(x, k), s(y, k), name + " " + k + " depends on the key");
            }
            assertNotEquals(x.getText(tag("PatientName")), y.getText(tag("PatientName")));
            assertEquals(s(x, "SOPClassUID"), s(y, "SOPClassUID"));
        }
        // a de-identified output de-identified again with the same key is stable in shape (idempotent markers)
        byte[] twice = DeidKit.run(DeidKit.deidentifier(basic), a.get("ct1")).output();
        assertTrue(new String(twice, StandardCharsets.ISO_8859_1).contains("109104"));
    }

    /** The same bytes as {@link DeidKit#KEY}, as a fresh object: equality by value, not identity. */
    private static byte[] keyBytes() {
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i++) {
            b[i] = (byte) i;
        }
        return b;
    }
}
