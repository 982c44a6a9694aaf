package org.mip.deid.pixel.detect;

import java.util.List;

/**
 * How much of a text's ink lies inside the boxes found or blanked: the ink pixels (coverage of at
 * least {@code minimum}, 0-255, in a frame {@code width} pixels wide) and how many of them some box holds.
 */
record InkCoverage(int ink, int inside) {

    static InkCoverage of(byte[] coverage, int width, int minimum, List<TextBox> boxes) {
        int ink = 0;
        int inside = 0;
        for (int i = 0; i < coverage.length; i++) {
            if ((coverage[i] & 0xFF) < minimum) {
                continue;
            }
            ink++;
            int x = i % width;
            int y = i / width;
            for (TextBox b : boxes) {
                if (b.x() <= x && x < b.right() && b.y() <= y && y < b.bottom()) {
                    inside++;
                    break;
                }
            }
        }
        return new InkCoverage(ink, inside);
    }

    /** The ink pixels no box holds. */
    int left() {
        return ink - inside;
    }

    /** The share of the ink inside the boxes. */
    double share() {
        return (double) inside / ink;
    }
}
