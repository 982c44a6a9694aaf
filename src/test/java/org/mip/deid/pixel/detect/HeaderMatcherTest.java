package org.mip.deid.pixel.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;

/** Counts of burned-in text matching the instance's own header, by attribute: never the values. */
class HeaderMatcherTest {

    private static TextBox line(String text) {
        return new TextBox(0, 0, 100, 12, TextBox.Source.OCR, 0.9, false, text);
    }

    private static Dataset header() {
        Dataset ds = new Dataset();
        ds.setString(0x00100010, VR.PN, "Petersen^Beatriz^Maria");
        ds.setString(0x00100020, VR.LO, "A1734024");
        ds.setStrings(0x00101000, VR.LO, List.of("HOSP-0042-77", "X9"));
        ds.setString(0x00100030, VR.DA, "19620304");
        ds.setString(0x00080020, VR.DA, "20240311");
        ds.setString(0x00080050, VR.SH, "2024-000417");
        ds.setString(0x00080080, VR.LO, "St. Olafsberg University Hospital");
        ds.setString(0x00080090, VR.PN, "Okonkwo^Chidi");
        return ds;
    }

    @Test
    void countsTheLinesHoldingEachAttribute() {
        List<TextBox> boxes = List.of(
                line("PETERSEN, BEATRIZ"),               // PatientName
                line("Pt: Beatrlz Petersen"),            // PatientName (one letter misread)
                line("MRN: A1734024"),                   // PatientID
                line("ACC 2024000417"),                  // AccessionNumber, without its dash
                line("DOB 04/03/1962"),                  // PatientBirthDate, DD/MM/YYYY
                line("11-MAR-2024 14:22"),               // StudyDate, DD-MON-YYYY
                line("OLAFSBERG"),                       // InstitutionName: a distinctive word
                line("Ref: Dr Okonkwo"),                 // ReferringPhysicianName
                line("HOSP 0042 77"),                    // OtherPatientIDs, separators changed
                line("L 12.5 cm  GAIN 54"),              // nothing
                new TextBox(0, 0, 10, 10, TextBox.Source.TEXT_LIKENESS, 1, false));
        Map<String, Integer> counts = HeaderMatcher.count(boxes, HeaderValues.of(header()));
        assertEquals(Map.of("PatientName", 2, "PatientID", 1, "AccessionNumber", 1, "PatientBirthDate", 1,
                "StudyDate", 1, "InstitutionName", 1, "ReferringPhysicianName", 1, "OtherPatientIDs", 1), counts);
    }

    @Test
    void readsDatesInTheLayoutsDevicesPrint() {
        HeaderValues h = new HeaderValues(Map.of("PatientBirthDate", List.of("19620304")));
        for (String printed : List.of("1962-03-04", "19620304", "04.03.1962", "03/04/1962", "04-MAR-1962", "4 Mar 1962",
                "MAR 04 1962", "Mar 4, 1962", "04/03/62", "4/3/1962", "1962/MAR/04")) {
            assertEquals(Map.of("PatientBirthDate", 1), HeaderMatcher.count(List.of(line("DOB " + printed)), h), printed);
        }
        for (String other : List.of("1962-04-03 12:00:00".substring(0, 4), "05-MAR-1962", "1963-03-04")) {
            assertTrue(HeaderMatcher.count(List.of(line(other)), h).isEmpty(), other);
        }
    }

    @Test
    void doesNotCountGenericWordsShortComponentsOrNearMissesOfShortValues() {
        HeaderValues h = HeaderValues.of(header());
        assertTrue(HeaderMatcher.count(List.of(line("UNIVERSITY HOSPITAL"), line("X9"), line("A1734"), line("MAR")),
                h).isEmpty(), "generic words, an ID under 3 characters, part of an ID, part of a name");
        // One letter off is tolerated from five letters on: "MARIO" for "MARIA" counts.
        assertEquals(Map.of("PatientName", 1), HeaderMatcher.count(List.of(line("Mario")), h));
    }

    @Test
    void layoutsAreEmptyForWhatIsNotADate() {
        assertTrue(HeaderMatcher.layouts("2024031").isEmpty());
        assertTrue(HeaderMatcher.layouts("20241311").isEmpty());
        assertTrue(HeaderMatcher.layouts("19620304").contains("04MAR1962"));
    }

    @Test
    void neverShowsTheValues() {
        HeaderValues h = HeaderValues.of(header());
        assertFalse(h.toString().contains("Petersen") || h.toString().contains("A1734024"), h.toString());
        assertTrue(h.toString().contains("PatientName"));
    }

    @Test
    void countsWhatOcrReadsInAFrame() throws Exception {
        OcrStatus status = TesseractOcr.probe(OcrSettings.defaults());
        assumeTrue(status.available(), status.describe());
        Gray8 g = SimpleText.render(420, 60, "PETERSEN BEATRIZ  A1734024", 16, true);
        try (TesseractOcr ocr = TesseractOcr.open(OcrSettings.defaults())) {
            List<TextBox> boxes = TextFinder.standard(ocr).find(List.of(new GrayViews.View(GrayViews.Kind.DISPLAY, g)));
            assertEquals(Map.of("PatientName", 1, "PatientID", 1), HeaderMatcher.count(boxes, HeaderValues.of(header())),
                    boxes.toString());
        }
    }
}
