package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.mip.deid.pixel.BurnedInAssessment.Decision;
import org.mip.deid.profile.BurnedInPolicy;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;

class BurnedInAssessmentTest {
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final String SC = "1.2.840.10008.5.1.4.1.1.7";
    private static final String PDF = "1.2.840.10008.5.1.4.1.1.104.1";

    /** Default policy (refuse YES, trust NO). "-" = attribute absent. */
    @ParameterizedTest(name = "{0} {1} BIA={2} redacted={3} -> {4}")
    @CsvSource({
            // modality, SOP class, Burned In Annotation, redacted, expected reason
            "CT, CT,  -,   false, BURNED_IN_NOT_INDICATED",
            "CT, CT,  NO,  false, BURNED_IN_DECLARED_NO",
            "CT, CT,  YES, false, BURNED_IN_ANNOTATION_YES",
            "CT, CT,  YES, true,  BURNED_IN_REDACTED",
            "US, CT,  -,   false, BURNED_IN_RISK_MODALITY",
            "us, CT,  -,   false, BURNED_IN_RISK_MODALITY",
            "US, CT,  NO,  false, BURNED_IN_DECLARED_NO",
            "US, CT,  no,  false, BURNED_IN_DECLARED_NO",
            "US, CT,  YES, false, BURNED_IN_ANNOTATION_YES",
            "US, CT,  -,   true,  BURNED_IN_REDACTED",
            "US, CT,  '',  false, BURNED_IN_RISK_MODALITY",
            "OT, SC,  -,   false, BURNED_IN_RISK_MODALITY",
            "CT, SC,  -,   false, BURNED_IN_RISK_SOP_CLASS",
            "-,  SC,  -,   false, BURNED_IN_RISK_SOP_CLASS",
            "-,  SC,  NO,  false, BURNED_IN_DECLARED_NO",
            "-,  SC,  -,   true,  BURNED_IN_REDACTED",
            "DOC, PDF, -,  false, BURNED_IN_RISK_MODALITY",
            "MR, PDF, -,   false, BURNED_IN_RISK_SOP_CLASS",
            "SM, CT,  NO,  false, BURNED_IN_DECLARED_NO",
            "SM, CT,  YES, false, BURNED_IN_ANNOTATION_YES",
            "-,  -,   -,   false, BURNED_IN_NOT_INDICATED",
    })
    void defaultPolicyTruthTable(String modality, String sopClass, String annotation, boolean redacted, String reason) {
        Decision d = BurnedInAssessment.assess(dataset(modality, sopClass, annotation), BurnedInPolicy.DEFAULT, redacted);
        assertEquals(reason, d.code(), d.message());
        assertEquals(reason.startsWith("BURNED_IN_RISK") || reason.equals("BURNED_IN_ANNOTATION_YES"), !d.publish());
        assertEquals(d.publish() ? BurnedInAssessment.Outcome.PUBLISH : BurnedInAssessment.Outcome.REFUSE, d.outcome());
    }

    @Test
    void policySwitches() {
        BurnedInPolicy noTrust = new BurnedInPolicy(true, Set.of("US"), Set.of(), false);
        assertEquals("BURNED_IN_RISK_MODALITY", BurnedInAssessment.assess(dataset("US", "CT", "NO"), noTrust, false).code());
        assertEquals("BURNED_IN_NOT_INDICATED", BurnedInAssessment.assess(dataset("CT", "CT", "NO"), noTrust, false).code());
        assertEquals("BURNED_IN_REDACTED", BurnedInAssessment.assess(dataset("US", "CT", "NO"), noTrust, true).code());

        BurnedInPolicy allowYes = new BurnedInPolicy(false, Set.of("US"), Set.of(), true);
        assertEquals("BURNED_IN_YES_ALLOWED", BurnedInAssessment.assess(dataset("CT", "CT", "YES"), allowYes, false).code());
        assertEquals("BURNED_IN_RISK_MODALITY", BurnedInAssessment.assess(dataset("US", "CT", "YES"), allowYes, false).code(),
                "a risky instance still needs NO or redaction");
    }

    @Test
    void messagesNameTheAttributeAndCarryNoInstanceValues() {
        Dataset ds = dataset("US", "CT", "-");
        ds.setString(0x00100010, VR.PN, "Doe^Jane");
        Decision d = BurnedInAssessment.assess(ds, BurnedInPolicy.DEFAULT, false);
        assertTrue(d.message().contains("Modality (0008,0060) US"), d.message());
        assertTrue(d.message().contains("Burned In Annotation (0028,0301) is absent"), d.message());
        assertFalse(d.message().contains("Doe"));
        Dataset odd = dataset("-", "SC", "MAYBE");
        Decision d2 = BurnedInAssessment.assess(odd, BurnedInPolicy.DEFAULT, false);
        assertEquals("BURNED_IN_RISK_SOP_CLASS", d2.code());
        assertFalse(d2.message().contains("MAYBE"), "an unexpected value is not echoed");
        assertTrue(d2.message().contains(SC));
    }

    @Test
    void defaultPolicyListsTheSecondaryCaptureAndPhotographicClasses() {
        Set<String> sop = BurnedInPolicy.DEFAULT.riskySopClasses();
        for (String uid : new String[] {SC, SC + ".1", SC + ".2", SC + ".3", SC + ".4", PDF,
                "1.2.840.10008.5.1.4.1.1.77.1.1.1", "1.2.840.10008.5.1.4.1.1.77.1.2.1", "1.2.840.10008.5.1.4.1.1.77.1.4",
                "1.2.840.10008.5.1.4.1.1.77.1.4.1"}) {
            assertTrue(sop.contains(uid), uid);
        }
        assertTrue(BurnedInPolicy.DEFAULT.refuseWhenYes());
        assertTrue(BurnedInPolicy.DEFAULT.trustNo());
        assertTrue(BurnedInPolicy.DEFAULT.riskyModalities().containsAll(Set.of("US", "SC", "OT", "XC", "ES", "DOC", "SM")));
    }

    private static Dataset dataset(String modality, String sopClass, String annotation) {
        Dataset ds = new Dataset();
        if (!modality.equals("-")) {
            ds.setString(0x00080060, VR.CS, modality);
        }
        String uid = switch (sopClass) {
            case "CT" -> CT;
            case "SC" -> SC;
            case "PDF" -> PDF;
            default -> null;
        };
        if (uid != null) {
            ds.setString(Tag.SOP_CLASS_UID, VR.UI, uid);
        }
        if (!annotation.equals("-")) {
            ds.setString(0x00280301, VR.CS, annotation);
        }
        return ds;
    }
}
