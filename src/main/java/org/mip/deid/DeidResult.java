package org.mip.deid;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What de-identification produced, in terms safe to log and audit: pseudonyms and new UIDs only.
 *
 * @param patientPseudonym  the new Patient ID
 * @param studyUid          the new Study Instance UID
 * @param seriesUid         the new Series Instance UID
 * @param sopInstanceUid    the new SOP Instance UID
 * @param sopClassUid       the SOP Class UID (unchanged)
 * @param modality          the modality (unchanged)
 * @param options           the PS3.15 options recorded in the output
 * @param pixels            what the pixel stage decided and did (burned-in text)
 * @param stats             counts of what was done
 */
public record DeidResult(String patientPseudonym, String studyUid, String seriesUid, String sopInstanceUid,
                         String sopClassUid, String modality, Set<DeidOption> options, PixelSummary pixels,
                         Stats stats) {

    /** True when pixel regions were blanked (detected text or redaction rules). */
    public boolean pixelsRedacted() {
        return pixels.redacted();
    }

    /**
     * Where the output goes: {@code <patient pseudonym>/<study UID>/<series UID>/<SOP UID>.dcm}.
     * Every segment is made safe: under Retain UIDs the UIDs are the input's, whatever it holds.
     */
    public String objectKey() {
        return safe(patientPseudonym) + "/" + safe(studyUid) + "/" + safe(seriesUid) + "/" + safe(sopInstanceUid) + ".dcm";
    }

    /** Object-key segments come from pseudonyms and UIDs; this keeps a hostile value from adding paths. */
    private static String safe(String segment) {
        String s = (segment == null ? "" : segment).replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.equals(".") || s.equals("..") ? "_" : s;
    }

    /**
     * Counts of elements by what happened to them (all depths).
     *
     * @param unlisted what the default for attributes Table E.1-1 does not list changed, by keyword
     */
    public record Stats(int removed, int emptied, int replaced, int uidsMapped, int datesShifted, int textsCleaned,
                        Unlisted unlisted) {
    }

    /**
     * What the default for unlisted text (docs/PROFILES.md) changed, as counts of elements by attribute
     * keyword, never values: removed (no IOD requires it), replaced (a name, by the dummy) and cleaned
     * (the scrubber found something; text it leaves as it was is not counted). Also counted in
     * {@link Stats}' totals.
     */
    public record Unlisted(SortedMap<String, Integer> removed, SortedMap<String, Integer> replaced,
                           SortedMap<String, Integer> cleaned) {
        public static final Unlisted NONE = new Unlisted(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

        public Unlisted {
            removed = Collections.unmodifiableSortedMap(new TreeMap<>(removed));
            replaced = Collections.unmodifiableSortedMap(new TreeMap<>(replaced));
            cleaned = Collections.unmodifiableSortedMap(new TreeMap<>(cleaned));
        }

        /** Whether the default changed nothing. */
        public boolean isEmpty() {
            return removed.isEmpty() && replaced.isEmpty() && cleaned.isEmpty();
        }

        /** One line for logs and reports: {@code removed={A=1} replaced={} cleaned={B=2}}. */
        @Override
        public String toString() {
            return "removed=" + removed + " replaced=" + replaced + " cleaned=" + cleaned;
        }

        /** The three maps by name, for JSON. */
        public Map<String, SortedMap<String, Integer>> asMap() {
            return Map.of("removed", removed, "replaced", replaced, "cleaned", cleaned);
        }
    }
}
