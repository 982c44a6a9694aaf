package org.mip.deid.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mip.deid.TextScrubber;
import org.mip.deid.profile.ProfileLoader;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;

class TextScrubbersTest {

    @Test
    void oneScrubberPerInstanceFromTheProfile() {
        Dataset ds = TextCleanerTest.patient();
        TextScrubber research = TextScrubbers.forProfile(ProfileLoader.builtIn("research")).apply(ds);
        TextScrubber basic = TextScrubbers.forProfile(ProfileLoader.builtIn("basic")).apply(ds);
        // Retain Patient Characteristics (research) keeps the age; the name goes either way.
        assertEquals("CT 55F [REMOVED]", research.clean("CT 55F John Doe", VR.LO));
        assertEquals("CT [REMOVED]", basic.clean("CT 55F John Doe", VR.LO));
        // Values are cleaned one by one and fitted to the VR.
        assertEquals("CT [REMOVED]\\MR", basic.clean("CT John Doe HEAD\\MR", VR.SH));
        assertEquals("", basic.clean("", VR.LO));
    }
}
