package org.mip.deid;

import org.mip.deid.profile.Profile;
import org.mip.dicom.data.DicomFile;

/**
 * What de-identifying an instance with a profile will do, as far as {@link Deidentifier#deidentify}
 * decides it before changing anything: the attributes every output needs, and the pixel stage's plan
 * (whether the pixels are scanned for burned-in text, {@code ScanDecision}; for those that are not, the
 * header-level {@code BurnedInAssessment}; pixels that cannot be scanned). So {@code validate} can say
 * that a file it finds well formed will certainly be quarantined, with the code the quarantine will
 * carry, or that its pixels will be scanned (whose outcome only the scan knows). Needs no key, scans
 * nothing and changes nothing. Made by {@link Deidentifiers#forecast}, with the pixel stage the de-identifier uses.
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
     * @param pixels    what the pixel stage will do, in words (names attributes and rules, never values); null when refused
     * @param pixelWork true when the pixels will be scanned for text or blanked by rules
     */
    public record Verdict(DeidRefusal refusal, String pixels, boolean pixelWork) {
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
