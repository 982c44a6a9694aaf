package org.mip.deid.pixel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mip.deid.profile.RedactionRule.Rectangle;
import org.mip.dicom.data.Dataset;

/**
 * A redaction rule for a profile that blanks the regions found on one device's images: conditioned
 * on Manufacturer, Manufacturer's Model Name, Rows and Columns (what a device's screen layout
 * depends on), so that the next image of that device is cleaned by the rule before any scan. The
 * values are the device's, quoted as regular expressions; nothing of the patient is in it.
 *
 * @param name       the rule's name: device and size, as a profile name allows
 * @param conditions attribute keyword → regular expression (whole value, case-insensitive)
 * @param rectangles the regions to blank
 */
public record RuleProposal(String name, Map<String, String> conditions, List<Rectangle> rectangles) {
    private static final int MANUFACTURER = 0x00080070;
    private static final int MODEL = 0x00081090;
    private static final int ROWS = 0x00280010;
    private static final int COLUMNS = 0x00280011;

    static RuleProposal of(Dataset ds, List<Rectangle> regions) {
        Map<String, String> when = new LinkedHashMap<>();
        String manufacturer = ds.getString(MANUFACTURER);
        String model = ds.getString(MODEL);
        // "^$" matches an absent attribute: the rule stays tied to devices that do not say who they are
        when.put("Manufacturer", manufacturer == null ? "^$" : literal(manufacturer));
        when.put("ManufacturerModelName", model == null ? "^$" : literal(model));
        int rows = ds.getInt(ROWS, 0);
        int columns = ds.getInt(COLUMNS, 0);
        when.put("Rows", Integer.toString(rows));
        when.put("Columns", Integer.toString(columns));
        String name = slug((manufacturer == null ? "device" : manufacturer) + "-" + (model == null ? "" : model)) + "-"
                + columns + "x" + rows;
        return new RuleProposal(name, when, List.copyOf(regions));
    }

    /** {@code s} as a regular expression matching only itself: its metacharacters escaped one by one (readable, unlike \Q..\E). */
    static String literal(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            if ("\\.^$|?*+()[]{}".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** The rule as YAML, to paste under {@code redaction:} in a profile (docs/PROFILES.md). */
    public String yaml() {
        StringBuilder y = new StringBuilder();
        y.append("  - name: ").append(name).append('\n');
        y.append("    when:\n");
        for (Map.Entry<String, String> c : conditions.entrySet()) {
            y.append("      ").append(c.getKey()).append(": ").append(quoted(c.getValue())).append('\n');
        }
        y.append("    rectangles:\n");
        for (Rectangle r : rectangles) {
            y.append("      - {x: ").append(r.x()).append(", y: ").append(r.y()).append(", width: ").append(r.width())
                    .append(", height: ").append(r.height()).append("}\n");
        }
        return y.toString();
    }

    private static String quoted(String v) {
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Letters, digits, '.', '_' and '-' only, as a rule name (profile names allow no more). */
    static String slug(String s) {
        String out = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("-{2,}", "-")
                .replaceAll("^-|-$", "");
        if (out.isEmpty() || !Character.isLetterOrDigit(out.charAt(0))) {
            out = "device" + (out.isEmpty() ? "" : "-" + out);
        }
        return out.length() > 48 ? out.substring(0, 48) : out;
    }
}
