package org.mip.deid.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.dict.ElementDictionary;

/**
 * A planted-PHI corpus: each text carries values of the data set (or recognisable patterns) that
 * must go, and clinical text that must stay as written.
 */
class TextCleanerTest {

    static final String R = TextCleaner.DEFAULT_REPLACEMENT;
    static final ElementDictionary DICT = ElementDictionary.standard();
    static final TextCleaner CLEANER = TextCleaner.standard();

    static int tag(String keyword) {
        return DICT.tagOf(keyword);
    }

    static Dataset utf8() {
        Dataset ds = new Dataset();
        ds.setString(Tag.SPECIFIC_CHARACTER_SET, VR.CS, "ISO_IR 192");
        return ds;
    }

    /** A patient with the usual header: names, IDs, dates, address, phone, institution, station. */
    static Dataset patient() {
        Dataset ds = utf8();
        ds.setString(tag("PatientName"), VR.PN, "Doe^John^Michael^Dr.^Jr.");
        ds.setString(tag("OtherPatientNames"), VR.PN, "Roe^Johnny\\Smith-Jones^Jane");
        ds.setString(tag("PatientID"), VR.LO, "AB12C");
        ds.setString(tag("OtherPatientIDs"), VR.LO, "000456");
        ds.setString(tag("AccessionNumber"), VR.SH, "A1B2X");
        ds.setString(tag("StudyID"), VR.SH, "789");
        ds.setString(tag("PatientBirthDate"), VR.DA, "19800102");
        ds.setString(tag("StudyDate"), VR.DA, "20210315");
        ds.setString(tag("AcquisitionDateTime"), VR.DT, "20210316101500");
        ds.setString(tag("PatientAddress"), VR.LO, "12 Baker Street, Marylebone, London, NW1 6XE");
        ds.setString(tag("PatientTelephoneNumbers"), VR.SH, "+1 (617) 555-0100");
        ds.setString(tag("InstitutionName"), VR.LO, "St. Elsewhere General Hospital");
        ds.setString(tag("InstitutionalDepartmentName"), VR.LO, "Neuroradiology West");
        ds.setString(tag("StationName"), VR.SH, "CT01");
        ds.setString(tag("ReferringPhysicianName"), VR.PN, "Hartley^Robert");
        ds.setString(tag("OperatorsName"), VR.PN, "Nguyen^Thi^A");
        ds.setString(tag("EthnicGroup"), VR.SH, "Basque");
        return ds;
    }

    static final PhiContext CTX = PhiContext.of(patient());

    static String clean(String text) {
        return CLEANER.clean(text, CTX);
    }

    // ---- names ----

    @ParameterizedTest
    @ValueSource(strings = {"John Doe", "JOHN DOE", "john doe", "Doe, John", "DOE^JOHN", "Doe^John^Michael",
        "John Michael Doe", "John  Michael   Doe", "Doe, John M.", "DOE, J.", "J. Doe", "J Doe", "Doe JM",
        "Doe J.M.", "J. M. Doe", "Johnny Roe", "Jane Smith-Jones", "Jane Smith Jones", "SMITH JONES, JANE",
        "Doe", "Michael"})
    void personNamesInAnyFormGoAsOneToken(String name) {
        assertEquals("Seen: " + R + " today", clean("Seen: " + name + " today"));
    }

    @Test
    void physiciansAndOperatorsAreNamesToo() {
        assertEquals("referred by Dr. " + R, clean("referred by Dr. Robert Hartley"));
        assertEquals("tech " + R, clean("tech Thi Nguyen"));
        assertEquals("tech " + R + ", CT", clean("tech Nguyen T., CT"));
    }

    @Test
    void singleLetterInitialsDoNotWipeTheText() {
        // Operators' middle name is "A": a lone "A" is no rule.
        assertEquals("A CT SCAN OF A KNEE", clean("A CT SCAN OF A KNEE"));
        // A capital after a name without a period is more likely a laterality.
        PhiContext robert = PhiContext.builder().addPersonName("Doe^Robert").build();
        assertEquals(R + " R KNEE", CLEANER.clean("DOE R KNEE", robert));
        assertEquals(R + " KNEE", CLEANER.clean("R. DOE KNEE", robert));
    }

