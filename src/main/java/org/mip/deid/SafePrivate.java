package org.mip.deid;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.mip.deid.profile.SafePrivateElement;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.value.ValueRules;

/**
 * The private elements a profile lists as safe (Retain Safe Private, PS3.15 E.3.10): an element is
 * one when its creator (one value: a creator is LO with VM 1), group and offset match an entry and its
 * value is valid for the listed VR. Explicit VR or read as UN (implicit VR, where private VRs are
 * unknown, and then given the listed VR), the value is checked the same way: otherwise a safe numeric
 * field could turn out to hold text, whatever VR its writer claimed.
 */
final class SafePrivate {
    private final List<SafePrivateElement> listed;

    SafePrivate(List<SafePrivateElement> listed) {
        this.listed = listed;
    }

    /** The VR to keep private element {@code e} of {@code ds} as, or null when the profile does not list it. */
    VR match(Dataset ds, Element e) {
        String creator = ds.privateCreator(e.tag());
        if (creator == null || ds.getStrings(Tag.privateCreatorOf(e.tag())).size() != 1) {
            return null; // without its creator, or with several, an element cannot be identified as safe
        }
        int group = Tag.group(e.tag());
        int offset = Tag.element(e.tag()) & 0xFF;
        for (SafePrivateElement s : listed) {
            if (s.creator().strip().equals(creator) && (s.group() < 0 || s.group() == group) && s.offset() == offset) {
                if (e.vr() == s.vr() && !(e instanceof ValueElement)) {
                    return s.vr(); // a sequence (its items meet the same rules) or bulk binary of the listed VR
                }
                // the byte order of binary read as UN is not knowable in a big-endian data set; explicit, it is
                boolean unknownOrder = e.vr() == VR.UN && ds.bigEndian();
                if ((e.vr() == s.vr() || e.vr() == VR.UN) && e instanceof ValueElement v && validAs(v.bytes(), s.vr(), unknownOrder)) {
                    return s.vr();
                }
            }
        }
        return null;
    }

    /**
     * Whether raw bytes are a valid value of {@code vr} (strictly: anything doubtful is not).
     *
     * @param bigEndian binary whose byte order is not known (UN in a big-endian data set): never valid
     */
    static boolean validAs(byte[] b, VR vr, boolean bigEndian) {
        String text = new String(b, StandardCharsets.ISO_8859_1).replace("\0", "").strip();
        switch (vr) {
            case US: case SS: return !bigEndian && b.length % 2 == 0;
            case UL: case SL: case FL: case AT: return !bigEndian && b.length % 4 == 0;
            case FD: case SV: case UV: return !bigEndian && b.length % 8 == 0;
            case OB: case UN: return true;
            case OW: case OF: case OD: case OL: case OV: return !bigEndian;
            case DS: case IS: case CS: case DA: case TM: case DT: case UI:
                return ValueRules.problemOfValues(vr, text) == null;
            case SQ: return false;
            default:
                // text VRs: printable text (any character set), no control characters but CR LF FF TAB ESC
                for (byte x : b) {
                    int c = x & 0xFF;
                    if (c < 0x20 && c != '\r' && c != '\n' && c != '\f' && c != '\t' && c != 0x1B && c != 0) {
                        return false;
                    }
                }
                return true;
        }
    }
}
