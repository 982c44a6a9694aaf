package org.mip.deid.pixel;

/**
 * Where a sample's value sits in its Bits Allocated word (Bits Stored bits ending at High Bit), and
 * what the word's other bits may hold. Below the value: nothing. Above it: nothing, or (signed) the
 * sign bit copied through them; both are written by devices, but one pixel data element must hold
 * one of them throughout, since a mixture of the two draws a shape (a name whose pixels were written
 * without the sign extension of the air around it). Anything else is data a viewer of the values does
 * not show: an overlay a device drew into the pixel words (PS3.5 8.1.2, retired), for one.
 */
record SampleBits(int bitsAllocated, int bitsStored, int highBit, boolean signed) {

    SampleBits {
        if (bitsAllocated < 1 || bitsAllocated > 32 || bitsStored < 1 || bitsStored > bitsAllocated
                || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
            throw new IllegalArgumentException("Bits Allocated " + bitsAllocated + ", Bits Stored " + bitsStored + " and High Bit "
                    + highBit + " do not place a value in a word");
        }
    }

    private long wordMask() {
        return (1L << bitsAllocated) - 1;
    }

    private int low() {
        return highBit - bitsStored + 1;
    }

    /** The bits of a word above its value. */
    long aboveMask() {
        return wordMask() & (-1L << (highBit + 1));
    }

    /** The bits of a word below its value. */
    long belowMask() {
        return (1L << low()) - 1;
    }

    /** The bits above the value of a sign-extended {@code word}: the sign bit copied through them (unsigned: none). */
    long extension(long word) {
        return signed && ((word >>> highBit) & 1) == 1 ? aboveMask() : 0;
    }

    /** The word with only its value: the other bits zero, or (signed) the sign bit copied through the bits above. */
    long normal(long word) {
        return (word & wordMask() & ~aboveMask() & ~belowMask()) | extension(word);
    }
}
