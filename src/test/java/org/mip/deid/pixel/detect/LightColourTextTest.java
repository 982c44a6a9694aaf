package org.mip.deid.pixel.detect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Yellow text on a pale microscopy slide: 7-15 levels of luma and of max(R, G, B) from its background,
 * under every threshold of the display and value views, but 150 levels of blue. Published untouched
 * and legible before the colour-minimum view (a probe of realistic burned-in text, 2026-12-07: two
 * slides, "BROWN, PETER", "ID 71866713", a date, DejaVu Sans Bold 14 px and Condensed 16 px).
 */
class LightColourTextTest {

    /** A pale pink-beige slide with stained speckle, and the patient's line in yellow across it. */
    static byte[] slide(int width, int height, Color ink, boolean antialiased, long seed) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Random r = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int n = r.nextInt(9) - 4;
                img.setRGB(x, y, new Color(228 + n, 214 + n, 220 + n).getRGB());
            }
        }
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                antialiased ? RenderingHints.VALUE_TEXT_ANTIALIAS_ON : RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
        g.setColor(ink);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("BROWN, PETER   ID 71866713", 20, 30);
        g.drawString("13.03.2026 15:59", 20, height - 20);
        g.dispose();
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = img.getRGB(x, y);
                rgb[i++] = (byte) (p >> 16);
                rgb[i++] = (byte) (p >> 8);
                rgb[i++] = (byte) p;
            }
        }
        return rgb;
    }

    @Test
    void yellowOnAPaleSlideIsFound() throws Exception {
        TextFinder finder = TextFinder.withoutOcr();
        for (boolean antialiased : new boolean[] {true, false}) {
            byte[] frame = slide(400, 200, new Color(235, 220, 40), antialiased, 7);
            List<TextBox> found = finder.find(frame, FrameDescription.color(200, 400, "RGB"));
            assertTrue(found.stream().anyMatch(b -> b.y() <= 20 && b.y() + b.height() >= 30 && b.x() <= 30),
                    "the name line (antialiased " + antialiased + "): " + found);
            assertTrue(found.stream().anyMatch(b -> b.y() <= 170 && b.y() + b.height() >= 180),
                    "the date line (antialiased " + antialiased + "): " + found);
        }
    }

    @Test
    void aPaleSlideWithoutTextHasNone() throws Exception {
        byte[] frame = slide(400, 200, new Color(0, 0, 0, 0), true, 8);
        assertTrue(TextFinder.withoutOcr().find(frame, FrameDescription.color(200, 400, "RGB")).isEmpty());
    }
}
