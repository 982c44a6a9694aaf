package org.mip.deid;

import org.mip.dicom.VR;

/**
 * Cleans free text (Clean Descriptors, Clean Structured Content): removes what is known to identify
 * the patient of this instance, and what looks like a date, phone number or ID. One per instance,
 * because it knows that instance's PHI.
 */
@FunctionalInterface
public interface TextScrubber {
    /** The text without identifying content; never null. */
    String clean(String text, VR vr);
}
