package org.mip.deid.pixel.detect;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** One line of text on a flat background, as an 8-bit view: the smallest case for a detector. */
public final class SimpleText {

    private SimpleText() {
    }

    /** {@code text} at (10, 10 + size) in a {@code width} x {@code height} view; white on black when {@code light}. */
    static Gray8 render(int width, int height, String text, int size, boolean light) {
        return render(width, height, size, light, new Object[] {text, 10, 10 + size});
    }

    /** Several texts: triples of text, x and baseline y. */
    static Gray8 render(int width, int height, int size, boolean light, Object... texts) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(light ? Color.BLACK : Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(light ? Color.WHITE : Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
        for (int i = 0; i < texts.length; i += 3) {
            g.drawString((String) texts[i], (Integer) texts[i + 1], (Integer) texts[i + 2]);
        }
        g.dispose();
        return gray8(img);
    }

    /** A copy of a TYPE_BYTE_GRAY image's pixels as the detectors read them. */
    static Gray8 gray8(BufferedImage img) {
        return new Gray8(img.getWidth(), img.getHeight(), ((DataBufferByte) img.getRaster().getDataBuffer()).getData().clone());
    }

    /** A pen on {@code img} that writes in grey {@code grey} with {@code font}, anti-aliased or not. */
    static Graphics2D pen(BufferedImage img, int grey, Font font, boolean antialiased) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                antialiased ? RenderingHints.VALUE_TEXT_ANTIALIAS_ON : RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
        g.setColor(new Color(grey, grey, grey));
        g.setFont(font);
        return g;
    }

    /** The coverage (0-255) of {@code text} written white at (x, baseline) in a {@code width} x {@code height} frame. */
    public static byte[] coverage(int width, int height, String text, int x, int baseline, Font font, boolean antialiased) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = pen(img, 255, font, antialiased);
        g.drawString(text, x, baseline);
        g.dispose();
        return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }

    /** {@code text} drawn with a 2 px pen: four times, a pixel apart across and down, as thick annotation fonts are. */
    static void drawWithTwoPixelPen(Graphics2D g, String text, int x, int baseline) {
        for (int d = 0; d < 4; d++) {
            g.drawString(text, x + d % 2, baseline + d / 2);
        }
    }
}
