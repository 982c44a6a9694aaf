package org.mip.deid.pixel.detect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.dict.ElementDictionary;

/**
 * The instance's own identifying header values that burned-in text is compared with
 * ({@link HeaderMatcher}): PHI held in memory only. {@link #toString()} names the attributes, never
 * the values.
 */
public final class HeaderValues {
    /** Person names: compared component by component (family, given, middle...). */
    static final List<String> NAMES = List.of("PatientName", "ReferringPhysicianName", "PerformingPhysicianName",
            "OperatorsName");
    /** Identifiers: compared whole, with or without their separators. */
    static final List<String> IDS = List.of("PatientID", "OtherPatientIDs", "AccessionNumber", "StudyID");
    /** Dates (DA): compared in the layouts devices print them in. */
    static final List<String> DATES = List.of("PatientBirthDate", "StudyDate", "SeriesDate", "AcquisitionDate",
            "ContentDate");
    /** Institution: compared whole and by its distinctive words. */
    static final List<String> PLACES = List.of("InstitutionName");

    private final Map<String, List<String>> values;

    /** @param values attribute keyword to its values (each as DICOM text: PN with '^', DA as YYYYMMDD) */
    public HeaderValues(Map<String, List<String>> values) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.values = Collections.unmodifiableMap(copy);
    }

    /** The values of the attributes above, at the top level of the data set (absent ones left out). */
    public static HeaderValues of(Dataset ds) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> keywords = new ArrayList<>();
        keywords.addAll(NAMES);
        keywords.addAll(IDS);
        keywords.addAll(DATES);
        keywords.addAll(PLACES);
        ElementDictionary dict = ElementDictionary.standard();
        for (String k : keywords) {
            List<String> v = new ArrayList<>();
            for (String s : ds.getStrings(dict.tagOf(k))) {
                if (!s.isBlank()) {
                    v.add(s.strip());
                }
            }
            if (!v.isEmpty()) {
                out.put(k, v);
            }
        }
        return new HeaderValues(out);
    }

    Map<String, List<String>> values() {
        return values;
    }

    @Override
    public String toString() {
        return "HeaderValues" + values.keySet();
    }
}
