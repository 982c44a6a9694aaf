package org.mip.dicom.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mip.dicom.VR;
import org.mip.testing.Pydicom;

/**
 * One rule per VR: valid and invalid values of each, reasons that never repeat the value, and the
 * verdicts held against pydicom's own value validation (an independent reading of PS3.5 Table
 * 6.2-1), where the two differ only on purpose.
 */
class ValueRulesTest {

    /** VR, value, whether it is valid. */
    static final Object[][] CASES = {
        {VR.UI, "1.2.840.10008.5.1.4.1.1.2", true}, {VR.UI, "0", true}, {VR.UI, "2.25.0.1", true},
        {VR.UI, "1.2.03", false}, {VR.UI, "1..2", false}, {VR.UI, "1.2.", false}, {VR.UI, ".1", false},
        {VR.UI, "1.2a", false}, {VR.UI, "1.2 ", false}, {VR.UI, "1." + "2".repeat(63), false},
        {VR.DA, "20240229", true}, {VR.DA, "19000101", true}, {VR.DA, "20230229", false}, {VR.DA, "20241301", false},
        {VR.DA, "2024.01.31", false}, {VR.DA, "202401", false}, {VR.DA, "2024013A", false},
        {VR.TM, "23", true}, {VR.TM, "2359", true}, {VR.TM, "235959", true}, {VR.TM, "235960", true},
        {VR.TM, "235959.123456", true}, {VR.TM, "24", false}, {VR.TM, "2360", false}, {VR.TM, "23:59", false},
        {VR.TM, "235959.1234567", false}, {VR.TM, "2", false},
        {VR.DT, "2024", true}, {VR.DT, "202402", true}, {VR.DT, "20240229", true}, {VR.DT, "20240229235960.5", true},
        {VR.DT, "20240101120000.123456+0100", true}, {VR.DT, "2024-0500", true}, {VR.DT, "202413", false},
        {VR.DT, "2024011299", false}, {VR.DT, "20240101120000+01", false}, {VR.DT, "20230229", false},
        {VR.AS, "045Y", true}, {VR.AS, "003D", true}, {VR.AS, "45Y", false}, {VR.AS, "045y", false}, {VR.AS, "045A", false},
        {VR.IS, "42", true}, {VR.IS, "+42", true}, {VR.IS, "-2147483648", true}, {VR.IS, " 7 ", true},
        {VR.IS, "2147483648", false}, {VR.IS, "4.2", false}, {VR.IS, "1A", false}, {VR.IS, "1234567890123", false},
        {VR.DS, "1.5", true}, {VR.DS, "-1.5e3", true}, {VR.DS, ".5", true}, {VR.DS, "5.", true}, {VR.DS, " 2 ", true},
        {VR.DS, "1,5", false}, {VR.DS, "1.5e", false}, {VR.DS, "--1", false}, {VR.DS, "12345678901234567", false},
        {VR.CS, "ORIGINAL", true}, {VR.CS, "MR_T1 W", true}, {VR.CS, "ct", false}, {VR.CS, "A-B", false},
        {VR.CS, "ABCDEFGHIJKLMNOPQ", false},
        {VR.PN, "DOE^JOHN", true}, {VR.PN, "DOE^JOHN^^DR^III=^^", true}, {VR.PN, "A^B^C^D^E^F", false},
        {VR.PN, "A=B=C=D", false}, {VR.PN, "X".repeat(65), false},
        {VR.AE, "STORESCP", true}, {VR.AE, "    ", false}, {VR.AE, "AE\u00e9", false},
        {VR.UR, "https://example.org/a?b=c#d", true}, {VR.UR, "http://x/y ", true}, {VR.UR, "http://x/a b", false},
        {VR.LO, "any text", true}, {VR.LO, "line\nbreak", false}, {VR.LO, "X".repeat(65), false},
        {VR.LT, "line one\nline two", true}, {VR.SH, "X".repeat(17), false},
    };

    /** Where this product is stricter than pydicom 2.3, and why. */
    static final Map<String, String> STRICTER = Map.of(
            "DA 20230229", "a calendar date: 29 February 2023 does not exist",
            "DT 20230229", "a calendar date",
            "IS 2147483648", "IS is a 32-bit integer (PS3.5 Table 6.2-1: -2^31 to 2^31-1)",
            "AE     ", "PS3.5: an AE title of spaces only shall not be used",
            "PN A^B^C^D^E^F", "PS3.5 6.2.1.1: five components at most",
            "LO line\nbreak", "PS3.5: LO excludes control characters but ESC");

