package org.mip.dicom.codec;

import org.mip.dicom.codec.CodecException.Code;

/**
 * Reads the bits of a JPEG-LS scan (ITU-T T.87 A.1): after a 0xFF byte the next byte's top bit is
 * a stuffed 0 and only its 7 low bits are data; 0xFF followed by a byte with the top bit set is a
 * marker, which ends the scan. Past it the reader supplies zero bits; {@link #checkNotOverrun()}
 * tells whether any of them were consumed.
 */
final class JlsBitReader {
    private final byte[] data;
    private int pos;
    private long acc;
    private int bits;
    private int fakeBits;
    private int markerPos = -1;
    private boolean afterFF;

    JlsBitReader(byte[] data, int pos) {
        this.data = data;
        this.pos = pos;
    }

    private void fill() {
        while (bits <= 48) {
            if (markerPos >= 0 || pos >= data.length) {
                if (markerPos < 0) {
                    markerPos = data.length;
                }
                acc <<= 8;
                bits += 8;
                fakeBits += 8;
                continue;
            }
            int b = data[pos] & 0xFF;
            if (afterFF) {
                if ((b & 0x80) != 0) { // cannot happen: the byte after a data 0xFF was checked below
                    markerPos = pos - 1;
                    continue;
                }
                acc = (acc << 7) | b;
                bits += 7;
                afterFF = false;
                pos++;
            } else if (b == 0xFF) {
                int next = pos + 1 < data.length ? data[pos + 1] & 0xFF : 0x100;
                if (next >= 0x80) {
                    markerPos = pos;
                    continue;
                }
                acc = (acc << 8) | b;
                bits += 8;
                afterFF = true;
                pos++;
            } else {
                acc = (acc << 8) | b;
                bits += 8;
                pos++;
            }
        }
    }

    int bits(int n) {
        if (n == 0) {
            return 0;
        }
        if (bits < n) {
            fill();
        }
        bits -= n;
        return (int) (acc >>> bits) & ((1 << n) - 1);
    }

    /** Counts 0 bits up to the next 1 (consumed), refusing a count of more than {@code limit}. */
    int zeros(int limit) throws CodecException {
        int count = 0;
        while (bits(1) == 0) {
            if (++count > limit) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "a Golomb code longer than its limit of " + limit + " bits",
                        pos);
            }
        }
        return count;
    }

    void checkNotOverrun() throws CodecException {
        if (fakeBits > bits) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "the scan's coded data ends early: truncated or garbled",
                    markerPos);
        }
    }

    /** Where the marker that ended the scan starts. */
    int end() {
        while (markerPos < 0) {
            bits = 0;
            fakeBits = 0;
            fill();
        }
        return markerPos;
    }
}
