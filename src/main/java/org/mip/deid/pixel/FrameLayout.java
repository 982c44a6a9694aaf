package org.mip.deid.pixel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.mip.deid.profile.RedactionRule.Rectangle;

/**
 * Where the bytes of a pixel are in native pixel data, and what bytes blank it. A frame is
 * {@code planes} planes (1 when samples are interleaved, Samples per Pixel when by plane) of
 * {@code rows} lines; a line is a run of storage units, a unit being one pixel (all its samples,
 * or the plane's sample) or, for YBR_FULL_422, a pixel pair (Y Y Cb Cr).
 *
 * <p>{@link #blank} works on any window of the frames' concatenation, so callers can stream
 * pixel data through a fixed buffer whatever the frame size, without aligning to rows or frames.
 */
final class FrameLayout {
    private final int rows;
    private final int columns;
    private final int planes;
    private final int unitPixels;
    private final int unitBytes;
    private final long lineLength;
    private final long frameLength;
    private final byte[][] patterns;

    /**
     * @param blankWords blank value of each sample, as stored in Bits Allocated bits
     * @param bigEndian  whether samples are stored most significant byte first
     */
    FrameLayout(PixelFormat format, long[] blankWords, boolean bigEndian) {
        int bps = format.bytesPerSample();
        this.rows = format.rows();
        this.columns = format.columns();
        this.planes = format.planar() ? format.samplesPerPixel() : 1;
        if (format.subsampled()) {
            long[] pair = {blankWords[0], blankWords[0], blankWords[1], blankWords[2]};
            this.unitPixels = 2;
            this.patterns = new byte[][] {encode(pair, bps, bigEndian)};
        } else if (format.planar()) {
            this.unitPixels = 1;
            this.patterns = new byte[planes][];
            for (int p = 0; p < planes; p++) {
                patterns[p] = encode(new long[] {blankWords[p]}, bps, bigEndian);
            }
        } else {
            this.unitPixels = 1;
            this.patterns = new byte[][] {encode(blankWords, bps, bigEndian)};
        }
        this.unitBytes = patterns[0].length;
        this.lineLength = (long) columns / unitPixels * unitBytes;
        this.frameLength = lineLength * rows * planes;
    }

    long frameLength() {
        return frameLength;
    }

    /**
     * The rectangles cut to the image, dropping those wholly outside; for YBR_FULL_422 widened to
     * whole pixel pairs, since a pair shares its chroma. The result is exactly what {@link #blank} blanks.
     */
    List<Rectangle> clip(List<Rectangle> rectangles) {
        List<Rectangle> out = new ArrayList<>();
        for (Rectangle r : rectangles) {
            if (r.x() >= columns || r.y() >= rows) {
                continue;
            }
            int x0 = r.x() / unitPixels * unitPixels;
            long x1 = Math.min((long) r.x() + r.width(), columns);
            x1 = (x1 + unitPixels - 1) / unitPixels * unitPixels;
            long y1 = Math.min((long) r.y() + r.height(), rows);
            out.add(new Rectangle(x0, r.y(), (int) (x1 - x0), (int) (y1 - r.y())));
        }
        return out;
    }

    /**
     * Blanks the clipped rectangles in {@code buf[off, off+len)}, which holds bytes
     * {@code [pos, pos+len)} of the concatenated frames; bytes past {@code frames} frames are left alone.
     */
    void blank(byte[] buf, int off, int len, long pos, long frames, List<Rectangle> clipped) {
        blank(buf, off, len, pos, frames, f -> clipped);
    }

    /** As {@link #blank(byte[], int, int, long, long, List)}, with frame {@code f}'s clipped rectangles {@code clipped.apply(f)}. */
    void blank(byte[] buf, int off, int len, long pos, long frames, IntFunction<List<Rectangle>> clipped) {
        long end = Math.min(pos + len, frames * frameLength);
        if (pos >= end) {
            return;
        }
        long planeLength = lineLength * rows;
        for (long f = pos / frameLength; f <= (end - 1) / frameLength; f++) {
            for (int p = 0; p < planes; p++) {
                long planeStart = f * frameLength + p * planeLength;
                if (planeStart >= end || planeStart + planeLength <= pos) {
                    continue;
                }
                long firstLine = Math.max(0, Math.floorDiv(pos - planeStart, lineLength));
                long lastLine = Math.min(rows, Math.floorDiv(end - planeStart + lineLength - 1, lineLength));
                byte[] pattern = patterns[p];
                for (Rectangle r : clipped.apply((int) f)) {
                    long yFrom = Math.max(r.y(), firstLine);
                    long yTo = Math.min((long) r.y() + r.height(), lastLine);
                    for (long y = yFrom; y < yTo; y++) {
                        long lineStart = planeStart + y * lineLength;
                        long from = Math.max(pos, lineStart + (long) r.x() / unitPixels * unitBytes);
                        long to = Math.min(end, lineStart + ((long) r.x() + r.width()) / unitPixels * unitBytes);
                        int k = (int) ((from - lineStart) % unitBytes);
                        for (long q = from; q < to; q++) {
                            buf[off + (int) (q - pos)] = pattern[k];
                            k = k + 1 == unitBytes ? 0 : k + 1;
                        }
                    }
                }
            }
        }
    }

    /** The words as bytes of {@code bytesPerSample} each, in the stored byte order. */
    private static byte[] encode(long[] words, int bytesPerSample, boolean bigEndian) {
        byte[] out = new byte[words.length * bytesPerSample];
        for (int s = 0; s < words.length; s++) {
            for (int k = 0; k < bytesPerSample; k++) {
                int shift = 8 * (bigEndian ? bytesPerSample - 1 - k : k);
                out[s * bytesPerSample + k] = (byte) (words[s] >>> shift);
            }
        }
        return out;
    }
}
