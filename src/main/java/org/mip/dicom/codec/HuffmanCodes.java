package org.mip.dicom.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * An optimal Huffman code for a set of symbol frequencies, limited to 16-bit codes and with no code
 * of all ones, as ISO/IEC 10918-1 Annex K.2 and K.3 describe: a reserved symbol of frequency 1 takes
 * the longest code and is then removed; over-long codes are shortened in pairs.
 */
final class HuffmanCodes {
    private HuffmanCodes() {
    }

    /**
     * @param freq frequency of symbols 0..freq.length-1 (at most 256)
     * @return {codes by symbol, lengths by symbol, counts of each length 1..16, symbols in code order}
     */
    static int[][] optimal(int[] freq) {
        int n = freq.length;
        long[] f = new long[n + 1];
        for (int i = 0; i < n; i++) {
            f[i] = freq[i];
        }
        f[n] = 1; // reserved: keeps the all-ones code out of the table
        int[] size = new int[n + 1];
        int[] next = new int[n + 1];
        java.util.Arrays.fill(next, -1);
        while (true) {
            int v1 = least(f, -1);
            int v2 = least(f, v1);
            if (v2 < 0) {
                break;
            }
            f[v1] += f[v2];
            f[v2] = 0;
            for (int k = v1; ; k = next[k]) {
                size[k]++;
                if (next[k] < 0) {
                    next[k] = v2;
                    break;
                }
            }
            for (int k = v2; k >= 0; k = next[k]) {
                size[k]++;
            }
        }
        int[] bits = new int[33];
        for (int i = 0; i <= n; i++) {
            if (size[i] > 0) {
                bits[Math.min(size[i], 32)]++;
            }
        }
        for (int i = 32; i > 16; i--) { // K.3: no code longer than 16 bits
            while (bits[i] > 0) {
                int j = i - 2;
                while (bits[j] == 0) {
                    j--;
                }
                bits[i] -= 2;
                bits[i - 1]++;
                bits[j + 1] += 2;
                bits[j]--;
            }
        }
        int longest = 16;
        while (bits[longest] == 0) {
            longest--;
        }
        bits[longest]--; // drop the reserved symbol's code
        // Symbols in order of code size (then value), excluding the reserved one.
        List<Integer> order = new ArrayList<>();
        for (int len = 1; len <= 32; len++) {
            for (int i = 0; i < n; i++) {
                if (size[i] == len) {
                    order.add(i);
                }
            }
        }
        int[] counts = new int[16];
        System.arraycopy(bits, 1, counts, 0, 16);
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        int[] values = new int[total];
        for (int i = 0; i < total; i++) {
            values[i] = order.get(i);
        }
        int[] codes = new int[n];
        int[] lengths = new int[n];
        int code = 0;
        int k = 0;
        for (int len = 1; len <= 16; len++) {
            for (int i = 0; i < counts[len - 1]; i++) {
                codes[values[k]] = code++;
                lengths[values[k]] = len;
                k++;
            }
            code <<= 1;
        }
        return new int[][] {codes, lengths, counts, values};
    }

    /** The symbol of least non-zero frequency other than {@code except}; ties go to the higher symbol (K.2). */
    private static int least(long[] f, int except) {
        int best = -1;
        for (int i = 0; i < f.length; i++) {
            if (i != except && f[i] > 0 && (best < 0 || f[i] <= f[best])) {
                best = i;
            }
        }
        return best;
    }
}
