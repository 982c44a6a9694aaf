package org.mip.deid.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.mip.dicom.VR;
import org.mip.dicom.value.ValueRules;

/**
 * The value rules of a profile that no schema can state (a pseudonym pattern that fits its VR, a
 * constant valid for the attribute's VR) and the "did you mean" of every problem message; used by
 * {@link ProfileLoader} and {@link ProfileSchema}.
 */
final class ProfileValues {
    private static final Pattern HASH = Pattern.compile("\\{hash:(\\d+)}");

    private ProfileValues() {
    }

    static boolean allIn(Collection<VR> vrs, Set<VR> allowed) {
        return !vrs.isEmpty() && allowed.containsAll(vrs);
    }

    /**
     * Why {@code pattern} cannot make pseudonyms for {@code vr} (LO: 64, SH: 16, PN: 64 per
     * component group), or null when it can.
     */
    static String pseudonymProblem(String pattern, VR vr) {
        int hashCount = 0;
        int hashChars = 0;
        StringBuilder literal = new StringBuilder();
        Matcher m = HASH.matcher(pattern);
        int pos = 0;
        while (m.find()) {
            literal.append(pattern, pos, m.start());
            pos = m.end();
            int n;
            try {
                n = Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) {
                n = Integer.MAX_VALUE;
            }
            if (n < ProfileLoader.MIN_HASH_LENGTH || n > ProfileLoader.MAX_HASH_LENGTH) {
                return "{hash:" + m.group(1) + "} is out of range; N must be from " + ProfileLoader.MIN_HASH_LENGTH + " to "
                        + ProfileLoader.MAX_HASH_LENGTH + " (fewer characters make pseudonyms collide)";
            }
            hashCount++;
            hashChars += n;
        }
        literal.append(pattern.substring(pos));
        String lit = literal.toString();
        int brace = Math.max(lit.indexOf('{'), lit.indexOf('}'));
        if (brace >= 0) {
            int open = lit.indexOf('{');
            int close = lit.indexOf('}', Math.max(open, 0));
            String bad = open >= 0 && close > open ? lit.substring(open, close + 1) : "{" ;
            return "unknown placeholder \"" + bad + "\"; allowed: {hash:N} with N from " + ProfileLoader.MIN_HASH_LENGTH + " to "
                    + ProfileLoader.MAX_HASH_LENGTH;
        }
        if (hashCount == 0) {
            return "has no {hash:N}: every patient would get the same pseudonym";
        }
        for (int i = 0; i < lit.length(); i++) {
            char c = lit.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '\\') {
                return "only printable ASCII characters without backslash may stand around {hash:N}";
            }
        }
        if (vr == VR.PN) {
            if (lit.indexOf('=') >= 0) {
                return "a pseudonym name is one component group: no '='";
            }
            if (lit.chars().filter(c -> c == '^').count() > 4) {
                return "a person name has at most 5 components (4 '^')";
            }
        }
        int length = lit.length() + hashChars;
        int max = vr == VR.SH ? 16 : 64;
        if (length > max) {
            return "makes pseudonyms of " + length + " characters; " + vr + " allows " + max;
        }
        return null;
    }

    /** Why {@code value} is no valid value of an attribute with {@code vrs}, or null when it is. */
    static String constantProblem(String value, List<VR> vrs) {
        for (VR vr : vrs) {
            if (!vr.isText()) {
                return "cannot be set: constant needs a text VR, and this attribute is "
                        + vrs.stream().map(VR::name).collect(Collectors.joining(" or "));
            }
        }
        return ValueRules.problemOfValues(vrs.get(0), value);
    }

    // ---- suggestions ----

    /** " (did you mean "x"?)" for the closest candidate within a small edit distance, else "". */
    static String didYouMean(String given, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String g = given.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            int d = distance(g, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int limit = Math.max(2, given.length() / 4);
        return best != null && bestDistance <= limit && bestDistance > 0 ? " (did you mean \"" + best + "\"?)"
                : best != null && bestDistance == 0 && !best.equals(given) ? " (did you mean \"" + best + "\"?)" : "";
    }

    static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 8) {
            return Integer.MAX_VALUE; // too far to suggest, and not worth the table
        }
        return org.mip.config.Spelling.distance(a, b);
    }

    static String hex4(int v) {
        return String.format("0x%04X", v);
    }

    static String hex2(int v) {
        return String.format("0x%02X", v);
    }

    static String allVrs() {
        List<String> names = new ArrayList<>();
        for (VR vr : VR.values()) {
            names.add(vr.name());
        }
        return String.join(" ", names);
    }
}