    @Test
    void eachVrHasItsRule() {
        List<String> wrong = new ArrayList<>();
        for (Object[] c : CASES) {
            String problem = ValueRules.problem((VR) c[0], (String) c[1]);
            if ((problem == null) != (Boolean) c[2]) {
                wrong.add(c[0] + " \"" + c[1] + "\": " + (problem == null ? "accepted" : problem));
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void reasonsNeverRepeatTheValue() {
        for (Object[] c : CASES) {
            String value = (String) c[1];
            String problem = ValueRules.problem((VR) c[0], value);
            if (problem != null && value.strip().length() >= 3) {
                assertFalse(problem.contains(value.strip()), c[0] + ": " + problem);
            }
        }
    }

    @Test
    void emptyIsAValueOfEveryVr() {
        for (VR vr : VR.values()) {
            assertNull(ValueRules.problem(vr, ""), vr.name());
        }
    }

    @Test
    void multipleValuesAreCheckedOneByOne() {
        assertNull(ValueRules.problemOfValues(VR.CS, "ORIGINAL\\PRIMARY\\AXIAL"));
        assertTrue(ValueRules.problemOfValues(VR.DA, "20240101\\2024").startsWith("is not a date (DA, YYYYMMDD)"));
        assertNull(ValueRules.problemOfValues(VR.LT, "a backslash \\ is text in LT"));
    }

    @Test
    void theValidatorsMessagesAreKept() {
        assertEquals("is not an integer string (IS): character 2 of 2 is not allowed", IntegerStrings.problem("1A"));
        assertEquals("is not a decimal string (DS): character 2 of 3 is not allowed", DecimalStrings.problem("1,5"));
        assertEquals("is not a date (DA, YYYYMMDD): 10 characters instead of 8", Dates.problem("2024.01.31"));
        assertEquals("component 3 has a leading zero (character 5)", Uids.problem("1.2.03"));
    }

    @Test
    void theVerdictsAgreeWithPydicomButWhereStricterOnPurpose() throws Exception {
        StringBuilder script = new StringBuilder("from pydicom.valuerep import validate_value\ncases = [\n");
        for (Object[] c : CASES) {
            script.append("  (").append(py(c[0].toString())).append(", ").append(py((String) c[1])).append("),\n");
        }
        script.append("]\nfor vr, v in cases:\n")
                .append("    try:\n        validate_value(vr, v, 2)\n        print('ok')\n")
                .append("    except Exception:\n        print('bad')\n");
        List<String> verdicts = Pydicom.run(script.toString());
        assertEquals(CASES.length, verdicts.size(), "one verdict per case: " + verdicts);
        List<String> differ = new ArrayList<>();
        Set<String> stricterSeen = new java.util.TreeSet<>();
        for (int i = 0; i < CASES.length; i++) {
            boolean ours = (Boolean) CASES[i][2];
            boolean theirs = verdicts.get(i).equals("ok");
            String key = CASES[i][0] + " " + CASES[i][1];
            if (ours != theirs) {
                if (!ours && STRICTER.containsKey(key)) {
                    stricterSeen.add(key);
                } else {
                    differ.add(key + ": ours " + ours + ", pydicom " + theirs);
                }
            }
        }
        assertEquals(List.of(), differ);
        assertEquals(STRICTER.keySet(), stricterSeen, "every difference listed is still one");
    }

    private static String py(String s) {
        StringBuilder b = new StringBuilder("'");
        for (char ch : s.toCharArray()) {
            b.append(ch < 0x20 || ch > 0x7E || ch == '\'' || ch == '\\' ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
        }
        return b.append("'").toString();
    }

    // ------------------------------------------------------------------ frame geometry

    @Test
    void frameGeometry() {
        assertEquals(512L * 512 * 2, FrameGeometry.length(512, 512, 1, 1, 16));
        assertEquals(3L * 100 * 100 * 3, FrameGeometry.length(100, 100, 3, FrameGeometry.valuesPerPixel(3, "RGB"), 8));
        assertEquals(2, FrameGeometry.valuesPerPixel(3, "YBR_FULL_422"));
        assertEquals(4L * 6 * 2, FrameGeometry.length(4, 6, 1, FrameGeometry.valuesPerPixel(3, "YBR_FULL_422"), 8));
        assertEquals(2, FrameGeometry.length(3, 5, 1, 1, 1), "15 bits round up to 2 bytes");
        assertEquals(16L * 16 * 4 * 8, FrameGeometry.length(16, 16, 4, 1, 64));
        assertThrows(ArithmeticException.class, () -> FrameGeometry.length(65535, 65535, Integer.MAX_VALUE, 3, 64));
    }
}
