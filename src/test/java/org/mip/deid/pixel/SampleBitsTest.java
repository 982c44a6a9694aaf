package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The words of PS3.5 8.1.1 and 8.1.2: values written by hand, not by the code under test. */
class SampleBitsTest {
    private static final SampleBits CT_UNSIGNED = new SampleBits(16, 12, 11, false);
    private static final SampleBits CT_SIGNED = new SampleBits(16, 12, 11, true);

    @Test
    void anUnsignedWordIsCleanOnlyWithZerosAboveItsValue() {
        assertTrue(CT_UNSIGNED.clean(0x0FFF));
        assertTrue(CT_UNSIGNED.clean(0));
        assertFalse(CT_UNSIGNED.clean(0x8123), "an overlay bit (15) set");
        assertFalse(CT_UNSIGNED.clean(0x1000), "bit 12, just above the value");
        assertEquals(0x0123, CT_UNSIGNED.normal(0x8123));
        assertEquals(0x0FFF, CT_UNSIGNED.normal(0xFFFF));
    }

    @Test
    void aSignedWordMayBeSignExtendedOrZeroFilledAndIsWrittenSignExtended() {
        assertTrue(CT_SIGNED.clean(0xFC00), "-1024 sign-extended");
        assertTrue(CT_SIGNED.clean(0x0C00), "-1024 with zeros above (written so by some devices)");
        assertTrue(CT_SIGNED.clean(0x0400), "+1024");
        assertFalse(CT_SIGNED.clean(0x8C00), "-1024 with only bit 15 above: an overlay bit");
        assertFalse(CT_SIGNED.clean(0x7C00), "-1024 with bit 15 clear and 12-14 set");
        assertFalse(CT_SIGNED.clean(0xF400), "+1024 with ones above");
        assertEquals(0xFC00, CT_SIGNED.normal(0x8C00));
        assertEquals(0xFC00, CT_SIGNED.normal(0x0C00));
        assertEquals(0x0400, CT_SIGNED.normal(0x8400));
        assertEquals(0xF800, CT_SIGNED.normal(0x0800), "-2048, the most negative 12-bit value");
    }

    @Test
    void aValueNotAtTheBottomOfItsWordLeavesZerosBelowIt() {
        SampleBits high = new SampleBits(16, 12, 15, false); // value in bits 4-15
        assertTrue(high.clean(0xFFF0));
        assertFalse(high.clean(0xFFF3));
        assertEquals(0xFFF0, high.normal(0xFFF3));
        SampleBits middle = new SampleBits(16, 10, 13, true); // bits 4-13, sign at 13
        assertTrue(middle.clean(0xFFF0), "-1 sign-extended");
        assertEquals(0xFFF0, middle.normal(0x3FF5));
    }

    @Test
    void eightAndThirtyTwoBitWords() {
        SampleBits seven = new SampleBits(8, 7, 6, false);
        assertFalse(seven.clean(0x80));
        assertEquals(0x7F, seven.normal(0xFF));
        SampleBits wide = new SampleBits(32, 24, 23, true);
        assertTrue(wide.clean(0xFF800000L));
        assertFalse(wide.clean(0x01000000L));
        assertEquals(0xFF800000L, wide.normal(0x00800000L));
        assertFalse(new SampleBits(16, 16, 15, false).hasUnusedBits());
    }

    @Test
    void aHeaderThatPlacesNoValueInAWordIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SampleBits(16, 12, 16, false));
        assertThrows(IllegalArgumentException.class, () -> new SampleBits(16, 12, 10, false));
        assertThrows(IllegalArgumentException.class, () -> new SampleBits(16, 17, 16, false));
    }
}
