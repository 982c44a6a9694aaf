package org.mip.dicom.dict;

import java.util.List;
import java.util.Set;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;

/**
 * Picks the one VR to use for a dictionary entry, for implicit VR data sets or to settle a
 * multi-VR row. The rules (PS3.5 Annex A, §8; the same choices as pydicom's
 * {@code correct_ambiguous_vr} and dcmtk):
 * <ul>
 * <li>{@code US or SS}: SS when Pixel Representation is 1, else US (also when unknown: the
 *     elements are meaningless without pixel data, and US is the unsigned default).</li>
 * <li>{@code OB or OW}: OW in implicit VR (A.1 says so for Pixel, Overlay and Waveform Data).
 *     In explicit VR: OB when Bits Allocated is known and ≤ 8, else OW; except Overlay Data
 *     (60xx,3000), always OW, since its bits allocated is the overlay's (always 1), not the image's.
 *     Encapsulated Pixel Data is OB, but its explicit VR header says so; this is not asked then.</li>
 * <li>{@code US or OW} (LUT Data 0028,3006) and {@code US or SS or OW} (retired Gray Lookup Table
 *     Data 0028,1200): OW. Both hold 16-bit words; OW carries every value unchanged in either byte
 *     order, while US is only right for a one-entry LUT, which needs the LUT Descriptor to know
 *     (pydicom looks at it; dcmtk writes OW).</li>
 * <li>No VR: items and delimiters (group FFFE) have none: null. The 3 retired rows the source
 *     leaves blank: UN.</li>
 * </ul>
 */
final class AmbiguousVr {

    /** The multi-VR combinations rules exist for; the generator refuses any other. */
    static final Set<List<VR>> KNOWN = Set.of(
            List.of(VR.US, VR.SS), List.of(VR.OB, VR.OW), List.of(VR.US, VR.SS, VR.OW), List.of(VR.US, VR.OW));

    private AmbiguousVr() {
    }

    static VR resolve(int tag, List<VR> vrs, VrContext ctx) {
        if (vrs.isEmpty()) {
            return Tag.group(tag) == 0xFFFE ? null : VR.UN;
        }
        if (vrs.size() == 1) {
            return vrs.get(0);
        }
        if (vrs.equals(List.of(VR.US, VR.SS))) {
            return ctx.pixelRepresentation() == 1 ? VR.SS : VR.US;
        }
        if (vrs.equals(List.of(VR.OB, VR.OW))) {
            boolean overlayData = (tag & 0xFFE1FFFF) == 0x60003000;
            int bits = ctx.bitsAllocated();
            return ctx.explicitVr() && !overlayData && bits > 0 && bits <= 8 ? VR.OB : VR.OW;
        }
        if (vrs.contains(VR.OW)) {
            return VR.OW;
        }
        throw new IllegalStateException("no rule for VRs " + vrs + " of " + Tag.toString(tag));
    }
}
