package org.mip.deid.pseudo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link UnsignedDecimal} gives BigInteger's digits: a UID pseudonym must never change once persisted. */
class UnsignedDecimalTest {
    static String reference(long hi, long lo) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return new BigInteger(1, b).toString();
    }

    static void check(long hi, long lo) {
        assertEquals(reference(hi, lo), UnsignedDecimal.of(hi, lo), () -> Long.toHexString(hi) + " " + Long.toHexString(lo));
    }

    @Test
    void edgeValues() {
        long[] edges = {0, 1, 9, 10, 999_999_999L, 1_000_000_000L, 1_000_000_001L, 0xFFFFFFFFL, 0x100000000L,
                Long.MAX_VALUE, Long.MIN_VALUE, -1, -2, 1_000_000_000_000_000_000L, 999_999_999_999_999_999L};
        for (long hi : edges) {
            for (long lo : edges) {
                check(hi, lo);
            }
        }
        assertEquals("0", UnsignedDecimal.of(0, 0));
        assertEquals("340282366920938463463374607431768211455", UnsignedDecimal.of(-1, -1));
    }

    @Test
    void powersOfTenAndNeighbours() {
        BigInteger ten = BigInteger.TEN;
        for (int e = 0; e <= 38; e++) {
            for (int d = -1; d <= 1; d++) {
                BigInteger v = ten.pow(e).add(BigInteger.valueOf(d));
                if (v.signum() < 0) {
                    continue;
                }
                check(v.shiftRight(64).longValue(), v.longValue());
                assertEquals(v.toString(), UnsignedDecimal.of(v.shiftRight(64).longValue(), v.longValue()));
            }
        }
    }

    @Test
    void randomValuesOfEveryLength() {
        SplittableRandom r = new SplittableRandom(20261125);
        for (int i = 0; i < 200_000; i++) {
            long hi = r.nextLong();
            long lo = r.nextLong();
            int bits = r.nextInt(129); // short values too, so every number of chunks is met
            if (bits <= 64) {
                hi = 0;
                lo = bits == 0 ? 0 : lo >>> (64 - bits);
            } else {
                hi = hi >>> (128 - bits);
            }
            check(hi, lo);
            check(hi | Long.MIN_VALUE, lo); // the top bit set
        }
    }

    @Test
    void bytesAreBigEndian() {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (0xF0 + i);
        }
        assertEquals(new BigInteger(1, java.util.Arrays.copyOf(b, 16)).toString(), UnsignedDecimal.ofFirst16(b));
    }
}
