package org.mip.dicom.value;

import java.time.DateTimeException;
import java.time.LocalDate;

/** DA, Date: YYYYMMDD, a real calendar date (PS3.5 Table 6.2-1). */
public final class Dates {
    private Dates() {
    }

    /** Null when {@code value} (padding removed) is a date, else why not, without repeating it. */
    public static String problem(String value) {
        if (value.length() != 8 || !Characters.allDigits(value)) {
            return "is not a date (DA, YYYYMMDD): " + (value.length() != 8
                    ? value.length() + " characters instead of 8" : Characters.firstBad(value, "0123456789"));
        }
        return isCalendarDate(value) ? null : "is not a calendar date (DA, YYYYMMDD)";
    }

    /** Whether 8 digits name a day of the calendar (20230229 does not). */
    static boolean isCalendarDate(String yyyymmdd) {
        try {
            LocalDate.of(Integer.parseInt(yyyymmdd.substring(0, 4)), Integer.parseInt(yyyymmdd.substring(4, 6)),
                    Integer.parseInt(yyyymmdd.substring(6, 8)));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
