package org.mip.dicom.dict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.dicom.Tag;

class DefinedTermsTest {

    @Test
    void aDefinedTermIsShownAnyOtherValueDescribed() {
        assertEquals("MR", DefinedTerms.shown(CommonTags.MODALITY, "MR "));
        assertEquals("RTSTRUCT", DefinedTerms.shown(CommonTags.MODALITY, "rtstruct"));
        assertEquals("CR", DefinedTerms.shown(CommonTags.MODALITY, "CR")); // was missing: /tmp/hostile J03 said "2 characters"
        assertEquals("YBR_ICT", DefinedTerms.shown(CommonTags.PHOTOMETRIC_INTERPRETATION, "YBR_ICT"));
        assertEquals("PALETTE COLOR", DefinedTerms.shown(CommonTags.PHOTOMETRIC_INTERPRETATION, "PALETTE COLOR"));
        assertEquals("a value of 15 characters that is not a defined term",
                DefinedTerms.shown(CommonTags.MODALITY, "PHIMARKE02SMITH"));
        assertEquals("a value of 1 character that is not a defined term", DefinedTerms.shown(CommonTags.MODALITY, "X"));
        // a term of one attribute is not one of another
        assertFalse(DefinedTerms.isDefined(CommonTags.PHOTOMETRIC_INTERPRETATION, "MR"));
        assertFalse(DefinedTerms.isDefined(CommonTags.PATIENT_NAME, "MR"));
    }

    /** Tag.isText's claim: no tag of the dictionary, repeating groups whatever their x, has four printable bytes. */
    @Test
    void noDictionaryTagIsText() {
        List<String> text = new ArrayList<>();
        for (ElementDictionary.Entry e : ElementDictionary.standard().entries()) {
            String hex = e.pattern().replaceAll("[^0-9A-Fa-fx]", "");
            boolean allMayBeText = true;
            for (int i = 0; i < 8; i += 2) {
                allMayBeText &= mayBeText(hex.substring(i, i + 2));
            }
            if (allMayBeText) {
                text.add(e.pattern());
            }
        }
        assertEquals(List.of(), text);
        assertTrue(Tag.isText(0x4850_4D49)); // "PHIM" read as a little endian tag
        assertFalse(Tag.isText(0x0010_0010));
    }

    private static boolean mayBeText(String twoHexDigits) {
        for (int v = 0; v < 256; v++) {
            String h = String.format("%02X", v);
            boolean fits = true;
            for (int i = 0; i < 2; i++) {
                char c = Character.toUpperCase(twoHexDigits.charAt(i));
                fits &= c == 'X' || c == h.charAt(i);
            }
            if (fits && Tag.isTextByte(v)) {
                return true;
            }
        }
        return false;
    }
}
