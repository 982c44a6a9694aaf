package org.mip.deid;

import static org.mip.deid.DeidTags.ISSUER_OF_PATIENT_ID;
import static org.mip.deid.DeidTags.PATIENT_BIRTH_DATE;
import static org.mip.deid.DeidTags.PATIENT_ID;
import static org.mip.deid.DeidTags.PATIENT_NAME;
import static org.mip.deid.DeidTags.STUDY_INSTANCE_UID;

import org.mip.deid.profile.DateShiftRange;
import org.mip.deid.pseudo.Pseudonymizer;
import org.mip.dicom.data.Dataset;

/** Who an instance's patient is, as read before anything changes: what pseudonyms and the date shift derive from. */
final class Patient {
    final String issuer;
    final String id;
    final String name;
    /** The identity parts, see {@link #identityParts}. */
    final String[] identity;
    /** The keyed whole-day offset of this patient's dates. */
    final int dayShift;

    private Patient(Dataset ds, Pseudonymizer pseudonymizer, DateShiftRange range) {
        issuer = nullToEmpty(ds.getString(ISSUER_OF_PATIENT_ID));
        id = nullToEmpty(ds.getString(PATIENT_ID));
        name = nullToEmpty(ds.getText(PATIENT_NAME));
        identity = identityParts(ds);
        dayShift = pseudonymizer.dayShift(String.join("\0", identity), range);
    }

    static Patient of(Dataset ds, Pseudonymizer pseudonymizer, DateShiftRange range) {
        return new Patient(ds, pseudonymizer, range);
    }

    /**
     * The identity pseudonyms and the date shift derive from: issuer + ID; else name + birth date (two
     * patients of the same name are told apart); else the study (an instance with neither is its
     * study's own patient, rather than every such instance one patient). The kinds differ in their
     * number of parts, so they never collide.
     */
    private String[] identityParts(Dataset ds) {
        if (!id.isEmpty()) {
            return new String[] {"id", issuer, id};
        }
        if (!name.isEmpty()) {
            return new String[] {"name", name, nullToEmpty(ds.getString(PATIENT_BIRTH_DATE)), ""};
        }
        return new String[] {"study", nullToEmpty(ds.getString(STUDY_INSTANCE_UID)), "", "", ""};
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
