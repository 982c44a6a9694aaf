package org.mip.dicom.dict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mip.dicom.dict.ElementDictionary.Entry;
import org.mip.testing.Pydicom;

/**
 * Our dictionary against pydicom's (a different conversion of the standard, possibly another
 * edition). They must agree on the VR and keyword of every tag both have, except the differences
 * documented in dicom-standard/SOURCES.md.
 */
class PydicomCrossCheckTest {

    /** SOURCES.md: VR left blank by our source (pydicom: OB), items/delimiters (pydicom: NONE). */
    private static final Set<String> KNOWN_VR_DIFFERENCES = Set.of(
            "00080202 '' vs 'OB'", "00189445 '' vs 'OB'", "00280020 '' vs 'OB'",
            "FFFEE000 '' vs 'NONE'", "FFFEE00D '' vs 'NONE'", "FFFEE0DD '' vs 'NONE'");
    /** SOURCES.md: keywords renamed after 2024b (seen with pydicom editions 2024c and later). */
    private static final Set<String> KNOWN_KEYWORD_DIFFERENCES = Set.of(
            "003A0320 'SummarizedFilterLookupTable' vs 'SummarizedFilterLookupTableSequence'",
            "003A0325 'AnalogFilterType' vs 'AnalogFilterTypeCodeSequence'");

    private static final String DUMP = String.join("\n",
            "from pydicom._dicom_dict import DicomDictionary, RepeatersDictionary",
            "print('V\\t' + pydicom.__version__)",
            "for t, e in DicomDictionary.items(): print('T\\t%08X\\t%s\\t%s' % (t, e[0], e[4]))",
            "for m, e in RepeatersDictionary.items(): print('M\\t%s\\t%s\\t%s' % (m, e[0], e[4]))");

    @Test
    void vrAndKeywordAgreeWithPydicomExceptDocumentedDifferences() throws IOException, InterruptedException {
        Map<String, String[]> tags = new HashMap<>();
        Map<String, String[]> masks = new HashMap<>();
        String version = "?";
        for (String line : Pydicom.run(DUMP)) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "V" -> version = f[1];
                case "T" -> tags.put(f[1], f);
                case "M" -> masks.put(f[1], f);
                default -> throw new AssertionError("unexpected output: " + line);
            }
        }
        List<String> vrDiffs = new ArrayList<>();
        List<String> keywordDiffs = new ArrayList<>();
        int compared = 0;
        for (Entry e : ElementDictionary.standard().entries()) {
            String[] theirs = (e.isRepeating() ? masks : tags).get(e.pattern());
            if (theirs == null) {
                continue; // newer than that pydicom's edition
            }
            compared++;
            if (!e.vrSpec().equals(theirs[2])) {
                vrDiffs.add(e.pattern() + " '" + e.vrSpec() + "' vs '" + theirs[2] + "'");
            }
            if (!e.keyword().equals(theirs[3])) {
                keywordDiffs.add(e.pattern() + " '" + e.keyword() + "' vs '" + theirs[3] + "'");
            }
        }
        String report = "pydicom " + version + ": compared " + compared + ", VR differences " + vrDiffs
                + ", keyword differences " + keywordDiffs;
        System.out.println(report);
        assertTrue(compared > 4800, report);
        assertEquals(88, ElementDictionary.standard().entries().stream()
                .filter(e -> e.isRepeating() && masks.containsKey(e.pattern())).count(), "every mask known: " + report);
        assertTrue(KNOWN_VR_DIFFERENCES.containsAll(vrDiffs), report);
        assertTrue(KNOWN_KEYWORD_DIFFERENCES.containsAll(keywordDiffs), report);
        assertTrue(vrDiffs.size() + keywordDiffs.size() <= 8, report);
    }
}
