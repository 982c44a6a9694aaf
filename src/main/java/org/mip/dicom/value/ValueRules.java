package org.mip.dicom.value;

import java.util.List;
import java.util.regex.Pattern;
import org.mip.dicom.VR;

/**
 * The value rules of every VR in one place (PS3.5 §6.2): the length of Table 6.2-1, no control
 * characters outside the text blocks, and the syntax of the VRs that have one, each written once in
 * its own class ({@link Uids}, {@link Dates}, {@link Times}, {@link DateTimes}, {@link Ages},
 * {@link IntegerStrings}, {@link DecimalStrings}, {@link CodeStrings}, {@link PersonNames}). Empty
 * values are valid: whether an attribute may be empty is its Type, not its VR. Reasons never repeat
 * the value.
 */
public final class ValueRules {
    /** The characters RFC 3986 allows in a URI reference; UR pads with trailing spaces. */
    private static final Pattern URI_CHARACTERS = Pattern.compile("[A-Za-z0-9_:/?#\\[\\]@!$&'()*+,;=%\\-.~]* *");

    private ValueRules() {
    }

    /** Null when {@code value} is one valid value of {@code vr} (spaces around IS and DS are padding), else why not. */
    public static String problem(VR vr, String value) {
        int max = vr.maxLength();
        if (max > 0 && vr != VR.PN && value.codePointCount(0, value.length()) > max) {
            return "is too long: " + vr + " allows " + max + " characters";
        }
        boolean textBlock = vr == VR.LT || vr == VR.ST || vr == VR.UT;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(textBlock && (c == '\n' || c == '\r' || c == '\t' || c == '\f'))) {
                return "has a control character";
            }
        }
        if (value.isEmpty()) {
            return null;
        }
        return switch (vr) {
            case UI -> {
                String p = Uids.problem(value);
                yield p == null ? null : "is not a UID (UI): " + p;
            }
            case DA -> Dates.problem(value);
            case TM -> Times.problem(value);
            case DT -> DateTimes.problem(value);
            case AS -> Ages.problem(value);
            case IS -> value.isBlank() ? null : IntegerStrings.problem(value.strip());
            case DS -> value.isBlank() ? null : DecimalStrings.problem(value.strip());
            case CS -> CodeStrings.problem(value);
            case PN -> PersonNames.problem(value);
            case AE -> value.isBlank() ? "is not an AE title: not only spaces"
                    : value.chars().allMatch(c -> c >= 0x20 && c <= 0x7E) ? null : "is not an AE title: printable ASCII only";
            case UR -> URI_CHARACTERS.matcher(value).matches() ? null
                    : "is not a URI (UR): only the characters of RFC 3986, trailing spaces as padding";
            default -> null;
        };
    }

    /** {@link #problem} of each value of a text: split at backslashes, except in the VRs where a backslash is text. */
    public static String problemOfValues(VR vr, String text) {
        List<String> values = vr.isSingleValuedText() ? List.of(text) : List.of(text.split("\\\\", -1));
        for (String v : values) {
            String p = problem(vr, v);
            if (p != null) {
                return p;
            }
        }
        return null;
    }
}
