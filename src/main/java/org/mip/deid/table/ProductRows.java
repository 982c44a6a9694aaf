package org.mip.deid.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mip.dicom.dict.ElementDictionary;
import org.mip.dicom.dict.ResourceLines;

/**
 * The product's own rows beside PS3.15 Table E.1-1, written by hand as data with a reason each
 * (docs/STANDARD_TABLES.md):
 * <ul>
 * <li>{@code supplement.txt}: identifying attributes the table does not list, each with the action
 *     codes of its closest listed kin ({@link #supplement()}, rows of the same shape as the table's);</li>
 * <li>{@code structural.txt}: attributes of a text VR the table does not list that hold codes, defined
 *     terms, product names or acquisition parameters rather than free text, which the default for
 *     unlisted text keeps ({@link #structural()}).</li>
 * </ul>
 * Both are keyed by tag, looked up in the PS3.6 dictionary; a keyword it does not know fails the load.
 */
public final class ProductRows {
    static final String SUPPLEMENT = "supplement.txt";
    static final String STRUCTURAL = "structural.txt";
    /** The kind of allow-list row kept except in cleaned content. */
    static final String MEANING = "meaning:";
    /** The action codes Table E.1-1 uses; a supplement row must be written with one of them. */
    private static final java.util.Set<String> CODES = java.util.Set.of("X", "Z", "D", "K", "C", "U", "X/Z", "X/D",
            "Z/D", "X/Z/D", "X/Z/U*");

    private final Map<Integer, ActionTable.Row> supplement = new LinkedHashMap<>();
    private final Map<Integer, String> supplementReasons = new LinkedHashMap<>();
    private final Map<Integer, String> structural = new LinkedHashMap<>();

    private ProductRows() {
    }

    /** The rows shipped in the jar; parsed on first use. */
    public static ProductRows standard() {
        return Standard.INSTANCE;
    }

    private static final class Standard {
        static final ProductRows INSTANCE = load();

        private static ProductRows load() {
            try {
                return parse(ResourceLines.read(ProductRows.class, SUPPLEMENT),
                        ResourceLines.read(ProductRows.class, STRUCTURAL), ElementDictionary.standard());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the product's rows", e);
            }
        }
    }

    /** The supplement rows by tag, in file order, shaped like the table's (name from the dictionary). */
    public Map<Integer, ActionTable.Row> supplement() {
        return Collections.unmodifiableMap(supplement);
    }

    /** Why each supplement row is there, by tag. */
    public Map<Integer, String> supplementReasons() {
        return Collections.unmodifiableMap(supplementReasons);
    }

    /** The structural unlisted attributes by tag, in file order, with their reasons. */
    public Map<Integer, String> structural() {
        return Collections.unmodifiableMap(structural);
    }

    /** Whether {@code tag} is on the allow list of structural unlisted attributes. */
    public boolean isStructural(int tag) {
        return structural.containsKey(tag);
    }

    /**
     * Whether the default keeps {@code tag} as structural here: every allow-list row, except a row of
     * kind {@code meaning:} (Code Meaning) inside a sequence a Clean option cleans, where its text is
     * cleaned like any other (it is the one human-readable part of a code).
     */
    public boolean keepsAsStructural(int tag, boolean cleaning) {
        String reason = structural.get(tag);
        return reason != null && !(cleaning && reason.startsWith(MEANING));
    }

    /**
     * Parses both files: supplement lines are {@code keyword action options reason}, structural lines
     * {@code keyword reason} (the reason is the rest of the line).
     */
    static ProductRows parse(String supplementText, String structuralText, ElementDictionary dict) throws IOException {
        ProductRows p = new ProductRows();
        for (String line : rows(supplementText, SUPPLEMENT)) {
            String[] f = ResourceLines.split(line, 4);
            int tag = tagOf(f[0], dict, SUPPLEMENT);
            if (!CODES.contains(f[1])) {
                throw new IOException(SUPPLEMENT + ": " + f[0] + " has action \"" + f[1] + "\"; allowed: " + new java.util.TreeSet<>(CODES));
            }
            java.util.Map<org.mip.deid.DeidOption, String> options;
            try {
                options = ActionTable.parseOptions(f[2]);
            } catch (IOException e) {
                throw new IOException(SUPPLEMENT + ": " + f[0] + ": " + e.getMessage(), e);
            }
            ActionTable.Row row = new ActionTable.Row(tag, String.format("%08X", tag), f[0],
                    dict.lookup(tag).orElseThrow().name(), f[1], options, true);
            if (p.supplement.put(tag, row) != null) {
                throw new IOException(SUPPLEMENT + ": " + f[0] + " given twice");
            }
            p.supplementReasons.put(tag, f[3]);
        }
        for (String line : rows(structuralText, STRUCTURAL)) {
            String[] f = ResourceLines.split(line, 2);
            if (p.structural.put(tagOf(f[0], dict, STRUCTURAL), f[1]) != null) {
                throw new IOException(STRUCTURAL + ": " + f[0] + " given twice");
            }
        }
        return p;
    }

    /** The data lines, checked against the {@code # rows:} header so a truncated file fails. */
    private static java.util.List<String> rows(String text, String name) throws IOException {
        java.util.List<String> lines = new java.util.ArrayList<>();
        int declared = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                if (line.startsWith(ResourceLines.ROWS)) {
                    declared = Integer.parseInt(line.substring(ResourceLines.ROWS.length()).trim());
                }
            } else if (!line.isBlank()) {
                lines.add(line);
            }
        }
        if (declared != lines.size()) {
            throw new IOException(name + " declares " + declared + " rows but holds " + lines.size());
        }
        return lines;
    }

    private static int tagOf(String keyword, ElementDictionary dict, String name) throws IOException {
        return dict.byKeyword(keyword).map(ElementDictionary.Entry::tag)
                .orElseThrow(() -> new IOException(name + ": \"" + keyword + "\" is not a keyword of the PS3.6 dictionary"));
    }
}
