package org.mip.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Hand-made number formatting: a dot, whatever the default locale. */
class NumbersTest {

    @Test
    void fixedDecimals() {
        assertEquals("12.3", Numbers.fixed(12.345, 1));
        assertEquals("0.0", Numbers.fixed(0, 1));
        assertEquals("0.05", Numbers.fixed(0.049, 2));
        assertEquals("7", Numbers.fixed(6.6, 0));
        assertEquals("1052.9", Numbers.fixed(1052.94, 1));
        assertEquals("1.010", Numbers.fixed(1.0099, 3));
        assertEquals("-", Numbers.fixed(Double.NaN, 1));
        assertEquals("-", Numbers.fixed(-1, 1));
    }

    @Test
    void aDotInEveryLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("3.5", Numbers.fixed(3.5, 1));
            assertEquals("2.0 MB", Numbers.megabytes(2_000_000));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void clocksAndPadding() {
        assertEquals("0:07", Numbers.clock(7.4));
        assertEquals("2:05", Numbers.clock(125));
        assertEquals("1:00:01", Numbers.clock(3601));
        assertEquals("4.2 s", Numbers.duration(4.2));
        assertEquals("1:30", Numbers.duration(90));
        assertEquals("   42", Numbers.alignRight(42, 5));
        assertEquals("ab   ", Numbers.alignLeft("ab", 5));
        assertEquals("toolong", Numbers.alignLeft("toolong", 3));
    }
}
