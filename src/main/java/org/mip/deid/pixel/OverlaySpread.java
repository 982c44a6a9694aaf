package org.mip.deid.pixel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mip.deid.pixel.detect.TextBox;
import org.mip.dicom.data.DicomFile;

/**
 * Which frames of a multi-frame image each region found in one frame is blanked in. A region is
 * blanked in the frame it was found in, and in every other frame where its content is <b>static</b>:
 * a burned-in overlay is drawn with the same values on every frame, while anatomy (vessels filling,
 * a heart moving, acquisition noise) differs from frame to frame. So a name the detectors find in 3
 * frames of 16 (something as bright passing behind it in the others) is blanked in all 16, and a vessel fragment that one
 * frame's noise made look like letters is blanked in that frame alone, not as a hole in every frame.
 *
 * <p>Static is judged on the region's <i>ink</i>, the pixels that stand out in the frame it was found
 * in (more than a quarter of the region's 2-98th percentile range from its median): in another frame,
 * at least half of them must be within {@link #tolerance} of their value there. Half, not all: the
 * anti-aliased rim of a glyph blends with whatever is behind it. Every frame where the region was found
 * is a reference of its own, so a frame where clutter muddled the ink does not decide alone. Judged
 * only between frames that were all scanned: see {@code BurnedInTextStage} for a sampled cine.
 */
final class OverlaySpread {
    /** Codec error allowed for a lossy input, in levels of 8 bits (scaled to Bits Stored). */
    static final int LOSSY_TOLERANCE = 6;
    /** Allowed for a lossless input, in stored levels: a rounding in whatever drew or captured the overlay. */
    static final int LOSSLESS_TOLERANCE = 1;

    /** JPEG Baseline, Extended, JPEG-LS near-lossless, JPEG 2000 and HTJ2K that may be lossy. */
    private static final Set<String> LOSSY_SYNTAXES = Set.of("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51",
            "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.203");

    /** A region found in {@code frame}, and its ink there: pixel indexes and their values. */
    private record Reference(int frame, TextBox box, int[] pixels, long[] values) {
    }

    private final PixelFormat format;
    private final long tolerance;
    private final List<Reference> references = new ArrayList<>();

    /**
     * @param format the layout of the frames given to {@link #found} and read by {@link #spread}
     * @param lossy  whether the frames went through a lossy codec: an overlay is then drawn the same
     *               on every frame but read back within the codec's error (JPEG at usual qualities:
     *               a few levels at a glyph's edge), so the tolerance is {@value #LOSSY_TOLERANCE}
     *               levels of 8 bits; stored losslessly it reads back exactly ({@value #LOSSLESS_TOLERANCE}
     *               stored level). So in a lossless cine noise of a level or two tells anatomy from an
     *               overlay; in a lossy one, anatomy that stays still with less noise than the codec's
     *               error counts as static (blanked in every frame: the safe side).
     */
    OverlaySpread(PixelFormat format, boolean lossy) {
        this.format = format;
        int scale = Math.max(0, format.bitsStored() - 8);
        this.tolerance = lossy ? (long) LOSSY_TOLERANCE << scale : LOSSLESS_TOLERANCE;
    }

    /** For {@code file}'s frames, decoded to {@code format}: lossy when Lossy Image Compression is 01 or the syntax may be lossy. */
    static OverlaySpread of(DicomFile file, PixelFormat format) {
        boolean lossy = "01".equals(file.dataset().getString(LossyMarks.LOSSY_IMAGE_COMPRESSION))
                || LOSSY_SYNTAXES.contains(file.transferSyntax().uid());
        return new OverlaySpread(format, lossy);
    }

    /** What was found in frame {@code frame} (0-based), whose pixels are {@code pixels}. */
    void found(int frame, byte[] pixels, List<TextBox> boxes) {
        for (TextBox b : boxes) {
            TextBox in = b.clipped(format.columns(), format.rows());
            if (in != null) {
                references.add(reference(frame, b, in, pixels));
            }
        }
    }

