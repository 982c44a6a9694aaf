package org.mip.dicom.codec;

import org.mip.dicom.codec.CodecException.Code;

/**
 * The frame header of a JPEG (ISO/IEC 10918-1) or JPEG-LS (ISO/IEC 14495-1) stream, read from the
 * markers before the first scan, so that a decoder can check the stream against the Image Pixel
 * attributes and refuse it before it allocates anything. Only the structure is checked here:
 * every marker segment must fit in the data.
 */
final class JpegHeader {
    static final int SOI = 0xD8;
    static final int EOI = 0xD9;
    static final int SOS = 0xDA;
    static final int DQT = 0xDB;
    static final int DRI = 0xDD;
    static final int DHT = 0xC4;
    static final int SOF55 = 0xF7; // JPEG-LS
    static final int LSE = 0xF8;   // JPEG-LS preset parameters

    /** The SOFn marker (0xC0..0xCF but 0xC4, 0xC8, 0xCC) or SOF55 (0xF7). */
    final int sof;
    final int sofOffset;
    final int precision;
    final int lines;
    final int samplesPerLine;
    final int[] componentIds;
    final int[] h;
    final int[] v;
    final int[] tq;
    /** Offset of the first SOS marker. */
    final int sosOffset;

    private JpegHeader(int sof, int sofOffset, int precision, int lines, int samplesPerLine, int[] ids, int[] h, int[] v,
                       int[] tq, int sosOffset) {
        this.sof = sof;
        this.sofOffset = sofOffset;
        this.precision = precision;
        this.lines = lines;
        this.samplesPerLine = samplesPerLine;
        this.componentIds = ids;
        this.h = h;
        this.v = v;
        this.tq = tq;
        this.sosOffset = sosOffset;
    }

    int components() {
        return componentIds.length;
    }

