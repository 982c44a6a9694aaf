package org.mip.dicom.value;

/**
 * UI, Unique Identifier: the rules of PS3.5 §9.1 (digits and dots, at most 64 characters, no empty
 * component, no leading zero but a lone 0), with a reason that never repeats the UID itself. The one
 * UID rule of the product: the validator, the profile loader, the pseudonymiser and the REST API's
 * object keys all ask it.
 */
public final class Uids {
    /** Longest UID (PS3.5 §9.1). */
    public static final int MAX_LENGTH = 64;

    private Uids() {
    }

    /** Null when {@code uid} is a valid UID, else why not (its length, or the position of what is wrong). */
    public static String problem(String uid) {
        if (uid == null || uid.isEmpty()) {
            return "is empty";
        }
        if (uid.length() > MAX_LENGTH) {
            return "is " + uid.length() + " characters long, more than " + MAX_LENGTH;
        }
        int component = 1;
        int componentStart = 0;
        for (int i = 0; i <= uid.length(); i++) {
            if (i == uid.length() || uid.charAt(i) == '.') {
                if (i == componentStart) {
                    return "component " + component + " is empty (character " + (i + 1) + ")";
                }
                if (i - componentStart > 1 && uid.charAt(componentStart) == '0') {
                    return "component " + component + " has a leading zero (character " + (componentStart + 1) + ")";
                }
                component++;
                componentStart = i + 1;
            } else {
                char c = uid.charAt(i);
                if (c < '0' || c > '9') {
                    return "character " + (i + 1) + " is not a digit or a dot";
                }
            }
        }
        return null;
    }

    public static boolean isValid(String uid) {
        return problem(uid) == null;
    }
}
