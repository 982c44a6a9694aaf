package org.mip.api;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.mip.dicom.value.Uids;

/**
 * The keys of the processed bucket as the API accepts them:
 * {@code <patient pseudonym>/<study UID>/<series UID>/<SOP instance UID>.dcm}. Anything that could
 * name something else (absolute keys, {@code .} or {@code ..} segments, empty segments, backslashes,
 * control characters, more than S3's 1024 bytes) is refused before any S3 call.
 */
public final class ObjectKeys {
    /** The prefix that stands for every key. */
    public static final String ALL = "*";
    public static final int MAX_KEY_BYTES = 1024;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._=-]+");

    private ObjectKeys() {
    }

    /** The parts of a valid object key. */
    public record Parts(String patient, String studyUid, String seriesUid, String sopInstanceUid) {
        public String fileName() {
            return sopInstanceUid + ".dcm";
        }
    }

    /** Why {@code key} cannot be signed, or null when it is a well-formed object key. */
    public static String problem(String key) {
        if (key == null || key.isEmpty()) {
            return "is empty";
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return "is longer than " + MAX_KEY_BYTES + " bytes";
        }
        if (key.startsWith("/")) {
            return "is absolute (starts with /): keys are relative to the processed bucket";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return "contains a control character or a backslash";
            }
        }
        String[] segments = key.split("/", -1);
        for (String s : segments) {
            if (s.equals("..") || s.equals(".")) {
                return "contains a '" + s + "' segment (path traversal)";
            }
            if (s.isEmpty()) {
                return "contains an empty path segment";
            }
        }
        if (segments.length != 4 || !key.endsWith(".dcm")) {
            return "is not a processed object key (<patient>/<study UID>/<series UID>/<SOP instance UID>.dcm)";
        }
        String sop = segments[3].substring(0, segments[3].length() - 4);
        if (!SEGMENT.matcher(segments[0]).matches() || !isUid(segments[1]) || !isUid(segments[2]) || !isUid(sop)) {
            return "is not a processed object key (<patient>/<study UID>/<series UID>/<SOP instance UID>.dcm)";
        }
        return null;
    }

    /** The parts of a key {@link #problem} accepted. */
    public static Parts parts(String key) {
        String[] s = key.split("/");
        return new Parts(s[0], s[1], s[2], s[3].substring(0, s[3].length() - 4));
    }

    /** A DICOM UID (PS3.5 §9.1, {@link Uids}): digits and dots, at most 64 characters, no empty component, no leading zero. */
    public static boolean isUid(String s) {
        return s != null && Uids.isValid(s);
    }

    /** A patient pseudonym: one path segment of safe characters. */
    public static boolean isPatient(String s) {
        return s != null && s.length() <= 256 && SEGMENT.matcher(s).matches() && !s.equals(".") && !s.equals("..");
    }

    /**
     * Why {@code prefix} cannot be granted, or null: {@link #ALL}, or one or more whole segments
     * ending with {@code /} (so "ab/" never grants "abc/..."), without traversal.
     */
    public static String prefixProblem(String prefix) {
        if (prefix.equals(ALL)) {
            return null;
        }
        if (!prefix.endsWith("/")) {
            return "must end with / (whole path segments), or be * for everything";
        }
        String p = problemOfSegments(prefix.substring(0, prefix.length() - 1));
        return p == null ? null : p;
    }

    private static String problemOfSegments(String path) {
        if (path.isEmpty() || path.startsWith("/")) {
            return "must not be empty or absolute";
        }
        for (String s : path.split("/", -1)) {
            if (s.isEmpty() || s.equals(".") || s.equals("..") || !SEGMENT.matcher(s).matches()) {
                return "has an empty, '.', '..' or unusual segment \"" + s + "\"";
            }
        }
        return null;
    }
}
