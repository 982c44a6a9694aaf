package org.mip.deid.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;

/**
 * Issue 15, class 3: telephone numbers in other layouts, case and order numbers after their label,
 * digit-group identifiers, the patient's initials standing alone, and names found across kana kinds,
 * German transliteration and Russian declension; each with the clinical text that must stay.
 */
class FreeTextPatternsTest {

    static final String R = TextCleaner.DEFAULT_REPLACEMENT;
    static final TextCleaner CLEANER = TextCleaner.standard();

    static String clean(String text) {
        return CLEANER.clean(text, PhiContext.EMPTY);
    }

    static Dataset patient(String name) {
        Dataset ds = new Dataset();
        ds.setString(Tag.SPECIFIC_CHARACTER_SET, VR.CS, "ISO_IR 192");
        ds.setString(TextCleanerTest.tag("PatientName"), VR.PN, name);
        return ds;
    }

    // ---- telephone numbers ----

    @ParameterizedTest
    @ValueSource(strings = {"555 1234 5678", "555-1234-5678", "555.1234.5678", "(555) 1234 5678", "138 0013 8000",
        "010-1234-5678", "0044 20 7946 0958", "0044-20-7946-0958", "0049 (0)30 1234567", "0033 1 23 45 67 89",
        "+44 20 7946 0958", "+1 (555) 123-4567", "+1 555.123.4567", "+7 495 123-45-67", "8 (495) 123-45-67",
        "(495) 123-45-67", "(555)123.4567", "555 123-4567", "020.7946.0958", "01 42 68 53 07", "06.12.34.56.78",
        "+81 3-1234-5678", "03-1234-5678", "+86 10 1234 5678"})
    void phoneNumbersInOtherLayouts(String phone) {
        assertEquals("call " + R + " now", clean("call " + phone + " now"));
        // an initial after the number is no unit ("g", "s" are, in lower case)
        assertEquals("call " + R + " G.H.", clean("call " + phone + " G.H."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"120 kVp", "2.5 mm", "5-10 mm", "30-40 ml", "100 - 200 ml", "HU -1000 to 3000", "HU 100-1000",
        "b 500 1000 1500", "b-values 0 500 1000", "500 1000 2000 ms", "CTDIvol 12.5 mGy", "DLP 1234.5 mGy*cm",
        "Series 1001", "SE 4 IM 120", "3 x 5 x 7 cm", "60 Gy in 30 fx", "PTV1_7000", "CTV_6000", "2019-2021 cohort",
        "1500-3000 ms", "matrix 256 x 256", "FOV 350 mm", "370 MBq", "0.625 mm", "1.25 mm slices", "Lung-RADS 4A",
        "z 120.5 mm", "Case 12 of 30", "study 2019 protocol", "report 2 pages", "visit 3", "ref 10 mm",
        "window 1500-3000", "slices 100 200 300", "dose 2 Gy x 30",
        "series 01 02 03 04 05", "time points 05 10 15 20 25"})
    void measurementsRangesAndSeriesStay(String text) {
        assertEquals(text, clean(text));
    }

    // ---- identifiers in Reason for the Requested Procedure and SR text ----

    @ParameterizedTest
    @ValueSource(strings = {"Case No. CR-2023-117", "case #2023-0456", "Case: 88123", "Fall-Nr. 12345", "order# 55123",
        "Requisition 2024/7781", "specimen S23-4567", "Path no. 23-1187", "Encounter ID E-778812", "Ref: K24-00123",
        "Case No. 2023", "exam 99123"})
    void caseAndOrderNumbersAfterTheirLabelGo(String text) {
        String out = clean("f/u " + text + " today");
        assertFalse(out.matches(".*\\d{3,}.*"), out);
        assertTrue(out.contains(R), out);
        assertTrue(out.startsWith("f/u ") && out.endsWith(" today"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-0456", "12-34567", "2024/778812", "MRN1234567", "HX4471923", "ACC-2021-0042",
        "RAD24-001234"})
    void identifierShapedTokensGoWithoutALabel(String id) {
        assertEquals("compare " + R + " prior", clean("compare " + id + " prior"));
    }

    @Test
    void theInstanceOwnIdentifiersGoInAnyWriting() {
        Dataset ds = patient("Smith^John");
        ds.setString(TextCleanerTest.tag("PatientID"), VR.LO, "HX-44719");
        ds.setString(TextCleanerTest.tag("AccessionNumber"), VR.SH, "RAD2024");
        ds.setString(TextCleanerTest.tag("StudyID"), VR.SH, "S77");
        PhiContext ctx = PhiContext.of(ds);
        assertEquals("pt " + R + " acc " + R, CLEANER.clean("pt hx44719 acc RAD 2024", ctx));
        assertEquals("study " + R + " done", CLEANER.clean("study S77 done", ctx));
    }

    // ---- the patient's initials ----

    @ParameterizedTest
    @ValueSource(strings = {"JS", "J.S.", "J.S", "J. S.", "J S", "J_S", "J-S", "SJ", "S.J.", "JQS", "J.Q.S.", "J Q S", "SJQ",
        "S.J.Q."})
    void thePatientsInitialsGoStandingAlone(String initials) {
        PhiContext ctx = PhiContext.of(patient("Smith^John^Quentin"));
        assertEquals("PTV_" + R, CLEANER.clean("PTV_" + initials, ctx));
        assertEquals(R + " GTV", CLEANER.clean(initials + " GTV", ctx));
        assertEquals("Lung_L " + R + "_v2", CLEANER.clean("Lung_L " + initials + "_v2", ctx));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PTV", "CTV_6000", "GTV", "Lung_L", "Lung_R", "SpinalCord", "Heart", "Esophagus", "BODY",
        "Brainstem_PRV03", "z_ring 5mm", "js", "JSX", "XJS", "JS1", "J", "Q", "JQ", "CT", "Spinal Cord"})
    void otherTokensStay(String text) {
        PhiContext ctx = PhiContext.of(patient("Smith^John^Quentin"));
        assertEquals(text, CLEANER.clean(text, ctx));
    }

    @Test
    void initialsThatSpellAClinicalAbbreviationOrAWordStay() {
        // Spinal Cord, a patient called Sarah Collins: "SC" names the organ in most structure sets.
        PhiContext sc = PhiContext.of(patient("Collins^Sarah"));
        assertEquals("SC", CLEANER.clean("SC", sc));
        assertEquals("SC_PRV5", CLEANER.clean("SC_PRV5", sc));
        // Charles Thompson: "CT" is the modality; Tom Henry Edwards: "THE" is a word.
        assertEquals("CT CHEST", CLEANER.clean("CT CHEST", PhiContext.of(patient("Thompson^Charles"))));
        PhiContext the = PhiContext.of(patient("Edwards^Tom^Henry"));
        assertEquals("THE LEFT LUNG", CLEANER.clean("THE LEFT LUNG", the));
        // The other orders are still initials: "ET", "TE" is kept (echo time), "ETH" goes.
        assertEquals("GTV " + R, CLEANER.clean("GTV ETH", the));
        assertEquals("TE 90", CLEANER.clean("TE 90", the));
        // Next to the removed name, kept abbreviations go too (the older rule).
        assertEquals(R + " PTV", CLEANER.clean("Collins SC PTV", sc));
    }

    @Test
    void theKeptListIsReadWhole() {
        assertTrue(PhiContext.INITIALS_KEPT.size() > 300, "size " + PhiContext.INITIALS_KEPT.size());
        for (String token : PhiContext.INITIALS_KEPT) {
            assertTrue(token.matches("\\p{Lu}{1,6}"), token);
        }
        for (String token : new String[] {"SC", "PTV", "CT", "AP", "MD", "II", "THE"}) {
            assertTrue(PhiContext.INITIALS_KEPT.contains(token), token);
        }
        assertEquals("Hartley MD", CLEANER.clean("Hartley MD", PhiContext.of(patient("Davis^Mary"))));
    }

    @Test
    void onlyThePatientsInitialsStandAlone() {
        Dataset ds = patient("Smith^John");
        ds.setString(TextCleanerTest.tag("OperatorsName"), VR.PN, "Kowalski^Anna");
        ds.setString(TextCleanerTest.tag("OtherPatientNames"), VR.PN, "Brown^Jane");
        ds.setString(TextCleanerTest.tag("PatientBirthName"), VR.PN, "Miller^John");
        PhiContext ctx = PhiContext.of(ds);
        // The operator's initials alone are not removed: too many people, too many letter pairs.
        assertEquals("checked AK", CLEANER.clean("checked AK", ctx));
        assertEquals("ROI " + R, CLEANER.clean("ROI JB", ctx));
        assertEquals("ROI " + R, CLEANER.clean("ROI JM", ctx));
        assertEquals("checked " + R, CLEANER.clean("checked Anna Kowalski", ctx));
    }

    @Test
    void initialsInEveryCasedScriptAndWithAccents() {
        PhiContext ru = PhiContext.of(patient("Иванов^Пётр^Сергеевич"));
        assertEquals("PTV_" + R, CLEANER.clean("PTV_П.С.И.", ru));
        assertEquals("PTV_" + R, CLEANER.clean("PTV_ИП", ru));
        PhiContext fr = PhiContext.of(patient("Brun^Élodie"));
        assertEquals("CTV " + R, CLEANER.clean("CTV ÉB", fr));
        assertEquals("CTV " + R, CLEANER.clean("CTV E.B.", fr));
        // Scripts without capitals have no initials.
        assertNull(PhiContext.of(patient("=山田^太郎=やまだ^たろう")).patientInitials());
    }

    // ---- names across kana, transliteration and declension ----

    @Test
    void katakanaHiraganaAndHalfWidthKanaMatchEachOther() {
        PhiContext ctx = PhiContext.of(patient("Yamada^Tarou=山田^太郎=やまだ^たろう"));
        assertEquals(R + " 様", CLEANER.clean("ヤマダ タロウ 様", ctx));
        assertEquals(R + " 様", CLEANER.clean("ﾔﾏﾀﾞ ﾀﾛｳ 様", ctx));
        assertEquals("タロット", CLEANER.clean("タロット", ctx));
    }

    @Test
    void germanNamesWithoutUmlauts() {
        PhiContext ctx = PhiContext.of(patient("Müller^Jürgen=^="));
        assertEquals("Dr " + R, CLEANER.clean("Dr Mueller", ctx));
        assertEquals("pt " + R, CLEANER.clean("pt JUERGEN MUELLER", ctx));
        assertEquals("pt " + R, CLEANER.clean("pt Muller", ctx));
    }

    @Test
    void russianNamesInEveryCaseAndGender() {
        PhiContext ctx = PhiContext.of(patient("Иванов^Пётр"));
        for (String form : new String[] {"Иванов", "Иванова", "Иванову", "Ивановым", "Ивановой", "Ивановых", "Петру",
            "Петром", "Пётр", "ПЕТР"}) {
            assertEquals("у " + R + " КТ", CLEANER.clean("у " + form + " КТ", ctx), form);
        }
        assertEquals("Ивановка КТ", CLEANER.clean("Ивановка КТ", ctx));
    }
}
