package org.mip.deid.pixel.detect;

import java.util.Arrays;

/**
 * Rescaling of 8-bit views: bilinear (for OCR, which reads small text better when it is larger), and by
 * whole factors to the mean (for text-likeness on large text).
 */
final class Resample {

    private Resample() {
    }

    /** The view scaled by {@code factor} (the same object when the factor is 1). */
    static Gray8 scale(Gray8 in, double factor) {
        if (factor == 1) {
            return in;
        }
        int w = in.width();
        int h = in.height();
        int ow = Math.max(1, (int) Math.round(w * factor));
        int oh = Math.max(1, (int) Math.round(h * factor));
        byte[] src = in.pixels();
        byte[] out = new byte[ow * oh];
        double sx = (double) w / ow;
        double sy = (double) h / oh;
        int[] x0 = new int[ow];
        int[] x1 = new int[ow];
        int[] fx = new int[ow];
        for (int x = 0; x < ow; x++) {
            double p = Math.max(0, (x + 0.5) * sx - 0.5);
            x0[x] = Math.min(w - 1, (int) p);
            x1[x] = Math.min(w - 1, x0[x] + 1);
            fx[x] = (int) Math.round((p - x0[x]) * 256);
        }
        for (int y = 0; y < oh; y++) {
            double p = Math.max(0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min(h - 1, (int) p);
            int y1 = Math.min(h - 1, y0 + 1);
            int fy = (int) Math.round((p - y0) * 256);
            int r0 = y0 * w;
            int r1 = y1 * w;
            int o = y * ow;
            for (int x = 0; x < ow; x++) {
                int a = src[r0 + x0[x]] & 0xFF;
                int b = src[r0 + x1[x]] & 0xFF;
                int c = src[r1 + x0[x]] & 0xFF;
                int d = src[r1 + x1[x]] & 0xFF;
                int top = a * (256 - fx[x]) + b * fx[x];
                int bottom = c * (256 - fx[x]) + d * fx[x];
                out[o + x] = (byte) ((top * (256 - fy) + bottom * fy + (1 << 15)) >> 16);
            }
        }
        return new Gray8(ow, oh, out);
    }

    /**
     * The view reduced by {@code f} in both directions, each pixel the mean of an f x f square (a last
     * partial row or column dropped): every pixel counts, so a stroke thinner than f fades instead of
     * being kept or lost by where the samples fall.
     */
    static Gray8 mean(Gray8 image, int f) {
        int w = image.width() / f;
        int h = image.height() / f;
        byte[] in = image.pixels();
        byte[] out = new byte[w * h];
        int[] sums = new int[w];
        int half = f * f / 2;
        for (int y = 0; y < h; y++) {
            Arrays.fill(sums, 0);
            for (int dy = 0; dy < f; dy++) {
                int row = (y * f + dy) * image.width();
                for (int x = 0; x < w; x++) {
                    int i = row + x * f;
                    for (int dx = 0; dx < f; dx++) {
                        sums[x] += in[i + dx] & 0xFF;
                    }
                }
            }
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (byte) ((sums[x] + half) / (f * f));
            }
        }
        return new Gray8(w, h, out);
    }
}
