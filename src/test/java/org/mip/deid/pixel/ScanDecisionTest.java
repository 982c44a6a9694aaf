package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mip.deid.profile.BurnedInPolicy;
import org.mip.deid.profile.BurnedInPolicy.Detection;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.ValueElement;

class ScanDecisionTest {
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final String SC = "1.2.840.10008.5.1.4.1.1.7";
    private static final String DX = "1.2.840.10008.5.1.4.1.1.1.1";

    /** The default policy, as issue 11 sets it. "-" = attribute absent. */
    @ParameterizedTest(name = "{0} {1} BIA={2} -> scan={3}")
    @CsvSource({
            "US, CT, NO,  true",   // a risky modality is scanned whatever the flag says
            "US, CT, -,   true",
            "OT, SC, NO,  true",
            "CT, SC, NO,  true",   // risky SOP class
            "CT, CT, YES, true",
            "CT, CT, -,   true",   // absent: scanned
            "CT, CT, '',  true",   // empty: as absent
            "CT, CT, MAYBE, true",
            "CT, CT, NO,  false",  // a CT slice declared clean: not scanned
            "MR, CT, NO,  false",
            "PT, CT, NO,  false",
            "NM, CT, no,  false",
            "DX, DX, NO,  true",   // projection X-ray: scanned despite NO
            "CR, DX, NO,  true",
            "XA, DX, NO,  true",
            "RF, DX, NO,  true",
            "MG, DX, NO,  true",
            "SEG, CT, -,  false",  // segment masks and dose grids are values, not pictures
            "RTDOSE, CT, -, false",
            "SEG, CT, YES, true",
    })
    void defaultPolicy(String modality, String sopClass, String annotation, boolean scan) {
        ScanDecision d = ScanDecision.of(image(modality, sopClass, annotation), BurnedInPolicy.DEFAULT);
        assertEquals(scan, d.scan(), d.why());
    }

    @Test
    void policySwitches() {
        Dataset ctNo = image("CT", CT, "NO");
        BurnedInPolicy all = BurnedInPolicy.DEFAULT.withDetection(withScan(BurnedInPolicy.Scan.ALL));
        assertTrue(ScanDecision.of(ctNo, all).scan());
        BurnedInPolicy never = BurnedInPolicy.DEFAULT.withDetection(Detection.NEVER);
        assertFalse(ScanDecision.of(image("US", CT, "YES"), never).scan());
        BurnedInPolicy distrust = new BurnedInPolicy(true, BurnedInPolicy.DEFAULT_RISKY_MODALITIES,
                BurnedInPolicy.DEFAULT_RISKY_SOP_CLASSES, false, Detection.DEFAULT);
        assertTrue(ScanDecision.of(ctNo, distrust).scan(), "trust-no: false scans a NO of every modality");
        assertTrue(ScanDecision.of(ctNo, distrust).why().contains("does not trust"));
    }

    @Test
    void noPixelDataIsNotScanned() {
        Dataset sr = image("SR", "1.2.840.10008.5.1.4.1.1.88.11", "-");
        sr.remove(Tag.PIXEL_DATA);
        ScanDecision d = ScanDecision.of(sr, BurnedInPolicy.DEFAULT);
        assertFalse(d.scan());
        assertEquals("no pixel data", d.why());
    }

    @Test
    void reasonsNameAttributesAndPolicyValuesOnly() {
        Dataset ds = image("CT", CT, "MAYBE-DOE");
        ds.setString(0x00100010, VR.PN, "Doe^Jane");
        ScanDecision d = ScanDecision.of(ds, BurnedInPolicy.DEFAULT);
        assertTrue(d.why().contains("(0028,0301)"), d.why());
        assertFalse(d.why().contains("DOE"), "an unexpected flag value is not echoed: " + d.why());
    }

    private static Detection withScan(BurnedInPolicy.Scan scan) {
        Detection d = Detection.DEFAULT;
        return new Detection(scan, d.despiteNo(), d.redact(), d.ocr(), d.scanFrames(), d.scanSeconds(),
                d.refuseYesWithoutText(), d.lossyReencode());
    }

    static Dataset image(String modality, String sopClass, String annotation) {
        Dataset ds = new Dataset(false);
        if (!"-".equals(modality)) {
            ds.setString(0x00080060, VR.CS, modality);
        }
        ds.setString(Tag.SOP_CLASS_UID, VR.UI, sopClass.equals("CT") ? CT : sopClass.equals("SC") ? SC : sopClass);
        if (!"-".equals(annotation)) {
            ds.setString(0x00280301, VR.CS, annotation);
        }
        ds.put(new ValueElement(Tag.PIXEL_DATA, VR.OW, new byte[4]));
        return ds;
    }
}
