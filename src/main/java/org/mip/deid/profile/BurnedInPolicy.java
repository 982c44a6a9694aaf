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
     * Modalities where text is routinely part of the pixels: US and IVUS (scanner overlays), OT and
     * SC (the Modality of many screen captures; SC is not a defined term but is common), XC, ES, GM,
     * SM, OP (photographs, endoscopy, microscopy incl. slide labels, ophthalmic photographs with their
     * printed headers), DOC (scanned documents). Cross-sectional modalities (CT, MR, PT, NM) and
     * projection X-ray are left out: text there is an overlay or presentation state far more often
     * than pixels, and a site that knows otherwise adds them in its profile.
     */
    public static final Set<String> DEFAULT_RISKY_MODALITIES =
            Set.of("US", "IVUS", "OT", "SC", "XC", "ES", "GM", "SM", "OP", "DOC");

    /** SOP classes (PS3.6 / PS3.4 B.5) whose pixels are screen grabs, photographs, video or documents. */
    public static final Set<String> DEFAULT_RISKY_SOP_CLASSES = Set.of(
            "1.2.840.10008.5.1.4.1.1.7",          // Secondary Capture Image
            "1.2.840.10008.5.1.4.1.1.7.1",        // Multi-frame Single Bit Secondary Capture
            "1.2.840.10008.5.1.4.1.1.7.2",        // Multi-frame Grayscale Byte Secondary Capture
            "1.2.840.10008.5.1.4.1.1.7.3",        // Multi-frame Grayscale Word Secondary Capture
            "1.2.840.10008.5.1.4.1.1.7.4",        // Multi-frame True Color Secondary Capture
            "1.2.840.10008.5.1.4.1.1.6",          // Ultrasound Image (retired)
            "1.2.840.10008.5.1.4.1.1.6.1",        // Ultrasound Image
            "1.2.840.10008.5.1.4.1.1.3",          // Ultrasound Multi-frame Image (retired)
            "1.2.840.10008.5.1.4.1.1.3.1",        // Ultrasound Multi-frame Image
            "1.2.840.10008.5.1.4.1.1.77.1.1",     // VL Endoscopic Image
            "1.2.840.10008.5.1.4.1.1.77.1.1.1",   // Video Endoscopic Image
            "1.2.840.10008.5.1.4.1.1.77.1.2",     // VL Microscopic Image
            "1.2.840.10008.5.1.4.1.1.77.1.2.1",   // Video Microscopic Image
            "1.2.840.10008.5.1.4.1.1.77.1.3",     // VL Slide-Coordinates Microscopic Image
            "1.2.840.10008.5.1.4.1.1.77.1.4",     // VL Photographic Image
            "1.2.840.10008.5.1.4.1.1.77.1.4.1",   // Video Photographic Image
            "1.2.840.10008.5.1.4.1.1.77.1.5.1",   // Ophthalmic Photography 8 Bit Image
            "1.2.840.10008.5.1.4.1.1.77.1.5.2",   // Ophthalmic Photography 16 Bit Image
            "1.2.840.10008.5.1.4.1.1.77.1.6",     // VL Whole Slide Microscopy Image
            "1.2.840.10008.5.1.4.1.1.77.1.7",     // Dermoscopic Photography Image
            "1.2.840.10008.5.1.4.1.1.104.1",      // Encapsulated PDF
            "1.2.840.10008.5.1.4.1.1.104.2");     // Encapsulated CDA

    /**
     * The policy of a profile that says nothing, as the product's specification sets it: refuse YES,
     * and refuse the risky modalities and SOP classes above unless Burned In Annotation is NO. Some
     * devices write NO over burned-in text; a site that distrusts its devices sets
     * {@code trust-no: false}, and risky instances then need a matching redaction rule.
     */
    public static final BurnedInPolicy DEFAULT =
            new BurnedInPolicy(true, DEFAULT_RISKY_MODALITIES, DEFAULT_RISKY_SOP_CLASSES, true);

    public BurnedInPolicy {
        riskyModalities = Set.copyOf(riskyModalities);
        riskySopClasses = Set.copyOf(riskySopClasses);
    }
}
