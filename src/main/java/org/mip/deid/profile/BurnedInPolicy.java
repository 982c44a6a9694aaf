package org.mip.deid.profile;

import java.util.Set;

/**
 * Burned-in text must never be published unseen. An instance is refused (quarantined) when its
 * Burned In Annotation is YES, or when its modality or SOP class is one where burned-in text is
 * common and Burned In Annotation is not NO, unless a redaction rule cleaned its pixels.
 *
 * @param refuseWhenYes   refuse instances with Burned In Annotation (0028,0301) = YES
 * @param riskyModalities modalities that often carry burned-in text (US, SC, OT, XC, ES, DOC ...)
 * @param riskySopClasses SOP Class UIDs that often carry burned-in text (secondary and screen captures ...)
 * @param trustNo         accept Burned In Annotation = NO as proof that a risky instance is clean
 */
public record BurnedInPolicy(boolean refuseWhenYes, Set<String> riskyModalities, Set<String> riskySopClasses,
                             boolean trustNo) {

    /**
     * Modalities where text is commonly burned into the pixels: ultrasound (and intravascular),
     * secondary and screen captures (OT, SC), photographs and endoscopy (XC, ES), microscopy and
     * slide labels (GM, SM), scanned documents (DOC), panoramic dental X-ray (PX), angiography and
     * fluoroscopy (XA, RF).
     */
    public static final Set<String> DEFAULT_RISKY_MODALITIES =
            Set.of("US", "IVUS", "OT", "SC", "XC", "ES", "GM", "SM", "DOC", "PX", "XA", "RF");

    /**
     * SOP classes where burned-in text is common whatever the modality says: the Secondary Capture
     * family, Ultrasound (single and multi-frame, current and retired), Encapsulated PDF and CDA, and
     * the Visible Light family (endoscopic, microscopic, slide-coordinates, photographic, whole slide,
     * dermoscopic; still and video).
     */
    public static final Set<String> DEFAULT_RISKY_SOP_CLASSES = Set.of(
            "1.2.840.10008.5.1.4.1.1.7", "1.2.840.10008.5.1.4.1.1.7.1", "1.2.840.10008.5.1.4.1.1.7.2",
            "1.2.840.10008.5.1.4.1.1.7.3", "1.2.840.10008.5.1.4.1.1.7.4",
            "1.2.840.10008.5.1.4.1.1.6.1", "1.2.840.10008.5.1.4.1.1.6.2", "1.2.840.10008.5.1.4.1.1.3.1",
            "1.2.840.10008.5.1.4.1.1.6", "1.2.840.10008.5.1.4.1.1.3",
            "1.2.840.10008.5.1.4.1.1.104.1", "1.2.840.10008.5.1.4.1.1.104.2",
            "1.2.840.10008.5.1.4.1.1.77.1.1", "1.2.840.10008.5.1.4.1.1.77.1.1.1", "1.2.840.10008.5.1.4.1.1.77.1.2",
            "1.2.840.10008.5.1.4.1.1.77.1.2.1", "1.2.840.10008.5.1.4.1.1.77.1.3", "1.2.840.10008.5.1.4.1.1.77.1.4",
            "1.2.840.10008.5.1.4.1.1.77.1.4.1", "1.2.840.10008.5.1.4.1.1.77.1.6", "1.2.840.10008.5.1.4.1.1.77.1.7");

    /**
     * The policy of a profile that says nothing: refuse YES, the risky modalities and SOP classes
     * above, and do not take a NO on a risky instance on trust (devices are known to write NO over
     * burned-in text): such an instance needs a redaction rule that matches it, or a profile that
     * says {@code trust-no: true}.
     */
    public static final BurnedInPolicy DEFAULT =
            new BurnedInPolicy(true, DEFAULT_RISKY_MODALITIES, DEFAULT_RISKY_SOP_CLASSES, false);
    public BurnedInPolicy {
        riskyModalities = Set.copyOf(riskyModalities);
        riskySopClasses = Set.copyOf(riskySopClasses);
    }
}
