package org.mip.dicom.codec;

import org.mip.dicom.codec.CodecException.Code;

/**
 * One JPEG-LS frame being decoded: the marker segments (LSE, SOS, ...) and the scans, following
 * ITU-T T.87 Annex A (context modelling, prediction, Golomb coding, run mode) and Annex B
 * (interleave modes). Samples are reconstructed into an interleaved array of the frame's size.
 */
final class JlsFrame {
    private static final int[] J = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12,
        13, 14, 15};
    private static final int CONTEXTS = 365;

    private final byte[] data;
    private final JpegHeader header;
    private final int w;
    private final int h;
    private final int n;
    private final char[] out; // 16-bit samples: half the memory of int[]
    private final boolean[] scanned;

    // Preset coding parameters (LSE id 1); 0 means "default".
    private int presetMaxval;
    private int presetT1;
    private int presetT2;
    private int presetT3;
    private int presetReset;

    // Parameters and contexts of the current scan.
    private int maxval;
    private int near;
    private int t1;
    private int t2;
    private int t3;
    private int reset;
    private int range;
    private int qbpp;
    private int limit;
    private final int[] a = new int[CONTEXTS + 2];
    private final int[] b = new int[CONTEXTS];
    private final int[] c = new int[CONTEXTS];
    private final int[] nq = new int[CONTEXTS + 2];
    private final int[] nn = new int[2];
    private int[] runIndex;
    private JlsBitReader in;

    JlsFrame(byte[] data, JpegHeader header) {
        this.data = data;
        this.header = header;
        this.w = header.samplesPerLine;
        this.h = header.lines;
        this.n = header.components();
        this.out = new char[w * h * n];
        this.scanned = new boolean[n];
    }

    char[] decode() throws CodecException {
        int eoi = header.walkSegments(data, (marker, pos, end) -> {
            if (marker == JpegHeader.LSE) {
                presets(pos, end);
            } else if (marker == JpegHeader.DRI) {
                if (end - pos >= 6 && JpegHeader.u16(data, pos + 4) != 0) {
                    throw new CodecException(Code.CODEC_UNSUPPORTED, "JPEG-LS with restart intervals", pos);
                }
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
        return out;
    }

    private void presets(int pos, int end) throws CodecException {
        int id = data[pos + 4] & 0xFF;
        if (id != 1) {
            throw new CodecException(Code.CODEC_UNSUPPORTED, "JPEG-LS preset parameters of type " + id
                    + " (mapping tables or oversize dimensions)", pos);
        }
        if (end - pos < 15) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "LSE marker too short", pos);
        }
        presetMaxval = JpegHeader.u16(data, pos + 5);
        presetT1 = JpegHeader.u16(data, pos + 7);
        presetT2 = JpegHeader.u16(data, pos + 9);
        presetT3 = JpegHeader.u16(data, pos + 11);
        presetReset = JpegHeader.u16(data, pos + 13);
    }

    /** Decodes one scan; returns the offset of the marker after it. */
    private int scan(int markerPos, int end) throws CodecException {
        int p = markerPos + 4;
        int ns = data[p] & 0xFF;
        if (ns < 1 || ns > n || end - p != 1 + 2 * ns + 3) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "bad JPEG-LS scan header", markerPos);
        }
        int[] comps = new int[ns];
        for (int i = 0; i < ns; i++) {
            int id = data[p + 1 + 2 * i] & 0xFF;
            int table = data[p + 2 + 2 * i] & 0xFF;
            comps[i] = -1;
            for (int k = 0; k < n; k++) {
                if (header.componentIds[k] == id) {
                    comps[i] = k;
                }
            }
            if (comps[i] < 0 || scanned[comps[i]]) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "scan names component " + id + " that is unknown or done",
                        markerPos);
            }
            if (table != 0) {
                throw new CodecException(Code.CODEC_UNSUPPORTED, "JPEG-LS mapping tables", markerPos);
            }
            scanned[comps[i]] = true;
        }
        near = data[p + 1 + 2 * ns] & 0xFF;
        int ilv = data[p + 2 + 2 * ns] & 0xFF;
        int pt = data[p + 3 + 2 * ns] & 0x0F;
        if (pt != 0) {
            throw new CodecException(Code.CODEC_UNSUPPORTED, "JPEG-LS point transform " + pt, markerPos);
        }
        if (ilv > 2 || (ns == 1 && ilv != 0) || (ns > 1 && ilv == 0)) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "interleave mode " + ilv + " with " + ns + " components",
                    markerPos);
        }
        parameters(markerPos);
        in = new JlsBitReader(data, end);
        runIndex = new int[ns];
        if (ilv == 2) {
            for (int y = 0; y < h; y++) {
                sampleInterleavedLine(y, comps);
                in.checkNotOverrun();
            }
        } else {
            for (int y = 0; y < h; y++) {
                for (int i = 0; i < ns; i++) {
                    line(y, comps[i], i);
                }
                in.checkNotOverrun();
            }
        }
        return in.end();
    }

    /** Coding parameters (C.2.4.1.1 defaults unless preset) and fresh contexts (A.2.1). */
    private void parameters(int at) throws CodecException {
        maxval = presetMaxval != 0 ? presetMaxval : (1 << header.precision) - 1;
        if (maxval >= (1 << header.precision) || near > Math.min(255, maxval / 2)) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "MAXVAL " + maxval + " or NEAR " + near + " out of range", at);
        }
        int basicT1 = 3;
        int basicT2 = 7;
        int basicT3 = 21;
        int d1;
        int d2;
        int d3;
        if (maxval >= 128) {
            int factor = (Math.min(maxval, 4095) + 128) / 256;
            d1 = clamp(factor * (basicT1 - 2) + 2 + 3 * near, near + 1);
            d2 = clamp(factor * (basicT2 - 3) + 3 + 5 * near, d1);
            d3 = clamp(factor * (basicT3 - 4) + 4 + 7 * near, d2);
        } else {
            int factor = 256 / (maxval + 1);
            d1 = clamp(Math.max(2, basicT1 / factor + 3 * near), near + 1);
            d2 = clamp(Math.max(3, basicT2 / factor + 5 * near), d1);
            d3 = clamp(Math.max(4, basicT3 / factor + 7 * near), d2);
        }
        t1 = presetT1 != 0 ? presetT1 : d1;
        t2 = presetT2 != 0 ? presetT2 : d2;
        t3 = presetT3 != 0 ? presetT3 : d3;
        reset = presetReset != 0 ? presetReset : 64;
        if (reset < 3) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "RESET " + reset + " out of range", at);
        }
        range = (maxval + 2 * near) / (2 * near + 1) + 1;
        qbpp = ceilLog2(range);
        int bpp = Math.max(2, ceilLog2(maxval + 1));
        limit = 2 * (bpp + Math.max(8, bpp));
        int aInit = Math.max(2, (range + 32) / 64);
        java.util.Arrays.fill(a, aInit);
        java.util.Arrays.fill(b, 0);
        java.util.Arrays.fill(c, 0);
        java.util.Arrays.fill(nq, 1);
        nn[0] = 0;
        nn[1] = 0;
    }

    private int clamp(int i, int j) {
        return (i > maxval || i < j) ? j : i;
    }

    private static int ceilLog2(int x) {
        int k = 0;
        while ((1 << k) < x) {
            k++;
        }
        return k;
    }

    // ------------------------------------------------------------------ neighbourhood

    private int sample(int x, int y, int comp) {
        return out[(y * w + x) * n + comp];
    }

    private int rb(int x, int y, int comp) {
        return y > 0 ? sample(x, y - 1, comp) : 0;
    }

    /** Ra: the left sample; at the start of a line, the one above (A.2.1). */
    private int ra(int x, int y, int comp) {
        return x > 0 ? sample(x - 1, y, comp) : rb(0, y, comp);
    }

    /** Rc: above-left; at the start of a line, the Ra of the previous line's first sample. */
    private int rc(int x, int y, int comp) {
        if (x > 0) {
            return y > 0 ? sample(x - 1, y - 1, comp) : 0;
        }
        return y > 1 ? sample(0, y - 2, comp) : 0;
    }

    /** Rd: above-right; at the end of a line, the one above. */
    private int rd(int x, int y, int comp) {
        return y > 0 ? sample(Math.min(x + 1, w - 1), y - 1, comp) : 0;
    }

    // ------------------------------------------------------------------ one component (interleave none or line)

    private void line(int y, int comp, int scanIndex) throws CodecException {
        int x = 0;
        while (x < w) {
            int ra = ra(x, y, comp);
            int rb = rb(x, y, comp);
            int rc = rc(x, y, comp);
            int rd = rd(x, y, comp);
            int q1 = quantize(rd - rb);
            int q2 = quantize(rb - rc);
            int q3 = quantize(rc - ra);
            if (q1 == 0 && q2 == 0 && q3 == 0) {
                x = run(x, y, comp, scanIndex, ra);
            } else {
                out[(y * w + x) * n + comp] = (char) regular(q1, q2, q3, ra, rb, rc);
                x++;
            }
        }
    }

    /** Run mode (A.7) from x: the run, then the interruption sample unless the line ends; returns the next x. */
    private int run(int x, int y, int comp, int scanIndex, int runValue) throws CodecException {
        int remaining = w - x;
        while (true) {
            int ri = runIndex[scanIndex];
            if (in.bits(1) == 1) {
                int count = Math.min(1 << J[ri], remaining);
                for (int k = 0; k < count; k++) {
                    out[(y * w + x + k) * n + comp] = (char) runValue;
                }
                x += count;
                remaining -= count;
                if (count == (1 << J[ri]) && ri < 31) {
                    runIndex[scanIndex] = ri + 1;
                }
                if (remaining == 0) {
                    return x;
                }
            } else {
                int count = in.bits(J[ri]);
                if (count >= remaining) {
                    throw new CodecException(Code.CODEC_CORRUPT_FRAME, "a JPEG-LS run goes past the end of line " + (y + 1), -1);
                }
                for (int k = 0; k < count; k++) {
                    out[(y * w + x + k) * n + comp] = (char) runValue;
                }
                x += count;
                int ra = ra(x, y, comp);
                int rb = rb(x, y, comp);
                int riType = Math.abs(ra - rb) <= near ? 1 : 0;
                int px = riType == 1 ? ra : rb;
                int sign = (riType == 0 && ra > rb) ? -1 : 1;
                int errval = interruption(riType, ri);
                out[(y * w + x) * n + comp] = (char) reconstruct(px, sign * errval);
                if (ri > 0) {
                    runIndex[scanIndex] = ri - 1;
                }
                return x + 1;
            }
        }
    }

    // ------------------------------------------------------------------ sample interleaved

    private void sampleInterleavedLine(int y, int[] comps) throws CodecException {
        int ns = comps.length;
        int[] q = new int[3 * ns];
        int x = 0;
        while (x < w) {
            boolean runMode = true;
            for (int i = 0; i < ns; i++) {
                int comp = comps[i];
                int ra = ra(x, y, comp);
                int rb = rb(x, y, comp);
                int rc = rc(x, y, comp);
                int rd = rd(x, y, comp);
                q[3 * i] = quantize(rd - rb);
                q[3 * i + 1] = quantize(rb - rc);
                q[3 * i + 2] = quantize(rc - ra);
                runMode &= q[3 * i] == 0 && q[3 * i + 1] == 0 && q[3 * i + 2] == 0;
            }
            if (runMode) {
                x = runInterleaved(x, y, comps);
            } else {
                for (int i = 0; i < ns; i++) {
                    int comp = comps[i];
                    out[(y * w + x) * n + comp] = (char) (regular(q[3 * i], q[3 * i + 1], q[3 * i + 2], ra(x, y, comp), rb(x, y, comp),
                            rc(x, y, comp)));
                }
                x++;
            }
        }
    }

    /** Run mode over whole pixels (B.3.2): the interruption pixel codes each component with RItype 0. */
    private int runInterleaved(int x, int y, int[] comps) throws CodecException {
        int remaining = w - x;
        int[] runValue = new int[comps.length];
        for (int i = 0; i < comps.length; i++) {
            runValue[i] = ra(x, y, comps[i]);
        }
        while (true) {
            int ri = runIndex[0];
            if (in.bits(1) == 1) {
                int count = Math.min(1 << J[ri], remaining);
                fillRun(x, y, count, comps, runValue);
                x += count;
                remaining -= count;
                if (count == (1 << J[ri]) && ri < 31) {
                    runIndex[0] = ri + 1;
                }
                if (remaining == 0) {
                    return x;
                }
            } else {
                int count = in.bits(J[ri]);
                if (count >= remaining) {
                    throw new CodecException(Code.CODEC_CORRUPT_FRAME, "a JPEG-LS run goes past the end of line " + (y + 1), -1);
                }
                fillRun(x, y, count, comps, runValue);
                x += count;
                for (int comp : comps) {
                    int ra = ra(x, y, comp);
                    int rb = rb(x, y, comp);
                    int errval = interruption(0, ri);
                    out[(y * w + x) * n + comp] = (char) reconstruct(rb, (ra > rb ? -1 : 1) * errval);
                }
                if (ri > 0) {
                    runIndex[0] = ri - 1;
                }
                return x + 1;
            }
        }
    }

    private void fillRun(int x, int y, int count, int[] comps, int[] values) {
        for (int k = 0; k < count; k++) {
            for (int i = 0; i < comps.length; i++) {
                out[(y * w + x + k) * n + comps[i]] = (char) values[i];
            }
        }
    }

    // ------------------------------------------------------------------ coding

    /** Gradient quantization (A.3.3). */
    private int quantize(int d) {
        if (d <= -t3) {
            return -4;
        }
        if (d <= -t2) {
            return -3;
        }
        if (d <= -t1) {
            return -2;
        }
        if (d < -near) {
            return -1;
        }
        if (d <= near) {
            return 0;
        }
        if (d < t1) {
            return 1;
        }
        if (d < t2) {
            return 2;
        }
        if (d < t3) {
            return 3;
        }
        return 4;
    }

    /** One sample in regular mode (A.4-A.6): prediction, context, Golomb-coded error, context update. */
    private int regular(int q1, int q2, int q3, int ra, int rb, int rc) throws CodecException {
        int sign = 1;
        if (q1 < 0 || (q1 == 0 && (q2 < 0 || (q2 == 0 && q3 < 0)))) {
            sign = -1;
            q1 = -q1;
            q2 = -q2;
            q3 = -q3;
        }
        int q = (q1 * 9 + q2) * 9 + q3;
        int px;
        if (rc >= Math.max(ra, rb)) {
            px = Math.min(ra, rb);
        } else if (rc <= Math.min(ra, rb)) {
            px = Math.max(ra, rb);
        } else {
            px = ra + rb - rc;
        }
        px += sign * c[q];
        px = px < 0 ? 0 : Math.min(px, maxval);
        int k = 0;
        while ((nq[q] << k) < a[q]) {
            k++;
            if (k > 24) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "JPEG-LS context out of range", -1);
            }
        }
        int merr = golomb(k, limit);
        int errval;
        if (near == 0 && k == 0 && 2 * b[q] <= -nq[q]) {
            errval = (merr & 1) == 1 ? (merr - 1) >> 1 : -(merr >> 1) - 1;
        } else {
            errval = (merr & 1) == 0 ? merr >> 1 : -((merr + 1) >> 1);
        }
        b[q] += errval * (2 * near + 1);
        a[q] += Math.abs(errval);
        if (nq[q] == reset) {
            a[q] >>= 1;
            b[q] >>= 1;
            nq[q] >>= 1;
        }
        nq[q]++;
        if (b[q] <= -nq[q]) {
            b[q] += nq[q];
            if (c[q] > -128) {
                c[q]--;
            }
            if (b[q] <= -nq[q]) {
                b[q] = -nq[q] + 1;
            }
        } else if (b[q] > 0) {
            b[q] -= nq[q];
            if (c[q] < 127) {
                c[q]++;
            }
            if (b[q] > 0) {
                b[q] = 0;
            }
        }
        return reconstruct(px, sign * errval);
    }

    /** The error of a run interruption sample (A.7.2), with its context update; not yet signed. */
    private int interruption(int riType, int ri) throws CodecException {
        int q = CONTEXTS + riType;
        int temp = riType == 0 ? a[q] : a[q] + (nq[q] >> 1);
        int k = 0;
        while ((nq[q] << k) < temp) {
            k++;
            if (k > 24) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "JPEG-LS run context out of range", -1);
            }
        }
        int em = golomb(k, limit - J[ri] - 1);
        int t = em + riType;
        boolean map = (t & 1) == 1;
        int magnitude = (t + (map ? 1 : 0)) >> 1;
        boolean positiveWithMap = k == 0 && 2 * nn[riType] < nq[q];
        int errval = map == positiveWithMap ? magnitude : -magnitude;
        if (errval < 0) {
            nn[riType]++;
        }
        a[q] += (em + 1 - riType) >> 1;
        if (nq[q] == reset) {
            a[q] >>= 1;
            nq[q] >>= 1;
            nn[riType] >>= 1;
        }
        nq[q]++;
        return errval;
    }

    /** A limited-length Golomb code (A.5.3): unary high part, or an escape followed by qbpp bits. */
    private int golomb(int k, int glimit) throws CodecException {
        int escape = glimit - qbpp - 1;
        int high = in.zeros(escape);
        if (high < escape) {
            return (high << k) | in.bits(k);
        }
        return in.bits(qbpp) + 1;
    }

    /** Px plus the dequantized error, brought back into range (A.4.? modulo reduction) and clamped. */
    private int reconstruct(int px, int errval) {
        int rx = px + errval * (2 * near + 1);
        if (rx < -near) {
            rx += range * (2 * near + 1);
        } else if (rx > maxval + near) {
            rx -= range * (2 * near + 1);
        }
        return rx < 0 ? 0 : Math.min(rx, maxval);
    }
}
