package org.mip.deid;

import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;

/**
 * D on a sequence: at most one item, a dummy of the first original one, so a Type 1 sequence stays
 * present without carrying anything of the original. The item keeps its shape: coded strings
 * (enumerated values such as Value Type and Relationship Type) and numbers stay, so it remains
 * valid; names, text, dates and times become dummies, UIDs their pseudonyms (as the walk would
 * decide for them); private, bulk and pixel elements are left out.
 */
record DummySequence(DeidPolicy policy, UidMapping uids) {

    /** Puts the dummy of {@code s} into {@code parent} in its place. */
    Effect replace(Dataset parent, SequenceElement s) {
        Copy copy = new Copy();
        parent.put(copy.sequence(s, parent));
        return Effect.REPLACED.plus(copy.mapped);
    }

    /** One dummy's making, with the UIDs it mapped. */
    private final class Copy {
        Effect mapped = Effect.NONE;

        SequenceElement sequence(SequenceElement s, Dataset parent) {
            SequenceElement out = new SequenceElement(s.tag(), s.vr(), s.undefinedLength());
            if (!s.items().isEmpty()) {
                out.items().add(item(s.items().get(0), parent));
            }
            return out;
        }

        Dataset item(Dataset src, Dataset parent) {
            Dataset item = new Dataset(src.bigEndian());
            item.setParent(parent);
            item.setUndefinedLength(src.undefinedLength());
            Element cs = src.get(Tag.SPECIFIC_CHARACTER_SET);
            if (cs != null) {
                item.put(cs);
            }
            for (Element e : src) {
                int tag = e.tag();
                if (Tag.isGroupLength(tag) || (Tag.group(tag) & 1) == 1 || tag == Tag.SPECIFIC_CHARACTER_SET) {
                    continue;
                }
                if (e instanceof SequenceElement seq) {
                    item.put(sequence(seq, item));
                } else if (e instanceof ValueElement v) {
                    VR vr = v.vr();
                    if (vr == VR.UI) {
                        item.put(v);
                        if (policy.replacesUidInDummyItem(tag)) {
                            mapped = mapped.plus(uids.map(item, v));
                        }
                    } else if (vr == VR.CS || vr.kind() == VR.Kind.BINARY || vr == VR.DS || vr == VR.IS) {
                        item.put(v);
                    } else if (DummyValues.of(vr) != null) {
                        item.setString(tag, vr, v.bytes().length == 0 ? "" : DummyValues.of(vr));
                    }
                }
            }
            return item;
        }
    }
}
