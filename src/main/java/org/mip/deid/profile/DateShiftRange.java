package org.mip.deid.profile;

/**
 * The keyed per-patient day offset is drawn from [minDays, maxDays] (inclusive, non-zero range).
 * The default shifts into the past by one to ten years.
 */
public record DateShiftRange(int minDays, int maxDays) {
    public static final DateShiftRange DEFAULT = new DateShiftRange(-3650, -365);

    public DateShiftRange {
        if (minDays > maxDays) {
            throw new IllegalArgumentException("date shift minDays " + minDays + " is greater than maxDays " + maxDays);
        }
    }
}
