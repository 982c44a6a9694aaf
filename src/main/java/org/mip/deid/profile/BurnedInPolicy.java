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
    public BurnedInPolicy {
        riskyModalities = Set.copyOf(riskyModalities);
        riskySopClasses = Set.copyOf(riskySopClasses);
    }
}
