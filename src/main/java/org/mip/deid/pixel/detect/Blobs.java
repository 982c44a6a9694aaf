package org.mip.deid.pixel.detect;

import java.util.ArrayList;
import java.util.List;

/** 8-connected components of a binary mask, with what the text-likeness detector measures on each. */
final class Blobs {

    /** One connected component; coordinates in the raster it was found in. */
    static final class Blob {
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        int area;
        /** Pixels of the blob with a 4-neighbour outside it: twice the stroke length, roughly. */
        int edge;
        /** The strongest top-hat response in the blob: its contrast against what surrounds it. */
        int peak;
        /** The text's own grey: the brightest pixel of a light blob, 255 minus the darkest of a dark one. */
        int extreme;
        /** Already part of an accepted line of text. */
        boolean taken;

        int width() {
            return x1 - x0 + 1;
        }

        int height() {
            return y1 - y0 + 1;
        }

        /** Mean stroke width: area over half the boundary length. */
        double strokeWidth() {
            return 2.0 * area / Math.max(1, edge);
        }

        double fill() {
            return (double) area / ((double) width() * height());
        }
    }

    private Blobs() {
    }

    /**
     * Labels the mask (8-connected); components of more than {@code maxArea} pixels are left out of the answer.
     *
     * @param gray the raster the mask comes from; {@code dark}: the mask marks dark strokes
     */
    static List<Blob> label(boolean[] mask, int[] response, byte[] gray, boolean dark, int w, int h, int maxArea) {
        int[] label = new int[w * h];
        int[] stack = new int[Math.min(w * h, 1 << 16)];
        List<Blob> out = new ArrayList<>();
        int next = 0;
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || label[start] != 0) {
                continue;
            }
            next++;
            Blob b = new Blob();
            int sp = 0;
            stack[sp++] = start;
            label[start] = next;
            while (sp > 0) {
                int p = stack[--sp];
                int x = p % w;
                int y = p / w;
                b.area++;
                b.x0 = Math.min(b.x0, x);
                b.x1 = Math.max(b.x1, x);
                b.y0 = Math.min(b.y0, y);
                b.y1 = Math.max(b.y1, y);
                b.peak = Math.max(b.peak, response[p]);
                int g = gray[p] & 0xFF;
                b.extreme = Math.max(b.extreme, dark ? 255 - g : g);
                if (x == 0 || y == 0 || x == w - 1 || y == h - 1 || !mask[p - 1] || !mask[p + 1] || !mask[p - w]
                        || !mask[p + w]) {
                    b.edge++;
                }
                for (int dy = -1; dy <= 1; dy++) {
                    int ny = y + dy;
                    if (ny < 0 || ny >= h) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        if (nx < 0 || nx >= w) {
                            continue;
                        }
                        int q = ny * w + nx;
                        if (mask[q] && label[q] == 0) {
                            label[q] = next;
                            if (sp == stack.length) {
                                stack = java.util.Arrays.copyOf(stack, stack.length * 2);
                            }
                            stack[sp++] = q;
                        }
                    }
                }
            }
            if (b.area <= maxArea) {
                out.add(b);
            }
        }
        return out;
    }
}
