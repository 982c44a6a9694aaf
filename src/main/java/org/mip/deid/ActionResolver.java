package org.mip.deid;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mip.deid.profile.Profile;
import org.mip.deid.table.ActionTable;
import org.mip.dicom.dict.ElementDictionary;

/**
 * The PS3.15 action code for each public attribute under the options of a profile: the option
 * column's code where an option in force has one (K wins over C, since retaining is what the site
 * asked for), else the Basic profile's code. Cached per tag; thread-safe.
 *
 * <p>Rows come from Table E.1-1; for a few identifying attributes the table (2024b) does not list,
 * the product adds rows of its own ({@link #SUPPLEMENT}), written the way the table writes
 * comparable attributes. The table always wins where it has a row.
 */
final class ActionResolver {
    private static final String NONE = "";

    /**
     * The product's supplement to Table E.1-1: keyword, Basic profile code, option codes. Each is
     * identifying and absent from the table; its row follows the row of its closest listed kin.
     */
    private static final Object[][] SUPPLEMENT_ROWS = {
        // the issuer of a replaced identifier, like Issuer of Patient ID (X) / Institution Name (K with 113112)
        {"IssuerOfAccessionNumberSequence", "X", DeidOption.RETAIN_INSTITUTION_IDENTITY, "K"},
        // like the other physician identification sequences (X)
        {"RequestingPhysicianIdentificationSequence", "X"},
        // hold Patient IDs of a group, like Other Patient IDs Sequence (X)
        {"SourcePatientGroupIdentificationSequence", "X"},
        {"GroupOfPatientsIdentificationSequence", "X"},
        // the birth/death date written in another calendar: cannot be shifted
        {"PatientBirthDateInAlternativeCalendar", "X", DeidOption.RETAIN_LONGITUDINAL_FULL_DATES, "K"},
        {"PatientDeathDateInAlternativeCalendar", "X", DeidOption.RETAIN_LONGITUDINAL_FULL_DATES, "K"},
        // device identifiers, like Device Serial Number (X/Z/D, K with 113109)
        {"DeviceID", "X/Z/D", DeidOption.RETAIN_DEVICE_IDENTITY, "K"},
        {"SecondaryCaptureDeviceID", "X/Z/D", DeidOption.RETAIN_DEVICE_IDENTITY, "K"},
        {"SubstanceAdministrationDeviceID", "X", DeidOption.RETAIN_DEVICE_IDENTITY, "K"},
        {"NTPSourceAddress", "X", DeidOption.RETAIN_DEVICE_IDENTITY, "K"},
        // URLs name hosts and carry the original UIDs, like Retrieve AE Title (X)
        {"RetrieveURL", "X"},
        {"StorageURL", "X"},
        // names of people, like Operators' Name (X/Z/D)
        {"SecondaryReviewerName", "X/Z/D"},
        {"EvaluatorName", "X/Z/D"},
        {"DocumentAuthorTrial", "X"},
        // the original values, encrypted for whoever holds the recipient's key (PS3.15 E.1.1): that key is
        // not ours to hand out with the data, like Original Attributes Sequence (X)
        {"EncryptedAttributesSequence", "X"},
        // Media Storage Directory attributes, out of place in an instance; file-set IDs and file paths
        // often carry names, like Storage Media File-set ID (X)
        {"FileSetID", "X"},
        {"FileSetDescriptorFileID", "X"},
        {"ReferencedFileID", "X"},
    };

    /** {@link #SUPPLEMENT_ROWS} by tag. */
    static final Map<Integer, ActionTable.Row> SUPPLEMENT = supplement();

    private final Profile profile;
    private final ActionTable table;
    private final Map<Integer, String> cache = new ConcurrentHashMap<>();

    ActionResolver(Profile profile, ActionTable table) {
        this.profile = profile;
        this.table = table;
    }

    private static Map<Integer, ActionTable.Row> supplement() {
        ElementDictionary dict = ElementDictionary.standard();
        Map<Integer, ActionTable.Row> rows = new HashMap<>();
        for (Object[] r : SUPPLEMENT_ROWS) {
            String keyword = (String) r[0];
            int tag = dict.tagOf(keyword);
            Map<DeidOption, String> options = new EnumMap<>(DeidOption.class);
            for (int i = 2; i + 1 < r.length; i += 2) {
                options.put((DeidOption) r[i], (String) r[i + 1]);
            }
            rows.put(tag, new ActionTable.Row(tag, String.format("%08X", tag), keyword,
                    dict.lookup(tag).orElseThrow().name(), (String) r[1], Map.copyOf(options), true));
        }
        return Map.copyOf(rows);
    }

    /** The code for a public tag ("X", "Z/D", "C", ...), or null when neither the table nor the supplement has a row. */
    String code(int tag) {
        String code = cache.computeIfAbsent(tag, this::resolve);
        return code.isEmpty() ? null : code;
    }

    private String resolve(int tag) {
        return table.row(tag).or(() -> java.util.Optional.ofNullable(SUPPLEMENT.get(tag))).map(this::codeOf).orElse(NONE);
    }

    String codeOf(ActionTable.Row row) {
        String chosen = null;
        for (Map.Entry<DeidOption, String> e : row.options().entrySet()) {
            if (profile.has(e.getKey())) {
                String c = e.getValue();
                if (chosen == null || "K".equals(c)) {
                    chosen = c;
                }
            }
        }
        return chosen != null ? chosen : row.basicAction();
    }

    /** The code for private data elements: C (keep if safe) under Retain Safe Private, else X. */
    String privateCode() {
        return codeOf(table.privateAttributesRow());
    }
}
