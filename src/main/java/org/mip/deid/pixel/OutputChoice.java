package org.mip.deid.pixel;

import org.mip.deid.profile.BurnedInPolicy;
import org.mip.dicom.data.Dataset;

/**
 * What a redacted compressed frame is written in: losslessly by default (no second lossy
 * generation), or as JPEG Baseline at a stated quality where the profile's {@code lossy-reencode}
 * names the instance's modality and the input was lossy already.
 *
 * @param lossy   JPEG Baseline instead of a lossless syntax (only for 8-bit input that was lossy)
 * @param quality JPEG quality when lossy
 */
record OutputChoice(boolean lossy, int quality) {
    static final OutputChoice LOSSLESS = new OutputChoice(false, 0);
    private static final int MODALITY = 0x00080060;

    static OutputChoice forPolicy(BurnedInPolicy policy, Dataset ds) {
        BurnedInPolicy.LossyReencode l = policy.detection().lossyReencode();
        String modality = ScanDecision.upper(ds.getString(MODALITY));
        if (l != null && modality != null && l.modalities().contains(modality)) {
            return new OutputChoice(true, l.quality());
        }
        return LOSSLESS;
    }
}
