package org.mip.deid.pixel.detect;

import java.util.ArrayList;
import java.util.List;
import org.mip.deid.pixel.PaletteTables;
import org.mip.deid.pixel.RedactionException;
import org.mip.deid.pixel.RedactionException.Reason;

/**
 * The 8-bit views of a frame that the detectors scan. Text is burned in at whatever value the device
 * chose, so one view is not enough:
 *
 * <ul>
 * <li>{@link Kind#DISPLAY}: what a viewer shows. Grayscale: the rescaled values through the first VOI
 *     window when there is one, else (more than 8 bits stored, or rescaled) through the 0.5th-99.5th
 *     percentiles of the frame (so one hot pixel does not flatten the image; text above them saturates
 *     to white); 8 bits without a window as they are. MONOCHROME1 inverted.
 *     Colour: luma (BT.601); YBR: the Y sample; PALETTE COLOR: luma of the palette entry.</li>
 * <li>{@link Kind#FULL_RANGE} (grayscale, only when the display view clips values or squeezes them into
 *     fewer than 32 of its grey levels): the frame's own minimum to maximum, linearly. A label at 4095 in
 *     a CT shown with window 40/400 is white on white over bone in the display view; here it stands
 *     above everything else.</li>
 * <li>{@link Kind#COLOR_VALUE} (colour with chroma only): the largest of R, G and B. Saturated text
 *     (pure blue, red on green) has little luma contrast but stands out here.</li>
 * <li>{@link Kind#COLOR_MIN} (colour with chroma only): the smallest of R, G and B. Light saturated
 *     text on a light background (yellow on a pale microscopy slide: 7-15 levels of luma, 150 of blue)
 *     stands out here, dark.</li>
 * <li>{@link Kind#EXACT_VALUE} (grayscale, more than 8 bits stored): the pixels at one stored value,
 *     white, all others black, for each value far more frequent than its neighbours
 *     ({@link #spikes}). A device burns text at one value; anatomy, with its noise, spreads over
 *     thousands. A mid-grey label over mid-grey anatomy has little contrast in any mapped view (a
 *     probe, 2026-12-07: a 40 px label at 32767 over a CR chest without a window was blanked in part,
 *     "DUBO" and "ID 791446" left legible), but here it is the only thing drawn.</li>
 * <li>{@link Kind#FAINT_EXTREME} (grayscale, more than 8 bits stored): a window from the frame's
 *     minimum or maximum to the ground around it, where a label drawn at that extreme over a ground
 *     near it is faint in every other view ({@link FaintExtremes}).</li>
 * </ul>
 */
public final class GrayViews {
    /** Below this share of pixels at each end the display view's percentiles cut (0.5 %). */
    static final double CLIP_FRACTION = 0.005;
    /**
     * The largest frame the views are made of (about 6 bytes per pixel are held while they are made:
     * 240 MB at this size). A larger frame (no modality has one; whole-slide images come in tiles)
     * is refused rather than risk running the heap out.
     */
    public static final long MAX_PIXELS = 40_000_000L;

    /** Which mapping a view shows. */
    public enum Kind { DISPLAY, FULL_RANGE, COLOR_VALUE, COLOR_MIN, EXACT_VALUE, FAINT_EXTREME }

    /** One view of a frame. */
    public record View(Kind kind, Gray8 image) {
    }

    private GrayViews() {
    }

