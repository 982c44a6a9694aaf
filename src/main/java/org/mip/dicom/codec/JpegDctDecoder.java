package org.mip.dicom.codec;

import org.mip.dicom.codec.CodecException.Code;

/**
 * Our own decoder for sequential DCT JPEG with Huffman coding (ISO/IEC 10918-1 processes 1, 2 and
 * 4: SOF0 and SOF1), at 8 or 12 bits. It exists for 12-bit DCT (JPEG Extended, DICOM .4.51),
 * which the JDK's libjpeg build cannot decode and no library on Maven Central does; 8-bit frames
 * go to the JDK's reader. Interleaved and non-interleaved scans, any sampling factors, restart
 * intervals. The inverse DCT is the exact separable transform in double precision (within one
 * unit of libjpeg's integer IDCT); subsampled chroma is upsampled as libjpeg's "fancy" upsampling
 * does for 2x1 and 2x2, by replication otherwise.
 *
 * <p>Returns the samples at full resolution, interleaved, without colour conversion; planes and
 * output are 16-bit arrays (a 12-bit sample needs no more).
 */
final class JpegDctDecoder {
    private static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
        28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
        54, 47, 55, 62, 63};
    private static final double[][] COS = new double[8][8];

    static {
        for (int x = 0; x < 8; x++) {
            for (int u = 0; u < 8; u++) {
                double c = u == 0 ? Math.sqrt(0.5) : 1.0;
                COS[x][u] = c * Math.cos((2 * x + 1) * u * Math.PI / 16) / 2;
            }
        }
    }

    private final byte[] data;
    private final JpegHeader header;
    private final int[][] quant = new int[4][];
    private final HuffmanTable[] dcTables = new HuffmanTable[4];
    private final HuffmanTable[] acTables = new HuffmanTable[4];
    private int restartInterval;

    private final int n;
    private final int hmax;
    private final int vmax;
    private final int mcusX;
    private final int mcusY;
    private final short[][] planes; // at most 12 bits a sample
    private final int[] stride;
    private final boolean[] scanned;
    private final int[] coef = new int[64];
    private final double[] work = new double[64];

    private JpegDctDecoder(byte[] data, JpegHeader header) {
        this.data = data;
        this.header = header;
        this.n = header.components();
        int hm = 1;
        int vm = 1;
        for (int i = 0; i < n; i++) {
            hm = Math.max(hm, header.h[i]);
            vm = Math.max(vm, header.v[i]);
        }
        hmax = hm;
        vmax = vm;
        mcusX = (header.samplesPerLine + 8 * hmax - 1) / (8 * hmax);
        mcusY = (header.lines + 8 * vmax - 1) / (8 * vmax);
        planes = new short[n][];
        stride = new int[n];
        scanned = new boolean[n];
        for (int i = 0; i < n; i++) {
            stride[i] = mcusX * header.h[i] * 8;
            planes[i] = new short[stride[i] * mcusY * header.v[i] * 8];
        }
    }

    /**
     * Decodes a stream whose frame header was already checked (SOF0/SOF1, size within the limit).
     *
     * @return rows * columns * components samples, interleaved
     */
    static char[] decode(byte[] data, JpegHeader header) throws CodecException {
        if (header.precision != 8 && header.precision != 12) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "DCT precision must be 8 or 12 bits, not " + header.precision,
                    header.sofOffset);
        }
        JpegDctDecoder d = new JpegDctDecoder(data, header);
        d.readMarkers();
        return d.output();
    }

    private void readMarkers() throws CodecException {
        boolean[] anyScan = {false};
        int eoi = header.walkSegments(data, (marker, pos, end) -> {
            int body = pos + 4;
            switch (marker) {
                case JpegHeader.DQT -> readQuantTables(body, end);
                case JpegHeader.DHT -> JpegHeader.readHuffmanTables(data, body, end, (tc, th, counts, values, at) -> {
                    HuffmanTable table = new HuffmanTable(counts, values, at);
                    if (tc == 0) {
                        dcTables[th] = table;
                    } else {
                        acTables[th] = table;
                    }
                });
                case JpegHeader.DRI -> restartInterval = end - pos >= 6 ? JpegHeader.u16(data, body) : 0;
                case JpegHeader.SOS -> {
                    anyScan[0] = true;
                    return scan(pos, body, end);
                }
                default -> {
                }
            }
            return end;
        });
        for (int i = 0; i < n; i++) {
            if (!anyScan[0] || !scanned[i]) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "component " + (i + 1) + " has no scan", eoi);
            }
        }
    }

    private void readQuantTables(int pos, int end) throws CodecException {
        while (pos < end) {
            int pq = (data[pos] >> 4) & 0x0F;
            int tq = data[pos] & 0x0F;
            int size = pq == 0 ? 64 : 128;
            if (tq > 3 || pq > 1 || pos + 1 + size > end) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "bad quantization table", pos);
            }
            int[] q = new int[64];
            for (int k = 0; k < 64; k++) {
                q[k] = pq == 0 ? data[pos + 1 + k] & 0xFF : JpegHeader.u16(data, pos + 1 + 2 * k);
            }
            quant[tq] = q;
            pos += 1 + size;
        }
    }

    /** Decodes one scan; returns the offset of the marker that follows its entropy-coded data. */
    private int scan(int markerPos, int pos, int end) throws CodecException {
        int ns = data[pos] & 0xFF;
        if (ns < 1 || ns > 4 || pos + 1 + 2 * ns + 3 > end) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "bad scan header", markerPos);
        }
        int[] comps = new int[ns];
        HuffmanTable[] dc = new HuffmanTable[ns];
        HuffmanTable[] ac = new HuffmanTable[ns];
        int[][] q = new int[ns][];
        for (int i = 0; i < ns; i++) {
            int id = data[pos + 1 + 2 * i] & 0xFF;
            int tables = data[pos + 2 + 2 * i] & 0xFF;
            int c = -1;
            for (int k = 0; k < n; k++) {
                if (header.componentIds[k] == id) {
                    c = k;
                }
            }
            if (c < 0 || (tables >> 4) > 3 || (tables & 15) > 3) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "scan names component " + id + " or tables it lacks", markerPos);
            }
            comps[i] = c;
            dc[i] = dcTables[tables >> 4];
            ac[i] = acTables[tables & 15];
            q[i] = header.tq[c] < 4 ? quant[header.tq[c]] : null;
            if (dc[i] == null || ac[i] == null || q[i] == null) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "scan uses a Huffman or quantization table that was not defined",
                        markerPos);
            }
            scanned[c] = true;
        }
        int ss = data[pos + 1 + 2 * ns] & 0xFF;
        int se = data[pos + 2 + 2 * ns] & 0xFF;
        int a = data[pos + 3 + 2 * ns] & 0xFF;
        if (ss != 0 || se != 63 || a != 0) {
            throw new CodecException(Code.CODEC_UNSUPPORTED, "a scan with spectral selection or successive approximation"
                    + " (progressive coding) in a sequential frame", markerPos);
        }
        JpegBitReader in = new JpegBitReader(data, end);
        int[] pred = new int[ns];
        int mcus;
        int blocksX = 0;
        if (ns == 1) {
            int c = comps[0];
            int compW = (header.samplesPerLine * header.h[c] + hmax - 1) / hmax;
            int compH = (header.lines * header.v[c] + vmax - 1) / vmax;
            blocksX = (compW + 7) / 8;
            mcus = blocksX * ((compH + 7) / 8);
        } else {
            mcus = mcusX * mcusY;
        }
        int restart = 0;
        for (int m = 0; m < mcus; m++) {
            if (restartInterval > 0 && m > 0 && m % restartInterval == 0) {
                in.restart(restart);
                restart = (restart + 1) & 7;
                java.util.Arrays.fill(pred, 0);
            }
            if (ns == 1) {
                int c = comps[0];
                pred[0] = block(in, dc[0], ac[0], q[0], pred[0], c, (m % blocksX) * 8, (m / blocksX) * 8);
            } else {
                int mx = m % mcusX;
                int my = m / mcusX;
                for (int i = 0; i < ns; i++) {
                    int c = comps[i];
                    for (int by = 0; by < header.v[c]; by++) {
                        for (int bx = 0; bx < header.h[c]; bx++) {
                            pred[i] = block(in, dc[i], ac[i], q[i], pred[i], c, (mx * header.h[c] + bx) * 8,
                                    (my * header.v[c] + by) * 8);
                        }
                    }
                }
            }
            in.checkNotOverrun();
        }
        return in.end();
    }

    /** Decodes one 8x8 block into plane {@code c} at (x, y); returns the new DC predictor. */
    private int block(JpegBitReader in, HuffmanTable dc, HuffmanTable ac, int[] q, int pred, int c, int x, int y)
            throws CodecException {
        java.util.Arrays.fill(coef, 0);
        int t = dc.decode(in);
        if (t > 15) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "DC difference category " + t, in.position());
        }
        pred += in.receiveExtend(t);
        coef[0] = pred * q[0];
        for (int k = 1; k < 64; ) {
            int rs = ac.decode(in);
            int r = rs >> 4;
            int s = rs & 15;
            if (s == 0) {
                if (r != 15) {
                    break;
                }
                k += 16;
                continue;
            }
            k += r;
            if (k > 63) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "AC coefficients run past the end of a block", in.position());
            }
            coef[ZIGZAG[k]] = in.receiveExtend(s) * q[k];
            k++;
        }
        idct(planes[c], stride[c], x, y);
        return pred;
    }

    /** The inverse DCT (A.3.3) with level shift and clamping to the sample range. */
    private void idct(short[] plane, int planeStride, int x0, int y0) {
        for (int v = 0; v < 8; v++) { // rows: work[v][x] = sum_u C * F(v,u) * cos
            for (int x = 0; x < 8; x++) {
                double s = 0;
                for (int u = 0; u < 8; u++) {
                    int f = coef[v * 8 + u];
                    if (f != 0) {
                        s += COS[x][u] * f;
                    }
                }
                work[v * 8 + x] = s;
            }
        }
        int max = (1 << header.precision) - 1;
        int shift = 1 << (header.precision - 1);
        for (int x = 0; x < 8; x++) {
            for (int yy = 0; yy < 8; yy++) {
                double s = 0;
                for (int v = 0; v < 8; v++) {
                    s += COS[yy][v] * work[v * 8 + x];
                }
                int value = (int) Math.round(s) + shift;
                plane[(y0 + yy) * planeStride + x0 + x] = (short) (value < 0 ? 0 : Math.min(value, max));
            }
        }
    }

    /** Upsamples each component to full size and interleaves them. */
    private char[] output() {
        int w = header.samplesPerLine;
        int hgt = header.lines;
        char[] out = new char[w * hgt * n];
        for (int c = 0; c < n; c++) {
            int fx = hmax / header.h[c];
            int fy = vmax / header.v[c];
            if (fx == 1 && fy == 1) {
                for (int y = 0; y < hgt; y++) {
                    for (int x = 0; x < w; x++) {
                        out[(y * w + x) * n + c] = (char) planes[c][y * stride[c] + x];
                    }
                }
                continue;
            }
            int[] full;
            if (fx == 2 && fy == 1 && hmax % header.h[c] == 0) {
                full = fancyH2V1(c, w, hgt);
            } else if (fx == 2 && fy == 2 && hmax % header.h[c] == 0 && vmax % header.v[c] == 0) {
                full = fancyH2V2(c, w, hgt);
            } else {
                full = replicate(c, w, hgt);
            }
            for (int i = 0; i < w * hgt; i++) {
                out[i * n + c] = (char) full[i];
            }
        }
        return out;
    }

    private int compWidth(int c) {
        return (header.samplesPerLine * header.h[c] + hmax - 1) / hmax;
    }

    private int compHeight(int c) {
        return (header.lines * header.v[c] + vmax - 1) / vmax;
    }

    /** Triangular horizontal upsampling by 2 (3/4 nearer sample, 1/4 further), edges replicated. */
    private int[] fancyH2V1(int c, int w, int hgt) {
        short[] in = planes[c];
        int cw = compWidth(c);
        int[] out = new int[w * hgt];
        int[] line = new int[cw];
        int[] row = new int[2 * cw];
        for (int y = 0; y < hgt; y++) {
            for (int x = 0; x < cw; x++) {
                line[x] = in[y * stride[c] + x];
            }
            upsampleRow(line, 0, cw, row, 1, 2, 2);
            System.arraycopy(row, 0, out, y * w, w);
        }
        return out;
    }

    /** Triangular upsampling by 2 in both directions: vertical 3:1 column sums, then horizontal 3:1. */
    private int[] fancyH2V2(int c, int w, int hgt) {
        short[] in = planes[c];
        int cw = compWidth(c);
        int ch = compHeight(c);
        int[] out = new int[w * hgt];
        int[] colsum = new int[cw];
        int[] row = new int[2 * cw];
        for (int y = 0; y < hgt; y++) {
            int src = y / 2;
            int near = (y & 1) == 0 ? Math.max(0, src - 1) : Math.min(ch - 1, src + 1);
            for (int x = 0; x < cw; x++) {
                colsum[x] = 3 * in[src * stride[c] + x] + in[near * stride[c] + x];
            }
            upsampleRow(colsum, 0, cw, row, 8, 7, 4);
            System.arraycopy(row, 0, out, y * w, w);
        }
        return out;
    }

    /**
     * Horizontal 2x upsampling of {@code count} samples: out[2i] = (3 in[i] + in[i-1] + evenRound) >> shift,
     * out[2i+1] = (3 in[i] + in[i+1] + oddRound) >> shift, the samples beyond either end taken as
     * the end sample (libjpeg's rounding: 1 and 2 for 2x1, 8 and 7 for 2x2 over 4x sums).
     */
    private static void upsampleRow(int[] in, int base, int count, int[] out, int evenRound, int oddRound, int shift) {
        for (int i = 0; i < count; i++) {
            int cur = in[base + i] * 3;
            int before = in[base + Math.max(0, i - 1)];
            int after = in[base + Math.min(count - 1, i + 1)];
            out[2 * i] = (cur + before + evenRound) >> shift;
            out[2 * i + 1] = (cur + after + oddRound) >> shift;
        }
    }

    private int[] replicate(int c, int w, int hgt) {
        int fx = hmax / header.h[c];
        int fy = vmax / header.v[c];
        int[] out = new int[w * hgt];
        int cw = compWidth(c);
        int ch = compHeight(c);
        for (int y = 0; y < hgt; y++) {
            int sy = Math.min(ch - 1, y / fy);
            for (int x = 0; x < w; x++) {
                out[y * w + x] = planes[c][sy * stride[c] + Math.min(cw - 1, x / fx)];
            }
        }
        return out;
    }
}
