package org.mip.dicom.codec;

import java.io.ByteArrayOutputStream;
import org.mip.dicom.DicomException;
import org.mip.dicom.DicomException.Reason;

/**
 * RLE Lossless (PS3.5 Annex G), one frame at a time.
 *
 * <p>An encoded frame is a 64-byte header (number of segments, then 15 segment offsets, all UL
 * little endian) followed by the segments. There is one segment per byte of each sample: for
 * each sample in order, its most significant byte first (G.2). Each segment is PackBits (G.3),
 * every row encoded on its own, and padded to an even length.
 *
 * <p>The segments carry each sample separately, so the encoded stream is by plane whatever
 * Planar Configuration says; PS3.5 G.2 note 2 and PS3.3 C.7.6.3.1.3 leave that attribute to
 * describe the decoded layout (0 allowed, and usual). Like dcmtk's dcmdrle we therefore decode
 * into, and encode from, the layout the data set's Planar Configuration names; see
 * {@link FrameFormat#planar()}.
 */
public final class RleCodec {
    private static final int HEADER_LENGTH = 64;
    private static final int MAX_SEGMENTS = 15;

    private RleCodec() {
    }

    /** Decodes one frame into native little-endian samples laid out as {@code format} says. */
    public static byte[] decodeFrame(byte[] rle, FrameFormat format) throws DicomException {
        int segments = segmentCount(format);
        int frameLength = frameLength(format);
        if (rle.length < HEADER_LENGTH) {
            throw new DicomException(Reason.INVALID_LENGTH, "RLE frame of " + rle.length + " bytes is shorter than its 64-byte header");
        }
        long declared = u32(rle, 0);
        if (declared != segments) {
            throw new DicomException(Reason.INVALID_STRUCTURE, "RLE header declares " + declared + " segments; "
                    + format.samplesPerPixel() + " samples of " + format.bitsAllocated() + " bits need " + segments);
        }
        long[] offsets = new long[segments + 1];
        for (int i = 0; i < segments; i++) {
            offsets[i] = u32(rle, 4 + 4 * i);
        }
        offsets[segments] = rle.length;
        for (int i = 0; i < segments; i++) {
            if (offsets[i] < HEADER_LENGTH || offsets[i] > offsets[i + 1]) {
                throw new DicomException(Reason.INVALID_STRUCTURE, "RLE segment " + (i + 1) + " offset " + offsets[i]
                        + " is outside the frame or out of order");
            }
        }
        byte[] out = new byte[frameLength];
        int bps = format.bytesPerSample();
        int pixels = (int) format.pixels();
        int stride = format.planar() ? bps : bps * format.samplesPerPixel();
        for (int i = 0; i < segments; i++) {
            int sample = i / bps;
            int littleEndianByte = bps - 1 - (i % bps); // segment order is most significant byte first
            int start = (format.planar() ? sample * pixels * bps : sample * bps) + littleEndianByte;
            decodeSegment(rle, (int) offsets[i], (int) offsets[i + 1], out, start, stride, pixels, i + 1);
        }
        return out;
    }

    /** PackBits decoding (G.3.2) of one segment into every {@code stride}-th byte of {@code out}. */
    private static void decodeSegment(byte[] in, int pos, int end, byte[] out, int start, int stride, int count,
                                      int segment) throws DicomException {
        int produced = 0;
        int o = start;
        while (produced < count) {
            if (pos >= end) {
                throw new DicomException(Reason.INVALID_STRUCTURE, "RLE segment " + segment + " ends after "
                        + produced + " of " + count + " bytes");
            }
            int n = in[pos++];
            if (n >= 0) {
                int literal = n + 1;
                if (pos + literal > end) {
                    throw new DicomException(Reason.INVALID_STRUCTURE, "RLE segment " + segment + ": literal run past its end");
                }
                int take = Math.min(literal, count - produced); // a too-long last run is clipped, as G.3.2 stops at the size
                for (int k = 0; k < take; k++, o += stride) {
                    out[o] = in[pos + k];
                }
                pos += literal;
                produced += take;
            } else if (n != -128) {
                if (pos >= end) {
                    throw new DicomException(Reason.INVALID_STRUCTURE, "RLE segment " + segment + ": replicate run past its end");
                }
                byte value = in[pos++];
                int take = Math.min(1 - n, count - produced);
                for (int k = 0; k < take; k++, o += stride) {
                    out[o] = value;
                }
                produced += take;
            }
            // -128: no operation
        }
    }

