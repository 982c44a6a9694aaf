package org.mip.batch;

/**
 * Number formatting for the progress and summary lines, without {@link java.util.Formatter}: its
 * first floating-point format loads the JDK's locale data, whose service lookup opens every jar of
 * the class path (some 200 here), a start-up cost larger than many small batches. Always a dot, no
 * grouping, whatever the default locale.
 */
public final class Numbers {
    private Numbers() {
    }

    /** {@code value} rounded to {@code decimals} (0 to 3) places: 12.345, 1 → "12.3"; negative and non-finite as "-". */
    public static String fixed(double value, int decimals) {
        if (!Double.isFinite(value) || value < 0) {
            return "-";
        }
        long scale = decimals <= 0 ? 1 : decimals == 1 ? 10 : decimals == 2 ? 100 : 1000;
        long n = Math.round(value * scale);
        if (decimals <= 0) {
            return Long.toString(n);
        }
        String frac = Long.toString(n % scale);
        StringBuilder sb = new StringBuilder().append(n / scale).append('.');
        for (int i = frac.length(); i < decimals; i++) {
            sb.append('0');
        }
        return sb.append(frac).toString();
    }

    /** Right-aligned in {@code width} characters. */
    public static String alignRight(Object value, int width) {
        String s = String.valueOf(value);
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /** Left-aligned in {@code width} characters. */
    public static String alignLeft(Object value, int width) {
        String s = String.valueOf(value);
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** A duration as m:ss or h:mm:ss. */
    public static String clock(double seconds) {
        long s = Double.isFinite(seconds) ? Math.max(0, Math.round(seconds)) : 0;
        String mmss = two(s / 60 % 60) + ":" + two(s % 60);
        return s >= 3600 ? s / 3600 + ":" + mmss : s / 60 + ":" + two(s % 60);
    }

    /** A duration for the summary: "4.2 s" under a minute, else a clock. */
    public static String duration(double seconds) {
        return seconds < 60 ? fixed(seconds, 1) + " s" : clock(seconds);
    }

    /** Megabytes (10^6 bytes) with one decimal: "1052.9 MB". */
    public static String megabytes(long bytes) {
        return fixed(bytes / 1e6, 1) + " MB";
    }

    private static String two(long v) {
        return v < 10 ? "0" + v : Long.toString(v);
    }
}
