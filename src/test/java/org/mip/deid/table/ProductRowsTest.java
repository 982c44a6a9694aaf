package org.mip.deid.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mip.deid.DeidOption;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.dict.ElementDictionary;

/**
 * The product's rows beside Table E.1-1 ({@code supplement.txt}, {@code structural.txt}): every row
 * names a real attribute of the dictionary with a reason, none contradicts the standard's table, the
 * allow list holds only text attributes the supplement does not act on, and a malformed file fails to
 * load with the file, the keyword and what is wrong.
 */
class ProductRowsTest {
    private static final ElementDictionary DICT = ElementDictionary.standard();
    /** The VRs the default for unlisted attributes reads by kind: text, and URLs (UR: removed unless structural). */
    private static final Set<VR> TEXT = Set.of(VR.LO, VR.SH, VR.ST, VR.LT, VR.UT, VR.UC, VR.PN, VR.UR);

    @Test
    void everySupplementRowIsARealAttributeTheTableDoesNotList() {
        ProductRows rows = ProductRows.standard();
        assertTrue(rows.supplement().size() >= 20, "the supplement loads: " + rows.supplement().size());
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Integer, ActionTable.Row> e : rows.supplement().entrySet()) {
            int tag = e.getKey();
            ActionTable.Row row = e.getValue();
            if (!DICT.lookup(tag).map(d -> d.keyword().equals(row.keyword())).orElse(false)) {
                wrong.add(row.keyword() + ": not the dictionary's keyword of " + Tag.toString(tag));
            }
            if (ActionTable.standard().row(tag).isPresent()) {
                wrong.add(row.keyword() + ": Table E.1-1 has a row for it now; the table wins, drop the supplement row");
            }
            if (rows.supplementReasons().get(tag).length() < 20) {
                wrong.add(row.keyword() + ": no reason given");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyStructuralRowIsAnUnlistedTextAttributeWithAReason() {
        ProductRows rows = ProductRows.standard();
        assertTrue(rows.structural().size() >= 100, "the allow list loads: " + rows.structural().size());
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Integer, String> e : rows.structural().entrySet()) {
            int tag = e.getKey();
            ElementDictionary.Entry d = DICT.lookup(tag).orElseThrow();
            if (d.vrs().stream().noneMatch(TEXT::contains)) {
                wrong.add(d.keyword() + ": VR " + d.vrSpec() + " is not text or UR; the default for unlisted text never acts on it");
            }
            if (ActionTable.standard().row(tag).isPresent()) {
                wrong.add(d.keyword() + ": in Table E.1-1, which decides it");
            }
            if (rows.supplement().containsKey(tag)) {
                wrong.add(d.keyword() + ": also a supplement row");
            }
            if (!e.getValue().contains(": ") || e.getValue().length() < 15) {
                wrong.add(d.keyword() + ": the reason should say its kind and why (\"code: ...\")");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void supplementRowsCarryTheirOptions() {
        ActionTable.Row issuer = ProductRows.standard().supplement().get(DICT.tagOf("IssuerOfPatientIDQualifiersSequence"));
        assertEquals("X", issuer.basicAction());
        assertEquals(Map.of(DeidOption.RETAIN_INSTITUTION_IDENTITY, "K"), issuer.options());
        assertEquals("Issuer of Patient ID Qualifiers Sequence", issuer.name(), "named as the dictionary names it");
        assertEquals(Map.of(), ProductRows.standard().supplement().get(DICT.tagOf("RetrieveURL")).options());
    }

    @Test
    void malformedFilesAreRefusedWithFileKeywordAndReason() {
        String structural = "# rows: 0\n";
        assertEquals("supplement.txt: \"PatientsAge\" is not a keyword of the PS3.6 dictionary",
                refused("# rows: 1\nPatientsAge X - a reason\n", structural));
        assertEquals("supplement.txt: DeviceID has action \"R\"; allowed: [C, D, K, U, X, X/D, X/Z, X/Z/D, X/Z/U*, Z, Z/D]",
                refused("# rows: 1\nDeviceID R - a reason\n", structural));
        assertEquals("supplement.txt: DeviceID: unknown option code in \"113999=K\"",
                refused("# rows: 1\nDeviceID X 113999=K a reason\n", structural));
        assertEquals("supplement.txt: DeviceID given twice",
                refused("# rows: 2\nDeviceID X - a reason\nDeviceID X - a reason\n", structural));
        assertEquals("supplement.txt declares 2 rows but holds 1", refused("# rows: 2\nDeviceID X - a reason\n", structural));
        assertEquals("structural.txt declares 3 rows but holds 1", refused("# rows: 0\n", "# rows: 3\nCodeValue code: a code\n"));
        assertEquals("structural.txt: \"CodeValu\" is not a keyword of the PS3.6 dictionary",
                refused("# rows: 0\n", "# rows: 1\nCodeValu code: a code\n"));
    }

    private static String refused(String supplement, String structural) {
        return assertThrows(IOException.class, () -> ProductRows.parse(supplement, structural, DICT)).getMessage();
    }

    @Test
    void theIssueOwnersAttributesAreNotAllowListed() {
        for (String k : List.of("ContentDescription", "TextValue", "LocalNamespaceEntityID", "UniversalEntityID",
                "GraphicLayerDescription", "SegmentLabel")) {
            assertFalse(ProductRows.standard().isStructural(DICT.tagOf(k)), k + " is free text");
        }
    }
}
