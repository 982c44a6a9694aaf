package org.mip.deid.pixel;

import java.util.Locale;
import org.mip.deid.profile.BurnedInPolicy;
import org.mip.dicom.Tag;
import org.mip.dicom.data.Dataset;

/**
 * Decides whether an instance may be published as far as burned-in text goes. The order:
 * <ol>
 * <li>pixels cleaned by a redaction rule: publish ({@code BURNED_IN_REDACTED});</li>
 * <li>Burned In Annotation (0028,0301) YES and the policy refuses YES: refuse;</li>
 * <li>Burned In Annotation NO and the policy trusts NO: publish;</li>
 * <li>a risky Modality (0008,0060), then a risky SOP Class UID (0008,0016): refuse;</li>
 * <li>otherwise publish ({@code BURNED_IN_YES_ALLOWED} for a YES the policy lets through,
 *     else {@code BURNED_IN_NOT_INDICATED}).</li>
 * </ol>
 * A risky instance therefore passes only with NO (when trusted) or after redaction. Messages name
 * attributes and echo only values that are in the policy (a modality code, a standard SOP class
 * UID), never a value of the instance that could be PHI.
 */
public final class BurnedInAssessment {
    private static final int MODALITY = 0x00080060;
    private static final int BURNED_IN_ANNOTATION = 0x00280301;

    /** PUBLISH or REFUSE. */
    public enum Outcome { PUBLISH, REFUSE }

    /** Stable reason codes, for quarantine reasons and audit events. */
    public enum Reason {
        /** Refused: Burned In Annotation is YES. */
        BURNED_IN_ANNOTATION_YES(Outcome.REFUSE),
        /** Refused: the modality often carries burned-in text and the instance is not declared clean. */
        BURNED_IN_RISK_MODALITY(Outcome.REFUSE),
        /** Refused: the SOP class often carries burned-in text and the instance is not declared clean. */
        BURNED_IN_RISK_SOP_CLASS(Outcome.REFUSE),
        /** Published: a redaction rule blanked the pixel regions where the text is. */
        BURNED_IN_REDACTED(Outcome.PUBLISH),
        /** Published: Burned In Annotation is NO and the policy trusts it. */
        BURNED_IN_DECLARED_NO(Outcome.PUBLISH),
        /** Published: Burned In Annotation is YES, the policy does not refuse YES, and nothing else is risky. */
        BURNED_IN_YES_ALLOWED(Outcome.PUBLISH),
        /** Published: nothing indicates burned-in text. */
        BURNED_IN_NOT_INDICATED(Outcome.PUBLISH);

        private final Outcome outcome;

        Reason(Outcome outcome) {
            this.outcome = outcome;
        }

        public Outcome outcome() {
            return outcome;
        }
    }

    /** The decision, its reason code and a PHI-free message for people. */
    public record Decision(Reason reason, String message) {
        public Outcome outcome() {
            return reason.outcome();
        }

        public boolean publish() {
            return outcome() == Outcome.PUBLISH;
        }

        /** The reason as a stable string, e.g. "BURNED_IN_RISK_MODALITY". */
        public String code() {
            return reason.name();
        }
    }

    private BurnedInAssessment() {
    }

    /**
     * @param dataset  the instance's top-level data set
     * @param policy   the profile's policy ({@link BurnedInPolicy#DEFAULT} when it has none)
     * @param redacted true when a redaction rule blanked pixels of this instance ({@link RedactionResult#redacted()})
     */
    public static Decision assess(Dataset dataset, BurnedInPolicy policy, boolean redacted) {
        if (redacted) {
            return new Decision(Reason.BURNED_IN_REDACTED, "pixel regions blanked by a redaction rule");
        }
        String annotation = upper(dataset.getString(BURNED_IN_ANNOTATION));
        if ("YES".equals(annotation) && policy.refuseWhenYes()) {
            return new Decision(Reason.BURNED_IN_ANNOTATION_YES,
                    "Burned In Annotation (0028,0301) is YES and no redaction rule matched");
        }
        if ("NO".equals(annotation) && policy.trustNo()) {
            return new Decision(Reason.BURNED_IN_DECLARED_NO, "Burned In Annotation (0028,0301) is NO");
        }
        String state = annotation == null ? "absent" : "NO".equals(annotation) ? "NO, which the policy does not trust"
                : "not NO";
        String modality = upper(dataset.getString(MODALITY));
        if (modality != null && policy.riskyModalities().contains(modality)) {
            return new Decision(Reason.BURNED_IN_RISK_MODALITY, "Modality (0008,0060) " + modality
                    + " often has burned-in text; Burned In Annotation (0028,0301) is " + state + " and no redaction rule matched");
        }
        String sopClass = dataset.getString(Tag.SOP_CLASS_UID);
        if (sopClass != null && policy.riskySopClasses().contains(sopClass)) {
            return new Decision(Reason.BURNED_IN_RISK_SOP_CLASS, "SOP Class UID (0008,0016) " + sopClass
                    + " often has burned-in text; Burned In Annotation (0028,0301) is " + state + " and no redaction rule matched");
        }
        if ("YES".equals(annotation)) {
            return new Decision(Reason.BURNED_IN_YES_ALLOWED, "Burned In Annotation (0028,0301) is YES; the policy allows it");
        }
        return new Decision(Reason.BURNED_IN_NOT_INDICATED, "no indication of burned-in text");
    }

    private static String upper(String s) {
        return s == null ? null : s.trim().toUpperCase(Locale.ROOT);
    }
}
