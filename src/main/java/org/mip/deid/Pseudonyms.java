package org.mip.deid;

import static org.mip.deid.DeidTags.ACCESSION_NUMBER;
import static org.mip.deid.DeidTags.ISSUER_OF_PATIENT_ID;
import static org.mip.deid.DeidTags.PATIENT_ID;
import static org.mip.deid.DeidTags.PATIENT_NAME;
import static org.mip.deid.DeidTags.STUDY_ID;
import static org.mip.deid.Patient.nullToEmpty;

import org.mip.deid.profile.Profile;
import org.mip.deid.pseudo.Pseudonymizer;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;

/**
 * The keyed pseudonyms of identifying text, in the profile's patterns: Patient ID (with its issuer),
 * Patient's Name (from the patient's ID when there is one, so every instance of a patient gets the
 * same name), Accession Number, Study ID, other names, and any other value an override pseudonymises.
 */
final class Pseudonyms {
    private final Profile profile;
    private final Pseudonymizer pseudonymizer;

    Pseudonyms(Profile profile, Pseudonymizer pseudonymizer) {
        this.profile = profile;
        this.pseudonymizer = pseudonymizer;
    }

    /** The pseudonym of text element {@code tag} of {@code ds}, which has VR {@code vr}. */
    String of(Dataset ds, int tag, VR vr) {
        String value = nullToEmpty(ds.getText(tag));
        if (tag == PATIENT_ID) {
            return patientId(nullToEmpty(ds.getString(ISSUER_OF_PATIENT_ID)), value);
        }
        if (tag == PATIENT_NAME) {
            String id = ds.getString(PATIENT_ID);
            return id != null
                    ? pseudonymizer.pattern(profile.pseudonyms().patientName(), "patient-name", "id",
                            nullToEmpty(ds.getString(ISSUER_OF_PATIENT_ID)), id)
                    : pseudonymizer.pattern(profile.pseudonyms().patientName(), "patient-name", "name", value);
        }
        if (tag == ACCESSION_NUMBER) {
            return pseudonymizer.pattern(profile.pseudonyms().accessionNumber(), "accession", value);
        }
        if (tag == STUDY_ID) {
            return pseudonymizer.pattern(profile.pseudonyms().studyId(), "study-id", value);
        }
        if (vr == VR.PN) {
            return pseudonymizer.pattern(profile.pseudonyms().patientName(), "person-name", value);
        }
        int max = vr == VR.SH || vr == VR.CS || vr == VR.AE ? 16 : 24;
        return pseudonymizer.pattern("{hash:" + max + "}", "value", Tag.toHex(tag), value);
    }

    private String patientId(String issuer, String id) {
        return pseudonymizer.pattern(profile.pseudonyms().patientId(), "patient-id", issuer, id);
    }

    /**
     * Patient ID and Name are always pseudonyms at the top level, so every output has a patient to
     * file under (unless an override writes them). Returns the keyed Patient ID pseudonym.
     */
    String identify(Dataset ds, Patient patient) {
        String id = patient.id.isEmpty()
                ? pseudonymizer.pattern(profile.pseudonyms().patientId(), "patient-id", patient.identity)
                : patientId(patient.issuer, patient.id);
        if (profile.overrides().get(PATIENT_ID) == null) {
            ds.setString(PATIENT_ID, VR.LO, id);
        }
        if (profile.overrides().get(PATIENT_NAME) == null) {
            ds.setString(PATIENT_NAME, VR.PN,
                    pseudonymizer.pattern(profile.pseudonyms().patientName(), "patient-name", patient.identity));
        }
        return id;
    }
}
