package org.mip.dicom.value;

/** Where a value goes wrong, said without repeating the value (it may be PHI). */
final class Characters {
    private Characters() {
    }

    /** "character 2 of 5 is not allowed", or "its 5 characters are not in the right order" when each is allowed. */
    static String firstBad(String value, String allowed) {
        for (int i = 0; i < value.length(); i++) {
            if (allowed.indexOf(value.charAt(i)) < 0) {
                return "character " + (i + 1) + " of " + value.length() + " is not allowed";
            }
        }
        return "its " + value.length() + " characters are not in the right order";
    }

    static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
