package org.mip.dicom.value;

import java.util.regex.Pattern;

/** DS, Decimal String: a fixed or floating point number, as Java and PS3.5 Table 6.2-1 both read it. */
public final class DecimalStrings {
    private static final Pattern DS = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private DecimalStrings() {
    }

    /** Null when {@code value} (padding removed) is a decimal string, else why not, without repeating it. */
    public static String problem(String value) {
        return isValid(value) ? null : "is not a decimal string (DS): " + Characters.firstBad(value, "+-0123456789.eE");
    }

    public static boolean isValid(String value) {
        return DS.matcher(value).matches();
    }
}
