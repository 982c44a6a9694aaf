package org.mip.deid.text;

import java.text.Normalizer;
import java.util.Locale;

/**
 * A text folded for matching: compatibility-decomposed (NFKD, so full-width "ＤＯＥ" reads as "doe" and
 * half-width "ﾔﾏﾀﾞ" as "ヤマダ"), combining marks removed (so "Müller" matches "Muller" and "José" matches
 * "JOSE"), katakana read as hiragana ("ヤマダ" matches "やまだ"), lower-cased.
 * Each folded char remembers the span of the original text it came from, so a match in the
 * folded text maps back to exact positions in the original.
 */
public final class Folded {
    final String text;
    private final int[] from;
    private final int[] to;
    private final int originalLength;

    private Folded(String text, int[] from, int[] to, int originalLength) {
        this.text = text;
        this.from = from;
        this.to = to;
        this.originalLength = originalLength;
    }

    static Folded of(String original) {
        StringBuilder out = new StringBuilder(original.length());
        int[] from = new int[original.length() * 2 + 4];
        int[] to = new int[from.length];
        int n = 0;
        for (int i = 0; i < original.length(); ) {
            int cp = original.codePointAt(i);
            int next = i + Character.charCount(cp);
            String folded = foldCodePoint(cp);
            for (int k = 0; k < folded.length(); k++) {
                if (n == from.length) {
                    from = java.util.Arrays.copyOf(from, n * 2);
                    to = java.util.Arrays.copyOf(to, n * 2);
                }
                out.append(folded.charAt(k));
                from[n] = i;
                to[n] = next;
                n++;
            }
            i = next;
        }
        return new Folded(out.toString(), from, to, original.length());
    }

    /** Folds one code point; marks alone fold to nothing. */
    static String foldCodePoint(int cp) {
        if (cp < 0x80) {
            return String.valueOf(Character.toChars(Character.toLowerCase(cp)));
        }
        String s = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD)
                .toLowerCase(Locale.ROOT);
        s = Normalizer.normalize(s, Normalizer.Form.NFKD);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (c >= 0x30A1 && c <= 0x30F6) {
                b.appendCodePoint(c - 0x60); // katakana as hiragana: a name is written in either
            } else if (Character.getType(c) != Character.NON_SPACING_MARK && Character.getType(c) != Character.ENCLOSING_MARK) {
                b.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        return b.toString();
    }

    /** Folds a whole string (no position map). */
    public static String fold(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            b.append(foldCodePoint(cp));
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    /** Original index where the folded range starting at {@code start} begins. */
    int originalStart(int start) {
        return start >= text.length() ? originalLength : from[start];
    }

    /** Original index (exclusive) where the folded range ending at {@code end} (exclusive) ends. */
    int originalEnd(int end) {
        return end <= 0 ? 0 : to[end - 1];
    }
}
