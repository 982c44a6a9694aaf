package org.mip.deid.pixel;

import java.util.Locale;
import org.mip.deid.profile.BurnedInPolicy;
import org.mip.deid.profile.BurnedInPolicy.Scan;
import org.mip.dicom.Tag;
import org.mip.dicom.data.Dataset;

/**
 * Whether an instance's pixels are scanned for text, from its header and the profile's policy, and
 * why. Decided before anything changes. The order:
 * <ol>
 * <li>no pixel data, or {@code detect: never}: no scan (the header-only {@link BurnedInAssessment} decides);</li>
 * <li>{@code detect: all}: scan;</li>
 * <li>a risky Modality or SOP Class: scan, whatever Burned In Annotation says;</li>
 * <li>Burned In Annotation YES: scan;</li>
 * <li>a modality whose pixel data are values, not a picture ({@link #DATA_NOT_PICTURES}: segmentation
 *     labels, dose grids), with Burned In Annotation absent or NO: no scan;</li>
 * <li>Burned In Annotation absent, or anything but NO: scan;</li>
 * <li>NO and the policy does not trust NO, or NO on a modality scanned despite NO (projection X-ray
 *     by default): scan;</li>
 * <li>otherwise (NO, trusted: a CT, MR, PT or NM slice declared clean): no scan.</li>
 * </ol>
 * {@link #why()} names attributes and echoes only policy values (a modality code of the policy, a
 * standard SOP class UID), never an instance value that could be PHI.
 */
public record ScanDecision(boolean scan, String why) {
    private static final int MODALITY = 0x00080060;
    private static final int BURNED_IN_ANNOTATION = 0x00280301;

    /**
     * Modalities whose Pixel Data hold measurements or labels rather than an image a device drew on:
     * SEG (binary or fractional segment masks, often 1 bit), RTDOSE (a dose grid). Nothing renders
     * text into them; they are scanned only when they declare burned-in text or the profile scans all.
     */
    public static final java.util.Set<String> DATA_NOT_PICTURES = java.util.Set.of("SEG", "RTDOSE");

    public static ScanDecision of(Dataset ds, BurnedInPolicy policy) {
        BurnedInPolicy.Detection d = policy.detection();
        if (!d.scans()) {
            return new ScanDecision(false, "the profile does not scan pixels (detect: never)");
        }
        if (!ds.contains(Tag.PIXEL_DATA) && !ds.contains(Tag.FLOAT_PIXEL_DATA) && !ds.contains(Tag.DOUBLE_FLOAT_PIXEL_DATA)) {
            return new ScanDecision(false, "no pixel data");
        }
        if (d.scan() == Scan.ALL) {
            return new ScanDecision(true, "the profile scans every image (detect: all)");
        }
        String modality = upper(ds.getString(MODALITY));
        if (modality != null && policy.riskyModalities().contains(modality)) {
            return new ScanDecision(true, "Modality (0008,0060) " + modality + " often has burned-in text");
        }
        String sopClass = ds.getString(Tag.SOP_CLASS_UID);
        if (sopClass != null && policy.riskySopClasses().contains(sopClass)) {
            return new ScanDecision(true, "SOP Class UID (0008,0016) " + sopClass + " often has burned-in text");
        }
        String annotation = upper(ds.getString(BURNED_IN_ANNOTATION));
        if (!"YES".equals(annotation) && modality != null && DATA_NOT_PICTURES.contains(modality)) {
            return new ScanDecision(false, "Modality (0008,0060) " + modality + " holds values, not a picture");
        }
        if (annotation == null) {
            return new ScanDecision(true, "Burned In Annotation (0028,0301) is absent");
        }
        if (!"NO".equals(annotation)) {
            return new ScanDecision(true, "YES".equals(annotation) ? "Burned In Annotation (0028,0301) is YES"
                    : "Burned In Annotation (0028,0301) is neither YES nor NO");
        }
        if (!policy.trustNo()) {
            return new ScanDecision(true, "Burned In Annotation (0028,0301) is NO, which the policy does not trust");
        }
        if (modality != null && d.despiteNo().contains(modality)) {
            return new ScanDecision(true, "Modality (0008,0060) " + modality + " is scanned even when Burned In Annotation is NO");
        }
        return new ScanDecision(false, "Burned In Annotation (0028,0301) is NO and trusted for this modality");
    }

    static String upper(String s) {
        return s == null ? null : s.trim().toUpperCase(Locale.ROOT);
    }
}
