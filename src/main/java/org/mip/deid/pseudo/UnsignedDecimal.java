package org.mip.deid.pseudo;

/**
 * The decimal text of an unsigned 128-bit integer, without {@link java.math.BigInteger}: a UID is
 * made for nearly every attribute a file has, and BigInteger's division was one of the largest JIT
 * compilations of a short {@code deidentify} run. Same digits as {@code new BigInteger(1, bytes).toString()}.
 */
final class UnsignedDecimal {
    private static final long CHUNK = 1_000_000_000L;

    private UnsignedDecimal() {
    }

    /** @param hi the upper 64 bits, @param lo the lower 64 bits, both read as unsigned. */
    static String of(long hi, long lo) {
        // Four 32-bit limbs, most significant first; each pass divides them by 10^9 in place. The
        // running remainder stays below 10^9 < 2^30, so (remainder << 32 | limb) fits a signed long.
        long[] limbs = {hi >>> 32, hi & 0xFFFFFFFFL, lo >>> 32, lo & 0xFFFFFFFFL};
        int[] chunks = new int[5]; // 2^128 - 1 has 39 digits: at most five 9-digit chunks
        int n = 0;
        do {
            long rem = 0;
            boolean more = false;
            for (int i = 0; i < limbs.length; i++) {
                long cur = (rem << 32) | limbs[i];
                limbs[i] = cur / CHUNK;
                rem = cur % CHUNK;
                more |= limbs[i] != 0;
            }
            chunks[n++] = (int) rem;
            if (!more) {
                break;
            }
        } while (true);
        StringBuilder sb = new StringBuilder(9 * n);
        sb.append(chunks[n - 1]);
        for (int i = n - 2; i >= 0; i--) {
            String s = Integer.toString(chunks[i]);
            for (int pad = s.length(); pad < 9; pad++) {
                sb.append('0');
            }
            sb.append(s);
        }
        return sb.toString();
    }

    /** The first 16 bytes, big-endian, as an unsigned 128-bit integer's decimal text. */
    static String ofFirst16(byte[] b) {
        return of(longAt(b, 0), longAt(b, 8));
    }

    static long longAt(byte[] b, int off) {
        long v = 0;
        for (int i = off; i < off + 8; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }
}