    /** Every view worth scanning for this frame: DISPLAY first, then those of the other kinds that add something. */
    public static List<View> of(byte[] frame, FrameDescription d) throws RedactionException {
        check(frame, d);
        List<View> views = new ArrayList<>(4);
        if (d.photometric().equals(FrameDescription.PALETTE_COLOR) && d.palette() != null) {
            views.add(new View(Kind.DISPLAY, new Gray8(d.columns(), d.rows(), paletteLuma(Samples.read(frame, d), d.palette()))));
        } else if (!d.color()) {
            // Grayscale, and PALETTE COLOR without readable tables (the index shown as grey).
            Samples s = Samples.read(frame, d);
            double[] display = displayRange(s, d);
            views.add(new View(Kind.DISPLAY, map(s, d, display[0], display[1], monochrome1(d))));
            double lo = d.rescaleSlope() * s.min + d.rescaleIntercept();
            double hi = d.rescaleSlope() * s.max + d.rescaleIntercept();
            double fullLo = Math.min(lo, hi);
            double fullHi = Math.max(lo, hi);
            double step = (display[1] - display[0]) / 255; // one grey level of the display view
            // Values beyond the display range, or squeezed into a few of its grey levels (a window far wider than
            // the values, a Rescale Slope of 0.0001: a probe's name at stored value 1500 on a CT showed nothing
            // through its window, 2026-12-07); a frame of a handful of stored values is noise, not squeezed text.
            boolean squeezed = fullHi - fullLo < SQUEEZED_LEVELS * step && s.max - s.min >= SQUEEZED_MIN_VALUES;
            if (fullLo < display[0] - step || fullHi > display[1] + step || squeezed) {
                views.add(new View(Kind.FULL_RANGE, map(s, d, fullLo, fullHi, monochrome1(d))));
            }
            if (d.bitsStored() > 8) {
                List<Gray8> mapped = views.stream().map(View::image).toList();
                for (long v : spikes(s, d.columns())) {
                    views.add(new View(Kind.EXACT_VALUE, exactly(s, d, v)));
                }
                for (Gray8 view : FaintExtremes.views(s, d, mapped)) {
                    views.add(new View(Kind.FAINT_EXTREME, view));
                }
            }
        } else {
            ColorPlanes c = ColorPlanes.read(frame, d);
            views.add(new View(Kind.DISPLAY, new Gray8(d.columns(), d.rows(), c.luma)));
            if (c.value != null) {
                views.add(new View(Kind.COLOR_VALUE, new Gray8(d.columns(), d.rows(), c.value)));
                views.add(new View(Kind.COLOR_MIN, new Gray8(d.columns(), d.rows(), c.minimum)));
            }
        }
        return views;
    }

    /** The display view only. */
    public static Gray8 display(byte[] frame, FrameDescription d) throws RedactionException {
        return of(frame, d).get(0).image();
    }

