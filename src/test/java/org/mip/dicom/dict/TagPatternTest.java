package org.mip.dicom.dict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TagPatternTest {

    @Test
    void exactPattern() {
        TagPattern p = TagPattern.parse("0020000D");
        assertTrue(p.isExact());
        assertTrue(p.matches(0x0020000D));
        assertFalse(p.matches(0x0020000E));
    }

    @Test
    void repeatingGroupsAreEvenAndAtMost1E() {
        TagPattern p = TagPattern.parse("50xxxxxx");
        assertEquals(0x50000000, p.base());
        assertTrue(p.matches(0x50000000));
        assertTrue(p.matches(0x501EFFFF));
        assertFalse(p.matches(0x50010010), "odd");
        assertFalse(p.matches(0x50200010), "past 501E");
        assertFalse(TagPattern.parse("7Fxx0010").matches(0x7FE00010), "Pixel Data is no repeating group");
    }

    @Test
    void otherMasksAreAnyHexDigit() {
        TagPattern p = TagPattern.parse("002804x0");
        assertTrue(p.matches(0x00280400));
        assertTrue(p.matches(0x002804F0));
        assertFalse(p.matches(0x002804F1));
        assertTrue(TagPattern.parse("1010xxxx").matches(0x1010ABCD));
    }

    @Test
    void refusesWhatIsNoPattern() {
        assertThrows(IllegalArgumentException.class, () -> TagPattern.parse("ggggeeee"));
        assertThrows(IllegalArgumentException.class, () -> TagPattern.parse("0020000d"));
        assertThrows(IllegalArgumentException.class, () -> TagPattern.parse("60XX3000"));
        assertThrows(IllegalArgumentException.class, () -> TagPattern.parse("0010001"));
    }
}