    @Test
    void namesAreMatchedAsWholeWordsOnly() {
        PhiContext lee = PhiContext.builder().addPersonName("Lee^Ann").build();
        assertEquals("BLEED IN ANNULUS, " + R, CLEANER.clean("BLEED IN ANNULUS, Ann Lee", lee));
    }

    @Test
    void accentsAndCompatibilityFormsAreIgnored() {
        PhiContext ctx = PhiContext.builder().addPersonName("Müller^José").build();
        assertEquals("pt " + R, CLEANER.clean("pt JOSE MULLER", ctx));
        assertEquals("pt " + R, CLEANER.clean("pt José Müller", ctx));
        assertEquals("pt " + R, CLEANER.clean("pt Ｍüｌｌｅｒ", ctx));
        assertEquals("Ärztin: " + R, CLEANER.clean("Ärztin: müller, josé", ctx));
    }

    @Test
    void titledNamesNotInTheHeaderGoToo() {
        assertEquals("CT chest abdomen pelvis - " + R + " Dr. " + R,
                CLEANER.clean("CT chest abdomen pelvis - 55F Dr. Smith", PhiContext.EMPTY));
        assertEquals("reviewed by Mrs " + R, CLEANER.clean("reviewed by Mrs O'Neill", PhiContext.EMPTY));
        assertEquals("per Dr. " + R + " note", CLEANER.clean("per Dr. J. Watson note", PhiContext.EMPTY));
    }

