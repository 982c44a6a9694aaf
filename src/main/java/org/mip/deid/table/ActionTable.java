package org.mip.deid.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mip.deid.DeidOption;
import org.mip.dicom.dict.ResourceLines;
import org.mip.dicom.dict.TagPattern;

/**
 * PS3.15 Table E.1-1 (the Basic Application Level Confidentiality Profile and its option columns),
 * loaded once from the generated resource {@code actions.txt} (format: {@link ActionTableGenerator}).
 * {@link #row(int)} finds the row of a public tag (exact, then the masks {@code 50xxxxxx},
 * {@code 60xx3000}, {@code 60xx4000}); the {@code ggggeeee} Private Attributes row applies to
 * private elements as a class and is only returned by {@link #privateAttributesRow()}.
 */
public final class ActionTable {

    static final String RESOURCE = "actions.txt";
    /** The pattern of the Private Attributes row. */
    public static final String PRIVATE_ATTRIBUTES = "ggggeeee";

    /**
     * One row of Table E.1-1.
     *
     * @param tag          the tag with a mask's x read as 0; -1 for {@code ggggeeee}
     * @param pattern      the tag as published ({@code 0020000D}, {@code 60xx3000}, {@code ggggeeee})
     * @param keyword      the keyword, empty for {@code 50xxxxxx} and {@code ggggeeee}
     * @param name         the attribute name as Table E.1-1 writes it
     * @param basicAction  the Basic Profile action code, verbatim: {@code X}, {@code Z/D}, {@code X/Z/U*}...
     * @param options      the option columns with an entry (K, C...); an absent option means the
     *                     basic action applies under it
     * @param inStdCompIod the table's "In Std. Comp. IOD" flag
     */
    public record Row(int tag, String pattern, String keyword, String name, String basicAction,
                      Map<DeidOption, String> options, boolean inStdCompIod) {

        public Optional<String> option(DeidOption option) {
            return Optional.ofNullable(options.get(option));
        }
    }

    private final List<Row> rows;
    private final Map<Integer, Row> exact = new HashMap<>();
    private final List<Row> maskRows = new ArrayList<>();
    private final List<TagPattern> masks = new ArrayList<>();
    private final Row privateAttributes;

    private ActionTable(List<Row> rows) throws IOException {
        this.rows = Collections.unmodifiableList(rows);
        Row priv = null;
        for (Row r : rows) {
            if (r.pattern().equals(PRIVATE_ATTRIBUTES)) {
                priv = r;
                continue;
            }
            TagPattern p = TagPattern.parse(r.pattern());
            if (p.isExact()) {
                exact.put(r.tag(), r);
            } else {
                maskRows.add(r);
                masks.add(p);
            }
        }
        if (priv == null) {
            throw new IOException("no " + PRIVATE_ATTRIBUTES + " row");
        }
        this.privateAttributes = priv;
    }

    /** The table of the edition the resource was generated from; parsed on first use. */
    public static ActionTable standard() {
        return Standard.INSTANCE;
    }

    private static final class Standard {
        static final ActionTable INSTANCE = loadResource();

        private static ActionTable loadResource() {
            try {
                return parse(ResourceLines.read(ActionTable.class, RESOURCE));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }

    /** Parses the resource format written by {@link ActionTableGenerator}. */
    static ActionTable parse(String text) throws IOException {
        List<Row> rows = new ArrayList<>(640);
        int declared = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                if (line.startsWith(ResourceLines.ROWS)) {
                    declared = Integer.parseInt(line.substring(ResourceLines.ROWS.length()).trim());
                }
                continue;
            }
            String[] f = ResourceLines.split(line, 6);
            int tag = f[0].equals(PRIVATE_ATTRIBUTES) ? -1 : TagPattern.parse(f[0]).base();
            rows.add(new Row(tag, f[0], ResourceLines.field(f[4]), ResourceLines.field(f[5]), f[1],
                    parseOptions(f[2]), f[3].equals("Y")));
        }
        if (declared != rows.size()) {
            throw new IOException("resource declares " + declared + " rows but holds " + rows.size());
        }
        return new ActionTable(rows);
    }

    /** "113110=K,113109=C" → {RETAIN_UIDS=K, RETAIN_DEVICE_IDENTITY=C}; "-" → {}. */
    static Map<DeidOption, String> parseOptions(String field) throws IOException {
        Map<DeidOption, String> options = new EnumMap<>(DeidOption.class);
        if (!field.equals(ResourceLines.EMPTY)) {
            for (String pair : field.split(",")) {
                int eq = pair.indexOf('=');
                String code = eq > 0 ? pair.substring(0, eq) : pair;
                DeidOption option = DeidOption.ofCode(code)
                        .orElseThrow(() -> new IOException("unknown option code in \"" + field + "\""));
                options.put(option, pair.substring(eq + 1));
            }
        }
        return Collections.unmodifiableMap(options);
    }

    /** Every row, in the table's order, including {@code 50xxxxxx} and {@code ggggeeee}. */
    public List<Row> rows() {
        return rows;
    }

    /** The row for a public tag; empty for private elements (see {@link #privateAttributesRow()}) and unlisted tags. */
    public Optional<Row> row(int tag) {
        Row r = exact.get(tag);
        if (r != null) {
            return Optional.of(r);
        }
        for (int i = 0; i < masks.size(); i++) {
            if (masks.get(i).matches(tag)) {
                return Optional.of(maskRows.get(i));
            }
        }
        return Optional.empty();
    }

    /** The {@code ggggeeee} row: what the profile does with private attributes as a class. */
    public Row privateAttributesRow() {
        return privateAttributes;
    }
}
