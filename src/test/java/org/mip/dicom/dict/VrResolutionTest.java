package org.mip.dicom.dict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.dict.ElementDictionary.Entry;

class VrResolutionTest {

    private static final ElementDictionary DICT = ElementDictionary.standard();
    private static final VrContext UNSIGNED = new VrContext(0, 16, false);
    private static final VrContext SIGNED = new VrContext(1, 16, false);
    private static final VrContext EXPLICIT_8 = new VrContext(0, 8, true);
    private static final VrContext EXPLICIT_1 = new VrContext(0, 1, true);
    private static final VrContext EXPLICIT_16 = new VrContext(0, 16, true);
    private static final VrContext EXPLICIT_UNKNOWN = new VrContext(-1, -1, true);

    @Test
    void usOrSsFollowsPixelRepresentation() {
        for (int tag : new int[] {0x00280106, 0x00280120, 0x00283002, 0x00281101, 0x00189810}) {
            assertEquals(VR.SS, DICT.vrOf(tag, SIGNED), Tag.toString(tag));
            assertEquals(VR.US, DICT.vrOf(tag, UNSIGNED), Tag.toString(tag));
            assertEquals(VR.US, DICT.vrOf(tag, VrContext.IMPLICIT), "unknown → US: " + Tag.toString(tag));
        }
    }

    @Test
    void obOrOwIsOwInImplicitVr() {
        for (int tag : new int[] {Tag.PIXEL_DATA, 0x60003000, 0x60023000, 0x54001010, 0x50003000, 0x7F000010}) {
            assertEquals(VR.OW, DICT.vrOf(tag, new VrContext(0, 8, false)), Tag.toString(tag));
            assertEquals(VR.OW, DICT.vrOf(tag, VrContext.IMPLICIT), Tag.toString(tag));
        }
    }

    @Test
    void obOrOwInExplicitVrFollowsBitsAllocatedExceptOverlays() {
        assertEquals(VR.OB, DICT.vrOf(Tag.PIXEL_DATA, EXPLICIT_8));
        assertEquals(VR.OB, DICT.vrOf(Tag.PIXEL_DATA, EXPLICIT_1));
        assertEquals(VR.OW, DICT.vrOf(Tag.PIXEL_DATA, EXPLICIT_16));
        assertEquals(VR.OW, DICT.vrOf(Tag.PIXEL_DATA, EXPLICIT_UNKNOWN));
        assertEquals(VR.OB, DICT.vrOf(0x54001010, EXPLICIT_8), "waveform data, waveform bits allocated 8");
        assertEquals(VR.OW, DICT.vrOf(0x60003000, EXPLICIT_8), "overlay data is OW whatever the image's bits");
        assertEquals(VR.OW, DICT.vrOf(0x601E3000, EXPLICIT_1));
    }

    @Test
    void lutDataIsOw() {
        for (VrContext ctx : new VrContext[] {VrContext.IMPLICIT, SIGNED, UNSIGNED, EXPLICIT_8, EXPLICIT_16}) {
            assertEquals(VR.OW, DICT.vrOf(0x00283006, ctx), "US or OW");
            assertEquals(VR.OW, DICT.vrOf(0x00281200, ctx), "US or SS or OW");
        }
    }

    @Test
    void rowsWithoutVr() {
        assertNull(DICT.vrOf(Tag.ITEM, VrContext.IMPLICIT));
        assertNull(DICT.vrOf(Tag.ITEM_DELIMITATION, VrContext.IMPLICIT));
        assertNull(DICT.vrOf(Tag.SEQUENCE_DELIMITATION, VrContext.IMPLICIT));
        assertEquals(VR.UN, DICT.vrOf(0x00080202, VrContext.IMPLICIT));
        assertEquals(VR.UN, DICT.vrOf(0x00189445, VrContext.IMPLICIT));
        assertEquals(VR.UN, DICT.vrOf(0x00280020, VrContext.IMPLICIT));
    }

    @Test
    void everyRowResolvesToOneOfItsVrsInEveryContext() {
        VrContext[] all = {VrContext.IMPLICIT, SIGNED, UNSIGNED, EXPLICIT_1, EXPLICIT_8, EXPLICIT_16, EXPLICIT_UNKNOWN};
        for (Entry e : DICT.entries()) {
            for (VrContext ctx : all) {
                // Resolve the row itself: a mask's x→0 tag may be another row, e.g. 002804x0 → (0028,0400).
                VR vr = AmbiguousVr.resolve(e.tag(), e.vrs(), ctx);
                if (e.vrs().isEmpty()) {
                    continue;
                }
                assertNotNull(vr, e.pattern());
                assertEquals(true, e.vrs().contains(vr), e.pattern() + " → " + vr);
            }
        }
        assertEquals(VR.SQ, DICT.vrOf(DICT.tagOf("ContentSequence"), VrContext.IMPLICIT));
    }
}
