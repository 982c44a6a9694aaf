package org.mip.dicom.data;

import org.mip.dicom.VR;

/** A large binary value (pixel data, big OB/OW/UN...) held by reference, copied on write. */
public record BulkElement(int tag, VR vr, BulkData data) implements Element {
}
