package org.mip.dicom.dict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.dict.ElementDictionary.Entry;

class ElementDictionaryTest {

    private final ElementDictionary dict = ElementDictionary.standard();

    private Entry get(int tag) {
        return dict.lookup(tag).orElseThrow(() -> new AssertionError("no entry for " + Tag.toString(tag)));
    }

    @Test
    void holdsEveryRowOfTheTable() {
        assertEquals(5129, dict.entries().size());
        assertEquals(88, dict.entries().stream().filter(Entry::isRepeating).count());
        assertEquals(473, dict.entries().stream().filter(Entry::retired).count());
        assertEquals(38, dict.entries().stream().filter(Entry::hasAmbiguousVr).count());
        assertSame(dict, ElementDictionary.standard(), "one shared instance");
    }

    @Test
    void exactTags() {
        Entry name = get(0x00100010);
        assertEquals(new Entry(0x00100010, "00100010", "PN", List.of(VR.PN), "1", "PatientName",
                "Patient's Name", false), name);
        assertEquals("Exposure in µAs", get(0x00181153).name(), "UTF-8 read as UTF-8");
        Entry lut = get(0x00283006);
        assertEquals("US or OW", lut.vrSpec());
        assertEquals(List.of(VR.US, VR.OW), lut.vrs());
        assertEquals("1-n or 1", lut.vm());
        assertEquals("PixelData", get(Tag.PIXEL_DATA).keyword(), "7FE0 is not a 7Fxx repeating group");
        Entry blank = get(0x00080202);
        assertEquals("", blank.vrSpec());
        assertEquals("", blank.keyword());
        assertTrue(blank.retired());
    }

    @Test
    void repeatingGroupsMatchEvenGroupsUpTo1E() {
        Entry overlay = get(0x60023000);
        assertEquals("60xx3000", overlay.pattern());
        assertEquals(0x60003000, overlay.tag());
        assertEquals("OverlayData", overlay.keyword());
        assertEquals("OverlayData", dict.keywordOf(0x601E3000));
        assertEquals("", dict.keywordOf(0x60203000), "6020 is past 601E");
        assertEquals("", dict.keywordOf(0x60013000), "6001 is an odd (private) group");

        assertEquals("50xx0005", get(0x50100005).pattern());
        assertEquals("CurveData", get(0x50103000).keyword());
        assertEquals("VariablePixelData", get(0x7F100010).keyword());
        assertEquals("OverlayRows", get(0x60000010).keyword());
    }

    @Test
    void otherMasksMatchAnyDigitWhereTheTableSaysX() {
        assertEquals("002804x0", get(0x00280410).pattern());
        assertEquals("RowsForNthOrderCoefficients", get(0x002804F0).keyword());
        assertEquals("002804x1", get(0x002804A1).pattern());
        assertEquals("SourceImageIDs", get(0x002031AB).keyword());
        assertEquals("EscapeTriplet", get(0x10000120).keyword());
        assertEquals("ZonalMap", get(0x10101234).keyword());
        assertEquals(0x10100000, get(0x10101234).tag(), "x read as 0");
        assertEquals("", dict.keywordOf(0x00280416), "002804x6 is no row");
        // A mask's x→0 tag can be another row: exact rows and group lengths win.
        assertEquals(0x00280400, dict.tagOf("RowsForNthOrderCoefficients"));
        assertEquals("TransformLabel", dict.keywordOf(0x00280400));
        assertEquals("Group Length", get(dict.tagOf("EscapeTriplet")).name());
    }

    @Test
    void groupLengthOfAnyGroupWinsOverMasks() {
        Entry meta = get(0x00020000);
        assertEquals("FileMetaInformationGroupLength", meta.keyword());
        for (int tag : new int[] {0x00080000, 0x00090000, 0x10000000, 0x60020000, 0x00000000}) {
            Entry e = get(tag);
            assertEquals("Group Length", e.name(), Tag.toString(tag));
            assertEquals(List.of(VR.UL), e.vrs());
            assertEquals(tag, e.tag());
            assertEquals("gggg0000", e.pattern());
        }
        assertTrue(get(0x00080000).retired());
        assertFalse(get(0x00000000).retired(), "Command Group Length is current");
    }

    @Test
    void privateCreatorsAreLoAndOtherPrivateElementsUnknown() {
        for (int tag : new int[] {0x00090010, 0x001900FF, 0x7FE10010}) {
            Entry e = get(tag);
            assertEquals("Private Creator", e.name());
            assertEquals(VR.LO, dict.vrOf(tag, VrContext.IMPLICIT));
        }
        assertTrue(dict.lookup(0x00091001).isEmpty());
        assertTrue(dict.lookup(0x0009000F).isEmpty());
        assertTrue(dict.lookup(0x00090100).isEmpty());
        assertTrue(dict.lookup(0x00070010).isEmpty(), "group 0007 is reserved, not private");
        assertEquals(VR.UN, dict.vrOf(0x00091001, VrContext.IMPLICIT));
        assertEquals(VR.UN, dict.vrOf(0x0008FFF0, VrContext.IMPLICIT), "unknown public tag");
    }

    @Test
    void keywords() {
        assertEquals(0x00100020, dict.tagOf("PatientID"));
        assertEquals(0x0020000D, dict.tagOf("StudyInstanceUID"));
        assertEquals(0x60003000, dict.tagOf("OverlayData"));
        assertEquals(0xFFFEE000, dict.tagOf("Item"));
        assertEquals("PatientBirthDate", dict.byKeyword("PatientBirthDate").orElseThrow().keyword());
        assertTrue(dict.byKeyword("patientname").isEmpty(), "keywords are case-sensitive");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dict.tagOf("PatientsName"));
        assertTrue(e.getMessage().contains("PatientsName"), e.getMessage());
        assertEquals("ContentSequence", dict.keywordOf(0x0040A730));
        assertEquals("", dict.keywordOf(0x00091001));
        // Every keyword leads back to its own row.
        for (Entry entry : dict.entries()) {
            if (!entry.keyword().isEmpty()) {
                assertEquals(entry.tag(), dict.tagOf(entry.keyword()), entry.keyword());
            }
        }
    }

    @Test
    void loadsInWellUnder100Milliseconds() throws IOException {
        String text = StandardFiles.resource(ElementDictionary.class, ElementDictionary.RESOURCE);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            ElementDictionary.parse(text);
            best = Math.min(best, System.nanoTime() - start);
        }
        assertTrue(best < 100_000_000L, "best parse took " + best / 1_000_000 + " ms");
    }

    @Test
    void refusesATruncatedResource() {
        String truncated = "# rows: 2\n00100010 PN 1 - PatientName Patient's Name\n";
        IOException e = assertThrows(IOException.class,
                () -> ElementDictionary.parse(truncated));
        assertTrue(e.getMessage().contains("2"), e.getMessage());
    }
}
