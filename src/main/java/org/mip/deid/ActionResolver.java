package org.mip.deid;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mip.deid.profile.Profile;
import org.mip.deid.table.ActionTable;
import org.mip.deid.table.ProductRows;

/**
 * The PS3.15 action code for each public attribute under the options of a profile: the option
 * column's code where an option in force has one (K wins over C, since retaining is what the site
 * asked for), else the Basic profile's code. Cached per tag; thread-safe.
 *
 * <p>Rows come from Table E.1-1; for identifying attributes the table (2024b) does not list, the
 * product adds rows of its own ({@link #SUPPLEMENT}, data with a reason each: {@code
 * table/supplement.txt}), written the way the table writes comparable attributes. The table always
 * wins where it has a row.
 */
final class ActionResolver {
    private static final String NONE = "";

    /** The product's supplement rows by tag ({@code table/supplement.txt}, {@link ProductRows}). */
    static final Map<Integer, ActionTable.Row> SUPPLEMENT = ProductRows.standard().supplement();

    private final Profile profile;
    private final ActionTable table;
    private final Map<Integer, String> cache = new ConcurrentHashMap<>();

    ActionResolver(Profile profile, ActionTable table) {
        this.profile = profile;
        this.table = table;
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
