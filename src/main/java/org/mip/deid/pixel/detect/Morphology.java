package org.mip.deid.pixel.detect;

/**
 * Grey-level morphology on 8-bit rasters with a square structuring element: separable running
 * minimum and maximum (van Herk / Gil-Werman, three comparisons per pixel whatever the size).
 */
final class Morphology {

    private Morphology() {
    }

    /**
     * The white and black top-hats of a raster for a square of side {@code 2 * radius + 1}: how much
     * each pixel stands above its opening (thin bright strokes) and below its closing (thin dark strokes).
     * Structures wider than the square in both directions give nothing, so smooth anatomy and large
     * flat areas vanish and strokes narrower than the square remain.
     */
    static void topHats(byte[] src, int w, int h, int radius, int[] white, int[] black) {
        int n = w * h;
        int[] img = new int[n];
        for (int i = 0; i < n; i++) {
            img[i] = src[i] & 0xFF;
        }
        int[] tmp = new int[n];
        int[] opened = new int[n];
        int[] closed = new int[n];
        // opening = dilate(erode(img)); closing = erode(dilate(img))
        filter(img, tmp, w, h, radius, false);
        filter(tmp, opened, w, h, radius, true);
        filter(img, tmp, w, h, radius, true);
        filter(tmp, closed, w, h, radius, false);
        for (int i = 0; i < n; i++) {
            white[i] = img[i] - opened[i];
            black[i] = closed[i] - img[i];
        }
    }

    /** A square minimum (max = false) or maximum filter of the given radius, borders replicated. */
    static void filter(int[] in, int[] out, int w, int h, int radius, boolean max) {
        int[] mid = new int[in.length];
        int len = Math.max(w, h);
        int[] line = new int[len];
        int[] res = new int[len];
        int[] g = new int[len + 2 * radius + 1];
        int[] hh = new int[len + 2 * radius + 1];
        for (int y = 0; y < h; y++) {
            System.arraycopy(in, y * w, line, 0, w);
            run(line, res, w, radius, max, g, hh);
            System.arraycopy(res, 0, mid, y * w, w);
        }
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                line[y] = mid[y * w + x];
            }
            run(line, res, h, radius, max, g, hh);
            for (int y = 0; y < h; y++) {
                out[y * w + x] = res[y];
            }
        }
    }

    /** van Herk / Gil-Werman running min or max over windows of 2r+1 of a line of n values. */
    private static void run(int[] line, int[] out, int n, int r, boolean max, int[] g, int[] h) {
        int k = 2 * r + 1;
        int m = n + 2 * r;
        // padded[i] = line[clamp(i - r)]
        for (int i = 0; i < m; i++) {
            int v = line[Math.max(0, Math.min(n - 1, i - r))];
            if (i % k == 0) {
                g[i] = v;
            } else {
                g[i] = max ? Math.max(g[i - 1], v) : Math.min(g[i - 1], v);
            }
        }
        for (int i = m - 1; i >= 0; i--) {
            int v = line[Math.max(0, Math.min(n - 1, i - r))];
            if (i == m - 1 || (i + 1) % k == 0) {
                h[i] = v;
            } else {
                h[i] = max ? Math.max(h[i + 1], v) : Math.min(h[i + 1], v);
            }
        }
        for (int x = 0; x < n; x++) {
            // window [x, x + 2r] in padded coordinates
            int a = h[x];
            int b = g[x + 2 * r];
            out[x] = max ? Math.max(a, b) : Math.min(a, b);
        }
    }
}
