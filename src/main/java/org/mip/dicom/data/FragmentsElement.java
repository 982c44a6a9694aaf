package org.mip.dicom.data;

import java.util.ArrayList;
import java.util.List;
import org.mip.dicom.VR;

/**
 * Encapsulated pixel data (PS3.5 §A.4): the Basic Offset Table item first, then one or more fragments.
 * Fragment bytes are compressed image data and are passed through untouched.
 *
 * @param fragments offset table first (possibly empty), then the fragments; mutable
 */
public record FragmentsElement(int tag, VR vr, List<BulkData> fragments) implements Element {

    /** An element without fragments yet. */
    public FragmentsElement(int tag, VR vr) {
        this(tag, vr, new ArrayList<>());
    }

    @Override
    public String toString() {
        return "FragmentsElement" + org.mip.dicom.Tag.toString(tag) + "[" + fragments.size() + " items]";
    }
}
