package org.mip.dicom.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.dicom.VR;

/** The generic walk: depth first in tag order, contexts per item, changes during the visit, a leave per data set. */
class DatasetWalkTest {

    static Dataset item(Dataset parent, int tag, String value) {
        Dataset d = new Dataset();
        d.setParent(parent);
        d.setString(tag, VR.LO, value);
        return d;
    }

    @Test
    void visitsEveryElementDepthFirstWithTheContextOfEachItem() {
        Dataset ds = new Dataset();
        ds.setString(0x00100010, VR.PN, "TOP");
        SequenceElement s = new SequenceElement(0x00081140, VR.SQ, false);
        s.items().add(item(ds, 0x00081150, "A"));
        s.items().add(item(ds, 0x00081150, "B"));
        ds.put(s);
        ds.setString(0x00200010, VR.SH, "LAST");
        List<String> seen = new ArrayList<>();
        ds.walk(new DatasetVisitor<String>() {
            @Override
            public String visit(Dataset d, Element e, String where) {
                seen.add(where + ":" + (e instanceof ValueElement ? d.getString(e.tag()) : "seq"));
                return e instanceof SequenceElement ? where + "/" + Integer.toHexString(e.tag()) : null;
            }

            @Override
            public String item(SequenceElement seq, int index, String where) {
                return where + "#" + index;
            }

            @Override
            public void leave(Dataset d, String where) {
                seen.add("leave " + where);
            }
        }, "top");
        assertEquals(List.of("top:seq", "top/81140#1:A", "leave top/81140#1", "top/81140#2:B", "leave top/81140#2",
                "top:TOP", "top:LAST", "leave top"), seen, "(0008,1140) before (0010,0010) before (0020,0010)");
    }

    @Test
    void aVisitMayChangeTheDataSetAndTheItemsWalkedAreThoseAfterIt() {
        Dataset ds = new Dataset();
        SequenceElement removed = new SequenceElement(0x00081140, VR.SQ, false);
        removed.items().add(item(ds, 0x00081150, "GONE"));
        ds.put(removed);
        SequenceElement replaced = new SequenceElement(0x00081250, VR.SQ, false);
        replaced.items().add(item(ds, 0x00081150, "OLD"));
        ds.put(replaced);
        List<String> seen = new ArrayList<>();
        ds.walk((d, e, c) -> {
            if (e.tag() == 0x00081140) {
                d.remove(e.tag());
            } else if (e.tag() == 0x00081250) {
                SequenceElement fresh = new SequenceElement(e.tag(), VR.SQ, false);
                fresh.items().add(item(d, 0x00081150, "NEW"));
                d.put(fresh);
            } else {
                seen.add(d.getString(e.tag()));
            }
            return e instanceof SequenceElement ? Boolean.TRUE : null;
        }, Boolean.TRUE);
        assertEquals(List.of("NEW"), seen);
    }
}
