package org.mip.dicom.data;

import java.util.ArrayList;
import java.util.List;
import org.mip.dicom.VR;

/**
 * A sequence and its items. {@code vr} is SQ, or UN for a sequence written as UN: then its items are
 * encoded in Implicit VR Little Endian whatever the transfer syntax (PS3.5 §6.2.2), and are written
 * back so. {@code undefinedLength} keeps how the sequence was delimited, so a round trip keeps it.
 */
public final class SequenceElement implements Element {
    private final int tag;
    private final VR vr;
    private final List<Dataset> items;
    private boolean undefinedLength;

    public SequenceElement(int tag, VR vr, boolean undefinedLength) {
        this.tag = tag;
        this.vr = vr;
        this.undefinedLength = undefinedLength;
        this.items = new ArrayList<>();
    }

    @Override
    public int tag() {
        return tag;
    }

    @Override
    public VR vr() {
        return vr;
    }

    /** The items, in order; mutable, so transforms can add, replace or remove items. */
    public List<Dataset> items() {
        return items;
    }

    public boolean undefinedLength() {
        return undefinedLength;
    }

    public void setUndefinedLength(boolean undefinedLength) {
        this.undefinedLength = undefinedLength;
    }

    /** True when the items are encoded in Implicit VR Little Endian (a sequence read from a UN element). */
    public boolean implicitItems() {
        return vr == VR.UN;
    }

    @Override
    public String toString() {
        return "SequenceElement" + org.mip.dicom.Tag.toString(tag) + vr + "[" + items.size() + " items]";
    }
}
