package org.mip.dicom.data;

import java.util.ArrayList;
import java.util.List;
import org.mip.dicom.VR;

/**
 * Encapsulated pixel data (PS3.5 §A.4): the Basic Offset Table item first, then one or more fragments.
 * Fragment bytes are compressed image data and are passed through untouched.
 */
public final class FragmentsElement implements Element {
    private final int tag;
    private final VR vr;
    private final List<BulkData> fragments = new ArrayList<>();

    public FragmentsElement(int tag, VR vr) {
        this.tag = tag;
        this.vr = vr;
    }

    @Override
    public int tag() {
        return tag;
    }

    @Override
    public VR vr() {
        return vr;
    }

    /** Offset table first (possibly empty), then the fragments; mutable. */
    public List<BulkData> fragments() {
        return fragments;
    }

    @Override
    public String toString() {
        return "FragmentsElement" + org.mip.dicom.Tag.toString(tag) + "[" + fragments.size() + " items]";
    }
}