    /** Encodes one frame of native little-endian samples laid out as {@code format} says. */
    public static byte[] encodeFrame(byte[] raw, FrameFormat format) throws DicomException {
        int segments = segmentCount(format);
        int frameLength = frameLength(format);
        if (raw.length < frameLength) {
            throw new DicomException(Reason.INVALID_LENGTH, "frame holds " + raw.length + " bytes, its format needs " + frameLength);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(frameLength / 2 + HEADER_LENGTH + 64);
        out.write(new byte[HEADER_LENGTH], 0, HEADER_LENGTH);
        long[] offsets = new long[segments];
        int bps = format.bytesPerSample();
        int pixels = (int) format.pixels();
        int columns = format.columns();
        int stride = format.planar() ? bps : bps * format.samplesPerPixel();
        byte[] row = new byte[columns];
        PackBits packer = new PackBits(out);
        for (int i = 0; i < segments; i++) {
            offsets[i] = out.size();
            int sample = i / bps;
            int start = (format.planar() ? sample * pixels * bps : sample * bps) + (bps - 1 - (i % bps));
            for (int r = 0; r < format.rows(); r++) {
                int o = start + r * columns * stride;
                for (int c = 0; c < columns; c++, o += stride) {
                    row[c] = raw[o];
                }
                packer.row(row, columns);
            }
            if ((out.size() & 1) == 1) {
                out.write(0); // G.3: a segment is padded with zero to an even length
            }
        }
        byte[] encoded = out.toByteArray();
        putU32(encoded, 0, segments);
        for (int i = 0; i < segments; i++) {
            putU32(encoded, 4 + 4 * i, offsets[i]);
        }
        return encoded;
    }

    /** PackBits encoding (G.3.1) of single rows: runs of 3 or more repeat, the rest goes in literals of up to 128. */
    private static final class PackBits {
        private final ByteArrayOutputStream out;

        PackBits(ByteArrayOutputStream out) {
            this.out = out;
        }

        void row(byte[] b, int n) {
            int literalStart = 0;
            int i = 0;
            while (i < n) {
                int run = 1;
                while (i + run < n && run < 128 && b[i + run] == b[i]) {
                    run++;
                }
                if (run >= 3) {
                    literal(b, literalStart, i);
                    out.write(1 - run);
                    out.write(b[i]);
                    i += run;
                    literalStart = i;
                } else {
                    i += run; // a pair stays inside the literal (the G.3.1 note's advice)
                }
            }
            literal(b, literalStart, n);
        }

        private void literal(byte[] b, int from, int to) {
            while (from < to) {
                int len = Math.min(128, to - from);
                out.write(len - 1);
                out.write(b, from, len);
                from += len;
            }
        }
    }

    private static int segmentCount(FrameFormat format) throws DicomException {
        int segments = format.samplesPerPixel() * format.bytesPerSample();
        if (segments > MAX_SEGMENTS) {
            throw new DicomException(Reason.INVALID_STRUCTURE, format.samplesPerPixel() + " samples of " + format.bitsAllocated()
                    + " bits need " + segments + " RLE segments; RLE allows at most 15");
        }
        return segments;
    }

    private static int frameLength(FrameFormat format) throws DicomException {
        long length = format.frameLength();
        if (length > Integer.MAX_VALUE - 64) {
            throw new DicomException(Reason.TOO_LARGE, "an RLE frame of " + length + " bytes is too large to code in memory");
        }
        return (int) length;
    }

    private static long u32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }

    private static void putU32(byte[] b, int off, long v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
