package org.mip.deid.pixel.detect;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares the words OCR read in a frame with the instance's own header values, and says how many
 * lines of burned-in text hold each attribute: the audit event and the quarantine reason report
 * these counts, never a value.
 *
 * <ul>
 * <li>Names (PN): each component of two letters or more (family, given, middle, prefix, suffix)
 *     against each word read; one letter off is tolerated in components of five or more letters
 *     (OCR misreads one glyph more often than it misses a word).</li>
 * <li>IDs: the value without separators, within the line's letters and digits run together; one
 *     character off tolerated from six characters on.</li>
 * <li>Dates (DA): YYYYMMDD in the layouts devices print: YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY,
 *     DD.MM.YYYY, DD-MON-YYYY, MON DD YYYY, two-digit years, days and months without their leading
 *     zero; compared with the line's letters and digits run together.</li>
 * <li>Institution: the whole name run together, or any of its words of four letters or more that
 *     is not a generic word (hospital, clinic, medical, university...).</li>
 * </ul>
 */
public final class HeaderMatcher {
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
        "NOV", "DEC"};
    private static final Set<String> GENERIC = Set.of("HOSPITAL", "HOSPITALS", "CLINIC", "CLINICS", "MEDICAL",
            "CENTER", "CENTRE", "UNIVERSITY", "UNIVERSITAT", "UNIVERSITATS", "KLINIKUM", "HEALTH", "HEALTHCARE",
            "CARE", "RADIOLOGY", "IMAGING", "INSTITUTE", "DEPARTMENT", "GENERAL", "REGIONAL", "HOPITAL", "SAINT",
            "SAINTE", "CHILDREN", "CHILDRENS", "MEMORIAL", "COUNTY", "NATIONAL", "FOUNDATION", "TRUST", "GROUP");

    private HeaderMatcher() {
    }

    /**
     * For each attribute keyword, the number of text lines (OCR text of a box) that hold one of its
     * values; attributes with no match are left out. Boxes without OCR text are ignored.
     */
    public static Map<String, Integer> count(List<TextBox> boxes, HeaderValues header) {
        Map<String, Integer> counts = new TreeMap<>();
        for (TextBox box : boxes) {
            if (box.text() == null || box.text().isBlank()) {
                continue;
            }
            Line line = new Line(box.text());
            for (Map.Entry<String, List<String>> e : header.values().entrySet()) {
                if (matches(e.getKey(), e.getValue(), line)) {
                    counts.merge(e.getKey(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** A line of OCR text: its words and its letters and digits run together, upper case. */
    private static final class Line {
        final List<String> words = new ArrayList<>();
        final String compact;

        Line(String text) {
            String upper = text.toUpperCase(Locale.ROOT);
            for (String w : upper.split("[^\\p{L}\\p{N}]+")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
            compact = String.join("", words);
        }
    }

    private static boolean matches(String keyword, List<String> values, Line line) {
        for (String value : values) {
            if (HeaderValues.NAMES.contains(keyword) ? name(value, line)
                    : HeaderValues.IDS.contains(keyword) ? id(value, line)
                    : HeaderValues.DATES.contains(keyword) ? date(value, line)
                    : institution(value, line)) {
                return true;
            }
        }
        return false;
    }

    static boolean name(String pn, Line line) {
        for (String component : pn.toUpperCase(Locale.ROOT).split("[\\^=\\s,.]+")) {
            String c = component.replaceAll("[^\\p{L}\\p{N}]", "");
            if (c.length() < 2) {
                continue;
            }
            for (String w : line.words) {
                if (w.equals(c) || (c.length() >= 5 && withinOne(w, c))) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean id(String id, Line line) {
        String c = compact(id);
        if (c.length() < 3) {
            return false;
        }
        if (line.compact.contains(c)) {
            return true;
        }
        if (c.length() >= 6) {
            for (int i = 0; i + c.length() <= line.compact.length(); i++) {
                if (withinOne(line.compact.substring(i, i + c.length()), c)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean date(String da, Line line) {
        for (String layout : layouts(da)) {
            if (line.compact.contains(layout)) {
                return true;
            }
        }
        return false;
    }

    static boolean institution(String name, Line line) {
        String whole = compact(name);
        if (whole.length() >= 4 && line.compact.contains(whole)) {
            return true;
        }
        for (String word : name.toUpperCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() >= 4 && !GENERIC.contains(word) && line.words.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** A DA value (YYYYMMDD) in every printed layout, letters and digits run together; empty when not a date. */
    static Set<String> layouts(String da) {
        Set<String> out = new LinkedHashSet<>();
        String d = da.strip();
        if (!d.matches("\\d{8}")) {
            return out;
        }
        String yyyy = d.substring(0, 4);
        String yy = d.substring(2, 4);
        String mm = d.substring(4, 6);
        String dd = d.substring(6, 8);
        int month = Integer.parseInt(mm);
        if (month < 1 || month > 12) {
            return out;
        }
        String mon = MONTHS[month - 1];
        String m = String.valueOf(month);
        String dday = String.valueOf(Integer.parseInt(dd));
        for (String y : List.of(yyyy, yy)) {
            out.add(y + mm + dd);            // YYYY-MM-DD, YYYYMMDD, YY.MM.DD
            out.add(dd + mm + y);            // DD/MM/YYYY, DD.MM.YY
            out.add(mm + dd + y);            // MM/DD/YYYY
            out.add(dd + mon + y);           // DD-MON-YYYY
            out.add(dday + mon + y);         // D MON YYYY
            out.add(mon + dd + y);           // MON DD YYYY
            out.add(mon + dday + y);         // MON D YYYY
            out.add(y + mon + dd);           // YYYY-MON-DD
        }
        out.add(dday + m + yyyy);            // D/M/YYYY
        out.add(m + dday + yyyy);            // M/D/YYYY
        return out;
    }

    private static String compact(String s) {
        return s.toUpperCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    /** Same length and at most one character different, or one character inserted or left out. */
    static boolean withinOne(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 1) {
            return false;
        }
        int i = 0;
        int j = 0;
        int edits = 0;
        while (i < a.length() && j < b.length()) {
            if (a.charAt(i) == b.charAt(j)) {
                i++;
                j++;
                continue;
            }
            if (++edits > 1) {
                return false;
            }
            if (a.length() > b.length()) {
                i++;
            } else if (b.length() > a.length()) {
                j++;
            } else {
                i++;
                j++;
            }
        }
        return edits + (a.length() - i) + (b.length() - j) <= 1;
    }
}
