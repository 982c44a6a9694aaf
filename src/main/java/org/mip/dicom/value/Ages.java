package org.mip.dicom.value;

/** AS, Age String: three digits and D, W, M or Y (days, weeks, months, years; PS3.5 Table 6.2-1). */
public final class Ages {
    private Ages() {
    }

    /** Null when {@code value} (padding removed) is an age, else why not. */
    public static String problem(String value) {
        boolean age = value.length() == 4 && Characters.allDigits(value.substring(0, 3)) && "DWMY".indexOf(value.charAt(3)) >= 0;
        return age ? null : "is not an age (AS: nnnD, nnnW, nnnM or nnnY)";
    }
}
