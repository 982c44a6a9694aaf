package org.mip.deid;

import java.util.Set;

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

    /** Counts of elements by what happened to them (all depths). */
    public record Stats(int removed, int emptied, int replaced, int uidsMapped, int datesShifted, int textsCleaned) {
    }
}
