package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.mip.deid.DeidKit.set;
import static org.mip.deid.DeidKit.tag;

import org.junit.jupiter.api.Test;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;

/**
 * Whom an instance is filed under when it has no Patient ID. The engine documents "issuer + ID,
 * else name + birth date, else study", but used the name alone: two different patients called
 * SMITH^JOHN shared one pseudonym and one date shift, and every instance without ID and name
 * landed on a single pseudo-patient, mixing unrelated people's images.
 */
class PatientIdentityTest {

    static Dataset instance(String id, String name, String birthDate, String study) {
        Dataset ds = new Dataset(false);
        set(ds, "SOPClassUID", DeidKit.CT_IMAGE);
        set(ds, "SOPInstanceUID", study + ".1");
        set(ds, "StudyInstanceUID", study);
        set(ds, "SeriesInstanceUID", study + ".2");
        set(ds, "Modality", "CT");
        set(ds, "StudyDate", "20200101");
        if (id != null) {
            set(ds, "PatientID", id);
        }
        if (name != null) {
            set(ds, "PatientName", name);
        }
        if (birthDate != null) {
            set(ds, "PatientBirthDate", birthDate);
        }
        return ds;
    }

    /** Patient ID pseudonym | Patient's Name pseudonym | shifted study date. */
    static String identity(Dataset ds) throws Exception {
        Deidentifier deid = DeidKit.deidentifier(DeidKit.profile(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES).build());
        DeidKit.Run r = DeidKit.run(deid, DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        try (DicomFile f = r.reread()) {
            Dataset out = f.dataset();
            return out.getString(tag("PatientID")) + "|" + out.getText(tag("PatientName")) + "|"
                    + out.getString(tag("StudyDate"));
        }
    }

    @Test
    void withoutIdNameAndBirthDateTellPatientsApart() throws Exception {
        String a = identity(instance(null, "SMITH^JOHN", "19500101", "1.2.3.1"));
        String a2 = identity(instance(null, "SMITH^JOHN", "19500101", "1.2.3.2"));
        String b = identity(instance(null, "SMITH^JOHN", "19800707", "1.2.3.3"));
        assertEquals(a, a2, "same name and birth date: one patient");
        assertNotEquals(a.split("\\|")[0], b.split("\\|")[0], "same name, other birth date: another patient");
    }

    @Test
    void withoutIdAndNameEachStudyIsItsOwnPatient() throws Exception {
        String s1 = identity(instance(null, null, null, "1.2.3.10"));
        String s1again = identity(instance(null, "", null, "1.2.3.10"));
        String s2 = identity(instance(null, null, null, "1.2.3.11"));
        assertEquals(s1, s1again);
        assertNotEquals(s1.split("\\|")[0], s2.split("\\|")[0], "unrelated studies are not merged");
    }

    @Test
    void theIdDecidesWhenPresent() throws Exception {
        String a = identity(instance("MRN1", "SMITH^JOHN", "19500101", "1.2.3.20"));
        String b = identity(instance("MRN1", "SMITH^J", "19500102", "1.2.3.21"));
        assertEquals(a, b, "same ID: same patient whatever the demographics say");
    }

    /**
     * DeidResult is documented as safe to log and audit (pseudonyms and new UIDs only), and its
     * patient pseudonym names the output's folder. With a profile keeping the Patient ID in the
     * file, the real MRN became the object key, in every log line and presigned link.
     */
    @Test
    void resultAndObjectKeyNeverCarryTheRealPatientId() throws Exception {
        Dataset ds = instance("MRN-555123", "SMITH^JOHN", "19500101", "1.2.3.30");
        org.mip.deid.profile.Profile keep = DeidKit.profile()
                .override("PatientID", org.mip.deid.profile.AttributeOverride.Action.KEEP, null).build();
        DeidKit.Run r = DeidKit.run(DeidKit.deidentifier(keep), DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        try (DicomFile f = r.reread()) {
            assertEquals("MRN-555123", f.dataset().getString(tag("PatientID")), "kept in the file, as the profile says");
        }
        assertNotEquals("MRN-555123", r.result().patientPseudonym());
        assertEquals(false, r.result().objectKey().contains("555123"), r.result().objectKey());
        String usual = DeidKit.run(DeidKit.deidentifier(DeidKit.profile().build()),
                DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)).result().patientPseudonym();
        assertEquals(usual, r.result().patientPseudonym(), "the keyed pseudonym the patient gets anyway");
    }
}