    /** Every region in its own frame, and in each of {@code frames} where it is static; {@code source} is read once. */
    FrameRegions spread(FrameSource source, BitSet frames) throws RedactionException {
        Map<Integer, List<TextBox>> perFrame = new TreeMap<>();
        for (Reference r : references) {
            perFrame.computeIfAbsent(r.frame(), k -> new ArrayList<>()).add(r.box());
        }
        if (references.isEmpty()) {
            return FrameRegions.of(List.of(), perFrame);
        }
        for (int f = frames.nextSetBit(0); f >= 0; f = frames.nextSetBit(f + 1)) {
            byte[] pixels = source.read(f);
            for (Reference r : references) {
                if (r.frame() != f && staticIn(r, pixels)) {
                    perFrame.computeIfAbsent(f, k -> new ArrayList<>()).add(r.box());
                }
            }
        }
        return FrameRegions.of(List.of(), perFrame);
    }

    private boolean staticIn(Reference r, byte[] pixels) {
        int spp = samples();
        int same = 0;
        for (int i = 0; i < r.pixels().length; i++) {
            boolean near = true;
            for (int s = 0; s < spp && near; s++) {
                near = Math.abs(sample(pixels, r.pixels()[i], s) - r.values()[i * spp + s]) <= tolerance;
            }
            same += near ? 1 : 0;
        }
        return 2L * same >= r.pixels().length;
    }

    /** {@code found} as the detectors gave it, its ink read within {@code box}: the part of it inside the image. */
    private Reference reference(int frame, TextBox found, TextBox box, byte[] pixels) {
        int spp = samples();
        int n = box.width() * box.height();
        int[] index = new int[n];
        long[] brightness = new long[n];
        int k = 0;
        for (int y = box.y(); y < box.bottom(); y++) {
            for (int x = box.x(); x < box.right(); x++) {
                index[k] = y * format.columns() + x;
                for (int s = 0; s < spp; s++) {
                    brightness[k] += sample(pixels, index[k], s);
                }
                k++;
            }
        }
        long[] sorted = brightness.clone();
        Arrays.sort(sorted);
        long median = sorted[n / 2];
        long range = sorted[n - 1 - n / 50] - sorted[n / 50];
        int inks = 0;
        for (int i = 0; i < n; i++) {
            if (4 * Math.abs(brightness[i] - median) > range) {
                index[inks++] = index[i];
            }
        }
        if (inks == 0) { // a flat region: all of it must stay
            inks = n;
        }
        int[] ink = Arrays.copyOf(index, inks);
        long[] values = new long[inks * spp];
        for (int i = 0; i < inks; i++) {
            for (int s = 0; s < spp; s++) {
                values[i * spp + s] = sample(pixels, ink[i], s);
            }
        }
        return new Reference(frame, found, ink, values);
    }

    /** Samples compared per pixel: the luma alone of YBR_FULL_422 (its chroma is shared by a pixel pair). */
    private int samples() {
        return format.subsampled() ? 1 : format.samplesPerPixel();
    }

    /** Sample {@code s} of pixel {@code p} (row-major index), as a value of Bits Stored. */
    private long sample(byte[] frame, int p, int s) {
        int bps = format.bytesPerSample();
        long at;
        if (format.subsampled()) {
            at = (long) (p / 2) * 4 + p % 2; // Y Y Cb Cr per pixel pair (8 bits, rows of even length)
        } else if (format.planar()) {
            at = ((long) s * format.rows() * format.columns() + p) * bps;
        } else {
            at = ((long) p * format.samplesPerPixel() + s) * bps;
        }
        long word = 0;
        for (int b = 0; b < bps; b++) {
            word |= (frame[(int) at + b] & 0xFFL) << (8 * b);
        }
        long value = (word >>> (format.highBit() + 1 - format.bitsStored())) & ((1L << format.bitsStored()) - 1);
        if (format.signed() && (value & (1L << (format.bitsStored() - 1))) != 0) {
            value -= 1L << format.bitsStored();
        }
        return value;
    }
}
