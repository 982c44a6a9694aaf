package org.mip.deid.pixel.detect;

import org.mip.deid.profile.RedactionRule.Rectangle;

/**
 * Where text was found in a frame: columns [x, x+width), rows [y, y+height) of the frame's pixels.
 *
 * <p>{@code text} is what OCR read there (null for the text-likeness detector). It is burned-in
 * pixel text, so potentially PHI: it lives in memory for {@link HeaderMatcher} only and is never
 * logged, put in an exception or written anywhere; {@link #toString()} leaves it out.
 *
 * @param source     which detector found it ({@link Source#BOTH} once boxes of both were merged)
 * @param confidence 0-1: OCR's word confidence, or the text-likeness score of the line
 * @param vertical   the text runs top to bottom (rotated by 90°): its line height is the box's width
 * @param line       the height of the text's line when the box does not tell it: a piece of an oblique
 *                   line ({@link ObliqueLines}), whose box is much taller than its text; 0 otherwise
 */
public record TextBox(int x, int y, int width, int height, Source source, double confidence, boolean vertical,
                      String text, int line) {

    /** The detector a box comes from. */
    public enum Source { OCR, TEXT_LIKENESS, BOTH }

    public TextBox {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a text box needs a positive width and height");
        }
    }

    public TextBox(int x, int y, int width, int height, Source source, double confidence, boolean vertical) {
        this(x, y, width, height, source, confidence, vertical, null, 0);
    }

    public TextBox(int x, int y, int width, int height, Source source, double confidence, boolean vertical,
                   String text) {
        this(x, y, width, height, source, confidence, vertical, text, 0);
    }

    /** A piece of a line of text at an oblique angle: its box, and the height of its text. */
    static TextBox oblique(int x, int y, int width, int height, double confidence, int line) {
        return new TextBox(x, y, width, height, Source.TEXT_LIKENESS, confidence, false, null, Math.max(1, line));
    }

    /** Whether this box is a piece of an oblique line: its row is not the box's ({@link LineEnds} leaves it). */
    public boolean oblique() {
        return line > 0;
    }

    public int right() {
        return x + width;
    }

    public int bottom() {
        return y + height;
    }

    public long area() {
        return (long) width * height;
    }

    /** The height of the text line: the box's height, or its width for vertical text, or that of an oblique line. */
    public int lineHeight() {
        if (line > 0) {
            return line;
        }
        return vertical ? width : height;
    }

    public boolean intersects(TextBox o) {
        return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom();
    }

    /** Grown by {@code dx} left and right and {@code dy} above and below (not cut to any image). */
    public TextBox grown(int dx, int dy) {
        return new TextBox(x - dx, y - dy, width + 2 * dx, height + 2 * dy, source, confidence, vertical, text, line);
    }

    /** Cut to a {@code columns} x {@code rows} image; null when nothing is left. */
    public TextBox clipped(int columns, int rows) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(columns, right());
        int y1 = Math.min(rows, bottom());
        if (x1 <= x0 || y1 <= y0) {
            return null;
        }
        return new TextBox(x0, y0, x1 - x0, y1 - y0, source, confidence, vertical, text, line);
    }

    /** The rectangle the redactor blanks (call on a box already cut to the image). */
    public Rectangle toRectangle() {
        return new Rectangle(x, y, width, height);
    }

    @Override
    public String toString() {
        // Never the text: it may be a patient's name.
        return "TextBox[" + x + "," + y + " " + width + "x" + height + " " + source
                + String.format(java.util.Locale.ROOT, " %.2f", confidence) + (vertical ? " vertical" : "")
                + (line > 0 ? " oblique" : "")
                + (text == null ? "" : " with OCR text") + "]";
    }
}
