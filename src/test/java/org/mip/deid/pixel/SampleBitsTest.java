package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The words of PS3.5 8.1.1 and 8.1.2: values written by hand, not by the code under test. */
class SampleBitsTest {
    private static final SampleBits CT_UNSIGNED = new SampleBits(16, 12, 11, false);
    private static final SampleBits CT_SIGNED = new SampleBits(16, 12, 11, true);

    @Test
    void anUnsignedWordKeepsItsValueOnly() {
        assertEquals(0xF000, CT_UNSIGNED.aboveMask());
        assertEquals(0, CT_UNSIGNED.belowMask());
        assertEquals(0, CT_UNSIGNED.extension(0xFFFF), "unsigned: nothing to extend");
        assertEquals(0x0123, CT_UNSIGNED.normal(0x8123), "an overlay bit (15) set");
        assertEquals(0x0FFF, CT_UNSIGNED.normal(0xFFFF));
    }

    @Test
    void aSignedWordIsWrittenSignExtended() {
        assertEquals(0xF000, CT_SIGNED.extension(0x0C00), "-1024: bit 11 set");
        assertEquals(0, CT_SIGNED.extension(0x0400), "+1024");
        assertEquals(0xFC00, CT_SIGNED.normal(0x8C00), "-1024 with only bit 15 above: an overlay bit");
        assertEquals(0xFC00, CT_SIGNED.normal(0x0C00), "-1024 with zeros above");
        assertEquals(0x0400, CT_SIGNED.normal(0x8400), "+1024 with an overlay bit");
        assertEquals(0xF800, CT_SIGNED.normal(0x0800), "-2048, the most negative 12-bit value");
    }

    @Test
    void aValueNotAtTheBottomOfItsWordLeavesZerosBelowIt() {
        SampleBits high = new SampleBits(16, 12, 15, false); // value in bits 4-15
        assertEquals(0x000F, high.belowMask());
        assertEquals(0, high.aboveMask());
        assertEquals(0xFFF0, high.normal(0xFFF3));
        SampleBits middle = new SampleBits(16, 10, 13, true); // bits 4-13, sign at 13
        assertEquals(0xC000, middle.aboveMask());
        assertEquals(0xFFF0, middle.normal(0x3FF5), "-1, its low bits cleared and its sign extended");
    }

    @Test
    void eightAndThirtyTwoBitWords() {
        SampleBits seven = new SampleBits(8, 7, 6, false);
        assertEquals(0x7F, seven.normal(0xFF));
        SampleBits wide = new SampleBits(32, 24, 23, true);
        assertEquals(0xFF000000L, wide.aboveMask());
        assertEquals(0xFF800000L, wide.normal(0x00800000L));
        assertEquals(0x00123456L, wide.normal(0x81123456L));
    }

    @Test
    void aHeaderThatPlacesNoValueInAWordIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SampleBits(16, 12, 16, false));
        assertThrows(IllegalArgumentException.class, () -> new SampleBits(16, 12, 10, false));
        assertThrows(IllegalArgumentException.class, () -> new SampleBits(16, 17, 16, false));
    }
}
