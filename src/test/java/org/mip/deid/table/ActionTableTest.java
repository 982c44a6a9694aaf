package org.mip.deid.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mip.deid.DeidOption;
import org.mip.deid.table.ActionTable.Row;
import org.mip.dicom.Tag;
import org.mip.dicom.dict.ElementDictionary;

class ActionTableTest {

    private final ActionTable table = ActionTable.standard();

    private Row row(int tag) {
        return table.row(tag).orElseThrow(() -> new AssertionError("no row for " + Tag.toString(tag)));
    }

    private long countOption(DeidOption option, String code) {
        return table.rows().stream().filter(r -> code.equals(r.options().get(option))).count();
    }

    @Test
    void holdsEveryRowWithTheDocumentedTallies() {
        assertEquals(621, table.rows().size());
        assertSame(table, ActionTable.standard());
        Map<String, Long> basic = table.rows().stream()
                .collect(Collectors.groupingBy(Row::basicAction, TreeMap::new, Collectors.counting()));
        assertEquals(Map.of("X", 384L, "D", 92L, "U", 54L, "Z", 42L, "X/D", 22L, "X/Z", 11L, "X/Z/D", 8L,
                "Z/D", 6L, "X/Z/U*", 2L), basic, "SOURCES.md tallies");
        assertEquals(438, table.rows().stream().filter(Row::inStdCompIod).count());
    }

    @Test
    void optionColumnsParsed() {
        assertEquals(1, countOption(DeidOption.RETAIN_SAFE_PRIVATE, "C"));
        assertEquals(59, countOption(DeidOption.RETAIN_UIDS, "K"));
        assertEquals(46, countOption(DeidOption.RETAIN_DEVICE_IDENTITY, "K"));
        assertEquals(11, countOption(DeidOption.RETAIN_DEVICE_IDENTITY, "C"));
        assertEquals(10, countOption(DeidOption.RETAIN_INSTITUTION_IDENTITY, "K"));
        assertEquals(9, countOption(DeidOption.RETAIN_PATIENT_CHARACTERISTICS, "K"));
        assertEquals(4, countOption(DeidOption.RETAIN_PATIENT_CHARACTERISTICS, "C"));
        assertEquals(165, countOption(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES, "K"));
        assertEquals(165, countOption(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES, "C"));
        assertEquals(125, countOption(DeidOption.CLEAN_DESCRIPTORS, "C"));
        assertEquals(3, countOption(DeidOption.CLEAN_STRUCTURED_CONTENT, "C"));
        assertEquals(4, countOption(DeidOption.CLEAN_GRAPHICS, "C"));
        assertTrue(table.rows().stream().noneMatch(r -> r.options().containsKey(DeidOption.CLEAN_PIXEL_DATA)
                || r.options().containsKey(DeidOption.CLEAN_RECOGNIZABLE_VISUAL_FEATURES)), "no such columns");

        Row lmp = row(0x001021D0);
        assertEquals(Map.of(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES, "K",
                DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES, "C"), lmp.options());
        assertEquals(Optional.empty(), lmp.option(DeidOption.RETAIN_UIDS), "empty cell = absent");
    }

    @Test
    void patientModule() {
        Row name = row(0x00100010);
        assertEquals("PatientName", name.keyword());
        assertEquals("Patient's Name", name.name());
        assertEquals("Z", name.basicAction());
        assertEquals(Map.of(), name.options());
        assertTrue(name.inStdCompIod());
        assertEquals("Z/D", row(0x00100020).basicAction(), "Patient ID, 2024b");
        assertEquals(Optional.of("K"), row(0x00100040).option(DeidOption.RETAIN_PATIENT_CHARACTERISTICS));
    }

    @Test
    void uidsAndSequences() {
        Row study = row(0x0020000D);
        assertEquals("StudyInstanceUID", study.keyword());
        assertEquals("U", study.basicAction());
        assertEquals(Map.of(DeidOption.RETAIN_UIDS, "K"), study.options());
        Row content = row(0x0040A730);
        assertEquals("ContentSequence", content.keyword());
        assertEquals("D", content.basicAction(), "2024b: D (older editions: X)");
        assertEquals(Optional.of("C"), content.option(DeidOption.CLEAN_STRUCTURED_CONTENT));
        assertEquals(List.of("X/Z/U*", "X/Z/U*"), table.rows().stream().map(Row::basicAction)
                .filter(a -> a.endsWith("*")).toList(), "asterisk kept verbatim");
    }

    @Test
    void curveAndOverlayMasks() {
        Row curve = row(0x50100005);
        assertEquals("50xxxxxx", curve.pattern());
        assertEquals(0x50000000, curve.tag());
        assertEquals("Curve Data", curve.name());
        assertEquals("", curve.keyword());
        assertEquals("X", curve.basicAction());
        assertEquals(Optional.of("C"), curve.option(DeidOption.CLEAN_GRAPHICS));
        assertSame(curve, row(0x501E3000));
        assertSame(curve, row(0x50000000));
        assertTrue(table.row(0x50200010).isEmpty(), "past 501E");
        assertTrue(table.row(0x50110010).isEmpty(), "odd group is private");

        assertEquals("60xx3000", row(0x60023000).pattern());
        assertEquals("OverlayData", row(0x601E3000).keyword());
        assertEquals("60xx4000", row(0x60004000).pattern());
        assertTrue(table.row(0x60020010).isEmpty(), "Overlay Rows is not in the table");
    }

    @Test
    void privateAttributesRowIsSeparate() {
        Row priv = table.privateAttributesRow();
        assertEquals("ggggeeee", priv.pattern());
        assertEquals("Private Attributes", priv.name());
        assertEquals("X", priv.basicAction());
        assertEquals(Map.of(DeidOption.RETAIN_SAFE_PRIVATE, "C"), priv.options());
        assertFalse(priv.inStdCompIod());
        for (int tag : new int[] {0x00091001, 0x00090010, 0x00291010, 0x7FE10010}) {
            assertTrue(table.row(tag).isEmpty(), Tag.toString(tag));
        }
        assertTrue(table.rows().contains(priv));
    }

    @Test
    void keywordsAgreeWithTheDataDictionary() {
        ElementDictionary dict = ElementDictionary.standard();
        List<String> disagreements = new ArrayList<>();
        for (Row r : table.rows()) {
            if (r.keyword().isEmpty()) {
                continue;
            }
            String theirs = dict.keywordOf(r.tag());
            if (!theirs.equals(r.keyword())) {
                disagreements.add(r.pattern() + " " + r.keyword() + " vs '" + theirs + "'");
            }
        }
        // PS3.7 command elements are not in PS3.6 (SOURCES.md).
        assertEquals(List.of("00001000 AffectedSOPInstanceUID vs ''", "00001001 RequestedSOPInstanceUID vs ''"),
                disagreements);
    }
}
