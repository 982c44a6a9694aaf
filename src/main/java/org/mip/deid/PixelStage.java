package org.mip.deid;

import org.mip.deid.profile.Profile;
import org.mip.dicom.data.DicomFile;

/**
 * The pixel side of de-identification: whether an instance may carry burned-in text that would be
 * published unseen (then it is refused), and blanking the regions the profile's redaction rules name.
 */
public interface PixelStage {

    /** What {@link #plan} decided: the scan and redaction to apply, if any. */
    interface Plan {
        /** True when {@link #apply} must run (a scan, or rectangles to blank). */
        boolean redacts();

        /** What {@link #apply} will do, in words for people (names attributes and rules, never values). */
        default String describe() {
            return redacts() ? "pixels will be scanned or blanked" : "pixels unchanged";
        }

        /** The outcome when {@link #apply} does not run (the header settled it). */
        PixelSummary summary();

        /** A plan with nothing to apply. */
        static Plan nothing(PixelSummary summary) {
            return new Plan() {
                @Override
                public boolean redacts() {
                    return false;
                }

                @Override
                public PixelSummary summary() {
                    return summary;
                }
            };
        }
    }

    /** Decides before anything changes; throws a refusal when the instance must go to quarantine. */
    Plan plan(DicomFile file, Profile profile) throws DeidRefusal;

    /**
     * Applies the plan: scans, blanks, checks. {@link PixelSummary#redacted()} is true when pixels
     * were changed (and so were really cleaned).
     */
    PixelSummary apply(Plan plan, DicomFile file) throws DeidRefusal;

    /**
     * Last, whether {@link #apply} ran or not: the pixel data as it will be written carries pixels
     * only (metadata that compressed frames may hold, such as JPEG comments and Exif, removed).
     * Throws a refusal when that cannot be done safely.
     */
    default void finish(Plan plan, DicomFile file) throws DeidRefusal {
    }
}
