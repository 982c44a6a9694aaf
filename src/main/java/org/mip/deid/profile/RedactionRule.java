package org.mip.deid.profile;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A CTP-style pixel redaction rule: when every header condition matches (attribute keyword →
 * regular expression matched against the whole first value, case-insensitive), the rectangles are
 * blanked in every frame. An empty condition map matches every instance.
 */
public record RedactionRule(String name, Map<String, Pattern> conditions, List<Rectangle> rectangles) {
    public RedactionRule {
        conditions = Map.copyOf(conditions);
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
}
