package org.mip.deid.pixel;

import java.util.BitSet;

/**
 * Which frames of a multi-frame image are scanned for text, and which are scanned again after
 * blanking. Up to {@code limit} frames, every frame is both. A longer cine is scanned on a sample:
 * the first, the last and every k-th frame (k chosen so that at most {@code limit} frames are read),
 * and where that shows nothing, the frames half-way between them too ({@link #between()}); what is
 * found is blanked in every frame, and the check afterwards reads both samples. So text on screen for
 * at least k/2 consecutive frames (rounded up) is read in one of them. What remains (text shown for
 * fewer frames, between two read ones) is the risk docs/PIXEL_REDACTION.md states.
 */
public final class FrameSample {
    private final int frames;
    private final int step;

    /**
     * @param frames number of frames (at least 1)
     * @param limit  most frames scanned one by one (at least 2 when frames &gt; 1)
     */
    public FrameSample(int frames, int limit) {
        if (frames < 1 || limit < 1) {
            throw new IllegalArgumentException("frames and limit must be positive");
        }
        this.frames = frames;
        // first + last + every step-th: ceil((frames - 1) / step) + 1 <= limit
        this.step = frames <= limit ? 1 : (int) Math.ceil((frames - 1) / (double) Math.max(1, limit - 1));
    }

    /** True when every frame is scanned (no sampling). */
    public boolean complete() {
        return step == 1;
    }

    /** Distance between two scanned frames (1: all). */
    public int step() {
        return step;
    }

    /** Frames scanned to find text. */
    public BitSet scan() {
        BitSet b = new BitSet(frames);
        for (int i = 0; i < frames; i += step) {
            b.set(i);
        }
        b.set(frames - 1);
        return b;
    }

    /** Frames scanned again after blanking: those of {@link #scan()} and {@link #between()}. */
    public BitSet verify() {
        BitSet b = scan();
        b.or(between());
        return b;
    }

    /**
     * The frames half-way between those of {@link #scan()}, and the middle frame, where they are not
     * scanned already: none when every frame is scanned.
     */
    public BitSet between() {
        BitSet b = new BitSet(frames);
        if (complete()) {
            return b;
        }
        for (int i = step / 2; i < frames; i += step) {
            b.set(i);
        }
        b.set(frames / 2);
        b.andNot(scan());
        return b;
    }
}
