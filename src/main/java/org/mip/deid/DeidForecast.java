package org.mip.deid;

import org.mip.deid.profile.Profile;
import org.mip.dicom.data.DicomFile;

/**
 * What de-identifying an instance with a profile will end in, decided as {@link Deidentifier#deidentify}
 * decides it before changing anything: the attributes every output needs, and the pixel stage's plan
 * (the burned-in text policy; pixels that cannot be handled). So {@code validate} can say that a file it
 * finds well formed will still be quarantined, with the code the quarantine will carry. Needs no key and
 * changes nothing. Made by {@link Deidentifiers#forecast}, with the pixel stage the de-identifier uses.
 */
public final class DeidForecast {
    private final Profile profile;
    private final PixelStage pixels;

    DeidForecast(Profile profile, PixelStage pixels) {
        this.profile = profile;
        this.pixels = pixels;
    }

    /**
     * @param refusal the refusal that will follow (its code is the quarantine reason), or null
     * @param pixels  what the pixel stage will do, in words (names attributes and rules, never values); null when refused
     */
    public record Verdict(DeidRefusal refusal, String pixels, boolean changesPixels) {
        public boolean refused() {
            return refusal != null;
        }
    }

    public Verdict of(DicomFile file) {
        try {
            Deidentifier.checkRequired(file.dataset());
            PixelStage.Plan plan = pixels.plan(file, profile);
            return new Verdict(null, plan.describe(), plan.redacts());
        } catch (DeidRefusal refusal) {
            return new Verdict(refusal, null, false);
        }
    }

    public Profile profile() {
        return profile;
    }
}
