package org.mip.deid.pixel.detect;

/** Bilinear rescaling of 8-bit views (for OCR, which reads small text better when it is larger). */
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
}
