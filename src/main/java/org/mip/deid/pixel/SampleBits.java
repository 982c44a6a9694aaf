package org.mip.deid.pixel;

/**
 * Where a sample's value sits in its Bits Allocated word (Bits Stored bits ending at High Bit), and
 * what the word's other bits may hold: nothing. Unsigned: zeros. Signed: zeros below the value, and
 * above it zeros or copies of the sign bit (both are written; readers that mask and readers that do
 * not agree on a sign-extended word). Anything else is data a viewer of the value does not show, such
 * as an overlay a device drew into the pixel words (PS3.5 8.1.2, retired; a name label, for one).
 */
record SampleBits(int bitsAllocated, int bitsStored, int highBit, boolean signed) {

    SampleBits {
        if (bitsAllocated < 1 || bitsAllocated > 32 || bitsStored < 1 || bitsStored > bitsAllocated
                || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
            throw new IllegalArgumentException("Bits Allocated " + bitsAllocated + ", Bits Stored " + bitsStored + " and High Bit "
                    + highBit + " do not place a value in a word");
        }
    }

    /** Whether the word has bits besides the value's: false when Bits Stored fills Bits Allocated. */
    boolean hasUnusedBits() {
        return bitsStored < bitsAllocated;
    }

    private long wordMask() {
        return (1L << bitsAllocated) - 1;
    }

    private int low() {
        return highBit - bitsStored + 1;
    }

    /** True when the bits outside the value hold nothing (see the class comment). */
    boolean clean(long word) {
        long w = word & wordMask();
        int low = low();
        if ((w & ((1L << low) - 1)) != 0) {
            return false;
        }
        long above = w >>> (highBit + 1);
        if (above == 0) {
            return true;
        }
        long aboveMask = (1L << (bitsAllocated - highBit - 1)) - 1;
        return signed && ((w >>> highBit) & 1) == 1 && above == aboveMask;
    }

    /** The word with only its value: the other bits zero, or (signed) the sign bit copied through the bits above. */
    long normal(long word) {
        long value = (word >>> low()) & ((1L << bitsStored) - 1);
        if (signed && ((value >>> (bitsStored - 1)) & 1) == 1) {
            value |= -1L << bitsStored;
        }
        return (value << low()) & wordMask();
    }
}
