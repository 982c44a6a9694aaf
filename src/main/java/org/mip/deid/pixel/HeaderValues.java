package org.mip.deid.pixel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mip.dicom.data.Dataset;

/**
 * The identifying values of an instance's own header, taken before de-identification, as the
 * tokens OCR could read off its pixels: name components, IDs, dates in the layouts devices print.
 * {@link #matches} counts the words read in the pixels that equal one of them, by attribute
 * keyword: the count says that a name or ID was burned in, without saying which. The values
 * themselves stay in memory for the one instance and are never logged or written.
 */
final class HeaderValues {
    private static final String[][] ATTRIBUTES = {
            {"00100010", "PatientName"}, {"00100020", "PatientID"}, {"00101000", "OtherPatientIDs"},
            {"00100030", "PatientBirthDate"}, {"00080050", "AccessionNumber"}, {"00200010", "StudyID"},
            {"00080020", "StudyDate"}, {"00080021", "SeriesDate"}, {"00080022", "AcquisitionDate"},
            {"00080023", "ContentDate"}, {"00080090", "ReferringPhysicianName"}, {"00081050", "PerformingPhysicianName"},
            {"00081070", "OperatorsName"}, {"00080080", "InstitutionName"}, {"00101040", "PatientAddress"},
            {"00102154", "PatientTelephoneNumbers"}, {"00100021", "IssuerOfPatientID"},
    };
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    /** Shorter tokens match too much by chance (initials, "DR", "MR"). */
    private static final int MIN_TOKEN = 3;

    private final Map<String, Set<String>> tokens;

    private HeaderValues(Map<String, Set<String>> tokens) {
        this.tokens = tokens;
    }

    static HeaderValues of(Dataset ds) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (String[] a : ATTRIBUTES) {
            int tag = Integer.parseUnsignedInt(a[0], 16);
            Set<String> t = new LinkedHashSet<>();
            for (String value : ds.getStrings(tag)) {
                if (a[1].endsWith("Date")) {
                    t.addAll(dateLayouts(value.trim()));
                } else {
                    for (String part : value.split("[\\^=\\s,./\\-]+")) {
                        String n = normalize(part);
                        if (n.length() >= MIN_TOKEN) {
                            t.add(n);
                        }
                    }
                    String whole = normalize(value.replaceAll("[\\^=\\s]+", ""));
                    if (whole.length() >= MIN_TOKEN) {
                        t.add(whole);
                    }
                }
            }
            if (!t.isEmpty()) {
                out.put(a[1], t);
            }
        }
        return new HeaderValues(out);
    }

    /** Words read in the pixels that equal a header token, counted by attribute keyword. */
    Map<String, Integer> matches(List<String> words) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String word : words) {
            String w = normalize(word);
            if (w.length() < MIN_TOKEN) {
                continue;
            }
            for (Map.Entry<String, Set<String>> e : tokens.entrySet()) {
                if (e.getValue().contains(w)) {
                    counts.merge(e.getKey(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /**
     * Upper case letters and digits only, with the letters OCR confuses with digits folded onto them
     * (O→0, I/L→1, S→5, B→8, Z→2) so "J0HN" read for "JOHN" still counts.
     */
    static String normalize(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toUpperCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                b.append(switch (c) {
                    case 'O' -> '0';
                    case 'I', 'L' -> '1';
                    case 'S' -> '5';
                    case 'B' -> '8';
                    case 'Z' -> '2';
                    default -> c;
                });
            }
        }
        return b.toString();
    }

    /** A DA value (YYYYMMDD) in the layouts devices print it in. */
    static List<String> dateLayouts(String da) {
        List<String> out = new ArrayList<>();
        if (!da.matches("\\d{8}")) {
            return out;
        }
        String y = da.substring(0, 4);
        String m = da.substring(4, 6);
        String d = da.substring(6, 8);
        int month = Integer.parseInt(m);
        for (String layout : new String[] {y + m + d, d + m + y, m + d + y, d + m + y.substring(2), m + d + y.substring(2)}) {
            out.add(normalize(layout));
        }
        if (month >= 1 && month <= 12) {
            out.add(normalize(d + MONTHS[month - 1] + y));
            out.add(normalize(d + MONTHS[month - 1] + y.substring(2)));
        }
        return out;
    }
}
