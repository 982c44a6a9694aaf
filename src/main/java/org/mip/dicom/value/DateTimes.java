package org.mip.dicom.value;

import java.util.regex.Pattern;

/**
 * DT, Date Time: YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&ZZXX] (PS3.5 Table 6.2-1): each part in its range
 * (month 01-12, day 01-31, hour 00-23, minute 00-59, second 00-60), the date a calendar date when it
 * is complete, and the UTC offset &ZZXX a sign, hours 00-19 and minutes 00-59.
 */
public final class DateTimes {
    private static final Pattern DT = Pattern.compile(
            "[0-9]{4}((0[1-9]|1[0-2])((0[1-9]|[12][0-9]|3[01])(([01][0-9]|2[0-3])([0-5][0-9]((60|[0-5][0-9])"
            + "(\\.[0-9]{1,6})?)?)?)?)?)?([+-][01][0-9][0-5][0-9])?");

    private DateTimes() {
    }

    /** Null when {@code value} (padding removed) is a date-time, else why not. */
    public static String problem(String value) {
        boolean fullDate = value.length() >= 8 && Characters.allDigits(value.substring(0, 8));
        return DT.matcher(value).matches() && (!fullDate || Dates.isCalendarDate(value.substring(0, 8))) ? null
                : "is not a date-time (DT: YYYYMMDDHHMMSS.FFFFFF&ZZXX)";
    }
}
