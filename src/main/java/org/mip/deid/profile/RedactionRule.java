package org.mip.deid.profile;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.mip.dicom.Tag;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.dict.ElementDictionary;

/**
 * A CTP-style pixel redaction rule: when every header condition matches (attribute keyword →
 * regular expression matched against the whole first value, case-insensitive), the rectangles are
 * blanked in every frame. An empty condition map matches every instance.
 *
 * <p>A condition's key is a PS3.6 keyword ("Manufacturer", "Rows") or a tag ("(0019,10A2)");
 * unknown keywords are rejected when the rule is built, so a typo cannot silently match nothing.
 * The value matched is the first value of the top-level element: text trimmed of padding, binary
 * numbers (US, SS, UL, SL, FL, FD...) in decimal (Rows 480 matches "480"), and the empty string
 * when the element is absent, empty or not a simple value (so "^$" matches absence).
 */
public record RedactionRule(String name, Map<String, Pattern> conditions, List<Rectangle> rectangles) {
    public RedactionRule {
        Map<String, Pattern> checked = new HashMap<>();
        for (Map.Entry<String, Pattern> c : conditions.entrySet()) {
            tagOf(c.getKey());
            Pattern p = c.getValue();
            int flags = p.flags() | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
            checked.put(c.getKey(), p.flags() == flags ? p : Pattern.compile(p.pattern(), flags));
        }
        conditions = Map.copyOf(checked);
        rectangles = List.copyOf(rectangles);
    }

    /** A region in pixel coordinates: columns [x, x+width), rows [y, y+height). */
    public record Rectangle(int x, int y, int width, int height) {
        public Rectangle {
            if (x < 0 || y < 0 || width <= 0 || height <= 0) {
                throw new IllegalArgumentException("rectangle needs x, y >= 0 and width, height > 0");
            }
        }
    }

    /** True when every condition matches the first value of its attribute in {@code dataset}. */
    public boolean matches(Dataset dataset) {
        for (Map.Entry<String, Pattern> c : conditions.entrySet()) {
            String value = firstValue(dataset, tagOf(c.getKey()));
            if (!c.getValue().matcher(value).matches()) {
                return false;
            }
        }
        return true;
    }

    /** The rules whose conditions match {@code dataset}, in order. */
    public static List<RedactionRule> matching(List<RedactionRule> rules, Dataset dataset) {
        List<RedactionRule> out = new ArrayList<>();
        for (RedactionRule rule : rules) {
            if (rule.matches(dataset)) {
                out.add(rule);
            }
        }
        return out;
    }

    private static int tagOf(String key) {
        String k = key.trim();
        if (k.startsWith("(") || k.matches("[0-9A-Fa-f]{8}|[0-9A-Fa-f]{4},[0-9A-Fa-f]{4}")) {
            return Tag.parse(k);
        }
        return ElementDictionary.standard().tagOf(k);
    }

    /** The first value as text, as described on the class; "" when there is none. */
    static String firstValue(Dataset ds, int tag) {
        Element e = ds.get(tag);
        if (!(e instanceof ValueElement v) || v.bytes().length == 0) {
            return "";
        }
        ByteBuffer b = ByteBuffer.wrap(v.bytes()).order(ds.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int n = v.bytes().length;
        switch (v.vr()) {
            case US: return n >= 2 ? Integer.toString(b.getShort(0) & 0xFFFF) : "";
            case SS: return n >= 2 ? Integer.toString(b.getShort(0)) : "";
            case UL: return n >= 4 ? Long.toString(b.getInt(0) & 0xFFFFFFFFL) : "";
            case SL: return n >= 4 ? Integer.toString(b.getInt(0)) : "";
            case UV: return n >= 8 ? Long.toUnsignedString(b.getLong(0)) : "";
            case SV: return n >= 8 ? Long.toString(b.getLong(0)) : "";
            case FL: return n >= 4 ? decimal(Float.toString(b.getFloat(0))) : "";
            case FD: return n >= 8 ? decimal(Double.toString(b.getDouble(0))) : "";
            case AT: return n >= 4 ? Tag.toString(Tag.of(b.getShort(0) & 0xFFFF, b.getShort(2) & 0xFFFF)) : "";
            case OB: case OW: case OF: case OD: case OL: case OV: case UN: case SQ: return "";
            default:
                String s = ds.getString(tag);
                return s == null ? "" : s;
        }
    }

    /** "480.0" → "480", "1.5E-4" → "0.00015": how people write numbers in a pattern. */
    private static String decimal(String javaText) {
        try {
            return new BigDecimal(javaText).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return javaText; // NaN, Infinity
        }
    }
}
