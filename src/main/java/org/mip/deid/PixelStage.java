package org.mip.deid;

import org.mip.deid.profile.Profile;
import org.mip.dicom.data.DicomFile;

/**
 * The pixel side of de-identification: whether an instance may carry burned-in text that would be
 * published unseen (then it is refused), and blanking the regions the profile's redaction rules name.
 */
public interface PixelStage {

    /** What {@link #plan} decided: the redaction to apply, if any. */
    interface Plan {
        boolean redacts();

        /** What {@link #apply} will do, in words for people (names rules and attributes, never values). */
        default String describe() {
            return redacts() ? "pixel regions will be blanked" : "pixels unchanged";
        }
    }

    /** Decides before anything changes; throws a refusal when the instance must go to quarantine. */
    Plan plan(DicomFile file, Profile profile) throws DeidRefusal;

    /** Applies the plan; true when pixels were changed (and so were really cleaned). */
    boolean apply(Plan plan, DicomFile file) throws DeidRefusal;
}
