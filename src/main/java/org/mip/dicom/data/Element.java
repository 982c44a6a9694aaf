package org.mip.dicom.data;

import org.mip.dicom.VR;

/**
 * One data element of a {@link Dataset}. Four shapes: a header value held in memory, a bulk value
 * held by reference, a sequence of items, and encapsulated pixel data as fragments.
 */
public sealed interface Element permits ValueElement, BulkElement, SequenceElement, FragmentsElement {
    int tag();

    VR vr();
}
