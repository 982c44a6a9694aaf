package org.mip.deid.pixel.detect;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Synthetic 256x256 8-bit angiograms for the detectors' false finds on vessels: a round field of grey
 * 150 with slow variation, six tortuous vessels 3-6 px wide drawn as random walks from the upper
 * middle (70 levels darker, edges softened), noise of 4 levels; black outside the field. A cine is one
 * vessel tree that moves with the heart (up to 4 px across and 3 px down over a 25-frame beat) under
 * noise drawn afresh for every frame.
 */
public final class Angiograms {
    public static final int SIZE = 256;

    private Angiograms() {
    }

    /** One frame of a still angiogram. */
    public static byte[] frame(long seed) {
        return cineFrame(seed, 0);
    }

    /** Frame {@code frame} (from 0) of the cine of {@code seed}. */
    public static byte[] cineFrame(long seed, int frame) {
        return cineFrame(seed, frame, true);
    }

    /** As {@link #cineFrame(long, int)}; {@code moving} false: the vessels stay where they are, only the noise changes. */
    public static byte[] cineFrame(long seed, int frame, boolean moving) {
        int n = SIZE;
        double phase = 2 * Math.PI * frame / 25.0;
        double dx = frame == 0 || !moving ? 0 : 4 * Math.sin(phase);
        double dy = frame == 0 || !moving ? 0 : 3 * (1 - Math.cos(phase));
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
                g.draw(new Line2D.Double(x + dx, y + dy, nx + dx, ny + dy));
                x = nx;
                y = ny;
            }
        }
        g.dispose();
        double[] slow = TextCorpus.Backgrounds.smoothNoise(r, n, n, 20, 15);
        Random noise = frame == 0 ? r : new Random(seed * 1_000_003L + frame);
        double[] v = new double[n * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = ves.getRaster().getSample(i % n, i / n, 0) / 255.0;
        }
        v = TextCorpus.Backgrounds.blur(v, n, n, 1, 1);
        byte[] px = new byte[n * n];
        for (int i = 0; i < px.length; i++) {
            boolean field = Math.hypot(i % n - n / 2.0, i / n - n / 2.0) < 0.47 * n;
            double grey = 150 + slow[i] - 70 * v[i] + 4 * noise.nextGaussian();
            px[i] = (byte) (field ? Math.max(0, Math.min(255, Math.round(grey))) : 0);
        }
        return px;
    }
}
