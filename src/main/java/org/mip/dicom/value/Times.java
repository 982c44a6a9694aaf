package org.mip.dicom.value;

import java.util.regex.Pattern;

/** TM, Time: HH, HHMM, HHMMSS or HHMMSS.F to HHMMSS.FFFFFF; hours 00-23, minutes 00-59, seconds 00-60 (a leap second; PS3.5 Table 6.2-1). */
public final class Times {
    private static final Pattern TM = Pattern.compile("([01][0-9]|2[0-3])([0-5][0-9]((60|[0-5][0-9])(\\.[0-9]{1,6})?)?)?");

    private Times() {
    }

    /** Null when {@code value} (padding removed) is a time, else why not. */
    public static String problem(String value) {
        return TM.matcher(value).matches() ? null : "is not a time (TM: HH, HHMM, HHMMSS or HHMMSS.FFFFFF)";
    }
}
