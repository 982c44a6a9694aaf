package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mip.deid.DeidKit.item;
import static org.mip.deid.DeidKit.seq;
import static org.mip.deid.DeidKit.tag;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.deid.profile.AttributeOverride.Action;
import org.mip.deid.profile.Profile;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;

/**
 * Codes, product names and local code meanings are kept as structure and never cleaned as text, yet a
 * device or a person can type the patient's name or MRN into one: Body Part Examined "ZQXDOE JOHNNY",
 * an Image Type value, Conversion Type "MRN778899" (an adversarial header, 2026-12-06: all three
 * published word for word), Manufacturer's Model Name, the Code Meaning of a local code (2026-12-07:
 * still published). The names and identifiers the header holds go from every kept value; the other
 * values, the codes that say how to read the instance, a code's scheme, and what a profile's override
 * asks to keep stay as they are.
 */
class NamesInKeptTextTest {

    /** The product's engine with the product's cleaner (DeidKit's own removes planted strings only). */
    private static Deidentifier engine() {
        return engine(DeidKit.profile().build());
    }

    private static Deidentifier engine(Profile profile) {
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

    /** The header with a name and an MRN typed into product names and a local code kept by the table or the allow list. */
    private static Dataset hostileProductAndCodes() {
        Dataset ds = hostile();
        ds.setString(tag("Manufacturer"), VR.LO, "ZQXDOE Medical");
        ds.setString(tag("ManufacturerModelName"), VR.LO, "Johnny 3000");
        ds.setString(tag("SoftwareVersions"), VR.LO, "VB10\\MRN778899");
        anatomicRegion(ds, "ZQXDOE1", "99LOCAL", "Chest of Johnny Zqxdoe");
        return ds;
    }

    /** An Anatomic Region Sequence of one code item (a sequence the table keeps and walks). */
    private static void anatomicRegion(Dataset ds, String value, String scheme, String meaning) {
        Dataset code = item(ds);
        code.setString(tag("CodeValue"), VR.SH, value);
        code.setString(tag("CodingSchemeDesignator"), VR.SH, scheme);
        code.setString(tag("CodeMeaning"), VR.LO, meaning);
        seq(ds, "AnatomicRegionSequence", code);
    }

    @Test
    void productNamesAndLocalCodesLoseTheNameAndKeepTheRest() throws Exception {
        DeidKit.Run run = DeidKit.run(engine(), DeidKit.file(hostileProductAndCodes(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        for (String planted : List.of("ZQXDOE", "Zqxdoe", "Johnny", "778899")) {
            assertTrue(DeidKit.indexOf(run.output(), planted.getBytes(StandardCharsets.US_ASCII)) < 0, planted + " is in the output");
        }
        try (DicomFile out = run.reread()) {
            Dataset ds = out.dataset();
            assertTrue(ds.getString(tag("Manufacturer")).endsWith(" Medical"), ds.getString(tag("Manufacturer")));
            assertTrue(ds.getString(tag("ManufacturerModelName")).endsWith(" 3000"), ds.getString(tag("ManufacturerModelName")));
            assertEquals("VB10", ds.getStrings(tag("SoftwareVersions")).get(0));
            Dataset code = ((org.mip.dicom.data.SequenceElement) ds.get(tag("AnatomicRegionSequence"))).items().get(0);
            assertEquals("99LOCAL", code.getString(tag("CodingSchemeDesignator")), "a scheme is not cleaned");
            assertTrue(code.getString(tag("CodeMeaning")).startsWith("Chest of "), code.getString(tag("CodeMeaning")));
        }
    }

    @Test
    void aNameInAccentedLettersIsFoundAsAWholeWord() throws Exception {
        Dataset in = BasicProfileGapsTest.minimal();
        in.setString(tag("SpecificCharacterSet"), VR.CS, "ISO_IR 100");
        in.setString(tag("PatientName"), VR.PN, "Müller^Jörg");
        in.setString(tag("ManufacturerModelName"), VR.LO, "Müller Jörg Scanner");
        DeidKit.Run run = DeidKit.run(engine(), DeidKit.file(in, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        try (DicomFile out = run.reread()) {
            String model = out.dataset().getString(tag("ManufacturerModelName"));
            assertTrue(!model.contains("Müller") && !model.contains("Jörg") && model.endsWith("Scanner"), model);
        }
    }

    /**
     * The name as a keyboard without accents, a full-width font or a CJK writer types it (a header
     * probe, 2026-12-07: "MULLER Medical", "ＳＭＩＴＨＳＯＮ Medical", "Chest of Nuñez" for Núñez and
     * 山田太郎 for 山田^太郎, all published in Manufacturer and a Code Meaning).
     */
    @Test
    void aNameTypedWithoutAccentsInFullWidthOrWithoutASpaceLeavesKeptValues() throws Exception {
        String[][] cases = {
            {"ISO_IR 100", "Müller^Jörg", "MULLER Medical", "Chest of Muller", "MULLER"},
            {"ISO_IR 100", "Núñez^José", "NUNEZ Medical", "Chest of Nuñez", "NU"},
            {"ISO_IR 192", "Smithson^Jane", "ＳＭＩＴＨＳＯＮ Medical", "Chest of ｓｍｉｔｈｓｏｎ", "ＳＭＩＴＨＳＯＮ"},
            {"ISO_IR 192", "Yamada^Taro=山田^太郎", "山田太郎", "胸部 山田太郎", "山田"},
            {"ISO_IR 192", "Hong^Gildong=홍^길동", "홍길동 흉부", "홍길동", "길동"},
        };
        for (String[] c : cases) {
            Dataset in = BasicProfileGapsTest.minimal();
            in.setString(tag("SpecificCharacterSet"), VR.CS, c[0]);
            in.setString(tag("PatientName"), VR.PN, c[1]);
            in.setString(tag("Manufacturer"), VR.LO, c[2]);
            anatomicRegion(in, "T-D3000", "SRT", c[3]);
            DeidKit.Run run = DeidKit.run(engine(), DeidKit.file(in, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
            try (DicomFile out = run.reread()) {
                String manufacturer = out.dataset().getString(tag("Manufacturer"));
                Dataset code = ((org.mip.dicom.data.SequenceElement) out.dataset().get(tag("AnatomicRegionSequence"))).items().get(0);
                String meaning = code.getString(tag("CodeMeaning"));
                assertTrue(!manufacturer.contains(c[4]) && !meaning.contains(c[4]) && !meaning.toUpperCase(java.util.Locale.ROOT).contains(c[4]),
                        c[1] + ": Manufacturer " + manufacturer + ", Code Meaning " + meaning);
                assertEquals("T-D3000", code.getString(tag("CodeValue")), "the code itself stays");
            }
        }
    }

    @Test
    void anOverrideKeepsWhatItNamesAsItIs() throws Exception {
        Profile keep = DeidKit.profile().override("ManufacturerModelName", Action.KEEP, null).build();
        DeidKit.Run run = DeidKit.run(engine(keep), DeidKit.file(hostileProductAndCodes(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        try (DicomFile out = run.reread()) {
            assertEquals("Johnny 3000", out.dataset().getString(tag("ManufacturerModelName")), "asked for, kept");
            assertTrue(!out.dataset().getString(tag("Manufacturer")).contains("ZQXDOE"), "what the override does not name is still cleaned");
        }
    }

    @Test
    void aCodesSchemeIsNotAName() throws Exception {
        Dataset in = BasicProfileGapsTest.minimal();
        in.setString(tag("PatientName"), VR.PN, "Test^S R");
        anatomicRegion(in, "T-D3000", "TEST", "Chest");
        DeidKit.Run run = DeidKit.run(engine(), DeidKit.file(in, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        try (DicomFile out = run.reread()) {
            Dataset kept = ((org.mip.dicom.data.SequenceElement) out.dataset().get(tag("AnatomicRegionSequence"))).items().get(0);
            assertEquals("TEST", kept.getString(tag("CodingSchemeDesignator")));
            assertEquals("T-D3000", kept.getString(tag("CodeValue")));
        }
    }

    /**
     * The 2026-12-07 header probe's cases: an ID with a hyphen inside a value, the institution as the
     * manufacturer, the birth date in a sequence name, a phone number in a code meaning, a two-character
     * Japanese name in a kernel's name. Each was published as typed; the same values elsewhere stay.
     */
    @Test
    void idsDatesPhonesInstitutionsAndShortCjkNamesLeaveKeptValues() throws Exception {
        Dataset in = BasicProfileGapsTest.minimal();
        in.setString(tag("SpecificCharacterSet"), VR.CS, "ISO_IR 192");
        in.setString(tag("PatientName"), VR.PN, "Washizu^Kakuya=鷲鶴^角也");
        in.setString(tag("PatientID"), VR.LO, "PID-778812");
        in.setString(tag("PatientBirthDate"), VR.DA, "19470311");
        in.setString(tag("PatientTelephoneNumbers"), VR.SH, "555-013-9876");
        in.setString(tag("InstitutionName"), VR.LO, "Saint Qwerty Hospital");
        in.setString(tag("SoftwareVersions"), VR.LO, "V1 PID-778812\\VB10");
        in.setString(tag("Manufacturer"), VR.LO, "SAINT QWERTY HOSPITAL");
        in.setString(tag("SequenceName"), VR.SH, "*19470311");
        in.setString(tag("ConvolutionKernel"), VR.SH, "鷲鶴");
        anatomicRegion(in, "T-D3000", "SRT", "Chest 555 013 9876");
        DeidKit.Run run = DeidKit.run(engine(), DeidKit.file(in, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        for (String planted : List.of("778812", "QWERTY", "Qwerty", "19470311", "9876", "鷲鶴")) {
            assertTrue(DeidKit.indexOf(run.output(), planted.getBytes(StandardCharsets.UTF_8)) < 0, planted + " is in the output");
        }
        try (DicomFile out = run.reread()) {
            assertEquals("VB10", out.dataset().getStrings(tag("SoftwareVersions")).get(1), "the other value stays");
        }
    }

    @Test
    void valuesThatOnlyLookLikeThemStay() throws Exception {
        Dataset in = BasicProfileGapsTest.minimal();
        in.setString(tag("PatientID"), VR.LO, "PID-778812");
        in.setString(tag("PatientBirthDate"), VR.DA, "19470311");
        in.setString(tag("InstitutionName"), VR.LO, "Saint Qwerty Hospital");
        in.setString(tag("SoftwareVersions"), VR.LO, "V1 778812\\PID 77881");
        in.setString(tag("Manufacturer"), VR.LO, "Qwerty Medical Systems");
        in.setString(tag("SequenceName"), VR.SH, "*1947");
        DeidKit.Run run = DeidKit.run(engine(), DeidKit.file(in, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        try (DicomFile out = run.reread()) {
            Dataset ds = out.dataset();
            assertEquals(List.of("V1 778812", "PID 77881"), ds.getStrings(tag("SoftwareVersions")), "a part of an ID, a near one");
            assertEquals("Qwerty Medical Systems", ds.getString(tag("Manufacturer")), "a word of the institution, not its name");
            assertEquals("*1947", ds.getString(tag("SequenceName")));
        }
    }

    @Test
    void aNameKnownOnlyInsideAnItemLeavesTheCodeBesideIt() throws Exception {
        Dataset in = BasicProfileGapsTest.minimal();
        Dataset code = item(in);
        code.setString(tag("CodeValue"), VR.SH, "T-D3000");
        code.setString(tag("CodingSchemeDesignator"), VR.SH, "SRT");
        code.setString(tag("CodeMeaning"), VR.LO, "Chest of Zqxwv Kjhgf");
        code.setString(tag("PatientName"), VR.PN, "ZQXWV^KJHGF");
        seq(in, "AnatomicRegionSequence", code);
        DeidKit.Run run = DeidKit.run(engine(), DeidKit.file(in, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        for (String planted : List.of("ZQXWV", "Zqxwv", "KJHGF", "Kjhgf")) {
            assertTrue(DeidKit.indexOf(run.output(), planted.getBytes(StandardCharsets.US_ASCII)) < 0, planted + " is in the output");
        }
    }

    @Test
    void anSrsStructureIsNotAName() throws Exception {
        // a shared sample's content item names a person "Enter text": its Value Type TEXT was REMOVED
        Dataset in = BasicProfileGapsTest.minimal();
        in.setString(tag("PatientName"), VR.PN, "Text^Contains");
        Dataset content = item(in);
        content.setString(tag("RelationshipType"), VR.CS, "CONTAINS");
        content.setString(tag("ValueType"), VR.CS, "TEXT");
        content.setString(tag("ContinuityOfContent"), VR.CS, "SEPARATE");
        seq(in, "ContentSequence", content);
        // Clean Structured Content keeps the tree (the Basic Profile removes it)
        Profile clean = DeidKit.profile(DeidOption.CLEAN_STRUCTURED_CONTENT).build();
        DeidKit.Run run = DeidKit.run(engine(clean), DeidKit.file(in, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        try (DicomFile out = run.reread()) {
            Dataset kept = ((org.mip.dicom.data.SequenceElement) out.dataset().get(tag("ContentSequence"))).items().get(0);
            assertEquals("TEXT", kept.getString(tag("ValueType")));
            assertEquals("CONTAINS", kept.getString(tag("RelationshipType")));
            assertEquals("SEPARATE", kept.getString(tag("ContinuityOfContent")));
        }
    }
}