    @Test
    void japaneseNamesInAllThreeGroups() {
        Dataset ds = utf8();
        ds.setString(tag("PatientName"), VR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう");
        PhiContext ctx = PhiContext.of(ds);
        assertEquals(R + "様の検査", CLEANER.clean("山田太郎様の検査", ctx));
        assertEquals(R + "様", CLEANER.clean("山田 太郎様", ctx));
        assertEquals("患者 " + R, CLEANER.clean("患者 やまだ たろう", ctx));
        assertEquals("pt " + R, CLEANER.clean("pt TAROU YAMADA", ctx));
        assertEquals("頭部CT 単純", CLEANER.clean("頭部CT 単純", ctx));
    }

    @Test
    void chineseAndKoreanNamesWithOneCharacterFamilyNames() {
        PhiContext zh = PhiContext.builder().addPersonName("Wang^XiaoDong=王^小東=").build();
        assertEquals("患者" + R + "胸部", CLEANER.clean("患者王小東胸部", zh));
        assertEquals(R + "先生", CLEANER.clean("小東先生", zh));
        // The one-character family name alone is no rule: it would cut words apart.
        assertEquals("王府井", CLEANER.clean("王府井", zh));
        PhiContext ko = PhiContext.builder().addPersonName("Hong^Gildong=홍^길동=").build();
        assertEquals(R + "님 흉부 CT", CLEANER.clean("홍길동님 흉부 CT", ko));
        assertEquals("Mr " + R, CLEANER.clean("Mr Gildong Hong", ko));
    }

    // ---- identifiers ----

    @ParameterizedTest
    @ValueSource(strings = {"AB12C", "ab12c", "AB-12-C", "AB 12 C", "A1B2X", "a1b2x", "789", "000456", "456"})
    void knownIdentifiersWithOrWithoutSeparators(String id) {
        assertEquals("ref " + R + " ok", clean("ref " + id + " ok"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MRN 1234567", "MRN: AB1234", "mrn#98765", "Patient ID: 42-77", "A12345", "ACC-2021-0042",
        "1234567", "SSN 123-45-6789", "NHS no 943 476 5919", "MRN 123 456 789", "MRN ZQX 778 899", "02115-1234",
        "1.2.840.113619.2.55.3.604688119"})
    void idLikeTokensGoWhateverTheHeaderSays(String text) {
        String out = CLEANER.clean("x " + text + " y", PhiContext.EMPTY);
        assertFalse(out.matches(".*\\d{3,}.*"), out);
        assertTrue(out.contains(R), out);
    }

    // ---- dates ----

    @ParameterizedTest
    @ValueSource(strings = {"19800102", "1980-01-02", "1980/01/02", "1980.01.02", "02/01/1980", "01/02/1980",
        "2.1.1980", "02.01.1980", "2/1/80", "1/2/80", "02-01-80", "02011980", "020180", "2 Jan 1980",
        "2 January 1980", "2nd January 1980", "2nd of January, 1980", "January 2, 1980", "Jan 2nd 1980",
        "02-JAN-1980", "02JAN1980", "2 janvier 1980", "2. Januar 1980", "2 de enero de 1980", "January 2",
        "2 Jan", "January 1980", "2021-03-16"})
    void knownDatesInEveryCommonForm(String date) {
        assertEquals("DOB " + R + ", ok", clean("DOB " + date + ", ok"));
        assertEquals("born " + R + " in", clean("born " + date + " in"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"15/03/2019", "03/15/2019", "2019-03-15", "15.03.2019", "3/15/19", "15-03-19",
        "March 15, 2019", "15 March 2019", "15th of March 2019", "Mar 15 2019", "15-MAR-2019", "15 March",
        "March 15", "Mar 2019", "March-2019", "03/2019", "15 juillet 2019", "15. März 2019", "May 5"})
    void anyDateInCommonFormsGoesToo(String date) {
        assertEquals("seen " + R + " here", CLEANER.clean("seen " + date + " here", PhiContext.EMPTY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"14:30", "14:30:15", "09:05", "9:30 am", "9:30pm", "3pm", "10 a.m.", "1430 hrs",
        "14h30"})
    void times(String time) {
        assertEquals("at " + R + " in ER", CLEANER.clean("at " + time + " in ER", PhiContext.EMPTY));
    }

    // ---- telecom, addresses, institutions ----

    @ParameterizedTest
    @ValueSource(strings = {"(555) 123-4567", "555-123-4567", "555.123.4567", "555 123 4567", "1-800-555-0199",
        "+44 20 7946 0958", "+33 1 23 45 67 89", "020 7946 0958", "030/1234567", "555-1234", "Tel: 5551234",
        "phone 62 81 44 90", "Pager 4455", "ext. 4455", "bleep 1234"})
    void phoneNumbers(String phone) {
        String out = CLEANER.clean("call " + phone + " now", PhiContext.EMPTY);
        assertFalse(out.matches(".*\\d{3}.*"), out);
    }

    @Test
    void theKnownPhoneNumberWithOrWithoutItsPrefixes() {
        assertEquals("call " + R, clean("call 617-555-0100"));
        assertEquals("call " + R, clean("call 5550100"));
        assertEquals("call " + R, clean("call +16175550100"));
    }

    @Test
    void emailsAndUrls() {
        assertEquals("mail " + R + ".", CLEANER.clean("mail john.doe+ct@example-hospital.org.", PhiContext.EMPTY));
        assertEquals("see " + R + " for", CLEANER.clean("see https://portal.example.org/p?id=123 for",
                PhiContext.EMPTY));
        assertEquals("see " + R, CLEANER.clean("see www.example.org/patients/", PhiContext.EMPTY));
    }

    @Test
    void addressesKnownAndRecognised() {
        assertEquals("lives at " + R, clean("lives at 12 Baker Street, London"));
        assertEquals("from " + R + " area", clean("from Marylebone area"));
        assertEquals("postcode " + R, clean("postcode NW1 6XE"));
        assertEquals("at " + R + ", Springfield", CLEANER.clean("at 742 Evergreen Terrace, Springfield",
                PhiContext.EMPTY));
        assertEquals("at " + R + " now", CLEANER.clean("at 221B Baker St. now", PhiContext.EMPTY));
        assertEquals("mail to " + R, CLEANER.clean("mail to PO Box 1234", PhiContext.EMPTY));
        assertEquals("wohnt " + R + " in", CLEANER.clean("wohnt Hauptstraße 5 in", PhiContext.EMPTY));
        // the known street without its house number ("12 Baker Street" in the header)
        assertEquals("walks along " + R + " daily", clean("walks along Baker Street daily"));
    }

    @Test
    void aPossessiveNameIsMatched() {
        assertEquals(R + "'s scan", clean("Doe's scan"));
    }

    @Test
    void aLabelledValueStartingWithLettersGoesWithItsDigits() {
        assertEquals("hx MRN " + R + " ok", CLEANER.clean("hx MRN ZQX 778 899 ok", PhiContext.EMPTY));
        assertEquals("ID badge lost", CLEANER.clean("ID badge lost", PhiContext.EMPTY));
    }

    @Test
    void institutionsDepartmentsAndStations() {
        assertEquals("done at " + R, clean("done at ST ELSEWHERE GENERAL HOSPITAL"));
        assertEquals("done at " + R, clean("done at St Elsewhere General Hospital"));
        assertEquals(R + " neuro", clean("neuroradiology west neuro"));
        assertEquals(R + " HEAD", clean("CT01 HEAD"));
    }

    // ---- ages and characteristics ----

    @ParameterizedTest
    @ValueSource(strings = {"55F", "55 F", "45 M", "45 y/o", "45yo", "45 YO", "45-year-old", "45 years old", "45Y",
        "045Y", "6-month-old", "3 weeks old", "age 55", "Aged: 70", "012M"})
    void ages(String age) {
        assertEquals("pt " + R + " with", CLEANER.clean("pt " + age + " with", PhiContext.EMPTY));
    }

    @Test
    void retainPatientCharacteristicsKeepsAgesUpTo89AndTheEthnicGroup() {
        TextCleaner retain = TextCleaner.builder().retainPatientCharacteristics(true).build();
        assertEquals("pt 55F", retain.clean("pt 55F", CTX));
        assertEquals("pt 45 y/o", retain.clean("pt 45 y/o", CTX));
        assertEquals("pt " + R, retain.clean("pt 95 y/o", CTX));
        assertEquals("pt " + R, retain.clean("pt 092Y", CTX));
        assertEquals("Basque pt", retain.clean("Basque pt", CTX));
        assertEquals(R + " pt", CLEANER.clean("Basque pt", CTX));
        // names are never characteristics
        assertEquals("pt " + R, retain.clean("pt John Doe", CTX));
    }

    // ---- clinical text stays ----

    @ParameterizedTest
    @ValueSource(strings = {"CT CHEST W/O CONTRAST 5MM", "L4-L5 disc", "T2 FLAIR", "120 kVp", "MR BRAIN W/WO",
        "MS LESIONS FOLLOW-UP", "DR CHEST PA/LAT", "AXIAL 3D T1 MPRAGE 1.0MM", "DWI b=1000 ADC", "CTA HEAD/NECK",
        "Matrix 512x512", "FOV 240 x 240", "8F catheter", "12 F sheath", "1:10 dilution", "W:400 L:40", "3.0T",
        "HU 100-1000", "window 500-1500", "TR 3000ms TE 90", "SE 2 IM 45", "C3-C7", "T12-L1", "PET/CT 18F-FDG 370 MBq",
        "CTDIvol 10.2 mGy DLP 450 mGy*cm", "LEFT KNEE 3 VIEWS", "R HAND 2 VIEWS", "ABD/PELVIS PORTAL VENOUS 70S",
        "T1 SE 450/12", "IV 100ML OMNIPAQUE 350", "ISOVUE-370", "ep2d_diff_3scan_trace", "Kernel B30f",
        "SAG T1 FSE 4MM 1/1", "Grade 2/3", "ROUTINE 2019 PROTOCOL", "5 years follow-up", "Series 3 of 5",
        "0.625 mm", "Y-90 SIRT", "RT 2 Gy x 25 fractions", "ECG-gated", "Lung-RADS 4A", "BI-RADS 3",
        "head first supine", "May show artefacts", "DWI_b0_b1000", "t2_tse_tra_p2_512", "ep2d_diff_b50_800_tra",
        "Precision 500D", "No 3D recon", "ID 3D", "F-18 PSMA", "68Ga-DOTATATE", "Lu-177 7.4 GBq", "Pitch 0.984:1",
        "OB 20 WEEKS", "FOLLOW UP 6 MONTHS", "L5-S1", "TNM T2N1M0", "Ki-67 20%", "HER2 3+", "Protocol 2019.3",
        "syngo MR E11", "Philips Ingenia 3.0T", "GE Discovery MR750w", "Collimation 64 x 0.625", "March protocol change", "1.5 T", "CT01A is not a station"})
    void clinicalTextStaysIntact(String text) {
        // CT01A: the known station is CT01, and CT01A is another word.
        assertEquals(text, clean(text));
    }

    // ---- merging and configuration ----

    @Test
    void adjacentFindingsBecomeOneToken() {
        assertEquals(R + " - CT HEAD", clean("John Doe, 02/01/1980 - CT HEAD"));
        // A label is no finding: it stays between two.
        assertEquals(R + ", MRN " + R + " - CT", clean("John Doe, MRN 1234567 - CT"));
        assertEquals(R, clean("DOE^JOHN^MICHAEL"));
    }

    @Test
    void replacementIsConfigurableAndValidated() {
        TextCleaner stars = TextCleaner.builder().replacement("***").build();
        assertEquals("CT *** HEAD", stars.clean("CT John Doe HEAD", CTX));
        assertThrows(IllegalArgumentException.class, () -> TextCleaner.builder().replacement(""));
        assertThrows(IllegalArgumentException.class, () -> TextCleaner.builder().replacement("a\\b"));
        assertThrows(IllegalArgumentException.class, () -> TextCleaner.builder().replacement("a\nb"));
    }

    @Test
    void nullAndEmptyAndUntouched() {
        assertEquals(null, clean(null));
        assertEquals("", clean(""));
        assertEquals("nothing here", clean("nothing here"));
        // Without a context only the patterns apply.
        assertEquals("CT John Doe", CLEANER.clean("CT John Doe", null));
    }

    // ---- fitting to the VR ----

    @Test
    void cleanValueFitsEachValueWithoutCuttingTheToken() {
        // SH: 16 characters. "CT JOHN DOE HEAD" → "CT [REMOVED] HEAD" (17) → cut before "HEAD".
        assertEquals("CT " + R, CLEANER.cleanValue("CT JOHN DOE HEAD", VR.SH, CTX));
        // The token straddling the limit is dropped whole.
        assertEquals("CHEST ABDOMEN", CLEANER.cleanValue("CHEST ABDOMEN John Doe", VR.SH, CTX));
        // Multi-valued: each value on its own.
        assertEquals("CT " + R + "\\MR HEAD", CLEANER.cleanValue("CT John Doe\\MR HEAD", VR.LO, CTX));
        // LT is one value: a backslash in it is text.
        assertEquals("a\\b " + R, CLEANER.cleanValue("a\\b John Doe", VR.LT, CTX));
        // CS gets a CS-safe token.
        assertEquals("REMOVED", CLEANER.cleanValue("DOE", VR.CS, CTX));
    }

    @Test
    void fitCutsAtWordsAndCountsCharactersNotBytes() {
        assertEquals("ABDOMEN PELVIS", TextCleaner.fit("ABDOMEN PELVIS CONTRAST", VR.SH, R));
        assertEquals("ABCDEFGHIJKLMNOP", TextCleaner.fit("ABCDEFGHIJKLMNOPQRST", VR.SH, R));
        String kanji = "頭部単純CT検査頭部単純CT検査頭部単純CT検査";
        assertEquals(16, TextCleaner.fit(kanji, VR.SH, R).codePointCount(0, 16));
        assertEquals("short", TextCleaner.fit("short", VR.SH, R));
        assertEquals("x".repeat(70), TextCleaner.fit("x".repeat(70), VR.UT, R));
        assertEquals("A^B=" + "C".repeat(64), TextCleaner.fit("A^B=" + "C".repeat(70), VR.PN, R));
        assertEquals(16, TextCleaner.maxLength(VR.SH));
        assertEquals(64, TextCleaner.maxLength(VR.LO));
        assertEquals(1024, TextCleaner.maxLength(VR.ST));
        assertEquals(10240, TextCleaner.maxLength(VR.LT));
        assertEquals(-1, TextCleaner.maxLength(VR.UT));
    }

    // ---- the context itself ----

    @Test
    void contextWalksEveryDepth() {
        Dataset ds = utf8();
        SequenceElement seq = new SequenceElement(tag("RequestAttributesSequence"), VR.SQ, true);
        Dataset item = new Dataset();
        item.setString(tag("RequestedProcedureID"), VR.SH, "RP778899X");
        SequenceElement inner = new SequenceElement(tag("ReferencedStudySequence"), VR.SQ, true);
        Dataset innerItem = new Dataset();
        innerItem.setString(tag("VerifyingObserverName"), VR.PN, "Quigley^Fenella");
        innerItem.setString(tag("ContentDate"), VR.DA, "20200704");
        inner.items().add(innerItem);
        item.put(inner);
        seq.items().add(item);
        ds.put(seq);
        SequenceElement pid = new SequenceElement(tag("PersonIdentificationCodeSequence"), VR.SQ, true);
        Dataset code = new Dataset();
        code.setString(tag("CodeValue"), VR.SH, "EMP4471");
        code.setString(tag("CodeMeaning"), VR.LO, "Fenella Quigley MD");
        pid.items().add(code);
        ds.put(pid);
        PhiContext ctx = PhiContext.of(ds);
        assertEquals("order " + R, CLEANER.clean("order RP-778899X", ctx));
        assertEquals("by " + R, CLEANER.clean("by Fenella Quigley", ctx));
        assertEquals("on " + R, CLEANER.clean("on 4 July 2020", ctx));
        assertEquals("emp " + R, CLEANER.clean("emp EMP 4471", ctx));
    }

    @Test
    void privatePersonNamesAndDatesCountButPrivateTextDoesNot() {
        Dataset ds = utf8();
        ds.setString(Tag.of(0x0029, 0x0010), VR.LO, "ACME");
        ds.setString(Tag.of(0x0029, 0x1010), VR.PN, "Zebedee^Quentin");
        ds.setString(Tag.of(0x0029, 0x1011), VR.LO, "NORMAL");
        PhiContext ctx = PhiContext.of(ds);
        assertEquals("by " + R, CLEANER.clean("by Quentin Zebedee", ctx));
        assertEquals("NORMAL study", CLEANER.clean("NORMAL study", ctx));
    }

    @Test
    void contextNeverShowsItsValues() {
        String s = CTX.toString();
        assertTrue(s.startsWith("PhiContext["), s);
        for (String value : List.of("Doe", "John", "AB12C", "1980", "Baker", "Elsewhere", "CT01", "617")) {
            assertFalse(s.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT)), s);
        }
        assertTrue(CTX.size() > 0);
        assertTrue(PhiContext.EMPTY.isEmpty());
    }

    @Test
    void everyKeywordTheContextNamesIsInTheDictionary() {
        for (var set : List.of(PhiContext.IDENTIFIERS, PhiContext.ADDRESSES, PhiContext.TELECOMS,
                PhiContext.INSTITUTIONS, PhiContext.DEVICES, PhiContext.CHARACTERISTICS, PhiContext.OTHERS,
                PhiContext.IDENTIFYING_CODE_SEQUENCES, PhiContext.CODE_VALUES)) {
            for (String keyword : set) {
                assertTrue(DICT.byKeyword(keyword).isPresent(), keyword);
            }
        }
    }

    // ---- hostile input ----

    @ParameterizedTest
    @ValueSource(strings = {"a1", "1", "ab", "1 ", "1-", "a.", "1/", "1.", "a-", "a@", "1:", "John Doe 1/2/80 "})
    void longRepetitiveTextIsCleanedInLinearTimeWithoutStackOverflow(String unit) {
        String text = unit.repeat(20_000 / unit.length());
        String out = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                () -> CLEANER.clean(text, CTX));
        assertTrue(out.length() <= text.length() + R.length());
    }
}
