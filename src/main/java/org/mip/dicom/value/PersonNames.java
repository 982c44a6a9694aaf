package org.mip.dicom.value;

/**
 * PN, Person Name: at most three component groups (alphabetic, ideographic, phonetic: two '='),
 * each of at most five components (four '^') and 64 characters (PS3.5 §6.2.1).
 */
public final class PersonNames {
    public static final int MAX_GROUP_LENGTH = 64;

    private PersonNames() {
    }

    /** Null when {@code value} is a person name, else why not. */
    public static String problem(String value) {
        String[] groups = value.split("=", -1);
        if (groups.length > 3) {
            return "is not a person name: at most 3 component groups (2 '=')";
        }
        for (String g : groups) {
            if (g.codePointCount(0, g.length()) > MAX_GROUP_LENGTH) {
                return "is too long: PN allows " + MAX_GROUP_LENGTH + " characters per component group";
            }
            if (g.split("\\^", -1).length > 5) {
                return "is not a person name: at most 5 components (4 '^')";
            }
        }
        return null;
    }
}
