package org.mip.deid;

import java.io.IOException;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DatasetVisitor;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.dict.ElementDictionary;
import org.mip.dicom.dict.VrContext;

/**
 * The first step: public elements written as UN get the VR the dictionary knows (PS3.5 §6.2.2: a UN
 * value is the bytes of the real VR), at every depth, so their actions and the text cleaner apply to
 * them (a Patient's Name hidden in UN is recognised and treated as a name). Binary values of a
 * big-endian data set stay UN: their byte order is not knowable. Long text held by reference is
 * brought into memory within a budget per instance, so memory stays bounded; beyond it, it stays UN
 * and is removed wherever it would have to be cleaned.
 */
final class UnResolution implements DatasetVisitor<Boolean> {
    /** Bytes of long UN text an instance may bring into memory to give them their text VR. */
    static final long MAX_UN_TEXT = 16L * 1024 * 1024;
    private static final VrContext UNKNOWN_CONTEXT = new VrContext(-1, -1, true);

    private final ElementDictionary dictionary;
    private long budget = MAX_UN_TEXT;

    private UnResolution(ElementDictionary dictionary) {
        this.dictionary = dictionary;
    }

    /** Resolves the UN elements of {@code ds} and everything below it. */
    static void apply(Dataset ds, ElementDictionary dictionary) {
        ds.walk(new UnResolution(dictionary), Boolean.TRUE);
    }

    @Override
    public Boolean visit(Dataset ds, Element e, Boolean context) {
        if (e instanceof SequenceElement) {
            return Boolean.TRUE;
        }
        if (e.vr() != VR.UN || Tag.isPrivate(e.tag()) || dictionary.lookup(e.tag()).isEmpty()) {
            return null;
        }
        if (e instanceof ValueElement v) {
            VR real = dictionary.vrOf(v.tag(), new VrContext(
                    ds.getInt(Tag.PIXEL_REPRESENTATION, -1), ds.getInt(Tag.BITS_ALLOCATED, -1), true));
            if (real != null && real != VR.UN && real != VR.SQ && (real.isText() || !ds.bigEndian())) {
                ds.put(new ValueElement(v.tag(), real, v.bytes()));
            }
        } else if (e instanceof BulkElement b && b.data().length() <= budget) {
            VR real = dictionary.vrOf(b.tag(), UNKNOWN_CONTEXT);
            if (real != null && real.isText()) {
                try {
                    ds.put(new ValueElement(b.tag(), real, b.data().readAll()));
                    budget -= b.data().length();
                } catch (IOException unreadable) {
                    // stays UN
                }
            }
        }
        return null;
    }
}
