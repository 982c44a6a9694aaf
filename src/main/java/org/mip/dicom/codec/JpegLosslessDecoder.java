package org.mip.dicom.codec;

import org.mip.dicom.codec.CodecException.Code;

/**
 * Our decoder for lossless JPEG (ISO/IEC 10918-1 Annex H, process 14: SOF3, Huffman): precision
 * 2-16 bits, predictors 1-7, point transform, 1 to 4 components in interleaved or separate scans,
 * restart intervals of whole lines. TwelveMonkeys' reader was tried first: it refuses precisions
 * other than a few (9 bits, for one, fails), so DICOM's 2-16 bits need our own.
 *
 * <p>Returns the samples (shifted back by the point transform) interleaved, as unsigned
 * 16-bit patterns (char: two bytes a sample, so a frame costs its own size once more).
 */
final class JpegLosslessDecoder {
    private final byte[] data;
    private final JpegHeader header;
    private final HuffmanTable[] tables = new HuffmanTable[4];
    private int restartInterval;
    private final int w;
    private final int h;
    private final int n;
    private final char[] out; // 16-bit samples: half the memory of int[]
    private final boolean[] scanned;

    private JpegLosslessDecoder(byte[] data, JpegHeader header) {
        this.data = data;
        this.header = header;
        this.w = header.samplesPerLine;
        this.h = header.lines;
        this.n = header.components();
        this.out = new char[w * h * n];
        this.scanned = new boolean[n];
    }

    /** Decodes a stream whose frame header was already checked (SOF3, 1x1 sampling, size within the limit). */
    static char[] decode(byte[] data, JpegHeader header) throws CodecException {
        JpegLosslessDecoder d = new JpegLosslessDecoder(data, header);
        d.readMarkers();
        return d.out;
    }

    private void readMarkers() throws CodecException {
        int eoi = header.walkSegments(data, (marker, pos, end) -> {
            if (marker == JpegHeader.DHT) {
                JpegHeader.readHuffmanTables(data, pos + 4, end, (tc, th, counts, values, at) -> {
                    if (tc == 0) { // lossless uses the DC class only
                        tables[th] = new HuffmanTable(counts, values, at);
                    }
                });
            } else if (marker == JpegHeader.DRI) {
                restartInterval = end - pos >= 6 ? JpegHeader.u16(data, pos + 4) : 0;
            } else if (marker == JpegHeader.SOS) {
                return scan(pos, end);
            }
            return end;
        });
        for (int i = 0; i < n; i++) {
            if (!scanned[i]) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "component " + (i + 1) + " has no scan", eoi);
            }
        }
    }

    private int scan(int markerPos, int end) throws CodecException {
        int p = markerPos + 4;
        int ns = data[p] & 0xFF;
        if (ns < 1 || ns > n || end - p != 1 + 2 * ns + 3) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "bad scan header", markerPos);
        }
        int[] comps = new int[ns];
        HuffmanTable[] dc = new HuffmanTable[ns];
        for (int i = 0; i < ns; i++) {
            int id = data[p + 1 + 2 * i] & 0xFF;
            int td = (data[p + 2 + 2 * i] >> 4) & 0x0F;
            comps[i] = -1;
            for (int k = 0; k < n; k++) {
                if (header.componentIds[k] == id) {
                    comps[i] = k;
                }
            }
            if (comps[i] < 0 || scanned[comps[i]] || td > 3 || tables[td] == null) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "scan names component " + id
                        + " twice, an unknown one, or an undefined Huffman table", markerPos);
            }
            scanned[comps[i]] = true;
            dc[i] = tables[td];
        }
        int predictor = data[p + 1 + 2 * ns] & 0xFF;
        int pt = data[p + 3 + 2 * ns] & 0x0F;
        if (predictor < 1 || predictor > 7) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "lossless predictor " + predictor, markerPos);
        }
        if (pt >= header.precision) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "point transform " + pt + " for " + header.precision + " bits",
                    markerPos);
        }
        if (restartInterval > 0 && restartInterval % w != 0) {
            throw new CodecException(Code.CODEC_UNSUPPORTED, "lossless JPEG with a restart interval of " + restartInterval
                    + " samples, not whole lines of " + w, markerPos);
        }
        JpegBitReader in = new JpegBitReader(data, end);
        int initial = 1 << (header.precision - pt - 1);
        int linesPerInterval = restartInterval > 0 ? restartInterval / w : Integer.MAX_VALUE;
        int restart = 0;
        for (int y = 0; y < h; y++) {
            boolean firstLine = y % linesPerInterval == 0;
            if (firstLine && y > 0) {
                in.restart(restart);
                restart = (restart + 1) & 7;
            }
            for (int x = 0; x < w; x++) {
                for (int i = 0; i < ns; i++) {
                    int c = comps[i];
                    int pred;
                    if (firstLine) {
                        pred = x == 0 ? initial : at(x - 1, y, c);
                    } else if (x == 0) {
                        pred = at(0, y - 1, c);
                    } else {
                        pred = predict(predictor, at(x - 1, y, c), at(x, y - 1, c), at(x - 1, y - 1, c));
                    }
                    int category = dc[i].decode(in);
                    if (category > 16) {
                        throw new CodecException(Code.CODEC_CORRUPT_FRAME, "difference category " + category, in.position());
                    }
                    out[(y * w + x) * n + c] = (char) (pred + in.receiveExtend(category));
                }
            }
            in.checkNotOverrun();
        }
        if (pt > 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (char) (out[i] << pt);
            }
        }
        return in.end();
    }

    /** The value before the point transform's shift is undone (predictions work on shifted values). */
    private int at(int x, int y, int c) {
        return out[(y * w + x) * n + c];
    }

    /** The predictors of Table H.1. */
    private static int predict(int predictor, int ra, int rb, int rc) {
        return switch (predictor) {
            case 1 -> ra;
            case 2 -> rb;
            case 3 -> rc;
            case 4 -> ra + rb - rc;
            case 5 -> ra + ((rb - rc) >> 1);
            case 6 -> rb + ((ra - rc) >> 1);
            default -> (ra + rb) >> 1;
        };
    }
}
