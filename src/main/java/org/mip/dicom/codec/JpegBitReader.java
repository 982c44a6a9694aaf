package org.mip.dicom.codec;

import org.mip.dicom.codec.CodecException.Code;

/**
 * Reads the bits of a JPEG entropy-coded segment (ISO/IEC 10918-1 F.2.2.5): 0xFF 0x00 is a data
 * byte 0xFF, any other 0xFF xx is a marker that ends the segment. Past a marker the reader
 * supplies zero bits so that look-ahead works, and {@link #checkNotOverrun()} tells whether any
 * of those were actually consumed, which means the data was truncated or garbled.
 */
final class JpegBitReader {
    private final byte[] data;
    private int pos;
    private long acc;
    private int bits;
    private int fakeBits;
    private int markerPos = -1;

    JpegBitReader(byte[] data, int pos) {
        this.data = data;
        this.pos = pos;
    }

    private void fill() {
        while (bits <= 56) {
            int b;
            if (markerPos >= 0) {
                b = 0;
                fakeBits += 8;
            } else if (pos >= data.length) {
                markerPos = data.length;
                b = 0;
                fakeBits += 8;
            } else {
                b = data[pos] & 0xFF;
                if (b == 0xFF) {
                    int next = pos + 1 < data.length ? data[pos + 1] & 0xFF : -1;
                    if (next == 0x00) {
                        pos += 2;
                    } else if (next == 0xFF) {
                        pos++; // fill byte before a marker
                        continue;
                    } else {
                        markerPos = pos;
                        b = 0;
                        fakeBits += 8;
                    }
                } else {
                    pos++;
                }
            }
            acc = (acc << 8) | b;
            bits += 8;
        }
    }

    int peek(int n) {
        if (bits < n) {
            fill();
        }
        return (int) (acc >>> (bits - n)) & ((1 << n) - 1);
    }

    void skip(int n) {
        bits -= n;
    }

    int bits(int n) {
        if (n == 0) {
            return 0;
        }
        int v = peek(n);
        bits -= n;
        return v;
    }

    /** RECEIVE and EXTEND (F.2.2.1): an {@code s}-bit magnitude category as a signed value. */
    int receiveExtend(int s) {
        if (s == 0) {
            return 0;
        }
        if (s == 16) {
            return 32768; // lossless only: the difference 32768 has no extra bits
        }
        int v = bits(s);
        return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
    }

    /** Throws when bits past the end of the segment have been consumed. */
    void checkNotOverrun() throws CodecException {
        if (fakeBits > bits) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "entropy-coded data ends early: truncated or garbled",
                    markerPos);
        }
    }

    /** At a restart interval's end: drops the remaining bits and consumes the expected RSTn marker. */
    void restart(int expected) throws CodecException {
        checkNotOverrun();
        if (markerPos < 0) {
            fill();
            checkNotOverrun();
        }
        while (markerPos < 0) { // bits left over before the marker: skip to it
            bits = 0;
            fakeBits = 0;
            fill();
        }
        int marker = markerPos + 1 < data.length ? data[markerPos + 1] & 0xFF : -1;
        if (marker != 0xD0 + expected) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "restart marker RST" + expected + " expected, found "
                    + (marker < 0 ? "the end of the frame" : "FF" + JpegHeader.hex(marker)), markerPos);
        }
        pos = markerPos + 2;
        markerPos = -1;
        acc = 0;
        bits = 0;
        fakeBits = 0;
    }

    /** Where the marker that ended the segment starts (for the next marker segment). */
    int end() {
        while (markerPos < 0) {
            bits = 0;
            fakeBits = 0;
            fill();
        }
        return markerPos;
    }

    int position() {
        return pos;
    }
}
