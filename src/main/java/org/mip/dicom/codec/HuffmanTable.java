package org.mip.dicom.codec;

import org.mip.dicom.codec.CodecException.Code;

/**
 * A JPEG Huffman table (ISO/IEC 10918-1 Annex C and F.2.2.3) for decoding: codes of up to 9 bits
 * through a lookup table, longer ones through the canonical limits of each length.
 */
final class HuffmanTable {
    private static final int LOOKUP_BITS = 9;

    private final int[] lookup = new int[1 << LOOKUP_BITS]; // (length << 8) | value, 0 = longer code
    private final int[] maxCode = new int[18];
    private final int[] valPtr = new int[17];
    private final int[] minCode = new int[17];
    private final int[] values;

    /**
     * @param counts number of codes of each length 1..16 (counts[0] is length 1)
     * @param values the symbols, in code order
     */
    HuffmanTable(int[] counts, int[] values, int offset) throws CodecException {
        this.values = values;
        int code = 0;
        int k = 0;
        for (int len = 1; len <= 16; len++) {
            int n = counts[len - 1];
            valPtr[len] = k;
            minCode[len] = code;
            code += n;
            k += n;
            if (code > (1 << len)) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "Huffman table has more codes of " + len
                        + " bits than fit", offset);
            }
            maxCode[len] = n == 0 ? -1 : code - 1;
            code <<= 1;
        }
        maxCode[17] = Integer.MAX_VALUE;
        if (k != values.length) {
            throw new CodecException(Code.CODEC_CORRUPT_FRAME, "Huffman table counts " + k + " codes for " + values.length
                    + " values", offset);
        }
        for (int len = 1; len <= LOOKUP_BITS; len++) {
            for (int i = 0; i < counts[len - 1]; i++) {
                int c = minCode[len] + i;
                int v = values[valPtr[len] + i];
                int shift = LOOKUP_BITS - len;
                for (int fill = 0; fill < (1 << shift); fill++) {
                    lookup[(c << shift) | fill] = (len << 8) | v;
                }
            }
        }
    }

    /** Decodes one symbol. */
    int decode(JpegBitReader in) throws CodecException {
        int peek = in.peek(LOOKUP_BITS);
        int entry = lookup[peek];
        if (entry != 0) {
            in.skip(entry >> 8);
            return entry & 0xFF;
        }
        int code = in.bits(LOOKUP_BITS);
        int len = LOOKUP_BITS;
        while (code > maxCode[len]) {
            code = (code << 1) | in.bits(1);
            len++;
            if (len > 16) {
                throw new CodecException(Code.CODEC_CORRUPT_FRAME, "no Huffman code matches the entropy-coded data", in.position());
            }
        }
        return values[valPtr[len] + code - minCode[len]];
    }
}