    private static void check(byte[] frame, FrameDescription d) throws RedactionException {
        if ((long) d.rows() * d.columns() > MAX_PIXELS) {
            throw new RedactionException(Reason.REDACTION_UNSUPPORTED_PIXEL_FORMAT, "a frame of " + d.columns() + "x"
                    + d.rows() + " pixels is larger than text detection handles (" + MAX_PIXELS + " pixels)");
        }
        if (frame.length < d.frameLength()) {
            throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, "the frame holds " + frame.length
                    + " bytes; Rows, Columns, Samples per Pixel and Bits Allocated describe " + d.frameLength());
        }
    }

    private static boolean monochrome1(FrameDescription d) {
        return d.photometric().equals(FrameDescription.MONOCHROME1);
    }

    /** The display range in rescaled units: the window's, or the percentiles' (min-max when they coincide). */
    static double[] displayRange(Samples s, FrameDescription d) {
        if (d.window() != null) {
            // PS3.3 C.11.2.1.2.1: values up to c - 0.5 - (w-1)/2 are black, above c - 0.5 + (w-1)/2 white.
            double c = d.window().center();
            double w = d.window().width();
            double lo = c - 0.5 - (w - 1) / 2;
            double hi = c - 0.5 + (w - 1) / 2;
            return new double[] {lo, Math.max(hi, lo + 1)};
        }
        if (d.bitsStored() <= 8 && !d.signed() && d.rescaleSlope() == 1 && d.rescaleIntercept() == 0) {
            // 8-bit grey without a window: its values are the grey levels a viewer shows, as colour's luma
            // is. Stretched to its percentiles, the speckle of an ultrasound sector rose to the contrast of
            // text, and the check after blanking kept finding it (a probe, 2026-12-07: 14 of 30 grayscale
            // ultrasound instances quarantined BURNED_IN_TEXT_REMAINS, 1 of the same pixels as RGB).
            return new double[] {0, d.maxStored()};
        }
        long pLo = s.percentile(CLIP_FRACTION);
        long pHi = s.percentile(1 - CLIP_FRACTION);
        if (pHi <= pLo) {
            pLo = s.min;
            pHi = Math.max(s.max, s.min + 1);
        }
        double a = d.rescaleSlope() * pLo + d.rescaleIntercept();
        double b = d.rescaleSlope() * pHi + d.rescaleIntercept();
        return new double[] {Math.min(a, b), Math.max(a, b)};
    }

    /** A frame whose values span fewer grey levels of the display view than this is seen stretched too... */
    static final int SQUEEZED_LEVELS = 32;
    /** ...when it holds at least this many stored values. */
    static final int SQUEEZED_MIN_VALUES = 16;

    /** Spikes looked for at most, the largest first: a label block is drawn in one or two values. */
    static final int MAX_SPIKES = 2;
    /** A spike holds at least this many pixels (a 9 px line of text holds a few hundred)... */
    static final int SPIKE_MIN_PIXELS = 64;
    /** ...this many times the mean count of the nearest values that occur ({@link #nearestMean})... */
    static final int SPIKE_FACTOR = 8;
    static final int SPIKE_SPAN = 16;
    /** ...and at most this share of the frame (a background or a collimated border is no text). */
    static final double SPIKE_MAX_FRACTION = 0.05;
    /** ...and at least this share of its pixels touch another at the same value ({@link #joinedPixels}). */
    static final double SPIKE_MIN_JOINED = 0.7;

    /**
     * The stored values far more frequent than the values around them (see {@link Kind#EXACT_VALUE}),
     * the largest spike first. The frame's own minimum and maximum are never one: text there is the
     * darkest or brightest thing in the full-range view already (a label at 4095 is the common case;
     * a view of it cost the project's corpus 1.43 times the text-likeness CPU, median, for nothing
     * found), and the redactor blanks with the extreme of the stored range, so blanked boxes are never
     * taken for text in verification. Where a label there is faint (over a ground near the extreme),
     * {@link FaintExtremes} gives it a view of its own.
     */
    static List<Long> spikes(Samples s, int width) {
        List<long[]> found = new ArrayList<>();
        if (s.binWidth != 1) {
            return List.of();
        }
        int[] h = s.histogram;
        long most = (long) (SPIKE_MAX_FRACTION * s.values.length);
        int[] candidate = new int[h.length];
        java.util.Arrays.fill(candidate, -1);
        for (int i = 0; i < h.length; i++) {
            if (h[i] < SPIKE_MIN_PIXELS || h[i] > most || i == 0 || i == h.length - 1) {
                continue;
            }
            if (h[i] > SPIKE_FACTOR * nearestMean(h, i)) {
                candidate[i] = found.size();
                found.add(new long[] {s.min + i, h[i]});
            }
        }
        if (found.isEmpty()) {
            return List.of();
        }
        int[] joined = joinedPixels(s, width, candidate, found.size());
        found.removeIf(f -> joined[candidate[(int) (f[0] - s.min)]] < SPIKE_MIN_JOINED * f[1]);
        found.sort((a, b) -> Long.compare(b[1], a[1]));
        List<Long> out = new ArrayList<>(MAX_SPIKES);
        for (int i = 0; i < Math.min(MAX_SPIKES, found.size()); i++) {
            out.add(found.get(i)[0]);
        }
        return out;
    }

    /**
     * For each candidate value, its pixels with a 4-neighbour at the same value. Strokes drawn at one
     * value touch themselves; a value that is frequent because the frame's noise is quantised (a
     * nuclear medicine frame of a few counts per pixel, scaled to 16 bits: every pixel of the
     * background at one of a few values, each a spike beside empty neighbours) is scattered over the
     * frame, and its view was a field of dots that the detectors took for lines of text (a probe,
     * 2026-12-07: 26-37 % of 128x128 NM frames without text blanked). Measured: the lines of text of
     * fonts from 8 px, anti-aliased or not, 0.90-1.00 of their pixels joined; that probe's quantised
     * noise 0.12-0.62 (denser where the background is dark).
     */
    static int[] joinedPixels(Samples s, int width, int[] candidate, int candidates) {
        int[] joined = new int[candidates];
        int[] v = s.values;
        int rows = v.length / width;
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                int c = candidate[(int) (s.value(i) - s.min)];
                if (c >= 0 && (x > 0 && v[i - 1] == v[i] || x + 1 < width && v[i + 1] == v[i]
                        || y > 0 && v[i - width] == v[i] || y + 1 < rows && v[i + width] == v[i])) {
                    joined[c]++;
                }
            }
        }
        return joined;
    }

    /**
     * The mean count of the {@value #SPIKE_SPAN} nearest values on either side that occur at all (0
     * when none does). Only values that occur: a frame scaled up from fewer bits uses every 16th or
     * 257th value, and each of them would tower over its empty neighbours.
     */
    static double nearestMean(int[] h, int i) {
        long sum = 0;
        int n = 0;
        for (int step = -1; step <= 1; step += 2) {
            for (int j = i + step, taken = 0; j >= 0 && j < h.length && taken < SPIKE_SPAN; j += step) {
                if (h[j] > 0) {
                    sum += h[j];
                    taken++;
                    n++;
                }
            }
        }
        return n == 0 ? 0 : (double) sum / n;
    }

    /** White where the stored value is {@code v}, black elsewhere. */
    private static Gray8 exactly(Samples s, FrameDescription d, long v) {
        byte[] out = new byte[s.values.length];
        int stored = (int) (v - s.offset);
        for (int i = 0; i < out.length; i++) {
            out[i] = s.values[i] == stored ? (byte) 255 : 0;
        }
        return new Gray8(d.columns(), d.rows(), out);
    }

    /** Rescaled values from lo (black) to hi (white), clamped; inverted for MONOCHROME1. */
    static Gray8 map(Samples s, FrameDescription d, double lo, double hi, boolean invert) {
        double scale = 255.0 / Math.max(hi - lo, 1e-9);
        double slope = d.rescaleSlope();
        double intercept = d.rescaleIntercept();
        byte[] out = new byte[s.values.length];
        if (s.max - s.min < 1 << 20) {
            // One entry per value between min and max: the frame is mapped by table lookup.
            int span = (int) (s.max - s.min + 1);
            byte[] lut = new byte[span];
            for (int i = 0; i < span; i++) {
                lut[i] = gray((slope * (s.min + i) + intercept - lo) * scale, invert);
            }
            long first = s.min - s.offset;
            for (int i = 0; i < out.length; i++) {
                out[i] = lut[(int) (s.values[i] - first)];
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = gray((slope * s.value(i) + intercept - lo) * scale, invert);
            }
        }
        return new Gray8(d.columns(), d.rows(), out);
    }

    /**
     * The grey level of a mapped value, truncated: PS3.3's window puts a whole input half a level up
     * (c - 0.5), so the window 127.5/256 gives 0.5-255.5 for 0-255; rounded, every level rose by one and
     * black became 1, and the check after blanking of grayscale ultrasound cines with that window found
     * text in 6 of 30 (1 of 30 truncated, as without a window or in RGB).
     */
    private static byte gray(double v, boolean invert) {
        int g = (int) Math.floor(Math.max(0, Math.min(255, v)));
        return (byte) (invert ? 255 - g : g);
    }

    /** The stored values of a grayscale frame (sign-extended), with their range and histogram. */
    static final class Samples {
        /** Value minus {@link #offset}: 2^31 for 32-bit unsigned samples, which do not fit an int, else 0. */
        final int[] values;
        final long offset;
        final long min;
        final long max;
        final int[] histogram;
        final long binWidth;

        private Samples(int[] values, long offset, long min, long max) {
            this.values = values;
            this.offset = offset;
            this.min = min;
            this.max = max;
            long span = max - min + 1;
            this.binWidth = Math.max(1, (span + 65535) / 65536);
            this.histogram = new int[(int) ((span + binWidth - 1) / binWidth)];
            for (int i = 0; i < values.length; i++) {
                histogram[(int) ((value(i) - min) / binWidth)]++;
            }
        }

        long value(int i) {
            return values[i] + offset;
        }

        static Samples read(byte[] frame, FrameDescription d) {
            int n = d.rows() * d.columns();
            int[] values = new int[n];
            int bytes = d.bitsAllocated() / 8;
            int shift = d.highBit() - d.bitsStored() + 1;
            long mask = (1L << d.bitsStored()) - 1;
            long sign = 1L << (d.bitsStored() - 1);
            long offset = d.bitsStored() == 32 && !d.signed() ? 1L << 31 : 0;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                int p = i * bytes;
                long word = frame[p] & 0xFF;
                for (int k = 1; k < bytes; k++) {
                    word |= (long) (frame[p + k] & 0xFF) << (8 * k);
                }
                long v = (word >>> shift) & mask;
                if (d.signed() && (v & sign) != 0) {
                    v -= 1L << d.bitsStored();
                }
                values[i] = (int) (v - offset);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            return new Samples(values, offset, min, max);
        }

        /** The smallest value with at least {@code fraction} of the pixels at or below it. */
        long percentile(double fraction) {
            long target = Math.max(1, (long) Math.ceil(fraction * values.length));
            long seen = 0;
            for (int b = 0; b < histogram.length; b++) {
                seen += histogram[b];
                if (seen >= target) {
                    return min + b * binWidth;
                }
            }
            return max;
        }
    }

    /** Luma and (when some pixel has chroma) max-channel planes of a colour frame. */
    private static final class ColorPlanes {
        final byte[] luma;
        final byte[] value;
        final byte[] minimum;

        private ColorPlanes(byte[] luma, byte[] value, byte[] minimum) {
            this.luma = luma;
            this.value = value;
            this.minimum = minimum;
        }

        static ColorPlanes read(byte[] frame, FrameDescription d) {
            int n = d.rows() * d.columns();
            int bytes = d.bitsAllocated() / 8;
            int shift = d.highBit() - 7; // keep the top 8 bits of each sample
            byte[] luma = new byte[n];
            byte[] value = new byte[n];
            byte[] minimum = new byte[n];
            boolean chroma = false;
            String pi = d.photometric();
            if (pi.equals(FrameDescription.YBR_FULL_422)) {
                for (int pair = 0; pair < n / 2; pair++) {
                    int base = pair * 4 * bytes;
                    int y0 = sample(frame, base, bytes, shift);
                    int y1 = sample(frame, base + bytes, bytes, shift);
                    int cb = sample(frame, base + 2 * bytes, bytes, shift);
                    int cr = sample(frame, base + 3 * bytes, bytes, shift);
                    luma[2 * pair] = (byte) y0;
                    luma[2 * pair + 1] = (byte) y1;
                    value[2 * pair] = (byte) maxRgbOfYbr(y0, cb, cr);
                    value[2 * pair + 1] = (byte) maxRgbOfYbr(y1, cb, cr);
                    minimum[2 * pair] = (byte) minRgbOfYbr(y0, cb, cr);
                    minimum[2 * pair + 1] = (byte) minRgbOfYbr(y1, cb, cr);
                    chroma |= Math.abs(cb - 128) > 8 || Math.abs(cr - 128) > 8;
                }
            } else {
                int planeStride = d.planar() ? n * bytes : bytes;
                int pixelStride = d.planar() ? bytes : 3 * bytes;
                for (int i = 0; i < n; i++) {
                    int p = i * pixelStride;
                    int a = sample(frame, p, bytes, shift);
                    int b = sample(frame, p + planeStride, bytes, shift);
                    int c = sample(frame, p + 2 * planeStride, bytes, shift);
                    if (pi.equals(FrameDescription.RGB)) {
                        luma[i] = (byte) ((299 * a + 587 * b + 114 * c + 500) / 1000);
                        int hi = Math.max(a, Math.max(b, c));
                        int lo = Math.min(a, Math.min(b, c));
                        value[i] = (byte) hi;
                        minimum[i] = (byte) lo;
                        chroma |= hi - lo > 16;
                    } else { // YBR_FULL
                        luma[i] = (byte) a;
                        value[i] = (byte) maxRgbOfYbr(a, b, c);
                        minimum[i] = (byte) minRgbOfYbr(a, b, c);
                        chroma |= Math.abs(b - 128) > 8 || Math.abs(c - 128) > 8;
                    }
                }
            }
            return chroma ? new ColorPlanes(luma, value, minimum) : new ColorPlanes(luma, null, null);
        }

        private static int sample(byte[] frame, int pos, int bytes, int shift) {
            long word = frame[pos] & 0xFF;
            for (int k = 1; k < bytes; k++) {
                word |= (long) (frame[pos + k] & 0xFF) << (8 * k);
            }
            return (int) ((word >>> Math.max(0, shift)) & 0xFF);
        }

        /** max(R, G, B) of a YBR_FULL pixel (PS3.3 C.7.6.3.1.2, full range). */
        private static int maxRgbOfYbr(int y, int cb, int cr) {
            return rgbExtremeOfYbr(y, cb, cr, true);
        }

        /** min(R, G, B) of a YBR_FULL pixel. */
        private static int minRgbOfYbr(int y, int cb, int cr) {
            return rgbExtremeOfYbr(y, cb, cr, false);
        }

        private static int rgbExtremeOfYbr(int y, int cb, int cr, boolean largest) {
            double r = y + 1.402 * (cr - 128);
            double g = y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128);
            double b = y + 1.772 * (cb - 128);
            double v = largest ? Math.max(r, Math.max(g, b)) : Math.min(r, Math.min(g, b));
            return (int) Math.round(Math.max(0, Math.min(255, v)));
        }
    }

    /** PALETTE COLOR: the index through the tables, as luma; without tables the index itself as grey. */
    static byte[] paletteLuma(Samples s, PaletteTables t) {
        byte[] out = new byte[s.values.length];
        int shift = t.bitsPerEntry() == 16 ? 8 : 0;
        int max8 = 0;
        for (int i = 0; i < t.entries(); i++) {
            max8 = Math.max(max8, Math.max(t.red()[i], Math.max(t.green()[i], t.blue()[i])));
        }
        if (shift == 0 && max8 > 255) {
            shift = 8; // 8-bit entries written in the high byte of 16-bit words (seen in old files)
        }
        for (int i = 0; i < out.length; i++) {
            int e = (int) Math.max(0, Math.min(t.entries() - 1, s.value(i) - t.firstMapped()));
            int r = t.red()[e] >>> shift;
            int g = t.green()[e] >>> shift;
            int b = t.blue()[e] >>> shift;
            out[i] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000);
        }
        return out;
    }
}
