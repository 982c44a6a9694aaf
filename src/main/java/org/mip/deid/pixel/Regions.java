package org.mip.deid.pixel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.mip.deid.profile.RedactionRule.Rectangle;

/** Rectangle arithmetic of the pixel stage. */
final class Regions {
    private Regions() {
    }

    /** The regions not wholly inside one of {@code covers}. */
    static List<Rectangle> notCoveredBy(Collection<Rectangle> regions, Collection<Rectangle> covers) {
        List<Rectangle> out = new ArrayList<>();
        for (Rectangle r : regions) {
            if (covers.stream().noneMatch(c -> contains(c, r))) {
                out.add(r);
            }
        }
        return out;
    }

    static boolean contains(Rectangle outer, Rectangle inner) {
        return inner.x() >= outer.x() && inner.y() >= outer.y()
                && (long) inner.x() + inner.width() <= (long) outer.x() + outer.width()
                && (long) inner.y() + inner.height() <= (long) outer.y() + outer.height();
    }
}
