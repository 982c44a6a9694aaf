package org.mip.dicom.value;

import java.util.regex.Pattern;

/**
 * CS, Code String: upper-case letters, digits, space and underscore (PS3.5 Table 6.2-1); at most 16 of
 * them, which {@link ValueRules} checks with every VR's length.
 */
public final class CodeStrings {
    /** The characters a code string may hold (any number of them). */
    public static final Pattern CHARACTERS = Pattern.compile("[A-Z0-9 _]*");

    private CodeStrings() {
    }

    /** Null when {@code value} (padding removed) is a code string, else why not, without repeating it. */
    public static String problem(String value) {
        return CHARACTERS.matcher(value).matches() ? null : "is not a code string (CS): "
                + Characters.firstBad(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _") + " (only A-Z, 0-9, space and _)";
    }
}
