package org.mip.dicom.value;

import java.util.regex.Pattern;

/** AS, Age String: three digits and D, W, M or Y (PS3.5 Table 6.2-1). */
public final class Ages {
    private static final Pattern AS = Pattern.compile("[0-9]{3}[DWMY]");

    private Ages() {
    }

    /** Null when {@code value} (padding removed) is an age, else why not. */
    public static String problem(String value) {
        return AS.matcher(value).matches() ? null : "is not an age (AS: nnnD, nnnW, nnnM or nnnY)";
    }

    public static boolean isValid(String value) {
        return problem(value) == null;
    }
}
