package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateShifterTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "20200115, -10, 20200105",
        "20200105, -10, 20191226",
        "20200229, 365, 20210228",
        "20210301, -365, 20200301",
        "19000101, 0, 19000101",
        "' 20200115 ', -1, 20200114",
        "20200115, -3650, 20100117",
    })
    void da(String in, int days, String out) {
        assertEquals(out, DateShifter.shiftDate(in, days));
    }

    @Test
    void oldAcrNemaDateIsShiftedAndWrittenAsDa() {
        assertEquals("20200105", DateShifter.shiftDate("2020.01.15", -10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2020-01-15", "2020011", "202001150", "20201345", "20200230", "abcdefgh", "2020.13.45",
        "20200115-20200116", "2020/01/15"})
    void invalidDaIsNull(String in) {
        assertNull(DateShifter.shiftDate(in, -10));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2020, 2020",                                       // year only: its middle (2 July) shifted
        "202003, 202002",                                   // year and month: its middle (15th) shifted
        "20200315, 20200214",
        "2020031510, 2020021410",
        "202003151011, 202002141011",
        "20200315101112, 20200214101112",
        "20200315101112.1, 20200214101112.1",
        "20200315101112.123456, 20200214101112.123456",
        "20200315101112.123456+0100, 20200214101112.123456+0100",
        "20200315-0500, 20200214-0500",
        "2020+0000, 2020+0000",
    })
    void dtKeepsTimePrecisionAndOffset(String in, String out) {
        assertEquals(out, DateShifter.shiftDateTime(in, -30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "20", "20200", "2020031", "20200315101112.1234567", "20200315+01", "20200315T101112",
        "2020-03-15", "20201315", "20200315101112+01:00", "notadate"})
    void invalidDtIsNull(String in) {
        assertNull(DateShifter.shiftDateTime(in, -30));
    }

    /**
     * A partial DT stands for its whole period, so the period's middle is shifted: the shifted
     * period is then the one holding most of the shifted days, and a partial date agrees with the
     * full dates of the same patient (15 March and "March" both land in February for -30 days).
     * Anchoring at the period's first day moved every year-only value a year back for any
     * negative shift shorter than a year.
     */
    @Test
    void partialDtAgreesWithFullDates() {
        assertEquals(DateShifter.shiftDate("20200315", -30).substring(0, 6), DateShifter.shiftDateTime("202003", -30));
        assertEquals("2020", DateShifter.shiftDateTime("2020", -100));
        assertEquals("2019", DateShifter.shiftDateTime("2020", -400));
        assertEquals("2021", DateShifter.shiftDateTime("2020", 200));
        assertEquals("202012", DateShifter.shiftDateTime("202101", -20));
    }
}