    /** Reads the markers from SOI to the first SOS. */
    static JpegHeader parse(byte[] data) throws CodecException {
        if (data.length < 4 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != SOI) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "the frame does not start with a JPEG SOI marker (FFD8)", 0);
        }
        int pos = 2;
        int sofOffset = -1;
        int sof = -1;
        int precision = 0;
        int lines = 0;
        int samplesPerLine = 0;
        int[] ids = null;
        int[] hs = null;
        int[] vs = null;
        int[] tqs = null;
        while (true) {
            int markerOffset = pos;
            int marker = nextMarker(data, pos);
            pos = markerPosition(data, pos) + 2;
            if (marker == SOI || marker == EOI || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "marker FF" + hex(marker) + " before the first scan",
                        markerOffset);
            }
            if (pos + 2 > data.length) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "the stream ends inside marker FF" + hex(marker), markerOffset);
            }
            int length = u16(data, pos);
            if (length < 2 || pos + length > data.length) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "marker FF" + hex(marker) + " declares " + length
                        + " bytes, past the end of the frame", markerOffset);
            }
            if (marker == SOS) {
                if (sof < 0) {
                    throw new CodecException(Code.CODEC_CORRUPT_FRAME, "scan (FFDA) before any frame header (SOFn)", markerOffset);
                }
                return new JpegHeader(sof, sofOffset, precision, lines, samplesPerLine, ids, hs, vs, tqs, markerOffset);
            }
            if (isSof(marker)) {
                if (sof >= 0) {
                    throw new CodecException(Code.CODEC_CORRUPT_FRAME, "a second frame header FF" + hex(marker), markerOffset);
                }
                if (length < 8) {
                    throw new CodecException(Code.CODEC_CORRUPT_FRAME, "frame header of " + length + " bytes", markerOffset);
                }
                sof = marker;
                sofOffset = markerOffset;
                precision = data[pos + 2] & 0xFF;
                lines = u16(data, pos + 3);
                samplesPerLine = u16(data, pos + 5);
                int n = data[pos + 7] & 0xFF;
                if (n == 0 || length != 8 + 3 * n) {
                    throw new CodecException(Code.CODEC_CORRUPT_FRAME, "frame header of " + length + " bytes for " + n
                            + " components", markerOffset);
                }
                ids = new int[n];
                hs = new int[n];
                vs = new int[n];
                tqs = new int[n];
                for (int i = 0; i < n; i++) {
                    int c = pos + 8 + 3 * i;
                    ids[i] = data[c] & 0xFF;
                    hs[i] = (data[c + 1] >> 4) & 0x0F;
                    vs[i] = data[c + 1] & 0x0F;
                    tqs[i] = data[c + 2] & 0xFF;
                }
            }
            pos += length;
        }
    }

    /**
     * Checks the frame header against the header's description: the same size and number of
     * components, a precision that fits Bits Allocated, and sampling factors a decoder can take.
     */
    void check(ImageDescription image) throws CodecException {
        if (lines == 0) {
            throw new CodecException(Code.CODEC_UNSUPPORTED, "the frame header gives 0 lines (size set by a DNL marker)",
                    sofOffset);
        }
        if (lines != image.rows() || samplesPerLine != image.columns()) {
            throw new CodecException(Code.CODEC_FRAME_MISMATCH, "the stream is " + lines + "x" + samplesPerLine
                    + " (rows x columns), the header says " + image.rows() + "x" + image.columns(), sofOffset);
        }
        if (components() != image.samplesPerPixel()) {
            throw new CodecException(Code.CODEC_FRAME_MISMATCH, "the stream has " + components() + " components, the header says "
                    + image.samplesPerPixel() + " samples per pixel", sofOffset);
        }
        if (precision < 2 || precision > 16 || precision > image.bitsAllocated()) {
            throw new CodecException(Code.CODEC_FRAME_MISMATCH, "the stream's precision of " + precision
                    + " bits does not fit Bits Allocated " + image.bitsAllocated(), sofOffset);
        }
        for (int i = 0; i < components(); i++) {
            if (h[i] < 1 || h[i] > 4 || v[i] < 1 || v[i] > 4) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "component " + (i + 1) + " has sampling factors "
                        + h[i] + "x" + v[i], sofOffset);
            }
        }
    }

    /** What a decoder does with one marker segment of its frame. */
    @FunctionalInterface
    interface Segment {
        /**
         * @param pos the segment's marker (FF xx); {@code end} the first byte after the segment
         * @return where the next marker is looked for: {@code end}, or after a scan's entropy-coded data
         */
        int read(int marker, int pos, int end) throws CodecException;
    }

    /**
     * Walks the marker segments of {@code data} after SOI up to EOI, the one walk every decoder here
     * needs: a marker where one is expected, fill bytes skipped, each segment inside the frame, no
     * second frame header. Each segment goes to {@code segment}.
     *
     * @return the offset of the EOI marker
     */
    int walkSegments(byte[] data, Segment segment) throws CodecException {
        int pos = 2;
        while (true) {
            if (pos + 1 >= data.length || (data[pos] & 0xFF) != 0xFF) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "a marker was expected", pos);
            }
            int marker = data[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            if (marker == EOI) {
                return pos;
            }
            if (pos + 4 > data.length) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "the stream ends inside marker FF" + hex(marker), pos);
            }
            int length = u16(data, pos + 2);
            int end = pos + 2 + length;
            if (length < 2 || end > data.length) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "marker FF" + hex(marker) + " runs past the frame", pos);
            }
            if (isSof(marker) && pos != sofOffset) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "a second frame header", pos);
            }
            pos = segment.read(marker, pos, end);
        }
    }

    /** Where a decoder keeps the Huffman tables of a DHT segment. */
    @FunctionalInterface
    interface HuffmanSink {
        /** @param tableClass 0 DC (and lossless), 1 AC; {@code pos} the table's offset, for messages */
        void table(int tableClass, int id, int[] counts, int[] values, int pos) throws CodecException;
    }

    /** Reads the Huffman tables of a DHT segment's body, {@code pos} to {@code end}, into {@code sink}. */
    static void readHuffmanTables(byte[] data, int pos, int end, HuffmanSink sink) throws CodecException {
        while (pos < end) {
            int tc = (data[pos] >> 4) & 0x0F;
            int th = data[pos] & 0x0F;
            if (tc > 1 || th > 3 || pos + 17 > end) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "bad Huffman table", pos);
            }
            int[] counts = new int[16];
            int total = 0;
            for (int i = 0; i < 16; i++) {
                counts[i] = data[pos + 1 + i] & 0xFF;
                total += counts[i];
            }
            if (total > 256 || pos + 17 + total > end) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "Huffman table runs past its marker", pos);
            }
            int[] values = new int[total];
            for (int i = 0; i < total; i++) {
                values[i] = data[pos + 17 + i] & 0xFF;
            }
            sink.table(tc, th, counts, values, pos);
            pos += 17 + total;
        }
    }

    /** Requires an EOI marker in the frame's last bytes: without one, the frame was truncated. */
    static void requireEoi(byte[] data) throws CodecException {
        for (int i = data.length - 2; i >= Math.max(0, data.length - 16); i--) {
            if ((data[i] & 0xFF) == 0xFF && (data[i + 1] & 0xFF) == EOI) {
                return; // a pad byte or a few bytes of trailing garbage are tolerated
            }
        }
        throw new CodecException(Code.CODEC_CORRUPT_FRAME, "the frame does not end with an EOI marker (FFD9): truncated",
                data.length);
    }

    static boolean isSof(int marker) {
        return (marker >= 0xC0 && marker <= 0xCF && marker != DHT && marker != 0xC8 && marker != 0xCC) || marker == SOF55;
    }

    /** A name for the coding process of a SOF marker, for messages. */
    String process() {
        return switch (sof) {
            case 0xC0 -> "baseline DCT";
            case 0xC1 -> "extended sequential DCT";
            case 0xC2 -> "progressive DCT";
            case 0xC3 -> "lossless";
            case 0xC5, 0xC6, 0xC7 -> "hierarchical (differential)";
            case 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF -> "arithmetic-coded";
            case SOF55 -> "JPEG-LS";
            default -> "unknown";
        } + " (SOF marker FF" + hex(sof) + ")";
    }

    private static int markerPosition(byte[] data, int pos) throws CodecException {
        if (pos >= data.length || (data[pos] & 0xFF) != 0xFF) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "a marker was expected", pos);
        }
        while (pos + 1 < data.length && (data[pos + 1] & 0xFF) == 0xFF) {
            pos++; // fill bytes
        }
        if (pos + 1 >= data.length) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "the stream ends before its first scan", pos);
        }
        return pos;
    }

    private static int nextMarker(byte[] data, int pos) throws CodecException {
        return data[markerPosition(data, pos) + 1] & 0xFF;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }

    static String hex(int marker) {
        return String.format("%02X", marker);
    }
}
