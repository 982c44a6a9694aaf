package org.mip.deid.pixel.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Clean 256x256 angiograms: on the frame reduced by 4 (64x64) a tortuous vessel tree is a row of
 * "large letters", and the large-text pass took one for a line 168 px tall; 56 % of a probe's clean
 * frame was blanked (2026-12-07, 1 of 8 such frames). A large line is at most
 * {@link TextLikenessDetector#LARGE_MAX_SHARE} of the frame's height.
 */
class SmallAngiogramTest {

    /**
     * A 256x256 angiogram: a round field of grey 150 with slow variation, six tortuous vessels 3-6 px
     * wide drawn as random walks from the upper middle (70 levels darker, edges softened), noise of 4
     * levels; black outside the field.
     */
    static byte[] angiogram(long seed) {
        int n = 256;
        Random r = new Random(seed);
        BufferedImage ves = new BufferedImage(n, n, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = ves.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        for (int k = 0; k < 6; k++) {
            double x = n * (0.3 + 0.4 * r.nextDouble());
            double y = n * (0.2 + 0.2 * r.nextDouble());
            double a = 2 * Math.PI * r.nextDouble();
            g.setStroke(new BasicStroke(3 + r.nextInt(4), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            for (int step = 0; step < 60; step++) {
                a += 0.25 * r.nextGaussian();
                double nx = x + 2.5 * Math.cos(a);
                double ny = y + 2.5 * Math.sin(a);
                g.draw(new Line2D.Double(x, y, nx, ny));
                x = nx;
                y = ny;
            }
        }
        g.dispose();
        double[] slow = TextCorpus.Backgrounds.smoothNoise(r, n, n, 20, 15);
        double[] v = new double[n * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = ves.getRaster().getSample(i % n, i / n, 0) / 255.0;
        }
        v = TextCorpus.Backgrounds.blur(v, n, n, 1, 1);
        byte[] px = new byte[n * n];
        for (int i = 0; i < px.length; i++) {
            boolean field = Math.hypot(i % n - n / 2.0, i / n - n / 2.0) < 0.47 * n;
            double grey = 150 + slow[i] - 70 * v[i] + 4 * r.nextGaussian();
            px[i] = (byte) (field ? Math.max(0, Math.min(255, Math.round(grey))) : 0);
        }
        return px;
    }

    @Test
    void noBoxOverMostOfASmallCleanAngiogram() throws Exception {
        TextLikenessDetector detector = new TextLikenessDetector();
        List<String> large = new ArrayList<>();
        for (long seed = 1; seed <= 40; seed++) {
            for (TextBox b : detector.detect(new Gray8(256, 256, angiogram(seed)))) {
                if (b.height() > 0.4 * 256) {
                    large.add("seed " + seed + ": " + b);
                }
            }
        }
        assertEquals(List.of(), large, "boxes taller than 40 % of a clean frame");
    }
}
