package org.mip.dicom.dict;

/**
 * A tag as the standard's tables write it: {@code GGGGEEEE} in hex, where a lower-case {@code x}
 * stands for any hex digit (e.g. {@code 002804x0}, {@code 1010xxxx}). The repeating groups
 * {@code 50xx}, {@code 60xx} and {@code 7Fxx} are narrower (PS3.5 §7.6): only the even groups
 * xx00-xx1E, so {@code 7Fxx0010} never matches Pixel Data's group 7FE0.
 *
 * @param text    the pattern as published
 * @param base    the tag with every x read as 0
 * @param care    bit mask of the digits that must match {@link #base()}
 * @param evenLow true for the 50xx/60xx/7Fxx repeating groups (low group byte even and ≤ 0x1E)
 */
public record TagPattern(String text, int base, int care, boolean evenLow) {

    public static TagPattern parse(String text) {
        if (text.length() != 8) {
            throw new IllegalArgumentException("not a tag pattern: \"" + text + "\"");
        }
        int base = 0;
        int care = 0;
        for (int i = 0; i < 8; i++) {
            char c = text.charAt(i);
            boolean wild = c == 'x';
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : wild ? 0 : -1;
            if (digit < 0) {
                throw new IllegalArgumentException("not a tag pattern: \"" + text + "\" (upper-case hex or x)");
            }
            base = (base << 4) | digit;
            care = (care << 4) | (wild ? 0 : 0xF);
        }
        if (care == -1) {
            return new TagPattern(text, base, care, false);
        }
        String group = text.substring(0, 4);
        boolean evenLow = group.equals("50xx") || group.equals("60xx") || group.equals("7Fxx");
        return new TagPattern(text, base, care, evenLow);
    }

    public boolean isExact() {
        return care == -1;
    }

    public boolean matches(int tag) {
        if ((tag & care) != base) {
            return false;
        }
        int low = (tag >>> 16) & 0xFF;
        return !evenLow || (low & 1) == 0 && low <= 0x1E;
    }
}
