package org.mip.deid;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Shifts DA and DT values by whole days, keeping their precision and, for DT, the time of day and
 * offset: intervals between a patient's dates survive, the calendar dates do not. A value that
 * does not parse cannot be shifted safely and yields null (the caller then removes it).
 */
final class DateShifter {
    private static final DateTimeFormatter BASIC = DateTimeFormatter.BASIC_ISO_DATE;

    private DateShifter() {
    }

    /** "YYYYMMDD" (also the old "YYYY.MM.DD") shifted; null if unparseable. */
    static String shiftDate(String value, int days) {
        String v = value.strip();
        if (v.length() == 10 && v.charAt(4) == '.' && v.charAt(7) == '.') {
            v = v.substring(0, 4) + v.substring(5, 7) + v.substring(8, 10);
        }
        if (v.length() != 8 || !v.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return LocalDate.parse(v, BASIC).plusDays(days).format(BASIC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * "YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&ZZXX]": the date part shifted, the rest kept; null if
     * unparseable. A year-only or year-month value is shifted from the middle of its period, so it
     * lands where most of its days land and agrees with full dates shifted by the same offset.
     */
    static String shiftDateTime(String value, int days) {
        String v = value.strip();
        int end = 0;
        while (end < v.length() && end < 8 && Character.isDigit(v.charAt(end))) {
            end++;
        }
        if (end != 4 && end != 6 && end != 8) {
            return null;
        }
        String datePart = v.substring(0, end);
        String rest = v.substring(end);
        if (!rest.matches("([0-9]{2}([0-9]{2}([0-9]{2}(\\.[0-9]{1,6})?)?)?)?([+-][0-9]{4})?")) {
            return null;
        }
        // A partial value stands for its whole period: shift the period's middle (2 July, the 15th).
        String full = datePart + (end == 4 ? "0702" : end == 6 ? "15" : "");
        String shifted = shiftDate(full, days);
        if (shifted == null) {
            return null;
        }
        return shifted.substring(0, end) + rest;
    }
}
