package org.mip.dicom.codec;

/**
 * The YCbCr &lt;-&gt; RGB conversion of JFIF (ITU-T T.871), which is the one PS3.3 C.7.6.3.1.2 gives
 * for YBR_FULL, in the 16-bit fixed point with round-to-nearest that IJG libjpeg (and so dcmtk
 * and the JDK) uses, so decoded colour matches theirs to the unit. Works at any precision: the
 * chroma centre is half the range.
 */
final class YCbCr {
    private static final int SCALE = 16;
    private static final int HALF = 1 << (SCALE - 1);
    private static final int CR_R = fix(1.40200);
    private static final int CB_B = fix(1.77200);
    private static final int CR_G = fix(0.71414);
    private static final int CB_G = fix(0.34414);

    private YCbCr() {
    }

    private static int fix(double x) {
        return (int) (x * (1L << SCALE) + 0.5);
    }

    /** Converts Y, Cb, Cr of {@code precision} bits into R, G, B, each clamped to the range. */
    static void toRgb(int y, int cb, int cr, int precision, int[] rgb) {
        int max = (1 << precision) - 1;
        int center = 1 << (precision - 1);
        int b = cb - center;
        int r = cr - center;
        rgb[0] = clamp(y + ((CR_R * r + HALF) >> SCALE), max);
        rgb[1] = clamp(y + ((-CB_G * b - CR_G * r + HALF) >> SCALE), max);
        rgb[2] = clamp(y + ((CB_B * b + HALF) >> SCALE), max);
    }

    private static int clamp(int v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }
}
