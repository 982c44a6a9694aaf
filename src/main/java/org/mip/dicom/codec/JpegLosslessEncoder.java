package org.mip.dicom.codec;

import java.io.ByteArrayOutputStream;
import org.mip.dicom.codec.CodecException.Code;

/**
 * Our JPEG Lossless encoder for DICOM JPEG Lossless SV1 (.4.70): process 14 (SOF3), first-order
 * prediction (selection value 1: the sample to the left; the one above at the start of a row), no
 * point transform, one Huffman table optimised for the frame (ISO/IEC 10918-1 Annex K.2), all
 * components in one interleaved scan. Precision is Bits Stored (2 at least); signed samples are
 * coded as their two's complement bit pattern in that many bits, as the standard's note on
 * signed data in PS3.5 8.2.1 describes. No colour transform: the frame keeps its Photometric
 * Interpretation, so a redacted frame is written with no second lossy generation.
 *
 * <p>Takes 1 sample (MONOCHROME1/2, PALETTE COLOR) of 2-16 bits and 3 samples (RGB, YBR_FULL) of
 * 2-16 bits, either planar configuration; writes two passes over the frame (statistics, then
 * codes) and holds only the output besides the input.
 */
final class JpegLosslessEncoder implements FrameEncoder {
    private final int restartLines;

    JpegLosslessEncoder() {
        this(0);
    }

    /** With a restart marker every {@code restartLines} lines (0: none); for tests of the decoders' restart handling. */
    JpegLosslessEncoder(int restartLines) {
        this.restartLines = restartLines;
    }

    @Override
    public String transferSyntaxUid() {
        return FrameCodecs.JPEG_LOSSLESS_SV1;
    }

    @Override
    public EncodedFrame encode(byte[] pixels, ImageDescription image) throws CodecException {
        NativeSamples.checkLength(pixels, image);
        String pi = image.photometric();
        boolean ok = image.samplesPerPixel() == 1 ? pi.startsWith("MONOCHROME") || pi.equals("PALETTE COLOR")
                : pi.equals("RGB") || pi.equals("YBR_FULL");
        if (!ok) {
            throw new CodecException(Code.CODEC_UNSUPPORTED, "JPEG Lossless encoding of " + image + " is not supported");
        }
        int precision = Math.max(2, image.bitsStored());
        int[] freq = new int[17];
        code(pixels, image, precision, freq, null, null, restartLines);
        int[][] table = HuffmanCodes.optimal(freq);
        ByteArrayOutputStream out = new ByteArrayOutputStream(pixels.length / 2 + 1024);
        writeHeaders(out, image, precision, table, restartLines);
        BitWriter bits = new BitWriter(out);
        code(pixels, image, precision, null, table, bits, restartLines);
        bits.flush();
        out.write(0xFF);
        out.write(JpegHeader.EOI);
        return new EncodedFrame(out.toByteArray(), image.interleaved(), FrameCodecs.JPEG_LOSSLESS_SV1, false, null);
    }

    /** One pass over the frame with predictor 1: counts categories ({@code freq}) or writes codes ({@code bits}). */
    private static void code(byte[] pixels, ImageDescription image, int precision, int[] freq, int[][] table, BitWriter bits,
                             int restartLines) {
        int rows = image.rows();
        int cols = image.columns();
        int spp = image.samplesPerPixel();
        int mask = (1 << precision) - 1;
        int start = 1 << (precision - 1);
        for (int y = 0; y < rows; y++) {
            boolean firstLine = restartLines > 0 ? y % restartLines == 0 : y == 0; // predictors restart with the interval
            if (firstLine && y > 0 && bits != null) {
                bits.restart((y / restartLines - 1) & 7);
            }
            for (int x = 0; x < cols; x++) {
                int p = y * cols + x;
                for (int s = 0; s < spp; s++) {
                    int value = NativeSamples.get(pixels, image, p, s) & mask;
                    int pred;
                    if (x > 0) {
                        pred = NativeSamples.get(pixels, image, p - 1, s) & mask;
                    } else if (!firstLine) {
                        pred = NativeSamples.get(pixels, image, p - cols, s) & mask;
                    } else {
                        pred = start;
                    }
                    int diff = (short) (value - pred); // modulo 2^16 (H.1.2.1)
                    int category = diff == Short.MIN_VALUE ? 16 : 32 - Integer.numberOfLeadingZeros(Math.abs(diff));
                    if (freq != null) {
                        freq[category]++;
                    } else {
                        bits.write(table[0][category], table[1][category]);
                        if (category > 0 && category < 16) {
                            bits.write(diff > 0 ? diff : diff + (1 << category) - 1, category);
                        }
                    }
                }
            }
        }
    }

    private static void writeHeaders(ByteArrayOutputStream out, ImageDescription image, int precision, int[][] table,
                                     int restartLines) {
        int n = image.samplesPerPixel();
        out.write(0xFF);
        out.write(JpegHeader.SOI);
        out.write(0xFF);
        out.write(0xC3); // SOF3: lossless, Huffman
        u16(out, 8 + 3 * n);
        out.write(precision);
        u16(out, image.rows());
        u16(out, image.columns());
        out.write(n);
        for (int i = 0; i < n; i++) {
            out.write(i + 1);
            out.write(0x11);
            out.write(0);
        }
        int[] counts = table[2];
        int[] values = table[3];
        out.write(0xFF);
        out.write(JpegHeader.DHT);
        u16(out, 2 + 1 + 16 + values.length);
        out.write(0x00); // DC-class table 0
        for (int i = 0; i < 16; i++) {
            out.write(counts[i]);
        }
        for (int v : values) {
            out.write(v);
        }
        if (restartLines > 0) {
            out.write(0xFF);
            out.write(JpegHeader.DRI);
            u16(out, 4);
            u16(out, restartLines * image.columns()); // in MCUs: one sample of each component
        }
        out.write(0xFF);
        out.write(JpegHeader.SOS);
        u16(out, 6 + 2 * n);
        out.write(n);
        for (int i = 0; i < n; i++) {
            out.write(i + 1);
            out.write(0x00);
        }
        out.write(1); // Ss: selection value (predictor) 1
        out.write(0); // Se
        out.write(0); // Ah, Al: no point transform
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8);
        out.write(v);
    }

    /** Writes bits most significant first, stuffing a zero byte after every 0xFF (F.1.2.3). */
    private static final class BitWriter {
        private final ByteArrayOutputStream out;
        private long acc;
        private int count;

        BitWriter(ByteArrayOutputStream out) {
            this.out = out;
        }

        void write(int value, int length) {
            acc = (acc << length) | (value & ((1L << length) - 1));
            count += length;
            while (count >= 8) {
                int b = (int) (acc >>> (count - 8)) & 0xFF;
                out.write(b);
                if (b == 0xFF) {
                    out.write(0);
                }
                count -= 8;
            }
        }

        /** Ends a restart interval: pads to a byte and writes RSTn. */
        void restart(int n) {
            flush();
            out.write(0xFF);
            out.write(0xD0 + n);
        }

        /** Pads the last byte with 1 bits. */
        void flush() {
            if (count > 0) {
                write((1 << (8 - count)) - 1, 8 - count);
            }
        }
    }
}
