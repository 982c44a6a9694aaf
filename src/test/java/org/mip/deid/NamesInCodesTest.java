package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mip.deid.DeidKit.tag;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;

/**
 * Code strings (CS) are kept as structure and never cleaned as text, yet a device or a person can
 * type the patient's name or MRN into one: Body Part Examined "ZQXDOE JOHNNY", an Image Type value,
 * Conversion Type "MRN778899" (an adversarial header, 2026-12-06: all three published word for word).
 * The names and identifiers the header holds go from every kept CS value; the other values and the
 * codes that say how to read the instance stay as they are.
 */
class NamesInCodesTest {

    /** The product's engine with the product's cleaner (DeidKit's own removes planted strings only). */
    private static Deidentifier engine() {
        org.mip.deid.profile.Profile profile = DeidKit.profile().build();
        return new Deidentifier(profile, new org.mip.deid.pseudo.Pseudonymizer(DeidKit.KEY, profile.uidRoot()),
                org.mip.deid.text.TextScrubbers.forProfile(profile), DeidKit.PIXELS, "test-1");
    }

    private static Dataset hostile() {
        Dataset ds = BasicProfileGapsTest.minimal();
        ds.setString(tag("PatientName"), VR.PN, "ZQXDOE^JOHNNY");
        ds.setString(tag("PatientID"), VR.LO, "MRN778899");
        ds.setString(tag("BodyPartExamined"), VR.CS, "ZQXDOE JOHNNY");
        ds.setString(tag("ImageType"), VR.CS, "ORIGINAL\\PRIMARY\\ZQXDOE");
        ds.setString(tag("ConversionType"), VR.CS, "MRN778899");
        ds.setString(tag("PatientPosition"), VR.CS, "HFS");
        ds.setString(tag("PhotometricInterpretation"), VR.CS, "MONOCHROME2");
        ds.setString(Tag.of(0x0018, 0x5101), VR.CS, "PA"); // View Position: a code of no one
        return ds;
    }

    @Test
    void theHeadersNamesAndIdsLeaveKeptCodesAndNothingElseDoes() throws Exception {
        DeidKit.Run run = DeidKit.run(engine(),
                DeidKit.file(hostile(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        for (String planted : List.of("ZQXDOE", "JOHNNY", "778899")) {
            assertTrue(DeidKit.indexOf(run.output(), planted.getBytes(StandardCharsets.US_ASCII)) < 0, planted + " is in the output");
        }
        try (DicomFile out = run.reread()) {
            Dataset ds = out.dataset();
            assertEquals("REMOVED", ds.getString(tag("BodyPartExamined")));
            assertEquals(List.of("ORIGINAL", "PRIMARY", "REMOVED"), ds.getStrings(tag("ImageType")));
            assertEquals("REMOVED", ds.getString(tag("ConversionType")));
            assertEquals("HFS", ds.getString(tag("PatientPosition")));
            assertEquals("MONOCHROME2", ds.getString(tag("PhotometricInterpretation")));
            assertEquals("PA", ds.getString(Tag.of(0x0018, 0x5101)));
            assertEquals("CT", ds.getString(tag("Modality")));
        }
    }

    @Test
    void aCodeHoldingTheAccessionNumberLosesIt() throws Exception {
        Dataset in = hostile();
        in.setString(tag("AccessionNumber"), VR.SH, "ACC4455");
        in.setString(tag("ConversionType"), VR.CS, "ACC4455");
        DeidKit.Run run = DeidKit.run(engine(), DeidKit.file(in, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        assertTrue(DeidKit.indexOf(run.output(), "ACC4455".getBytes(StandardCharsets.US_ASCII)) < 0, "the accession number is in the output");
    }

    @Test
    void codesOfAnInstanceWithoutNamesAreKeptByteForByte() throws Exception {
        Dataset in = hostile();
        in.setString(tag("BodyPartExamined"), VR.CS, "CHEST");
        in.setString(tag("ImageType"), VR.CS, "DERIVED\\SECONDARY\\AXIAL");
        in.setString(tag("ConversionType"), VR.CS, "WSD");
        DeidKit.Run run = DeidKit.run(engine(),
                DeidKit.file(in, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        try (DicomFile out = run.reread()) {
            Dataset ds = out.dataset();
            assertEquals("CHEST", ds.getString(tag("BodyPartExamined")));
            assertEquals(List.of("DERIVED", "SECONDARY", "AXIAL"), ds.getStrings(tag("ImageType")));
            assertEquals("WSD", ds.getString(tag("ConversionType")));
        }
    }
}
