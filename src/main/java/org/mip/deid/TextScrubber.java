package org.mip.deid;

import org.mip.dicom.VR;

/**
 * Cleans free text (Clean Descriptors, Clean Structured Content): removes what is known to identify
 * the patient of this instance, and what looks like a date, phone number or ID. One per instance,
 * because it knows that instance's PHI.
 */
@FunctionalInterface
public interface TextScrubber {
    /**
     * Longest value, in bytes as stored, that is given to a scrubber: 256 KiB. Cleaning takes about 5 µs
     * and 30 bytes of heap a character (a 4 MiB text: 29 s; a 60 MB one: 163 s and 2 GB), so a longer
     * value is not cleaned but replaced by the dummy ({@code DeidWalk}), which bounds one value to about
     * 1.5 s and 8 MB. The longest text VR but UT/UC/UR holds 10,240 characters (LT); reports are rarely
     * over tens of kilobytes.
     */
    int MAX_CLEANED_BYTES = 256 * 1024;

    /** The text without identifying content; never null. */
    String clean(String text, VR vr);

    /**
     * A kept value (a code, a product name, a local code's meaning) without the names and identifiers
     * the instance's header holds, and otherwise as it was; never null. By default the whole cleaning
     * (fails closed).
     */
    default String cleanIdentity(String text, VR vr) {
        return clean(text, vr);
    }
}
