package org.mip.dicom.value;

import java.util.regex.Pattern;

/** IS, Integer String: an optional sign and digits, in the range -2^31 to 2^31-1 (PS3.5 Table 6.2-1). */
public final class IntegerStrings {
    private static final Pattern IS = Pattern.compile("[+-]?[0-9]+");

    private IntegerStrings() {
    }

    /** Null when {@code value} (padding removed) is an integer string, else why not, without repeating it. */
    public static String problem(String value) {
        if (!isWellFormed(value)) {
            return "is not an integer string (IS): " + Characters.firstBad(value, "+-0123456789");
        }
        try {
            Integer.parseInt(value.startsWith("+") ? value.substring(1) : value);
            return null;
        } catch (NumberFormatException e) {
            return "is an integer string (IS) out of the range -2^31 to 2^31-1";
        }
    }

    /** The syntax alone, whatever the size (the DICOM JSON model writes any such value as a number). */
    public static boolean isWellFormed(String value) {
        return IS.matcher(value).matches();
    }
}
